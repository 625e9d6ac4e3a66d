"""The background job that sends one ticket e-mail (see `sending.deliver`)."""

from django_tasks import task

from .sending import deliver


@task()
def deliver_task(
    kind: str,
    key: str,
    email: str,
    user_id: int | None = None,
    attempt: int = 0,
    ticket_id: int | None = None,
    event_id: int | None = None,
    problem_id: int | None = None,
    ticket_ids: list[int] | None = None,
) -> str:
    return deliver(
        kind,
        key,
        email,
        user_id,
        attempt,
        ticket_id=ticket_id,
        event_id=event_id,
        problem_id=problem_id,
        ticket_ids=ticket_ids,
    )
