"""The French catalog is complete: every string of the code and templates has a translation.

Runs `makemessages` on a copy of the sources, so a string added without its translation, or a
translation left fuzzy, fails here rather than reaching users in English.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "portal",
    "helpdesk",
    "search",
    "knowledge",
    "widget",
    "templates",
    "locale",
    "manage.py",
]


def test_french_catalog_is_complete(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
        elif source.exists():
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "--no-obsolete",
            "--ignore=node_modules",
            "--ignore=.venv",
            "-v",
            "0",
        ],
        cwd=tmp_path,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        },
    )
    catalog = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(catalog)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert re.fullmatch(r"\d+ translated messages?\.\n", stats), (
        f"French catalog incomplete: {stats.strip()} — run `make messages` and translate."
    )


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "npgettext"}


def test_no_translation_call_inside_an_f_string():
    """makemessages (xgettext) does not read inside f-strings: a `_("…")` there never reaches
    the catalog, and the next catalog update drops its translation (the queue's due dates once
    showed "Own by" in a French page). Call gettext outside, then format."""
    import ast

    found = []
    for name in SOURCES:
        source = ROOT / name
        files = source.rglob("*.py") if source.is_dir() else [source]
        for path in files:
            if path.suffix != ".py" or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for inner in ast.walk(node):
                    func = getattr(inner, "func", None)
                    if isinstance(inner, ast.Call) and getattr(func, "id", None) in GETTEXT_NAMES:
                        found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert found == [], "gettext inside an f-string: " + ", ".join(found)
