"""The report's filters as a form: GET parameters in, a `ReportQuery` out. The dashboard
page, its exports and the API read the same parameters through it.

Parameters: `period` (a preset key, or "custom" with `start` and `end` as YYYY-MM-DD),
`brique` and `school` (repeatable ids), `kind`, `priority`, `category`, `public`.
A brique outside the person's reach is not an error message but a 404 (`OutOfReach`), so that
tampering with the URL learns nothing; every other mistake is a French form error."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Affiliation, BriquePage, Category, Establishment, Priority

from ..models import TicketKind
from .period import DEFAULT_PRESET, PRESETS, Period, preset_period
from .query import ReportQuery, report_briques

# The longest period one report covers: the charts stay readable, the queries bounded.
MAX_DAYS = 3 * 366


class OutOfReach(Exception):
    """A brique (or category) named in the parameters is not in the person's reach."""


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[*PRESETS.items(), ("custom", _("Custom dates"))],
        required=False,
    )
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To (included)"), required=False)
    brique = forms.TypedMultipleChoiceField(
        label=_("Briques"), coerce=int, required=False, choices=()
    )
    school = forms.TypedMultipleChoiceField(
        label=_("Schools"), coerce=int, required=False, choices=()
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *TicketKind.choices], required=False
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[("", _("All")), *Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, empty_value=None, required=False, choices=()
    )
    public = forms.ChoiceField(
        label=_("Requester's public"),
        choices=[("", _("All")), *Affiliation.choices],
        required=False,
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.reach = report_briques(user)
        briques = BriquePage.objects.order_by("title")
        if self.reach is not None:
            briques = briques.filter(pk__in=self.reach)
        self.brique_choices = list(briques.values_list("pk", "title"))
        self.fields["brique"].choices = self.brique_choices
        self.fields["school"].choices = list(
            Establishment.objects.order_by("name").values_list("pk", "name")
        )
        categories = Category.objects.select_related(None).order_by("brique_id", "sort_order")
        if self.reach is not None:
            categories = categories.filter(brique_id__in=self.reach)
        titles = dict(self.brique_choices)
        self.fields["category"].choices = [("", _("All"))] + [
            (pk, f"{titles.get(brique, '')} · {name}")
            for pk, name, brique in categories.values_list("pk", "name", "brique_id")
        ]

    def check_reach(self) -> None:
        """Raise `OutOfReach` when a brique or category id in the URL is not one the person
        may report on (whether or not it exists)."""
        if self.reach is None or not self.is_bound:
            return
        allowed = {str(pk) for pk in self.reach}
        asked = set(self.data.getlist("brique")) if hasattr(self.data, "getlist") else set()
        if asked - allowed:
            raise OutOfReach
        category = self.data.get("category")
        if category and category not in {str(pk) for pk, _l in self.fields["category"].choices}:
            raise OutOfReach

    def clean(self):
        data = super().clean()
        preset = data.get("period") or ""
        today = timezone.localdate()
        if preset == "custom" or (not preset and (data.get("start") or data.get("end"))):
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(
                    _("Give both the first and the last day of the period.")
                )
            if start > today:
                self.add_error("start", _("The period cannot start in the future."))
            if end < start:
                self.add_error("end", _("The last day must be on or after the first day."))
            elif (min(end, today) - start) > timedelta(days=MAX_DAYS):
                self.add_error("end", _("A report covers at most three years."))
            if not self.errors:
                data["resolved_period"] = Period(start, min(end, today))
        else:
            data["resolved_period"] = preset_period(preset or DEFAULT_PRESET, today)
        return data

    def report_query(self) -> ReportQuery:
        """The query of a valid form (call `is_valid()` first)."""
        data = self.cleaned_data
        return ReportQuery(
            period=data["resolved_period"],
            user=self.user,
            briques=tuple(data.get("brique") or ()),
            schools=tuple(data.get("school") or ()),
            kind=data.get("kind") or "",
            priority=data.get("priority"),
            category=data.get("category"),
            affiliation=data.get("public") or "",
        )
