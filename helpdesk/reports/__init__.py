"""Analysis and follow-up of requests at group scale: the figures of the reports dashboard.

- `period`: the days a report covers, its presets and the previous period to compare with;
- `query`: who asks (their scope) and what they filter on, as one value (`ReportQuery`);
- `aggregates`: a percentile aggregate that gives the same numbers on SQLite and PostgreSQL;
- `figures`: the key figures, each an aggregate query over tickets (never a Python loop);
- `series`: the chart series (volume over time, backlog ageing, service levels per brique,
  brique × school, satisfaction trend, self-service funnel, articles);
- `dashboard`: everything above as tables, used alike by the page, the exports, the monthly
  summary e-mail and the API.
"""
