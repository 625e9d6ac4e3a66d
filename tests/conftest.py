import pytest

from tests.factories import UserFactory

pytest_plugins = ["tests.oidc.fixtures"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test accounts do not need a slow, secure hash; it would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user(db):
    return UserFactory()
