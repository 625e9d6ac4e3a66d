"""The requester's space: filing a ticket, "Mes demandes" and the ticket page with its actions.

Views stay thin: forms validate, `helpdesk.services` act, `helpdesk.policies` decide which
actions are offered. Tickets are always looked up through `Ticket.objects.visible_to`, so a
ticket someone may not see answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from knowledge import deflection
from knowledge.deflection_suggest import clean_query
from portal.models import BriquePage, Category

from .. import services
from ..forms import (
    BriqueChoiceForm,
    CancelForm,
    ConfirmForm,
    ReopenForm,
    ReplyForm,
    SelfServiceSearchForm,
    TicketFilterForm,
    TicketForm,
    VersionedForm,
    add_service_errors,
)
from ..models import (
    OPEN_STATUSES,
    Ticket,
    TicketAction,
    TicketAttachment,
    TicketMessage,
    TicketStatus,
)
from ..policies import REQUESTER_ACTIONS, ActionNotAllowed, allowed_actions
from . import self_service
from .display import status_display

A = TicketAction
PAGE_SIZE = 20

STATUS_GROUPS = {
    "open": OPEN_STATUSES,
    "resolved": (TicketStatus.RESOLVED,),
    "closed": (TicketStatus.CLOSED, TicketStatus.REJECTED, TicketStatus.CANCELLED),
}


# --- filing -----------------------------------------------------------------------------------


def help_start(request: HttpRequest) -> HttpResponse:
    """ "Demander de l'aide": choose the brique, then fill in the form of that brique."""
    form = BriqueChoiceForm(request.GET or None)
    if form.is_valid():
        return redirect("helpdesk:new_ticket", brique_id=form.cleaned_data["brique"].pk)
    return render(request, "helpdesk/help_start.html", {"form": form})


@login_required
def new_ticket(request: HttpRequest, brique_id: int) -> HttpResponse:
    """The ticket form of one brique (reached from the brique's page or from "/aide/").

    "Search before you submit": without JavaScript the page first shows a search step
    ("Décrivez votre problème", `?q=`) listing matching articles, and the form once the
    requester says their problem is not solved (`?step=form`, the query as the title). With
    JavaScript the form shows at once and suggestions follow the title and description
    (`self_service`). Both carry the attempt's token, so the ticket is linked to it."""
    brique = get_object_or_404(BriquePage.objects.live().public(), pk=brique_id)
    search_form = suggested = None
    if request.method == "POST":
        form = TicketForm(request.POST, request.FILES, brique=brique)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.submit_ticket(
                    request.user,
                    brique=brique,
                    kind=data["kind"],
                    category=data.get("category"),
                    title=data["title"],
                    description=data["description"],
                    impact=data["impact"],
                    urgency=data["urgency"],
                    watchers=data["watchers"],
                    files=data["files"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                attempt = self_service.attempt_of(request, brique, data["attempt"])
                if attempt is not None:
                    deflection.record_submitted(attempt, ticket)
                self_service.remember(request, brique, None)
                messages.success(
                    request,
                    _("Your request %(reference)s has been recorded. You can follow it here.")
                    % {"reference": ticket.reference},
                )
                return redirect("helpdesk:ticket", reference=ticket.reference)
        show_form = True
        token = form["attempt"].value() or ""
    else:
        token = self_service.current_attempt(request, brique, request.GET.get("attempt", ""))
        query = clean_query(request.GET.get("q"))
        show_form = request.GET.get("step") == "form"
        search_form = SelfServiceSearchForm(initial={"q": query, "attempt": token})
        if query and not show_form:
            suggested = self_service.offer(request, brique, query, token)
        initial = {"attempt": token, **deep_link_initial(request, brique)}
        if query:
            initial["title"] = query[: TicketForm.base_fields["title"].max_length]
        form = TicketForm(brique=brique, initial=initial)
    return render(
        request,
        "helpdesk/ticket_form.html",
        {
            "form": form,
            "brique": brique,
            "files_dropped": _files_dropped(request, form),
            "show_form": show_form,
            "search_form": search_form,
            "suggested": suggested,
            "suggested_status": self_service.status_text(suggested) if suggested else "",
            "attempt": token,
        },
    )


def deep_link_initial(request: HttpRequest, brique: BriquePage) -> dict:
    """What a link from elsewhere may prefill on the form (README, "Link to Guichet from
    elsewhere"): `?category=<id>` (one of the brique's), and `?page=<address>`, the page the
    requester came from (the help widget sets it), written with their browser at the end of
    the description, where they see it and may remove it."""
    initial = {}
    category = request.GET.get("category", "")
    if category.isdigit() and Category.objects.filter(brique=brique, pk=int(category)).exists():
        initial["category"] = int(category)
    page = request.GET.get("page", "").strip()
    if page and len(page) <= 500 and page.split(":", 1)[0].lower() in ("http", "https"):
        browser = " ".join(request.headers.get("User-Agent", "").split())[:300]
        context = [_("Page: %(address)s") % {"address": page}]
        if browser:
            context.append(_("Browser: %(browser)s") % {"browser": browser})
        initial["description"] = "\n\n-- \n" + "\n".join(context)
    return initial


def _files_dropped(request: HttpRequest, form) -> bool:
    """Browsers cannot be given files back: when a form with files is refused, say so."""
    return bool(request.method == "POST" and request.FILES and form.errors)


# --- "Mes demandes" ---------------------------------------------------------------------------


@login_required
def my_tickets(request: HttpRequest) -> HttpResponse:
    """The requester's tickets and those they follow, filtered and paginated in the database."""
    filters = TicketFilterForm(request.GET)
    tickets = Ticket.objects.requested_by(request.user).for_list()
    status_group = query = ""
    if filters.is_valid():
        status_group = filters.cleaned_data["status"]
        query = filters.cleaned_data["q"].strip()
        if status_group:
            tickets = tickets.filter(status__in=STATUS_GROUPS[status_group])
        if query:
            tickets = tickets.filter(
                Q(reference__iexact=query)
                | Q(title__icontains=query)
                | Q(reference__icontains=query)
            )
    page = Paginator(tickets.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for ticket in page.object_list:
        ticket.display = status_display(ticket)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "helpdesk/ticket_list.html",
        {
            "filters": filters,
            "page_obj": page,
            "tickets": page.object_list,
            "filtered": bool(status_group or query),
            "query_string": params.urlencode(),
        },
    )


# --- the ticket page --------------------------------------------------------------------------


def _visible_ticket(request: HttpRequest, reference: str) -> Ticket:
    tickets = Ticket.objects.visible_to(request.user).select_related("brique", "category")
    return get_object_or_404(tickets, reference=reference)


ACTION_FORMS: dict[str, type[VersionedForm]] = {
    A.REPLY: ReplyForm,
    A.CANCEL: CancelForm,
    A.CONFIRM: ConfirmForm,
    A.REOPEN: ReopenForm,
}


def _render_ticket(
    request: HttpRequest,
    ticket: Ticket,
    bound: dict[str, VersionedForm] | None = None,
    files_dropped: bool = False,
) -> HttpResponse:
    """The public view of a ticket: what the requester may read, and the forms of the actions
    open to this person now. `bound` holds a refused form, shown again with what was typed."""
    bound = bound or {}
    # Only the requester's side of the actions: staff treat tickets in the back-office.
    actions = allowed_actions(request.user, ticket) & REQUESTER_ACTIONS
    forms = {
        action: bound.get(action) or form_class(initial={"version": ticket.version})
        for action, form_class in ACTION_FORMS.items()
        if action in actions
    }
    public_files = TicketAttachment.objects.filter(internal=False)
    thread = (
        TicketMessage.objects.filter(ticket=ticket, internal=False)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=public_files))
    )
    initial_files = public_files.filter(ticket=ticket, message__isnull=True)
    return render(
        request,
        "helpdesk/ticket_detail.html",
        {
            "ticket": ticket,
            "display": status_display(ticket),
            "thread": thread,
            "initial_files": initial_files,
            "reply_form": forms.get(A.REPLY),
            "confirm_form": forms.get(A.CONFIRM),
            "reopen_form": forms.get(A.REOPEN),
            "can_cancel": A.CANCEL in actions,
            "is_requester": ticket.requester_id == request.user.pk,
            "files_dropped": files_dropped,
            "has_errors": any(form.errors for form in bound.values()),
        },
    )


@login_required
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_ticket(request, _visible_ticket(request, reference))


def _act(
    request: HttpRequest,
    reference: str,
    action: str,
    perform,
    success: str,
    template: str | None = None,
) -> HttpResponse:
    """Run one requester action from its form: the service decides; a stale version or an
    action no longer open is reported and the page shown again, nothing changed."""
    ticket = _visible_ticket(request, reference)
    form = ACTION_FORMS[action](request.POST, request.FILES)

    def show_again(bound_form, ticket=ticket):
        # Whatever the reason the form is shown again, the browser cannot be given its files
        # back: the page says so.
        if template:
            return render(request, template, {"ticket": ticket, "form": bound_form})
        return _render_ticket(request, ticket, {action: bound_form}, bool(request.FILES))

    if not form.is_valid():
        return show_again(form)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        perform(ticket, version=version, **data)
    except services.StaleTicket as error:
        messages.error(request, str(error))
        ticket = _visible_ticket(request, reference)
        return show_again(form.with_version(ticket.version), ticket)
    except ActionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("helpdesk:ticket", reference=ticket.reference)
    except ValidationError as error:
        add_service_errors(form, error)
        return show_again(form)
    messages.success(request, success)
    return redirect("helpdesk:ticket", reference=ticket.reference)


@login_required
@require_POST
def reply(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(ticket, *, version, body, files):
        services.add_reply(request.user, ticket, body=body, files=files, version=version)

    return _act(request, reference, A.REPLY, perform, _("Your message has been sent."))


@login_required
def cancel(request: HttpRequest, reference: str) -> HttpResponse:
    """Cancelling asks for confirmation first, on a page of its own (works without script)."""
    if request.method != "POST":
        ticket = _visible_ticket(request, reference)
        if A.CANCEL not in allowed_actions(request.user, ticket):
            messages.error(request, str(ActionNotAllowed().args[0]))
            return redirect("helpdesk:ticket", reference=ticket.reference)
        form = CancelForm(initial={"version": ticket.version})
        return render(request, "helpdesk/ticket_cancel.html", {"ticket": ticket, "form": form})

    def perform(ticket, *, version, reason):
        services.cancel_ticket(request.user, ticket, reason=reason, version=version)

    return _act(
        request,
        reference,
        A.CANCEL,
        perform,
        _("Your request has been cancelled."),
        template="helpdesk/ticket_cancel.html",
    )


@login_required
@require_POST
def confirm(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(ticket, *, version, rating, comment):
        services.confirm_resolution(
            request.user, ticket, rating=rating, comment=comment, version=version
        )

    return _act(
        request,
        reference,
        A.CONFIRM,
        perform,
        _("Thank you: the resolution is confirmed and your request is closed."),
    )


@login_required
@require_POST
def reopen(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(ticket, *, version, reason):
        services.reopen_ticket(request.user, ticket, reason=reason, version=version)

    return _act(
        request,
        reference,
        A.REOPEN,
        perform,
        _("Your request has been reopened; the technician has your explanation."),
    )
