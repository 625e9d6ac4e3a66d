import pytest

from tests.factories import UserFactory

pytest_plugins = ["tests.oidc.fixtures"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test accounts do not need a slow, secure hash; it would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: SQLite reuses the ids of rolled-back rows, so a
    per-person cache entry (the admin sidebar) could otherwise outlive its test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With --reuse-db, the kept test database is as the last session left it: emptied by the
    flush that follows every transactional test (live-server and browser tests), which also
    removes what data migrations created. Put back what a fresh migrate gives, so that a repeat
    run sees the same database as a first one."""
    with django_db_blocker.unblock():
        _restore_migration_data()


def _restore_migration_data() -> None:
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    from portal.services.roles import ensure_role_groups

    if Page.get_first_root_node() is not None:
        return
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    root = Page.add_root(title="Root", slug="root")
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": welcome}
    )
    ensure_role_groups()
