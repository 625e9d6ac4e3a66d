"""Every figure and series of a report, computed once, and the tables built from them.

`build_dashboard` is the one entry point: the dashboard page, the CSV and XLSX exports, the
monthly summary e-mail and the API all call it (or `key_figures` alone), so that they can
never disagree. It runs a fixed number of queries whatever the number of tickets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import BriquePage, Establishment

from ..models import ReportRollupState, TicketStatus
from . import rollup
from .figures import AGE_BUCKETS, RATINGS, KeyFigures, key_figures, report_session
from .query import ReportQuery
from .series import (
    ArticleRankings,
    BriqueLevels,
    article_rankings,
    brique_by_school,
    rolled_series,
    satisfaction_over_time,
    self_service_funnel,
    service_levels_per_brique,
    steps,
    volume_over_time,
)
from .tables import Cell, Column, Table

# The queue's rating filter with every rating: the tickets that were rated.
RATED = list(RATINGS)


def age_labels() -> dict[str, str]:
    return {
        "under_2_days": _("under 2 days"),
        "2_to_7_days": _("2 to 7 days"),
        "7_to_30_days": _("7 to 30 days"),
        "over_30_days": _("over 30 days"),
    }


@dataclass
class Dashboard:
    query: ReportQuery
    figures: KeyFigures
    previous: KeyFigures
    briques: dict[int, str]
    schools: dict[int, str]
    steps: list[date]
    volume: dict[tuple[date, int], int]
    levels: dict[int, BriqueLevels]
    matrix: dict[tuple[int, int | None], int]
    satisfaction: dict[date, tuple[float, int]]
    funnel: Any
    articles: ArticleRankings

    @property
    def is_empty(self) -> bool:
        f = self.figures
        return not (f.created or f.resolved or f.closed or f.backlog or f.attempts)

    # --- queue filters behind a number ---------------------------------------------------

    def _filters(self, **extra) -> dict[str, Any]:
        """The queue filters of this report plus `extra` (None values dropped)."""
        query = self.query
        filters: dict[str, Any] = {}
        if len(query.briques) == 1:
            filters["brique"] = query.briques[0]
        if len(query.schools) == 1:
            filters["establishment"] = query.schools[0]
        if query.kind:
            filters["kind"] = query.kind
        if query.priority is not None:
            filters["priority"] = [query.priority]
        if query.category is not None:
            filters["category"] = query.category
        if query.affiliation:
            filters["affiliation"] = query.affiliation
        filters.update({k: v for k, v in extra.items() if v is not None})
        return filters

    def _dates(self, field: str, first: date | None = None, last: date | None = None) -> dict:
        period = self.query.period
        return {
            f"{field}_after": (first or period.start).isoformat(),
            f"{field}_before": (last or period.end).isoformat(),
        }

    def created_filters(self, **extra) -> dict[str, Any]:
        return self._filters(**self._dates("created_at"), **extra)

    def resolved_filters(self, **extra) -> dict[str, Any]:
        return self._filters(**self._dates("resolved_at"), **extra)

    def closed_filters(self, first: date | None = None, last: date | None = None, **extra):
        return self._filters(
            status=[TicketStatus.CLOSED], **self._dates("closed_at", first, last), **extra
        )

    def backlog_filters(self, **extra) -> dict[str, Any]:
        # The queue's "open at the end of" applies the backlog's own rule at that day's end.
        return self._filters(open_at=self.query.period.end.isoformat(), **extra)

    def step_days(self, index: int) -> tuple[date, date]:
        """The first and last day of the period in time step `index`."""
        step = self.steps[index]
        last = (
            self.steps[index + 1] - timedelta(days=1)
            if index + 1 < len(self.steps)
            else self.query.period.end
        )
        return max(step, self.query.period.start), last

    # --- tables --------------------------------------------------------------------------

    def tables(self) -> list[Table]:
        return [
            self.figures_table(),
            self.volume_table(),
            self.backlog_table(),
            self.service_levels_table(),
            self.brique_school_table(),
            self.satisfaction_table(),
            self.self_service_table(),
            *self.article_tables(),
        ]

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables() if table.key == key), None)

    def figures_table(self) -> Table:
        now, before = self.figures, self.previous
        hours = 3600

        def seconds(value):
            return None if value is None else value / hours

        rows = [
            ("created", _("Tickets submitted"), now.created, before.created, "int",
             self.created_filters()),
            ("resolved", _("Tickets resolved"), now.resolved, before.resolved, "int",
             self.resolved_filters()),
            ("closed", _("Tickets closed"), now.closed, before.closed, "int",
             self.closed_filters()),
            ("backlog", _("Open backlog at the end of the period"), now.backlog,
             before.backlog, "int", self.backlog_filters()),
            ("tto_median", _("Time to own, median (business hours)"),
             seconds(now.tto_median), seconds(before.tto_median), "hours", None),
            ("tto_p90", _("Time to own, 90th percentile (business hours)"),
             seconds(now.tto_p90), seconds(before.tto_p90), "hours", None),
            ("ttr_median", _("Time to resolve, median (business hours)"),
             seconds(now.ttr_median), seconds(before.ttr_median), "hours", None),
            ("ttr_p90", _("Time to resolve, 90th percentile (business hours)"),
             seconds(now.ttr_p90), seconds(before.ttr_p90), "hours", None),
            # A share links to the tickets it counts (met, reopened, rated).
            ("tto_compliance", _("Time to own within target"), now.tto_compliance,
             before.tto_compliance, "percent", self.created_filters(target_outcome="tto_met")),
            ("ttr_compliance", _("Time to resolve within target"), now.ttr_compliance,
             before.ttr_compliance, "percent", self.resolved_filters(target_outcome="ttr_met")),
            ("reopen_rate", _("Reopen rate"), now.reopen_rate, before.reopen_rate, "percent",
             self.resolved_filters(reopened="true")),
            ("satisfaction", _("Satisfaction, average (1 to 4)"), now.satisfaction_average,
             before.satisfaction_average, "decimal", self.closed_filters(rating=RATED)),
            ("self_service_rate", _("Self-service rate"), now.self_service_rate,
             before.self_service_rate, "percent", None),
            ("problems_open", _("Problems open at the end of the period"),
             now.problems_open, before.problems_open, "int", None),
            ("incidents_per_problem", _("Incidents per open problem"),
             now.incidents_per_problem, before.incidents_per_problem, "decimal", None),
        ]  # fmt: skip
        return Table(
            key="figures",
            title=_("Key figures"),
            columns=[
                Column("figure", _("Figure"), "text"),
                Column("period", _("This period"), "decimal"),
                Column("previous", _("Previous period"), "decimal"),
            ],
            rows=[
                [Cell(label), Cell(value, filters, kind), Cell(old, kind=kind)]
                for _key, label, value, old, kind, filters in rows
            ],
        )

    def volume_table(self) -> Table:
        """One row per time step, one column per brique."""
        briques = sorted({brique for _step, brique in self.volume}, key=self.briques.get)
        columns = [Column("step", _("From"), "date")]
        columns += [Column(f"brique_{b}", self.briques.get(b, "?")) for b in briques]
        columns.append(Column("total", _("Total")))
        rows = []
        for index, step in enumerate(self.steps):
            first, last = self.step_days(index)
            dates = self._dates("created_at", first, last)
            counts = [self.volume.get((step, b), 0) for b in briques]
            rows.append(
                [Cell(first)]
                + [
                    Cell(count, self._filters(brique=b, **dates))
                    for b, count in zip(briques, counts, strict=True)
                ]
                + [Cell(sum(counts), self._filters(**dates))]
            )
        return Table(
            key="volume",
            title=_("Tickets submitted over time, per brique"),
            columns=columns,
            rows=rows if self.volume else [],
        )

    def backlog_table(self) -> Table:
        labels = age_labels()
        end = self.query.period.end
        rows = []
        for key, low, high in AGE_BUCKETS:
            extra = {}
            if low is not None:
                extra["created_at_before"] = (end - low).isoformat()
            if high is not None:
                extra["created_at_after"] = (end - high + timedelta(days=1)).isoformat()
            rows.append(
                [
                    Cell(labels[key]),
                    Cell(self.figures.backlog_ages.get(key, 0), self.backlog_filters(**extra)),
                ]
            )
        return Table(
            key="backlog_ageing",
            title=_("Open backlog by age"),
            columns=[Column("age", _("Age"), "text"), Column("count", _("Tickets"))],
            rows=rows if self.figures.backlog else [],
        )

    def service_levels_table(self) -> Table:
        rows = []
        for brique, levels in sorted(self.levels.items(), key=lambda i: self.briques.get(i[0])):
            owned, resolved = self.created_filters, self.resolved_filters
            rows.append(
                [
                    Cell(self.briques.get(brique, "?")),
                    Cell(
                        _share(levels.tto_met, levels.tto_with_target),
                        owned(brique=brique, target_outcome="tto_met"),
                    ),
                    Cell(levels.tto_with_target, owned(brique=brique, target_outcome="tto_target")),
                    Cell(
                        _share(levels.ttr_met, levels.ttr_with_target),
                        resolved(brique=brique, target_outcome="ttr_met"),
                    ),
                    Cell(
                        levels.ttr_with_target,
                        resolved(brique=brique, target_outcome="ttr_target"),
                    ),
                ]
            )
        return Table(
            key="service_levels",
            title=_("Service levels met, per brique"),
            columns=[
                Column("brique", _("Brique"), "text"),
                Column("tto", _("Time to own within target"), "percent"),
                Column("tto_count", _("Tickets with a time-to-own target")),
                Column("ttr", _("Time to resolve within target"), "percent"),
                Column("ttr_count", _("Tickets with a time-to-resolve target")),
            ],
            rows=rows,
        )

    def brique_school_table(self) -> Table:
        briques = sorted({b for b, _s in self.matrix}, key=self.briques.get)
        schools = sorted({s for _b, s in self.matrix}, key=lambda s: self.schools.get(s, "~"))
        columns = [Column("brique", _("Brique"), "text")]
        columns += [
            Column(f"school_{s}", self.schools.get(s, _("No school")) if s else _("No school"))
            for s in schools
        ]
        rows = []
        for b in briques:
            row = [Cell(self.briques.get(b, "?"))]
            for s in schools:
                count = self.matrix.get((b, s), 0)
                filters = self.created_filters(brique=b, establishment=s) if s else None
                row.append(Cell(count, filters))
            rows.append(row)
        return Table(
            key="brique_school",
            title=_("Tickets submitted per brique and school"),
            columns=columns,
            rows=rows,
        )

    def satisfaction_table(self) -> Table:
        rows = []
        for index, step in enumerate(self.steps):
            if step in self.satisfaction:
                average, count = self.satisfaction[step]
                first, last = self.step_days(index)
                rated = self.closed_filters(first, last, rating=RATED)
                rows.append([Cell(first), Cell(average, rated), Cell(count, rated)])
        return Table(
            key="satisfaction",
            title=_("Satisfaction over time"),
            columns=[
                Column("step", _("From"), "date"),
                Column("average", _("Average (1 to 4)"), "decimal"),
                Column("count", _("Ratings")),
            ],
            rows=rows,
            caption=_("Ratings: %(ratings)s")
            % {
                "ratings": ", ".join(
                    f"{rating}: {self.figures.ratings.get(rating, 0)}" for rating in RATINGS
                )
            },
        )

    def self_service_table(self) -> Table:
        funnel = self.funnel
        steps_ = [
            (_("Visits to a ticket form"), funnel.attempts),
            (_("Shown suggested articles"), funnel.offered),
            (_("Opened an article"), funnel.opened),
            (_("Solved without a ticket"), funnel.solved),
            (_("Submitted a ticket anyway"), funnel.submitted),
            (_("Abandoned"), funnel.abandoned),
        ]
        return Table(
            key="self_service",
            title=_("Self-service funnel"),
            columns=[
                Column("step", _("Step"), "text"),
                Column("count", _("Attempts")),
                Column("share", _("Share of visits"), "percent"),
            ],
            rows=[
                [Cell(label), Cell(count), Cell(_share(count, funnel.attempts))]
                for label, count in steps_
            ]
            if funnel.attempts
            else [],
        )

    def article_tables(self) -> list[Table]:
        articles = self.articles
        title = Column("article", _("Article"), "text")
        votes = [
            Column("helpful", _("Found it helpful")),
            Column("unhelpful", _("Did not")),
        ]
        return [
            Table(
                key="articles_opened",
                title=_("Articles most opened from the ticket form"),
                columns=[title, Column("openings", _("Openings"))],
                rows=[[Cell(a.title), Cell(n)] for a, n in articles.most_opened],
            ),
            Table(
                key="articles_helpful",
                title=_("Articles found most helpful"),
                columns=[title, *votes],
                rows=[[Cell(a.title), Cell(y), Cell(n)] for a, y, n in articles.most_helpful],
            ),
            Table(
                key="articles_unhelpful",
                title=_("Articles found least helpful"),
                columns=[title, *votes],
                rows=[[Cell(a.title), Cell(y), Cell(n)] for a, y, n in articles.least_helpful],
            ),
            Table(
                key="articles_overdue",
                title=_("Articles past their review date"),
                columns=[title, Column("review_due", _("Review due"), "date")],
                rows=[[Cell(a.title), Cell(a.review_due)] for a in articles.overdue],
                caption=_("%(count)s in all") % {"count": articles.overdue_count},
            ),
        ]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def build_dashboard(query: ReportQuery, *, use_rollup: bool = True) -> Dashboard:
    """Every figure, series and table of `query`. `use_rollup=False` computes everything live
    (the tests and the benchmark compare both ways)."""
    if query.now is None:
        query = replace(query, now=timezone.now())
    with report_session(query.user, session_settings=True):
        state = ReportRollupState.objects.filter(pk=1).first() if use_rollup else None
        days = rollup.plan(query, state, read=False)
        if days is None:
            figures = key_figures(query, state=state)
            volume = volume_over_time(query)
            levels = service_levels_per_brique(query)
            matrix = brique_by_school(query)
            satisfaction = satisfaction_over_time(query)
        else:
            counts = rollup.tally(query, days)
            figures = key_figures(query, counts=counts.total)
            series = rolled_series(query, counts)
            volume, levels = series["volume"], series["levels"]
            matrix, satisfaction = series["matrix"], series["satisfaction"]
        brique_ids = {b for _s, b in volume} | set(levels) | {b for b, _s in matrix}
        school_ids = {s for _b, s in matrix if s is not None}
        return Dashboard(
            query=query,
            figures=figures,
            previous=key_figures(query.previous(), state=state),
            briques=dict(BriquePage.objects.filter(pk__in=brique_ids).values_list("pk", "title")),
            schools=dict(Establishment.objects.filter(pk__in=school_ids).values_list("pk", "name")),
            steps=steps(query),
            volume=volume,
            levels=levels,
            matrix=matrix,
            satisfaction=satisfaction,
            funnel=self_service_funnel(query),
            articles=article_rankings(query),
        )
