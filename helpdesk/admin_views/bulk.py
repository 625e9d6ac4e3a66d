"""Bulk actions on queue rows: each selected ticket goes through the same service function as
the single action on the ticket screen; failures are collected, never forced."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import services
from ..admin_forms import BulkAction, BulkActionForm, bulk_people
from ..models import Ticket, TicketStatus
from ..policies import ActionNotAllowed
from .access import staff_profile


def _apply(action: str, user, ticket: Ticket, version: int, data: dict) -> None:
    if action == BulkAction.ASSIGN:
        if ticket.status == TicketStatus.NEW:
            services.qualify_ticket(user, ticket, assignee=data["assignee"], version=version)
        else:
            services.reassign_ticket(user, ticket, assignee=data["assignee"], version=version)
    elif action == BulkAction.HOLD:
        services.put_on_hold(
            user, ticket, reason=data["reason"], comment=data["comment"], version=version
        )
    elif action == BulkAction.RESOLVE:
        services.resolve_ticket(
            user,
            ticket,
            solution=data["solution"],
            resolution_code=data["resolution_code"],
            version=version,
        )
    else:  # pragma: no cover - the form only accepts the actions above
        raise ValueError(action)


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@require_POST
def bulk_action(request):
    profile = staff_profile(request)
    if not profile.is_staff:
        raise Http404
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("helpdesk_admin:home")
    form = BulkActionForm(request.POST, people=bulk_people(request.user, admin=profile.admin))
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label} : {' '.join(errors)}" if label else " ".join(errors))
        return redirect(back)

    data = form.cleaned_data
    selected: dict[int, int] = data["tickets"]
    tickets = list(Ticket.objects.visible_to(request.user).filter(pk__in=selected).order_by("pk"))
    done = 0
    failures: list[str] = []
    for ticket in tickets:
        try:
            _apply(data["action"], request.user, ticket, selected[ticket.pk], data)
        except (ActionNotAllowed, ValidationError, services.StaleTicket) as error:
            failures.append(f"{ticket.reference} : {_reason(error)}")
        else:
            done += 1
    missing = len(selected) - len(tickets)
    if missing:
        failures.append(
            ngettext("%(count)d ticket not found.", "%(count)d tickets not found.", missing)
            % {"count": missing}
        )
    if done:
        messages.success(
            request,
            ngettext("%(count)d ticket updated.", "%(count)d tickets updated.", done)
            % {"count": done},
        )
    if failures:
        messages.error(request, _("Not done: %(failures)s") % {"failures": " ; ".join(failures)})
    return redirect(back)
