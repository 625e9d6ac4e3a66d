"""The report's independent scans on worker connections (helpdesk/reports/parallel.py) give
the figures of the same scans run one after the other: on PostgreSQL, with committed rows
(a transactional test: worker connections cannot see a test transaction's rows), and the
worker path really taken (each worker's connection is a backend of its own)."""

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from helpdesk.reports import parallel, rollup
from helpdesk.reports.dashboard import build_dashboard
from helpdesk.reports.period import Period
from helpdesk.reports.query import ReportQuery
from tests.postgresql import only_on_postgresql
from tests.reports.known_tickets import MARCH, NOW, load_march

pytestmark = [
    pytest.mark.django_db(transaction=True),
    only_on_postgresql("worker connections are used there only"),
]


def test_side_by_side_scans_give_the_serial_figures(settings, monkeypatch):
    desk, _tickets = load_march()
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=True):
        assert rollup.refresh_rollup(NOW).rolled_through == date(2026, 4, 14)
    queries = [
        ReportQuery(period=MARCH, user=desk.admin, now=NOW),
        ReportQuery(period=MARCH, user=desk.moderator, now=NOW),
        ReportQuery(period=Period(date(2026, 2, 1), date(2026, 4, 15)), user=desk.admin, now=NOW),
    ]

    backends = set()
    real_run = parallel.run_side_by_side

    def watched(*calls, session):
        def noting(call):
            def run():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    backends.add((threading.get_ident(), cursor.fetchone()[0]))
                return call()

            return run

        return real_run(*(noting(call) for call in calls), session=session)

    monkeypatch.setattr(parallel, "run_side_by_side", watched)
    settings.GUICHET_REPORT_QUERY_WORKERS = 3
    side_by_side = [build_dashboard(query).figures for query in queries]
    assert len({pid for _thread, pid in backends}) >= 2  # other connections did the work
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    assert own not in {pid for _thread, pid in backends}

    settings.GUICHET_REPORT_QUERY_WORKERS = 1
    backends.clear()
    serial = [build_dashboard(query).figures for query in queries]
    assert {pid for _thread, pid in backends} == {own}
    assert side_by_side == serial
    assert (serial[0].created, serial[0].resolved, serial[0].backlog) == (6, 3, 3)
    assert serial[0].tto_median is not None and serial[0].ttr_p90 is not None
