"""Settings for the benchmark only: the site's settings, as in production where it matters for
speed (DEBUG off, persistent database connections, cached templates), plus the reference view.

Not a production configuration: it serves plain HTTP on 127.0.0.1 and keeps the development
secret key when none is given. Use it only through `benchmarks/run.py`.
"""

from portal.settings import *  # noqa: F403  (extends every site setting, as a settings file does)
from portal.settings import BASE_DIR, DATABASES, TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Production keeps connections open (portal.settings does so in production mode); without it
# every request pays a new PostgreSQL connection and the numbers mean nothing.
DATABASES["default"]["CONN_MAX_AGE"] = 60
ROOT_URLCONF = "benchmarks.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]
# Plain HTTP on the loopback: no HTTPS redirect nor secure-only cookies.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
