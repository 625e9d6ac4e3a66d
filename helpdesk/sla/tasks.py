"""The service-level check as a background task (django-tasks), for a scheduler that enqueues
tasks rather than running commands."""

from django_tasks import task

from .escalation import check_service_levels


@task()
def check_service_levels_task() -> dict[str, int]:
    result = check_service_levels()
    return {"warned": result.warned, "escalated": result.escalated}
