"""Production mode: refuses to start without its secrets, passes `check --deploy` with them.

Each case runs manage.py in a subprocess, since settings are read once per process."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUICHET_", "DATABASE_"))
    }
    # Empty values hide any developer .env file (real environment variables win over it).
    environment.update(DJANGO_SECRET_KEY="", DJANGO_ALLOWED_HOSTS="")
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key_and_allowed_hosts():
    result = run_manage("check", GUICHET_MODE="production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage(
        "check", GUICHET_MODE="production", DJANGO_SECRET_KEY=secrets.token_urlsafe(50)
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GUICHET_MODE="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="guichet.insa.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_starts_without_any_variable():
    result = run_manage("check", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    read = set(
        re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", (ROOT / "portal/settings.py").read_text())
    )
    listed = set(re.findall(r"^# ([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - listed == set()
