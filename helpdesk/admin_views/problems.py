"""The staff problem screens of the back-office: the list (filtered, paginated in the
database), "create a problem" from incidents, and the problem screen with its incidents,
history, actions and the search of open incidents to link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from portal.models import BriquePage, ChainMember, User

from ..models import (
    OPEN_STATUSES,
    Problem,
    ProblemAction,
    ProblemStatus,
    Ticket,
    TicketKind,
)
from ..models.querysets import chain_entries, is_helpdesk_admin, remember_for_request
from ..policies import ActionNotAllowed
from ..problem_forms import ACTION_FORMS, CreateProblemForm, ProblemActionForm
from ..problem_policies import allowed_problem_actions
from ..services import problems as services
from .access import staff_profile

A = ProblemAction
PAGE_SIZE = 25
LINK_PAGE_SIZE = 10


def _require_staff(request) -> None:
    remember_for_request(request.user)
    if not staff_profile(request).is_staff:
        raise Http404


def _brique_choices(user: User) -> list[tuple[str, str]]:
    briques = BriquePage.objects.live().order_by("title")
    if not is_helpdesk_admin(user):
        briques = briques.filter(pk__in={b for b, _s, _r in chain_entries(user)})
    return [("", _("All briques"))] + [
        (str(pk), title) for pk, title in briques.values_list("pk", "title")
    ]


class ProblemFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Reference or title"), max_length=100, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    brique = forms.ChoiceField(label=gettext_lazy("Brique"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *ProblemStatus.choices]
        self.fields["brique"].choices = _brique_choices(user)


def _search(queryset, text: str):
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(Q(reference__iexact=text) | Q(title__icontains=text))


def _page_url(request, param: str, number: int) -> str:
    params = request.GET.copy()
    params[param] = str(number)
    return f"{request.path}?{params.urlencode()}"


def problem_list(request):
    """Problems the person works on, newest first, 25 a page; a constant number of queries
    whatever the number of problems."""
    _require_staff(request)
    form = ProblemFilterForm(request.GET or None, user=request.user)
    problems = (
        Problem.objects.visible_to(request.user)
        .select_related("brique", "assignee")
        .annotate(
            incident_count=Count("incidents"),
            open_count=Count("incidents", filter=Q(incidents__status__in=OPEN_STATUSES)),
        )
        .order_by("-created_at", "-pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        problems = _search(problems, data["q"])
        if data["status"]:
            problems = problems.filter(status=data["status"])
        if data["brique"]:
            problems = problems.filter(brique_id=int(data["brique"]))
    page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "helpdesk/admin/problem_list.html",
        {
            "page_title": _("Problems"),
            "page": page,
            "filters": form,
            "previous_url": _page_url(request, "p", page.previous_page_number())
            if page.has_previous()
            else None,
            "next_url": _page_url(request, "p", page.next_page_number())
            if page.has_next()
            else None,
        },
    )


def _tickets_by_reference(user: User, references: list[str]) -> list[Ticket]:
    tickets = list(Ticket.objects.visible_to(user).filter(reference__in=references))
    found = {ticket.reference for ticket in tickets}
    missing = [reference for reference in references if reference not in found]
    if missing:
        raise ValidationError(
            {
                "incidents": _("Unknown incidents: %(references)s.")
                % {"references": ", ".join(missing)}
            }
        )
    return tickets


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def problem_create(request):
    """ "Créer un problème" from one incident (the ticket screen) or several references."""
    _require_staff(request)
    if request.method == "POST":
        form = CreateProblemForm(request.POST)
        if form.is_valid():
            try:
                incidents = _tickets_by_reference(request.user, form.references())
                problem = services.create_problem(
                    request.user,
                    incidents=incidents,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                )
            except ActionNotAllowed as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("Problem %(reference)s created.") % {"reference": problem.reference}
                )
                return redirect("helpdesk_admin:problem", problem.reference)
        messages.error(request, _("The problem was not created: correct the fields below."))
        status = 400
    else:
        initial = {}
        reference = request.GET.get("incident", "")
        ticket = Ticket.objects.visible_to(request.user).filter(reference=reference).first()
        if ticket is not None:
            initial = {
                "incidents": ticket.reference,
                "title": ticket.title,
                "description": ticket.description,
            }
        form = CreateProblemForm(initial=initial)
        status = 200
    return TemplateResponse(
        request,
        "helpdesk/admin/problem_create.html",
        {"page_title": _("Create a problem"), "form": form},
        status=status,
    )


def _chain_people(problem: Problem) -> list[tuple[int, str]]:
    ids = ChainMember.objects.filter(
        brique_id=problem.brique_id, brique__live=True, user__is_active=True
    ).values("user_id")
    people = User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")
    return [(person.pk, str(person)) for person in people]


class ProblemView(TemplateView):
    """One problem: details, linked incidents with their status, history, the actions open to
    this person, and the search of open incidents of the brique to link."""

    template_name = "helpdesk/admin/problem.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        _require_staff(request)
        self.problem = self._load(kwargs["reference"])
        self.bound_form: ProblemActionForm | None = None

    def _load(self, reference: str) -> Problem:
        return get_object_or_404(
            Problem.objects.visible_to(self.request.user).select_related(
                "brique", "assignee", "created_by", "known_error_article"
            ),
            reference=reference,
        )

    @property
    def allowed(self) -> set[str]:
        return allowed_problem_actions(self.request.user, self.problem)

    def action_forms(self) -> list[ProblemActionForm]:
        result = []
        for action, form_class in ACTION_FORMS.items():
            if action not in self.allowed:
                continue
            if self.bound_form is not None and self.bound_form.action == action:
                result.append(self.bound_form)
                continue
            extra = {"people": _chain_people(self.problem)} if action == A.ASSIGN else {}
            result.append(form_class(problem=self.problem, **extra))
        return result

    def link_candidates(self):
        if A.LINK not in self.allowed:
            return None
        candidates = (
            Ticket.objects.visible_to(self.request.user)
            .filter(
                brique_id=self.problem.brique_id,
                kind=TicketKind.INCIDENT,
                status__in=OPEN_STATUSES,
                problem__isnull=True,
            )
            .select_related("requester")
            .order_by("-created_at", "-pk")
        )
        candidates = _search(candidates, self.request.GET.get("lq", ""))
        return Paginator(candidates, LINK_PAGE_SIZE).get_page(self.request.GET.get("lp"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        problem = self.problem
        candidates = self.link_candidates()
        context.update(
            page_title=f"{problem.reference} · {problem.title}",
            problem=problem,
            allowed=self.allowed,
            incidents=problem.incidents.select_related("assignee", "requester").order_by("pk"),
            events=problem.events.select_related("actor", "ticket"),
            action_forms=self.action_forms(),
            candidates=candidates,
            link_query=self.request.GET.get("lq", ""),
            candidates_previous=_page_url(self.request, "lp", candidates.previous_page_number())
            if candidates is not None and candidates.has_previous()
            else None,
            candidates_next=_page_url(self.request, "lp", candidates.next_page_number())
            if candidates is not None and candidates.has_next()
            else None,
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action not in self.allowed:
            messages.error(request, str(ActionNotAllowed().args[0]))
            return HttpResponseRedirect(request.path)
        if action == A.KNOWN_ERROR:
            return self._known_error()
        try:
            if action in ACTION_FORMS:
                response = self._post_form(action)
                if response is not None:
                    return response
            else:
                version = _int(request.POST.get("version"))
                ids = [_int(value) for value in request.POST.getlist("incident")]
                if action == A.LINK:
                    tickets = list(Ticket.objects.filter(pk__in=[i for i in ids if i]))
                    if not tickets:
                        raise ValidationError(_("Choose at least one incident."))
                    services.link_incidents(
                        request.user, self.problem, incidents=tickets, version=version
                    )
                elif action == A.UNLINK:
                    ticket = get_object_or_404(
                        Ticket.objects.filter(problem=self.problem), pk=ids[0] if ids else None
                    )
                    services.unlink_incident(
                        request.user, self.problem, incident=ticket, version=version
                    )
        except services.StaleProblem as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.path)
        except ActionNotAllowed as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.path)
        except ValidationError as error:
            if self.bound_form is not None:
                _add_errors(self.bound_form, error)
                messages.error(request, _("The action was not done: correct the fields below."))
                return self.render_to_response(self.get_context_data(), status=400)
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.get_full_path())
        messages.success(request, _("Done."))
        return HttpResponseRedirect(request.get_full_path())

    def _post_form(self, action: str):
        form_class = ACTION_FORMS[action]
        extra = {"people": _chain_people(self.problem)} if action == A.ASSIGN else {}
        form = form_class(self.request.POST, problem=self.problem, **extra)
        self.bound_form = form
        if not form.is_valid():
            messages.error(self.request, _("The action was not done: correct the fields below."))
            return self.render_to_response(self.get_context_data(), status=400)
        kwargs = form.service_kwargs()
        version = form.cleaned_data["version"]
        user = self.request.user
        if action == A.ASSIGN:
            assignee = User.objects.filter(pk=kwargs["assignee"]).first()
            if assignee is None:
                raise ValidationError({"assignee": _("Choose a person of this brique's chain.")})
            services.assign_problem(user, self.problem, assignee=assignee, version=version)
        elif action == A.ANALYSE:
            services.record_analysis(user, self.problem, version=version, **kwargs)
        elif action == A.RESOLVE:
            services.resolve_problem(user, self.problem, version=version, **kwargs)
        elif action == A.CLOSE:
            services.close_problem(user, self.problem, version=version, **kwargs)
        return None

    def _known_error(self):
        from knowledge.services import draft_article_from_problem

        try:
            article = draft_article_from_problem(self.request.user, self.problem)
        except (ActionNotAllowed, ValidationError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(self.request, text)
            return HttpResponseRedirect(self.request.path)
        messages.success(
            self.request,
            _("Draft known-error article created: review it, then publish or submit it."),
        )
        return redirect("wagtailadmin_pages:edit", article.pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
