"""Shared builders of the e-mail tests: a desk whose people speak French or English, and
readers of the messages sent."""

from __future__ import annotations

import re

from django.core import mail
from wagtail.users.models import UserProfile

from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk

BASE = "https://guichet.insa.example/aide-en-ligne"
SECRET = "NOTE-INTERNE-SECRETE-4242"


def speaks(user, language: str):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def make_mail_desk(settings):
    settings.GUICHET_BASE_URL = BASE
    desk = make_desk()
    speaks(desk.technician, "en")  # the technician reads English, the requester French
    desk.colleague = speaks(UserFactory(username="colleague"), "en")
    return desk


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def html(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def links_of(message) -> list[str]:
    return re.findall(r'href="([^"]+)"', html(message)) + re.findall(
        r"^(https?://\S+)$", message.body, re.M
    )


def assert_well_formed(message, reference: str) -> None:
    """Subject with the reference, both parts, absolute links, no internal note."""
    assert message.subject.startswith(f"[{reference}")
    assert message.body.strip() and "<html" in html(message)
    found = links_of(message)
    assert found, message.body
    assert all(link.startswith(BASE + "/") for link in found), found
    assert SECRET not in message.body and SECRET not in html(message)
