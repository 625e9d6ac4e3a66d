"""The business calendars' admin screen (a snippet of the "Configuration" menu) and the
checks that need every row of the form at once: at least one opening interval, intervals of
one day that do not overlap, closures that do not overlap."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BusinessCalendar
from .models.calendars import Weekday


def _kept_rows(formset) -> list[dict]:
    """The cleaned rows a formset will save (deleted and blank rows left out)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or formset._should_delete_form(form):
            continue
        rows.append(data)
    return rows


def _minutes(value) -> int:
    return value.hour * 60 + value.minute


class BusinessCalendarForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        hours_formset = self.formsets.get("opening_hours")
        if hours_formset is not None and hours_formset.is_valid():
            self._check_hours(_kept_rows(hours_formset))
        closures_formset = self.formsets.get("closures")
        if closures_formset is not None and closures_formset.is_valid():
            self._check_closures(_kept_rows(closures_formset))
        return cleaned

    def _check_hours(self, rows: list[dict]) -> None:
        if not rows:
            self.add_error(
                None, _("Give at least one opening interval: this calendar never opens.")
            )
            return
        by_day: dict[int, list[tuple[int, int]]] = {}
        for row in rows:
            start, end = _minutes(row["opens"]), _minutes(row["closes"]) or 24 * 60
            by_day.setdefault(int(row["weekday"]), []).append((start, end))
        for day, intervals in sorted(by_day.items()):
            intervals.sort()
            for (_start, end), (next_start, _end) in zip(intervals, intervals[1:], strict=False):
                if next_start < end:
                    self.add_error(
                        None,
                        _("The opening intervals of %(day)s overlap.")
                        % {"day": Weekday(day).label},
                    )
                    break

    def _check_closures(self, rows: list[dict]) -> None:
        periods = sorted((row["start"], row.get("end") or row["start"]) for row in rows)
        for (_start, last), (next_start, _last) in zip(periods, periods[1:], strict=False):
            if next_start <= last:
                self.add_error(
                    None,
                    _("Two closures overlap (from %(date)s): merge them into one.")
                    % {"date": next_start.strftime("%d/%m/%Y")},
                )
                return


class BusinessCalendarViewSet(SnippetViewSet):
    model = BusinessCalendar
    icon = "date"
    menu_label = _("Business calendars")
    list_display = ["name", "timezone", "public_holidays", "is_default"]
    search_fields = ["name"]
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("timezone"), FieldPanel("public_holidays")]),
            FieldPanel("is_default"),
            InlinePanel(
                "opening_hours",
                heading=_("Opening hours"),
                label=_("opening interval"),
                panels=[
                    FieldRowPanel(
                        [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]
                    )
                ],
            ),
            InlinePanel(
                "closures",
                heading=_("Closures besides public holidays"),
                label=_("closure"),
                panels=[
                    FieldPanel("label"),
                    FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                ],
            ),
        ],
        base_form_class=BusinessCalendarForm,
    )
