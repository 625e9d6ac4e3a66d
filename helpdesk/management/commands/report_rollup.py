"""Bring the reports' daily roll-up up to yesterday and recompute the days changed tickets
made stale (`helpdesk/reports/rollup.py`); the first run builds it from the first ticket.

Meant for cron (hourly, say: the first run after midnight adds the day just ended); safe to
run again or twice at once. `--enqueue` hands the run to the background workers
(django-tasks). `--rebuild --from DAY --to DAY` computes a range of days again, e.g. after
tickets were deleted or edited outside the application."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from helpdesk.reports.rollup import rebuild_rollup, refresh_rollup


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from error


class Command(BaseCommand):
    help = "Refresh the reports' daily roll-up (or rebuild a range of days)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Run as a background task.")
        parser.add_argument(
            "--rebuild", action="store_true", help="Compute the days --from..--to again."
        )
        parser.add_argument("--from", dest="first", type=_day, help="First day (YYYY-MM-DD).")
        parser.add_argument("--to", dest="last", type=_day, help="Last day (YYYY-MM-DD).")

    def handle(self, *args, enqueue=False, rebuild=False, first=None, last=None, **options):
        if rebuild:
            if first is None or last is None or last < first:
                raise CommandError("--rebuild needs --from and --to, in that order.")
            result = rebuild_rollup(first, last)
            if result.rolled_through is None:
                self.stdout.write("no roll-up yet: run the command without --rebuild first")
                return
        elif enqueue:
            from helpdesk.reports.rollup import refresh_rollup_task

            self.stdout.write(f"enqueued {refresh_rollup_task.enqueue().id}")
            return
        else:
            result = refresh_rollup()
        self.stdout.write(
            f"days {result.days}, rows {result.rows}, rolled through {result.rolled_through}"
        )
