"""`manage.py search_index --rebuild`: index every findable object again, with progress."""

from django.core.management.base import BaseCommand

from search import get_engine
from search.indexing import all_documents


class Command(BaseCommand):
    help = "Rebuild the search index (articles, brique pages, tickets) on the configured engine."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Forget the index and index everything again."
        )
        parser.add_argument(
            "--check", action="store_true", help="Say which engine and analysis are in force."
        )

    def handle(self, *args, rebuild: bool = False, check: bool = False, **options):
        engine = get_engine()
        if check:
            analysis = engine.analysis() if hasattr(engine, "analysis") else "french (Python)"
            self.stdout.write(f"Engine: {type(engine).__name__}; analysis: {analysis or 'none'}")
        if not rebuild:
            if not check:
                self.stdout.write("Nothing to do: pass --rebuild or --check.")
            return
        # Elasticsearch builds a new index and swaps its alias at the end (no downtime); the
        # database engine replaces its entries in one transaction.
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
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))

    def _progress(self, kind: str, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"  {kind:<8} [{bar}] {done}/{total}")
