import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand

from portal.demo import demo_steps, load_demo

# Loggers that report every page save and background task: useful when debugging, noise in
# the progress of a demo load (shown again with --verbosity 2).
CHATTY_LOGGERS = ("django_tasks", "wagtail", "modelsearch")


@contextmanager
def quiet(names: tuple[str, ...]):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load the demo content: schools, providers, accounts, the eight briques with their "
        "chains, and what the other apps add. Creates only what is missing: safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="List the steps without running them."
        )

    def handle(self, *args, **options):
        if options["list"]:
            for step in demo_steps():
                self.stdout.write(f"{step.order:>5}  {step.name}")
            return
        names = CHATTY_LOGGERS if options["verbosity"] < 2 else ()
        with quiet(names):
            load_demo(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
