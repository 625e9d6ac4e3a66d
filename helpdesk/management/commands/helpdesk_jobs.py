"""The automatic steps of tickets: close resolved tickets nobody answered (with a reminder
the day before), resolve tickets that waited too long for their requester, and send the
brique owners' monthly summaries once the month has ended.

Meant for cron (every fifteen minutes, say); safe to run again or twice at once. With
`--enqueue`, hands the run to the background workers instead (django-tasks)."""

from django.core.management.base import BaseCommand

from helpdesk.automation import run_automatic_steps


class Command(BaseCommand):
    help = (
        "Close unanswered resolved tickets, remind before, resolve tickets pending too long, "
        "send the monthly summaries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Run the steps as a background task."
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            from helpdesk.automation import run_automatic_steps_task

            result = run_automatic_steps_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        result = run_automatic_steps()
        summaries = f", monthly summaries {result.summaries}" if result.summaries else ""
        self.stdout.write(
            f"resolved {result.resolved}, closed {result.closed}, reminded {result.reminded}"
            + summaries
        )
