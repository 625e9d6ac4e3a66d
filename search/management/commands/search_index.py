"""`manage.py search_index`: check the engine, rebuild the index, catch up failed updates.

--check     the engine in force, its server and version, the analysis of the live index
            ("full French" or "fallback: <what the server lacks>"), pending updates;
            fails when the engine cannot be reached.
--rebuild   index every findable object again, with progress (Elasticsearch: a new index,
            then an alias swap, no downtime; database: in one transaction).
--catch-up  retry the updates that failed while the engine was down (search.pending).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from search import get_engine
from search.contract import SearchUnavailable
from search.indexing import all_documents
from search.models import PendingIndexOperation
from search.pending import catch_up, forget_before


class Command(BaseCommand):
    help = "Check, rebuild or catch up the search index (articles, brique pages, tickets)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Forget the index and index everything again."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Say which engine, server version and analysis are in force.",
        )
        parser.add_argument(
            "--catch-up",
            action="store_true",
            help="Retry the index updates that failed while the engine was unavailable.",
        )

    def handle(self, *args, rebuild=False, check=False, catch_up=False, **options):
        if not (rebuild or check or catch_up):
            raise CommandError("Nothing to do: pass --check, --rebuild or --catch-up.")
        engine = get_engine()
        if check:
            self._check(engine)
        if rebuild:
            self._rebuild(engine)
        if catch_up:
            self._catch_up(engine)

    def _check(self, engine) -> None:
        if not hasattr(engine, "status"):
            vendor = {"postgresql": "PostgreSQL full text", "sqlite": "SQLite FTS5"}.get(
                connection.vendor, connection.vendor
            )
            self.stdout.write(f"Engine: database ({vendor})")
            self.stdout.write("Analysis: full French (Python, search.text)")
        else:
            try:
                status = engine.status()
            except SearchUnavailable as error:
                message = f"Elasticsearch at {engine.url} is unreachable: {error}"
                raise CommandError(message) from None
            self.stdout.write(f"Engine: Elasticsearch at {status['url']}")
            self.stdout.write(
                f"Server: Elasticsearch {status['version']} (modules: "
                f"{', '.join(status['modules']) or 'unknown'})"
            )
            if status["indices"]:
                self.stdout.write(
                    f"Index: {status['alias']} -> {', '.join(status['indices'])}, "
                    f"{status['documents']} documents"
                )
                self.stdout.write(f"Analysis: {status['analysis'].describe()}")
            else:
                self.stdout.write(f"Index: {status['alias']} not created yet")
            self.stdout.write(f"New indices get: {status['supported'].describe()}")
        self.stdout.write(f"Pending index updates: {PendingIndexOperation.objects.count()}")

    def _rebuild(self, engine) -> None:
        started = timezone.now()
        try:
            with engine.rebuilding() as writer:
                for count, documents in all_documents():
                    done = 0
                    for document in documents():
                        writer.index(document)
                        done += 1
                        if done % 200 == 0 or done == count:
                            self._progress(document.kind, done, count)
                    if not done:
                        self.stdout.write("  nothing to index")
        except SearchUnavailable as error:
            raise CommandError(f"The search engine is unavailable: {error}") from None
        forgotten = forget_before(started)
        if forgotten:
            self.stdout.write(f"  {forgotten} pending updates covered by the rebuild")
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))

    def _catch_up(self, engine) -> None:
        result = catch_up(engine)
        self.stdout.write(f"Caught up {result.done} index updates; {result.remaining} pending.")
        if result.remaining and result.error:
            raise CommandError(f"The search engine is still unavailable: {result.error}")

    def _progress(self, kind: str, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"  {kind:<8} [{bar}] {done}/{total}")
