#!/usr/bin/env python
"""Measure the staff queue, the ticket page and ticket creation under concurrent load, beside a
reference view (one template, one indexed query), in one run on 127.0.0.1.

    DATABASE_URL=postgres://guichet:guichet@127.0.0.1:5432/guichet_bench \\
        .venv/bin/python benchmarks/run.py --ensure-tickets 100000

It starts gunicorn with `benchmarks.settings` (DEBUG off, persistent connections), signs in the
demo technician and a demo requester with the local sign-in form, then sends a bounded number
of requests (and never more than `--seconds` per endpoint) from a pool of threads, each with its
own keep-alive connection. It prints requests per second per endpoint and the ratio to the
reference (target: at least 40 % for the queue and the ticket page), and checks that every
ticket creation answered by a redirect is in the database, with its reference and its process.

The client shares the machine with the server: numbers are comparable within one run, not
across machines. Exit status 1 when a target is missed or a creation is lost.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.40


# --- a small HTTP client ------------------------------------------------------------------------


class Session:
    """Cookies of one signed-in person, and one keep-alive connection per thread."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        if getattr(self._local, "connection", None) is None:
            self._local.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self._local.connection

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, bytes]:
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            connection = self._connection()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # The server closed the keep-alive connection: open a new one, once.
                connection.close()
                self._local.connection = None
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, response.headers.get("Location", ""), content

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/connexion/")
        status, location, _ = self.request(
            "POST",
            "/connexion/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Could not sign in as {username!r} (HTTP {status}).")


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    session: Session
    method: str
    path: str
    form_for: object = None  # callable(i) -> dict, for POSTs
    ok_status: int = 200
    target: float | None = None


@dataclass
class Result:
    endpoint: Endpoint
    sent: int = 0
    ok: int = 0
    errors: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def merge(parts: list[Result]) -> Result:
    """One endpoint's rounds as one result: requests and seconds added up."""
    merged = Result(parts[0].endpoint)
    for part in parts:
        merged.sent += part.sent
        merged.ok += part.ok
        merged.latencies += part.latencies
        merged.seconds += part.seconds
        for status, count in part.errors.items():
            merged.errors[status] = merged.errors.get(status, 0) + count
    return merged


def measure(
    endpoint: Endpoint, requests: int, concurrency: int, seconds: float, warmup: int
) -> Result:
    result = Result(endpoint)
    lock = threading.Lock()
    counter = iter(range(10**9))

    def one(_index: int, record: bool) -> None:
        if record and time.monotonic() > deadline:
            return
        with lock:
            number = next(counter)
        form = endpoint.form_for(number) if endpoint.form_for else None
        started = time.perf_counter()
        status, _location, _body = endpoint.session.request(endpoint.method, endpoint.path, form)
        elapsed = time.perf_counter() - started
        if not record:
            return
        with lock:
            result.sent += 1
            if status == endpoint.ok_status:
                result.ok += 1
                result.latencies.append(elapsed)
            else:
                result.errors[status] = result.errors.get(status, 0) + 1

    deadline = time.monotonic() + seconds
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda i: one(i, False), range(warmup)))
        deadline = time.monotonic() + seconds
        started = time.perf_counter()
        list(pool.map(lambda i: one(i, True), range(requests)))
        result.seconds = time.perf_counter() - started
    return result


# --- the run ------------------------------------------------------------------------------------


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_tickets(count: int) -> None:
    from django.core.management import call_command

    from helpdesk.models import Ticket
    from portal.models import BriquePage

    if not BriquePage.objects.exists():
        print("Loading the demo content (briques, chains, accounts)...")
        call_command("load_demo", verbosity=0)
    missing = count - Ticket.objects.count()
    if missing > 0:
        print(f"Generating {missing} tickets...")
        call_command("generate_tickets", count=missing, messages=3)


def start_server(port: int, workers: int, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    # Several workers importing the site take a while on a busy two-core machine.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped at start-up.")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/connexion/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 180 s.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--concurrency", type=int, default=8, help="Client threads.")
    parser.add_argument("--requests", type=int, default=1000, help="Requests per endpoint.")
    parser.add_argument(
        "--create-requests",
        type=int,
        default=300,
        help="Ticket creations (each one is a real ticket).",
    )
    parser.add_argument("--seconds", type=float, default=30, help="Time limit per endpoint.")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="Interleaved rounds over the pages (each gets --requests and --seconds in all).",
    )
    parser.add_argument(
        "--ensure-tickets",
        type=int,
        default=0,
        help="Generate tickets until there are at least this many.",
    )
    parser.add_argument("--technician", default="technicien")
    parser.add_argument("--requester", default="etudiant")
    parser.add_argument("--password", default="guichet-demo")
    parser.add_argument(
        "--queue-url",
        default="/admin/tickets/queue/team/",
        help="The technician's queue (Wagtail admin).",
    )
    parser.add_argument(
        "--ticket-url",
        default="/admin/tickets/{reference}/",
        help="The staff ticket page; {reference} is replaced.",
    )
    parser.add_argument(
        "--create-url",
        default="/demandes/nouvelle/{brique_id}/",
        help="The requester's ticket form; {brique_id} is replaced.",
    )
    options = parser.parse_args()

    if not options.database_url.startswith(("postgres://", "postgresql://")):
        print(
            "warning: the target is PostgreSQL (DATABASE_URL=postgres://...); SQLite numbers "
            "say little under concurrent load.",
            file=sys.stderr,
        )
    django_setup(options.database_url)
    if options.ensure_tickets:
        ensure_tickets(options.ensure_tickets)

    from django.db import connection

    from helpdesk.models import FINAL_STATUSES, Ticket
    from portal.models import BriquePage, User

    technician = User.objects.get(username=options.technician)
    requester = User.objects.get(username=options.requester)
    busiest = (
        Ticket.objects.filter(assignee=technician)
        .exclude(status__in=FINAL_STATUSES)
        .order_by("-created_at")
        .first()
        or Ticket.objects.visible_to(technician).order_by("-created_at").first()
    )
    if busiest is None:
        raise SystemExit("No ticket visible to the technician: use --ensure-tickets.")
    brique = BriquePage.objects.live().filter(categories__isnull=False).order_by("pk").first()
    category = brique.categories.order_by("pk").first()
    total = Ticket.objects.count()
    connection.close()

    server = start_server(options.port, options.workers, options.database_url)
    try:
        staff = Session(options.port)
        staff.sign_in(options.technician, options.password)
        person = Session(options.port)
        person.sign_in(options.requester, options.password)

        def new_ticket(number: int) -> dict:
            return {
                "csrfmiddlewaretoken": person.cookies["csrftoken"],
                "kind": "incident",
                "category": str(category.pk) if category else "",
                "title": f"Test de charge {number}",
                "description": "Ticket créé par le banc de mesure.",
                "impact": "3",
                "urgency": "3",
                "watchers": "",
            }

        reference = Endpoint(
            "reference view", staff, "GET", f"/bench/reference/{busiest.reference}/"
        )
        endpoints = [
            reference,
            Endpoint("empty admin page", staff, "GET", "/admin/bench-frame/"),
            Endpoint("technician queue", staff, "GET", options.queue_url, target=TARGET_RATIO),
            Endpoint(
                "ticket page",
                staff,
                "GET",
                options.ticket_url.format(reference=busiest.reference),
                target=TARGET_RATIO,
            ),
            Endpoint(
                "ticket creation",
                person,
                "POST",
                options.create_url.format(brique_id=brique.pk),
                form_for=new_ticket,
                ok_status=302,
            ),
        ]
        for endpoint in endpoints[1:]:
            status, location, _ = endpoint.session.request(
                "GET", endpoint.path if endpoint.method == "GET" else endpoint.path
            )
            if status != 200:
                raise SystemExit(
                    f"{endpoint.name}: GET {endpoint.path} answers {status} "
                    f"{location}: check the URL options."
                )

        created_before = Ticket.objects.filter(requester=requester).count()
        connection.close()
        print(
            f"{total} tickets; gunicorn {options.workers} workers; {options.concurrency} "
            f"client threads; up to {options.requests} requests or {options.seconds:.0f} s "
            "per endpoint\n"
        )
        # The pages are measured in interleaved rounds (reference, empty admin page, queue,
        # ticket page, then again): the machine's speed drifts during a run (workers warming
        # up, other load), and each page then shares the reference's conditions.
        reads = [endpoint for endpoint in endpoints if endpoint.method == "GET"]
        rounds = max(1, options.rounds)
        per_round = max(1, options.requests // rounds)
        by_round: list[list[Result]] = [
            [
                measure(
                    endpoint,
                    per_round,
                    options.concurrency,
                    options.seconds / rounds,
                    options.warmup if number == 0 else 0,
                )
                for endpoint in reads
            ]
            for number in range(rounds)
        ]
        results = [merge([row[i] for row in by_round]) for i in range(len(reads))]
        results += [
            measure(endpoint, options.create_requests, options.concurrency, options.seconds, 0)
            for endpoint in endpoints
            if endpoint.method != "GET"
        ]
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # workers slow to stop on a busy machine
            server.kill()
            server.wait()

    reference_rps = results[0].rps
    spreads = {
        i: [row[i].rps / row[0].rps if row[0].rps else 0 for row in by_round]
        for i in range(1, len(by_round[0]))
    }
    created = results[-1]
    created_after = Ticket.objects.filter(requester=requester).count()
    new = Ticket.objects.filter(requester=requester).order_by("-pk")[: created.ok]
    incomplete = sum(1 for t in new if not (t.reference and t.process_id))
    lost = created.ok - (created_after - created_before)

    failed = False
    print(
        f"{'endpoint':<18} {'sent':>6} {'ok':>6} {'errors':>8} {'req/s':>8} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'vs ref':>7}  target (each round)"
    )
    for index, result in enumerate(results):
        ratio = result.rps / reference_rps if reference_rps else 0
        verdict = ""
        if result.endpoint.target is not None:
            passed = ratio >= result.endpoint.target
            failed |= not passed
            verdict = f"≥ {result.endpoint.target:.0%} {'ok' if passed else 'MISSED'}"
        errors = sum(result.errors.values())
        failed |= bool(errors)
        print(
            f"{result.endpoint.name:<18} {result.sent:>6} {result.ok:>6} {errors:>8} "
            f"{result.rps:>8.1f} {result.percentile(0.5):>7.1f} {result.percentile(0.95):>7.1f} "
            f"{ratio:>7.0%}  {verdict}"
            + (f" ({', '.join(f'{r:.0%}' for r in spreads[index])})" if index in spreads else "")
        )
    print(
        f"\nCreation: {created.ok} answered with a redirect, {created_after - created_before} "
        f"new tickets in the database, {max(lost, 0)} lost, {incomplete} without reference "
        "or process."
    )
    failed |= lost != 0 or incomplete != 0
    if any(r.errors for r in results):
        print(
            "HTTP errors: "
            + "; ".join(f"{r.endpoint.name}: {r.errors}" for r in results if r.errors)
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
