"""A continuous percentile that gives the same number on PostgreSQL and SQLite.

PostgreSQL has `percentile_cont(p) WITHIN GROUP (ORDER BY x)`. SQLite has no percentile
function (only as a compile-time extension that Python's build does not include), so Guichet
registers one on each SQLite connection (`register_sqlite_functions`, connected in
`HelpdeskConfig.ready`): it collects the group's values and interpolates exactly as
`percentile_cont` does, at position p × (n − 1) of the sorted values. It runs inside the
aggregate query, so a report stays one query on both engines; tests compare the two."""

from __future__ import annotations

import json
import math

from django.db.models import Aggregate, Field, FloatField


class Percentile(Aggregate):
    """`Percentile("time_to_resolve_seconds", 0.9, filter=Q(...))`: None over no rows."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction between 0 and 1.")
        # A float literal in the SQL: formatted here, never taken from user input.
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # A copy with SQLite's spelling (Aggregate.as_sql takes the template from the object
        # when it wraps it in FILTER (WHERE ...)).
        clone = self.copy()
        clone.function = SQLITE_FUNCTION
        clone.template = "%(function)s(%(expressions)s, %(fraction)s)"
        return super(Percentile, clone).as_sql(compiler, connection, **extra_context)


class FloatList(Field):
    """The type of `Percentiles`: psycopg gives PostgreSQL's float8[] as a list, SQLite's
    function returns JSON text."""

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return json.loads(value) if isinstance(value, str) else value


class Percentiles(Aggregate):
    """`Percentiles("time_to_own_seconds", (0.5, 0.9), filter=Q(...))`: the list of those
    percentiles from one sort of the column (PostgreSQL's `percentile_cont(ARRAY[...])`),
    None over no rows. Two `Percentile`s of one column sort it twice."""

    function = "PERCENTILE_CONT"
    name = "Percentiles"
    output_field = FloatList()
    template = "%(function)s(ARRAY[%(fractions)s]) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, fractions, **extra):
        fractions = [float(f) for f in fractions]
        if not fractions or not all(0 <= f <= 1 for f in fractions):
            raise ValueError("Percentiles are fractions between 0 and 1.")
        # Float literals in the SQL: formatted here, never taken from user input.
        literal = ", ".join(f"{f!r}::float8" for f in fractions)
        super().__init__(expression, fractions=literal, **extra)
        self.fraction_list = fractions

    def as_sqlite(self, compiler, connection, **extra_context):
        clone = self.copy()
        clone.function = SQLITE_MANY_FUNCTION
        clone.template = "%(function)s(%(expressions)s, '%(fractions)s')"
        clone.extra = {**clone.extra, "fractions": json.dumps(self.fraction_list)}
        return super(Percentiles, clone).as_sql(compiler, connection, **extra_context)


SQLITE_FUNCTION = "guichet_percentile_cont"
SQLITE_MANY_FUNCTION = "guichet_percentiles_cont"


class _PercentileCont:
    """The SQLite aggregate: percentile_cont over the non-null values."""

    def __init__(self):
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value, fraction):
        if value is not None:
            self.values.append(value)
        self.fraction = fraction

    def finalize(self):
        return percentile_cont(self.values, self.fraction)


class _PercentilesCont:
    """The SQLite aggregate of `Percentiles`: one list of values, a JSON list of results."""

    def __init__(self):
        self.values: list[float] = []
        self.fractions = "[]"

    def step(self, value, fractions):
        if value is not None:
            self.values.append(value)
        self.fractions = fractions

    def finalize(self):
        if not self.values:
            return None
        self.values.sort()
        return json.dumps([percentile_cont(self.values, f) for f in json.loads(self.fractions)])


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont: linear interpolation between the two closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower = math.floor(position)
    upper = math.ceil(position)
    if lower == upper:
        return float(ordered[lower])
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: add the percentile aggregate to SQLite connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_FUNCTION, 2, _PercentileCont)
        connection.connection.create_aggregate(SQLITE_MANY_FUNCTION, 2, _PercentilesCont)
