"""Warn about tickets at 75% of a service-level target and escalate those past 100%.

Meant for cron (every five minutes, say); safe to run again or twice at once. With
`--enqueue`, hands the check to the background workers instead (django-tasks)."""

from django.core.management.base import BaseCommand

from helpdesk.sla.escalation import check_service_levels


class Command(BaseCommand):
    help = "Warn about tickets at risk and escalate breached service levels."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Run the check as a background task."
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            from helpdesk.sla.tasks import check_service_levels_task

            result = check_service_levels_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        result = check_service_levels()
        self.stdout.write(f"warned {result.warned}, escalated {result.escalated}")
