"""Forms of the staff problem screens. Each carries the problem's `version` (optimistic
locking) and turns its fields into the keyword arguments of one service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProblemAction, ResolutionCode

A = ProblemAction


class CreateProblemForm(forms.Form):
    incidents = forms.CharField(
        label=_("Incidents"),
        max_length=2000,
        help_text=_("References of the incidents, separated by commas (e.g. R-000042)."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def references(self) -> list[str]:
        raw = self.cleaned_data["incidents"].replace(";", ",").replace(" ", ",")
        return sorted({part.strip().upper() for part in raw.split(",") if part.strip()})


class ProblemActionForm(forms.Form):
    action: str = ""
    label = ""
    submit_label = _("Save")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, problem, **kwargs):
        kwargs.setdefault("prefix", self.action)
        kwargs.setdefault("initial", {}).setdefault("version", problem.version)
        super().__init__(*args, **kwargs)
        self.problem = problem

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class AssignForm(ProblemActionForm):
    action = A.ASSIGN
    label = _("Assign")
    submit_label = _("Assign")
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "---------"), *people]


class AnalyseForm(ProblemActionForm):
    action = A.ANALYSE
    label = _("Root cause and workaround")
    root_cause = forms.CharField(
        label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    workaround = forms.CharField(
        label=_("Workaround"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Shown to the technicians of the linked incidents."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("root_cause", self.problem.root_cause)
        self.initial.setdefault("workaround", self.problem.workaround)


class ResolveForm(ProblemActionForm):
    action = A.RESOLVE
    label = _("Resolve the problem and its open incidents")
    submit_label = _("Resolve")
    resolution_code = forms.ChoiceField(
        label=_("Resolution code"), choices=ResolutionCode.choices, initial=ResolutionCode.FIXED
    )
    solution = forms.CharField(
        label=_("Solution"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the requesters of the open linked incidents."),
    )


class CloseForm(ProblemActionForm):
    action = A.CLOSE
    label = _("Close the problem")
    submit_label = _("Close")
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


ACTION_FORMS: dict[str, type[ProblemActionForm]] = {
    form.action: form for form in (AssignForm, AnalyseForm, ResolveForm, CloseForm)
}
