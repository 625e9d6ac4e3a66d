"""The ticket screen of the back-office: the whole thread, the history, the process state, and
a form for each action this person may take now."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from portal.admin_frame import framed
from portal.models import User

from .. import services
from ..admin_forms import ACTION_FORMS, TicketActionForm
from ..models import Ticket, TicketAction, TicketStatus
from ..models.querysets import remember_for_request
from ..policies import ActionNotAllowed, allowed_actions, is_staff_for
from ..selectors import assignable_people
from ..sla.state import next_change
from . import html, screen_cache

A = TicketAction

SERVICES = {
    A.QUALIFY: services.qualify_ticket,
    A.TAKE: services.take_ticket,
    A.REJECT: services.reject_ticket,
    A.MARK_DUPLICATE: services.mark_duplicate,
    A.REASSIGN: services.reassign_ticket,
    A.REPLY: services.add_reply,
    A.NOTE: services.add_note,
    A.PUT_ON_HOLD: services.put_on_hold,
    A.RESUME: services.resume_ticket,
    A.ESCALATE: services.escalate_to_provider,
    A.RESOLVE: services.resolve_ticket,
}


# The screen's live panels, rendered on every view where they show: the problem an incident
# belongs to (the problem changes on its own), the articles drafted from a finished ticket.
PROBLEM_PANEL = "helpdesk/admin/includes/problem_panel.html"
KNOWLEDGE_PANEL = "knowledge/admin/publish_from_ticket.html"
FINISHED = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


def _render(template_name: str, context: dict) -> str:
    return get_template(template_name).render(context)


def staff_ticket(request, reference: str) -> Ticket:
    """The ticket if this person sees it *as staff*; a requester or a colleague kept informed
    who also has admin access must not read internal notes here, so for them it is a 404 too.

    The check is `is_staff_for` on the fetched row, from the person's cached chain entries:
    the people it admits (admins, assignee, moderator, chain members within their school) are
    a subset of `Ticket.objects.visible_to`, whose SQL would cost more to build than the page
    spends running it."""
    # The ticket table alone: the screen's kept body (screen_cache) needs only this row to be
    # found again, and compiling and planning joins (the brique is a Wagtail page: two tables
    # of thirty columns) cost more than the rest of the view. The body loads brique, category,
    # school and people when it is rendered.
    # The reference is unique: no ordering (the model's default costs more to compile).
    ticket = Ticket.objects.filter(reference=reference).only(*SCREEN_FIELDS).order_by()[:1]
    ticket = ticket[0] if ticket else None
    if ticket is None or not is_staff_for(request.user, ticket):
        raise Http404
    return ticket


# What the screen reads of the ticket on every view: its key in the cache, the reader's
# standing, the title, and the live panels (problem, knowledge base). A third of the columns:
# building a ticket of fifty fields cost more than the query. A field read beyond these costs
# a query of its own (tests/helpdesk/test_screen_cache.py counts them).
SCREEN_FIELDS = (
    *("pk", "reference", "title", "kind", "status", "version", "updated_at"),
    *("brique_id", "establishment_id", "problem_id", "assignee_id", "moderator_id"),
    "process_id",  # the lifecycle chart's highlighted tasks (chart.py)
)


def full_ticket(ticket: Ticket) -> Ticket:
    """The whole row with its brique, category and school, and its three people (one query
    for them), for rendering the body and for the actions."""
    if not ticket.get_deferred_fields() and Ticket.requester.field.is_cached(ticket):
        return ticket  # already whole
    full = (
        Ticket.objects.select_related("brique", "category", "establishment")
        .prefetch_related("watchers")
        .get(pk=ticket.pk)
    )
    _attach_people(full)
    return full


def _attach_people(ticket: Ticket) -> None:
    """Requester, assignee and moderator in one query."""
    fields = ("requester", "assignee", "moderator")
    ids = {getattr(ticket, f"{name}_id") for name in fields} - {None}
    people = User.objects.in_bulk(ids)
    for name in fields:
        person = people.get(getattr(ticket, f"{name}_id"))
        if person is not None:
            Ticket._meta.get_field(name).set_cached_value(ticket, person)


def optional_url(name: str, *candidates) -> str | None:
    """Link to a page of the requester's side when it exists (it is built separately)."""
    for args in candidates:
        try:
            return reverse(name, **args)
        except NoReverseMatch:
            continue
    return None


def current_tasks(ticket: Ticket) -> list[str]:
    if ticket.process_id is None:
        return []
    tasks = Task.objects.filter(process_id=ticket.process_id, status=STATUS.NEW).order_by("created")
    return [str(task.flow_task.task_title) for task in tasks if task.flow_task]


def _people_choices(ticket: Ticket, allowed: set[str]) -> dict[str, list]:
    """The assignee dropdowns of the qualify and reassign forms, from one query."""
    if not allowed & {A.QUALIFY, A.REASSIGN}:
        return {}
    people = [
        (person.pk, str(person))
        for person in assignable_people(ticket).only("pk", "username", "first_name", "last_name")
    ]
    empty = ("", "---------")
    return {
        A.QUALIFY: [empty, *people],
        A.REASSIGN: [empty, *(pair for pair in people if pair[0] != ticket.assignee_id)],
    }


class TicketView(TemplateView):
    """The ticket screen, inside the Wagtail admin's frame. Like the queues, it is written to
    stay fast (benchmarks/README.md): action forms render through `html.form_fields`, the
    attachments of the whole thread come in one query."""

    template_name = "helpdesk/admin/ticket.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        remember_for_request(request.user)
        self.ticket = staff_ticket(request, kwargs["reference"])
        self.bound_form: TicketActionForm | None = None

    @cached_property
    def allowed(self) -> set[str]:
        return allowed_actions(self.request.user, self.ticket)

    def action_forms(self) -> list[TicketActionForm]:
        forms = []
        for action, form_class in ACTION_FORMS.items():
            if action not in self.allowed:
                continue
            if self.bound_form is not None and self.bound_form.action == action:
                forms.append(self.bound_form)
            else:
                forms.append(form_class(ticket=self.ticket, user=self.request.user))
        return forms

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ticket, request = self.ticket, self.request
        if self.bound_form is None:
            # Kept per ticket version and last change, reader and directory: screen_cache.
            parts = ("ticket", ticket.pk, ticket.version, ticket.updated_at, ticket.problem_id)
            body = screen_cache.kept_body((*parts, *screen_cache.reader_parts(request)), self.body)
        else:  # a form sent back with its errors: this reader's typing, never kept
            body = self.body()[0]
        token = get_token(request)
        live = {"ticket": ticket, "request": request, "csrf_token": token}
        context.update(
            page_title=self.page_title,
            body=screen_cache.with_form_token(
                body,
                token,
                problem=_render(PROBLEM_PANEL, live) if ticket.problem_id else "",
                knowledge=_render(KNOWLEDGE_PANEL, live) if ticket.status in FINISHED else "",
            ),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        # The Wagtail frame kept whole for this reader when it can be (portal/admin_frame.py).
        return framed(
            self.request,
            self.template_name,
            context["page_title"],
            context["body"],
            status=response_kwargs.get("status", 200),
        )

    @property
    def page_title(self) -> str:
        return f"{self.ticket.reference} · {self.ticket.title}"

    def body(self) -> tuple[str, datetime]:
        """The screen but for its live parts: the whole thread, the history, the details with
        the service levels, the action forms, similar tickets and matching articles. True
        until the ticket changes, a service-level state moves, or the similar tickets are
        searched again (GUICHET_SIMILAR_CACHE_SECONDS)."""
        ticket = self.ticket = full_ticket(self.ticket)
        now = timezone.now()
        until = now + timedelta(seconds=settings.GUICHET_SIMILAR_CACHE_SECONDS)
        until = min(until, next_change([ticket], now) or until)
        thread = list(ticket.messages.select_related("author"))
        by_message: dict[int | None, list] = {}
        for attachment in ticket.attachments.order_by("pk"):
            attachment.download_url = optional_url(
                "helpdesk:attachment",
                {"args": [ticket.reference, attachment.pk]},
                {"args": [attachment.pk]},
            )
            by_message.setdefault(attachment.message_id, []).append(attachment)
        for message in thread:
            message.files = by_message.get(message.pk, [])
        action_forms = self.action_forms()
        choices = _people_choices(ticket, self.allowed)
        for form in action_forms:
            form.fields_html = html.form_fields(
                form, {"assignee": choices[form.action]} if form.action in choices else None
            )
        body = get_template("helpdesk/admin/includes/ticket_body.html").render(
            {
                "page_title": self.page_title,
                "ticket": ticket,
                "thread": thread,
                "loose_files": by_message.get(None, []),
                "events": ticket.events.select_related("actor"),
                "watchers": ticket.watchers.all(),
                "tasks": current_tasks(ticket),
                "action_forms": action_forms,
                "chart_url": reverse("helpdesk_admin:ticket_chart", args=[ticket.reference]),
                "public_url": optional_url("helpdesk:ticket", {"args": [ticket.reference]}),
                "request": self.request,
                "csrf_token": screen_cache.FORM_TOKEN_SLOT,
                "slots": {
                    name: mark_safe(screen_cache.slot(name)) for name in ("problem", "knowledge")
                },
            }
        )
        return body, until

    def post(self, request, *args, **kwargs):
        self.ticket = full_ticket(self.ticket)  # the forms and policies read the whole row
        action = request.POST.get("action", "")
        form_class = ACTION_FORMS.get(action)
        if form_class is None or action not in self.allowed:
            messages.error(request, str(ActionNotAllowed().args[0]))
            return HttpResponseRedirect(request.path)
        form = form_class(request.POST, request.FILES, ticket=self.ticket, user=request.user)
        self.bound_form = form
        if not form.is_valid():
            messages.error(request, _("The action was not done: correct the fields below."))
            return self.render_to_response(self.get_context_data())
        try:
            SERVICES[action](
                request.user,
                self.ticket,
                version=form.cleaned_data["version"],
                **form.service_kwargs(),
            )
        except services.StaleTicket as error:
            messages.error(request, str(error))
            self._reload(form)
            return self.render_to_response(self.get_context_data(), status=409)
        except ActionNotAllowed as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.path)
        except ValidationError as error:
            self._add_errors(form, error)
            messages.error(request, _("The action was not done: correct the fields below."))
            return self.render_to_response(self.get_context_data())
        messages.success(request, _("Done: %(action)s.") % {"action": form.label})
        return HttpResponseRedirect(request.path)

    def _reload(self, form: TicketActionForm) -> None:
        """Show what the other agent did and keep what this one typed, under the new version so
        that submitting again applies it knowingly."""
        self.ticket = full_ticket(staff_ticket(self.request, self.ticket.reference))
        self.__dict__.pop("allowed", None)
        data = form.data.copy()
        data[form.add_prefix("version")] = str(self.ticket.version)
        self.bound_form = type(form)(data, ticket=self.ticket, user=self.request.user)
        self.bound_form.is_valid()

    @staticmethod
    def _add_errors(form: TicketActionForm, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error)
