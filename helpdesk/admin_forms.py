"""Forms of the staff back-office. They check input and shape it for a service call; the
services (`helpdesk.services`) decide whether the step is allowed and perform it."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from knowledge.access import readable_articles
from knowledge.models import ArticlePage
from portal.models import Category, Priority, Provider, User

from .models import (
    Impact,
    PendingReason,
    ResolutionCode,
    Ticket,
    TicketAction,
    TicketKind,
    Urgency,
)
from .selectors import assignable_people, suggested_assignee
from .similar import ArticleChoices

A = TicketAction


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; their size and type are checked by the attachments service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class TicketActionForm(forms.Form):
    """Base of every action form: it carries the version the agent saw, so that a change made
    meanwhile by someone else is refused instead of overwritten."""

    action: str = ""
    label = ""
    submit_label = _("Save")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, ticket: Ticket, user: User, **kwargs):
        self.ticket = ticket
        self.user = user
        kwargs.setdefault("prefix", self.action)
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", ticket.version)
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        """Keyword arguments for the service function, from the cleaned data."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class QualifyForm(TicketActionForm):
    action = A.QUALIFY
    label = _("Qualify and assign")
    submit_label = _("Qualify and assign")

    kind = forms.ChoiceField(label=_("kind"), choices=TicketKind.choices)
    category = forms.ModelChoiceField(
        label=_("category"), queryset=Category.objects.none(), required=False
    )
    impact = forms.TypedChoiceField(label=_("impact"), choices=Impact.choices, coerce=int)
    urgency = forms.TypedChoiceField(label=_("urgency"), choices=Urgency.choices, coerce=int)
    priority = forms.TypedChoiceField(
        label=_("priority"),
        choices=[("", _("From impact and urgency")), *Priority.choices],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave empty to compute it from impact and urgency."),
    )
    assignee = PersonChoiceField(label=_("assign to"), queryset=User.objects.none())
    comment = forms.CharField(
        label=_("internal comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ticket = self.ticket
        self.fields["category"].queryset = Category.objects.filter(brique_id=ticket.brique_id)
        self.fields["assignee"].queryset = assignable_people(ticket)
        self.initial.update(
            kind=ticket.kind,
            category=ticket.category_id,
            impact=ticket.impact,
            urgency=ticket.urgency,
        )
        suggestion = suggested_assignee(ticket)
        if suggestion is not None:
            self.initial.setdefault("assignee", suggestion.pk)


class TakeForm(TicketActionForm):
    action = A.TAKE
    label = _("Take it myself")
    submit_label = _("Take it myself")


class RejectForm(TicketActionForm):
    action = A.REJECT
    label = _("Reject")
    submit_label = _("Reject")
    reason = forms.CharField(
        label=_("reason, sent to the requester"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DuplicateForm(TicketActionForm):
    action = A.MARK_DUPLICATE
    label = _("Mark as duplicate")
    submit_label = _("Mark as duplicate")
    original = forms.CharField(
        label=_("reference of the original ticket"),
        max_length=20,
        help_text=_("Another ticket of the same brique, e.g. R-000042."),
    )
    comment = forms.CharField(
        label=_("message to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_original(self) -> Ticket:
        reference = self.cleaned_data["original"].strip().upper()
        original = (
            Ticket.objects.visible_to(self.user)
            .filter(reference=reference, brique_id=self.ticket.brique_id)
            .exclude(pk=self.ticket.pk)
            .first()
        )
        if original is None:
            raise forms.ValidationError(_("No other ticket of this brique has this reference."))
        return original


class ReassignForm(TicketActionForm):
    action = A.REASSIGN
    label = _("Reassign / hand over")
    submit_label = _("Reassign")
    assignee = PersonChoiceField(label=_("assign to"), queryset=User.objects.none())
    comment = forms.CharField(
        label=_("internal comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_people(self.ticket).exclude(
            pk=self.ticket.assignee_id
        )


class ReplyForm(TicketActionForm):
    action = A.REPLY
    label = _("Public reply")
    submit_label = _("Send the reply")
    body = forms.CharField(
        label=_("message to the requester"), widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(label=_("attachments"))


class NoteForm(TicketActionForm):
    action = A.NOTE
    label = _("Internal note")
    submit_label = _("Add the note")
    body = forms.CharField(label=_("note (staff only)"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("attachments"))


class HoldForm(TicketActionForm):
    action = A.PUT_ON_HOLD
    label = _("Put on hold")
    submit_label = _("Put on hold")
    reason = forms.ChoiceField(label=_("waiting for"), choices=PendingReason.choices)
    comment = forms.CharField(
        label=_("what is expected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("When waiting for the requester, this is the question they receive."),
    )


class ResumeForm(TicketActionForm):
    action = A.RESUME
    label = _("Resume")
    submit_label = _("Resume")
    comment = forms.CharField(
        label=_("internal comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EscalateForm(TicketActionForm):
    action = A.ESCALATE
    label = _("Escalate to a provider")
    submit_label = _("Escalate")
    provider = forms.ModelChoiceField(label=_("provider"), queryset=Provider.objects.none())
    provider_reference = forms.CharField(
        label=_("provider's reference"), max_length=100, required=False
    )
    comment = forms.CharField(
        label=_("internal comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(
            pk__in=self.ticket.brique.providers.values("provider_id")
        )


class ResolveForm(TicketActionForm):
    action = A.RESOLVE
    label = _("Resolve")
    submit_label = _("Resolve")
    solution = forms.CharField(
        label=_("solution, sent to the requester"), widget=forms.Textarea(attrs={"rows": 4})
    )
    resolution_code = forms.ChoiceField(label=_("resolution code"), choices=ResolutionCode.choices)
    articles = forms.ModelMultipleChoiceField(
        label=_("knowledge articles that helped"),
        queryset=ArticlePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Each article then shows one more request it helped solve."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["articles"]
        if self.is_bound:
            # What a submission may name; showing the form needs only the choices below.
            field.queryset = readable_articles(self.user, ArticlePage.objects.live())
        # Offered: the articles matching the ticket (the ticket screen searches them once for
        # its "similar" section too); none matching, no empty list to show.
        field.choices = ArticleChoices(self.ticket, self.user)
        if not self.is_bound and not list(field.choices):
            del self.fields["articles"]


# In the order the ticket screen shows them.
ACTION_FORMS: dict[str, type[TicketActionForm]] = {
    form.action: form
    for form in (
        QualifyForm,
        TakeForm,
        ReplyForm,
        NoteForm,
        ReassignForm,
        HoldForm,
        ResumeForm,
        EscalateForm,
        ResolveForm,
        RejectForm,
        DuplicateForm,
    )
}


# --- bulk actions ---------------------------------------------------------------------------


class BulkAction:
    ASSIGN = "assign"
    HOLD = "hold"
    RESOLVE = "resolve"


class BulkActionForm(forms.Form):
    """One action on the selected rows of a queue. Each selected row posts "pk:version"."""

    action = forms.ChoiceField(
        choices=[
            (BulkAction.ASSIGN, _("assign to…")),
            (BulkAction.HOLD, _("put on hold")),
            (BulkAction.RESOLVE, _("resolve")),
        ]
    )
    tickets = forms.MultipleChoiceField(label=_("tickets"), choices=())
    assignee = PersonChoiceField(label=_("assign to"), queryset=User.objects.none(), required=False)
    reason = forms.ChoiceField(
        label=_("waiting for"), choices=PendingReason.choices, required=False
    )
    comment = forms.CharField(label=_("what is expected"), required=False)
    solution = forms.CharField(label=_("solution"), required=False)
    resolution_code = forms.ChoiceField(
        label=_("resolution code"), choices=ResolutionCode.choices, required=False
    )

    REQUIRED = {
        BulkAction.ASSIGN: ("assignee",),
        BulkAction.HOLD: ("reason", "comment"),
        BulkAction.RESOLVE: ("solution", "resolution_code"),
    }

    def __init__(self, *args, people: QuerySet[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people
        self.fields["tickets"].choices = (
            [(value, value) for value in self.data.getlist("tickets")]
            if hasattr(self.data, "getlist")
            else []
        )

    def clean_tickets(self) -> dict[int, int]:
        selected: dict[int, int] = {}
        for value in self.cleaned_data["tickets"]:
            pk, _sep, version = value.partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise forms.ValidationError(_("Invalid selection."))
            selected[int(pk)] = int(version)
        return selected

    def clean(self):
        data = super().clean()
        for name in self.REQUIRED.get(data.get("action"), ()):
            if not data.get(name):
                self.add_error(name, _("This field is required for this action."))
        return data


def bulk_people(user: User, *, admin: bool) -> QuerySet[User]:
    """Whom a bulk assignment may name: people of the chains this user works in (every chain
    for admins). Each ticket's service call still checks its own chain."""
    from portal.models import ChainMember

    from .models.querysets import chain_entries

    if admin:
        entries = ChainMember.objects.filter(brique__live=True)
    else:
        # The briques of this user's live chain entries, already read for this request.
        entries = ChainMember.objects.filter(
            brique_id__in={brique_id for brique_id, _school, _role in chain_entries(user)}
        )
    return User.objects.filter(pk__in=entries.values("user_id"), is_active=True).order_by(
        "last_name", "first_name", "username"
    )
