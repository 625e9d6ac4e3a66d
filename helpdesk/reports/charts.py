"""The dashboard's charts as server-rendered SVG (pygal, without its JavaScript: nothing is
fetched from a CDN and the charts work without scripts), with what the page shows around
each: a text alternative and the accessible data table.

Every count that stands for tickets is a link to the queue listing them, and every share or
average to the tickets it is computed from (met the target, reopened, rated): each bar or
point of a chart (pygal's per-value `xlink`) and each number of its table. `LinkTarget`
decides which queue and whether the queue can list exactly the tickets behind a count; when
it cannot, the number is shown without a link rather than with a misleading one."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import pygal
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from pygal.style import Style

from portal.models import ChainRole, User

from ..models.querysets import chain_entries, is_helpdesk_admin
from .dashboard import Dashboard
from .tables import Table

NBSP = "\u00a0"

# Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart by more than hue in
# the tables beside them.
COLOURS = (
    "#1f5fa8",
    "#b3461b",
    "#2e7d32",
    "#6a3d9a",
    "#8a6d00",
    "#00838f",
    "#ad1457",
    "#4e5b31",
    "#5d4037",
    "#37474f",
)
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1d1d1d",
    foreground_strong="#1d1d1d",
    foreground_subtle="#595959",
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    colors=COLOURS,
    opacity="1",
    opacity_hover="0.8",
)


# --- formats -------------------------------------------------------------------------------


def format_value(value: Any, kind: str) -> str:
    """A raw table value as the page shows it (French formats in French)."""
    if value is None or value == "":
        return "—"
    if kind == "text":
        return str(value)
    if kind == "date":
        return formats.date_format(value, "DATE_FORMAT")
    if kind == "hours":
        return f"{formats.number_format(value, 1)}{NBSP}h"
    if kind == "percent":
        return f"{formats.number_format(value * 100, 1)}{NBSP}%"
    if kind == "decimal":
        return formats.number_format(value, 2)
    return formats.number_format(value, 0, force_grouping=True)


def format_change(value: Any, previous: Any, kind: str) -> str:
    """How a key figure moved since the previous period ("" when either is unknown)."""
    if value is None or previous is None or kind == "text":
        return ""
    difference = value - previous
    sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
    size = abs(difference)
    if kind == "percent":
        return _("%(sign)s%(points)s points") % {
            "sign": sign,
            "points": formats.number_format(size * 100, 1),
        }
    return sign + format_value(size, kind)


# --- links to the queue --------------------------------------------------------------------

# The dashboard names date ranges as `<field>_after` / `<field>_before`; the queue's date
# range widgets read `<field>_from` / `<field>_to`.
_SUFFIXES = {"_after": "_from", "_before": "_to"}


@dataclass(frozen=True)
class LinkTarget:
    """The queue a person's counts link to. `exact_briques`: the briques whose every ticket
    in the report is also in that queue (None: all of them)."""

    queue: str | None
    exact_briques: frozenset[int] | None = None
    chosen_briques: tuple[int, ...] = ()
    chosen_schools: tuple[int, ...] = ()

    @classmethod
    def for_dashboard(cls, user: User, dashboard: Dashboard) -> LinkTarget:
        query = dashboard.query
        chosen = {"chosen_briques": query.briques, "chosen_schools": query.schools}
        if is_helpdesk_admin(user):
            return cls("all", None, **chosen)
        moderated = frozenset(
            brique for brique, _school, role in chain_entries(user) if role == ChainRole.MODERATOR
        )
        if not moderated:
            return cls(None)  # a brique owner outside the chains: numbers only
        from .query import report_briques

        owned_elsewhere = set(report_briques(user) or ()) - moderated
        # When the report also counts briques the person owns without moderating them, only
        # counts narrowed to a moderated brique are listed exactly by the "briques" queue.
        return cls("briques", moderated if owned_elsewhere else None, **chosen)

    def url(self, filters: dict[str, Any] | None, view: str = "helpdesk_admin:queue") -> str | None:
        """The queue listing the tickets behind `filters`, or None when no queue of the person
        lists exactly those. `view`: the back-office queue, or the API's
        ("api:queue-ticket-list"), which reads the same filters."""
        if not self.queue or filters is None:
            return None
        # The queue filters one brique and one school: a count over several chosen ones
        # (a total) cannot be listed exactly.
        if len(self.chosen_briques) > 1 and "brique" not in filters:
            return None
        if len(self.chosen_schools) > 1 and "establishment" not in filters:
            return None
        if self.exact_briques is not None and filters.get("brique") not in self.exact_briques:
            return None
        params = {}
        for key, value in filters.items():
            for suffix, queue_suffix in _SUFFIXES.items():
                if key.endswith(suffix):
                    key = key[: -len(suffix)] + queue_suffix
                    break
            params[key] = [str(v) for v in value] if isinstance(value, list | tuple) else value
        base = _queue_address(view, self.queue, get_script_prefix(), get_urlconf())
        return f"{base}?{urlencode(params, doseq=True)}"


@lru_cache(maxsize=64)
def _queue_address(view: str, queue: str, _prefix: str, _urlconf: str | None) -> str:
    """A queue's address, reversed once: a year's dashboard links a thousand numbers to the
    same few queues (the prefix and URLconf are in the key, as `reverse` depends on them)."""
    return reverse(view, args=[queue])


# --- tables as the page shows them ---------------------------------------------------------


@dataclass(frozen=True)
class ShownCell:
    text: str
    url: str | None = None
    is_header: bool = False
    numeric: bool = False
    level: int = 0  # heat map shade, 0 (none) to 4


@dataclass(frozen=True)
class ShownTable:
    table: Table
    headers: list[str]
    rows: list[list[ShownCell]]
    numeric_columns: list[bool] = field(default_factory=list)
    # Export format -> address of this table's export with the page's filters.
    exports: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.table.key


def shown_table(table: Table, link: LinkTarget, heat: bool = False) -> ShownTable:
    """`table` formatted for the page: the first column as row headers, counts as links."""
    highest = max(
        (c.value for row in table.rows for c in row[1:] if isinstance(c.value, int | float)),
        default=0,
    )
    rows = []
    for row in table.rows:
        shown = []
        for index, (cell, column) in enumerate(zip(row, table.columns, strict=True)):
            kind = cell.kind_in(column)
            level = 0
            if heat and index and highest and cell.value:
                level = min(4, 1 + int(3 * cell.value / highest))
            shown.append(
                ShownCell(
                    format_value(cell.value, kind),
                    url=link.url(cell.tickets) if cell.value else None,
                    is_header=index == 0,
                    numeric=kind not in ("text", "date"),
                    level=level,
                )
            )
        rows.append(shown)
    return ShownTable(
        table,
        [column.label for column in table.columns],
        rows,
        [column.kind not in ("text", "date") for column in table.columns],
    )


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    previous: str
    change: str
    url: str | None


def key_figure_cards(table: Table, link: LinkTarget) -> list[KeyFigure]:
    cards = []
    for label, now, before in table.rows:
        kind = now.kind or "int"
        cards.append(
            KeyFigure(
                label=label.value,
                value=format_value(now.value, kind),
                previous=format_value(before.value, kind),
                change=format_change(now.value, before.value, kind),
                url=link.url(now.tickets) if now.value else None,
            )
        )
    return cards


# --- charts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    summary: str
    svg: str  # safe: built by pygal from our numbers and escaped labels
    table: ShownTable


def _number(value: float) -> str:
    """Axis and value labels in the person's number format (pygal writes "0.5")."""
    return formats.number_format(value, 0 if float(value).is_integer() else 1)


def _count_axis(top: int) -> list[int]:
    """Whole numbers on a count axis (pygal would draw 0.2, 0.4…), about six of them."""
    step = max(1, math.ceil(top / 6))
    return list(range(0, top + step, step)) if top else [0, 1]


def _config(**options) -> pygal.Config:
    options.setdefault("value_formatter", _number)
    config = pygal.Config(
        js=[],  # no script from a CDN (pygal's tooltips): links and tables instead
        disable_xml_declaration=True,
        style=STYLE,
        width=800,
        height=360,
        legend_at_bottom=False,
        truncate_legend=-1,
        truncate_label=-1,
        print_values=False,
        show_y_guides=True,
        margin=12,
        **options,
    )
    return config


def _accessible_svg(title: str) -> Callable:
    """Name the SVG after the chart (pygal titles it "Pygal"), mark it as a group of links
    (a role="img" would hide the bars' links from screen readers) and drop pygal's inline
    script configuration (no script at all runs in the chart)."""

    def named(root):
        # pygal writes its configuration for its scripts even without them: nothing reads it.
        for parent in list(root.iter()):
            for child in list(parent):
                if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                    parent.remove(child)
        for child in root:
            if isinstance(child.tag, str) and child.tag.endswith("title"):
                child.text = title
                break
        root.attrib["role"] = "group"
        root.attrib["aria-label"] = title
        root.attrib["focusable"] = "false"
        return root

    return named


def _render(chart, title: str) -> str:
    chart.add_xml_filter(_accessible_svg(title))
    return chart.render(is_unicode=True)


def _point(value: float | int | None, url: str | None, label: str) -> dict:
    point: dict[str, Any] = {"value": value, "label": label}
    if url:
        point["xlink"] = {"href": url, "target": "_self", "aria-label": label}
    return point


def _labelled(label: str, value: str) -> str:
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


def _short_date(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def volume_chart(dashboard: Dashboard, link: LinkTarget) -> Chart | None:
    table = dashboard.volume_table()
    if table.is_empty:
        return None
    title = table.title
    chart = pygal.StackedBar(
        _config(
            x_label_rotation=-45 if len(table.rows) > 12 else 0,
            show_minor_x_labels=False,
            y_labels=_count_axis(max(row[-1].value for row in table.rows)),
        )
    )
    labels = [_short_date(row[0].value) for row in table.rows]
    chart.x_labels = labels
    chart.x_labels_major = labels[:: max(1, len(labels) // 12)]
    brique_columns = table.columns[1:-1]
    totals = []
    for index, column in enumerate(brique_columns, start=1):
        points = []
        for row, day in zip(table.rows, labels, strict=True):
            cell = row[index]
            text = _labelled(f"{column.label}, {day}", format_value(cell.value, "int"))
            points.append(_point(cell.value or None, link.url(cell.tickets), text))
        chart.add(column.label, points)
        totals.append((sum(row[index].value for row in table.rows), column.label))
    count, brique = max(totals, key=lambda item: (item[0], item[1]))
    summary = _(
        "%(total)s tickets submitted in the period. Most tickets: %(brique)s (%(count)s)."
    ) % {
        "total": format_value(sum(total for total, _b in totals), "int"),
        "brique": brique,
        "count": format_value(count, "int"),
    }
    return Chart("volume", title, summary, _render(chart, title), shown_table(table, link))


def backlog_chart(dashboard: Dashboard, link: LinkTarget) -> Chart | None:
    table = dashboard.backlog_table()
    if table.is_empty:
        return None
    title = table.title
    chart = pygal.Bar(
        _config(
            show_legend=False,
            y_labels=_count_axis(max(row[1].value for row in table.rows)),
        )
    )
    chart.x_labels = [row[0].value for row in table.rows]
    chart.add(
        _("Tickets"),
        [
            _point(
                count.value or None,
                link.url(count.tickets),
                _labelled(age.value, format_value(count.value, "int")),
            )
            for age, count in table.rows
        ],
    )
    age, count = max(table.rows, key=lambda row: row[1].value)
    summary = _(
        "%(total)s open tickets at the end of the period; the largest group: %(age)s (%(count)s)."
    ) % {
        "total": format_value(dashboard.figures.backlog, "int"),
        "age": age.value,
        "count": format_value(count.value, "int"),
    }
    return Chart("backlog_ageing", title, summary, _render(chart, title), shown_table(table, link))


def service_levels_chart(dashboard: Dashboard, link: LinkTarget) -> Chart | None:
    table = dashboard.service_levels_table()
    if table.is_empty:
        return None
    title = table.title
    chart = pygal.Bar(
        _config(
            range=(0, 100),
            y_labels=[0, 20, 40, 60, 80, 100],
            value_formatter=lambda value: format_value(value / 100, "percent"),
        )
    )
    chart.x_labels = [row[0].value for row in table.rows]
    for index, column in ((1, table.columns[1]), (3, table.columns[3])):
        chart.add(
            column.label,
            [
                _point(
                    None if row[index].value is None else row[index].value * 100,
                    link.url(row[index].tickets) if row[index].value else None,
                    _labelled(
                        f"{row[0].value}, {column.label}",
                        format_value(row[index].value, "percent"),
                    ),
                )
                for row in table.rows
            ],
        )
    measured = [row for row in table.rows if row[3].value is not None]
    if measured:
        lowest = min(measured, key=lambda row: row[3].value)
        summary = _("Lowest share of tickets resolved within target: %(brique)s (%(share)s).") % {
            "brique": lowest[0].value,
            "share": format_value(lowest[3].value, "percent"),
        }
    else:
        lowest = min(table.rows, key=lambda row: row[1].value)
        summary = _("Lowest share of tickets owned within target: %(brique)s (%(share)s).") % {
            "brique": lowest[0].value,
            "share": format_value(lowest[1].value, "percent"),
        }
    return Chart("service_levels", title, summary, _render(chart, title), shown_table(table, link))


def satisfaction_chart(dashboard: Dashboard, link: LinkTarget) -> Chart | None:
    table = dashboard.satisfaction_table()
    if table.is_empty:
        return None
    title = table.title
    chart = pygal.Line(
        _config(
            show_legend=False,
            range=(1, 4),
            y_labels=[1, 2, 3, 4],
            value_formatter=lambda value: format_value(value, "decimal"),
            x_label_rotation=-45 if len(table.rows) > 12 else 0,
        )
    )
    labels = [_short_date(row[0].value) for row in table.rows]
    chart.x_labels = labels
    chart.add(
        _("Average (1 to 4)"),
        [
            _point(
                average.value,
                link.url(average.tickets),
                _labelled(day, format_value(average.value, "decimal")),
            )
            for day, (_step, average, _count) in zip(labels, table.rows, strict=True)
        ],
    )
    summary = _("Average rating %(average)s out of 4 over %(count)s ratings.") % {
        "average": format_value(dashboard.figures.satisfaction_average, "decimal"),
        "count": format_value(dashboard.figures.rated, "int"),
    }
    return Chart("satisfaction", title, summary, _render(chart, title), shown_table(table, link))


def funnel_chart(dashboard: Dashboard, link: LinkTarget) -> Chart | None:
    table = dashboard.self_service_table()
    if table.is_empty:
        return None
    title = table.title
    chart = pygal.HorizontalBar(
        _config(
            show_legend=False,
            y_labels=_count_axis(max(row[1].value for row in table.rows)),
        )
    )
    # Horizontal bars are drawn bottom up: reversed, the first step reads at the top.
    rows = list(reversed(table.rows))
    chart.x_labels = [row[0].value for row in rows]
    chart.add(
        _("Attempts"),
        [
            _point(
                count.value or None, None, _labelled(step.value, format_value(count.value, "int"))
            )
            for step, count, _share in rows
        ],
    )
    figures = dashboard.figures
    summary = _(
        "%(solved)s of %(attempts)s visits to a ticket form solved without a ticket (%(rate)s)."
    ) % {
        "solved": format_value(figures.solved_without_ticket, "int"),
        "attempts": format_value(figures.attempts, "int"),
        "rate": format_value(figures.self_service_rate, "percent"),
    }
    return Chart("self_service", title, summary, _render(chart, title), shown_table(table, link))


def heat_map(dashboard: Dashboard, link: LinkTarget) -> tuple[ShownTable, str] | None:
    """The brique × school table with shaded cells (the counts written in them)."""
    table = dashboard.brique_school_table()
    if table.is_empty:
        return None
    best = max(
        ((cell.value, row[0].value, column.label)
         for row in table.rows
         for cell, column in zip(row[1:], table.columns[1:], strict=True)),
        key=lambda item: item[0],
    )  # fmt: skip
    summary = _("Most tickets: %(brique)s at %(school)s (%(count)s).") % {
        "brique": best[1],
        "school": best[2],
        "count": format_value(best[0], "int"),
    }
    return shown_table(table, link, heat=True), summary


def charts(dashboard: Dashboard, link: LinkTarget) -> list[Chart]:
    built = (
        volume_chart(dashboard, link),
        backlog_chart(dashboard, link),
        service_levels_chart(dashboard, link),
        satisfaction_chart(dashboard, link),
        funnel_chart(dashboard, link),
    )
    return [chart for chart in built if chart is not None]


def article_tables(dashboard: Dashboard, link: LinkTarget) -> list[ShownTable]:
    return [shown_table(table, link) for table in dashboard.article_tables()]
