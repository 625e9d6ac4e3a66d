import pytest

from .known_tickets import load_march


@pytest.fixture
def march():
    """Seven known tickets of a Moodle desk (tests/reports/known_tickets.py)."""
    return load_march()
