"""Builders for helpdesk tests: a brique with a chain, and tickets brought to a given state
through the real services (never by writing the status field)."""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk import services
from helpdesk.models import Impact, ResolutionCode, Ticket, TicketKind, TicketStatus, Urgency
from portal.models import BriquePage, ChainMember, ChainRole, Establishment, User
from tests.factories import EstablishmentFactory, UserFactory, add_category, make_brique


@dataclass
class Desk:
    """A brique with its chain: a moderator, a technician for everyone, one for a school."""

    brique: BriquePage
    school: Establishment
    other_school: Establishment
    moderator: User
    technician: User
    school_technician: User
    requester: User
    outsider: User
    admin: User


def make_desk(title: str = "Moodle") -> Desk:
    from portal.roles import Role
    from portal.services.roles import grant_role

    school = EstablishmentFactory(name="INSA Lyon", short_code="lyon")
    other = EstablishmentFactory(name="INSA Rennes", short_code="rennes")
    brique = make_brique(title)
    add_category(brique, "Accès et connexion")
    moderator = UserFactory(username=f"mod-{brique.slug}", affiliation="staff")
    technician = UserFactory(username=f"tech-{brique.slug}", affiliation="staff")
    school_technician = UserFactory(username=f"tech-lyon-{brique.slug}", affiliation="staff")
    ChainMember.objects.create(brique=brique, user=moderator, role=ChainRole.MODERATOR)
    ChainMember.objects.create(brique=brique, user=technician, role=ChainRole.TECHNICIAN)
    ChainMember.objects.create(
        brique=brique, user=school_technician, role=ChainRole.TECHNICIAN, establishment=school
    )
    brique.save_revision().publish()
    requester = UserFactory(username=f"req-{brique.slug}", establishment=school)
    outsider = UserFactory(username=f"out-{brique.slug}", establishment=other)
    admin = UserFactory(username=f"admin-{brique.slug}", affiliation="staff")
    grant_role(admin, Role.FUNCTIONAL_ADMIN)
    return Desk(
        brique, school, other, moderator, technician, school_technician, requester, outsider, admin
    )


def submit(desk: Desk, requester: User | None = None, **fields) -> Ticket:
    fields.setdefault("kind", TicketKind.INCIDENT)
    fields.setdefault("title", "Impossible de déposer un devoir")
    fields.setdefault("description", "Le bouton « Déposer » reste grisé depuis ce matin.")
    fields.setdefault("impact", Impact.PERSON)
    fields.setdefault("urgency", Urgency.HIGH)
    return services.submit_ticket(requester or desk.requester, brique=desk.brique, **fields)


def ticket_in(desk: Desk, status: str) -> Ticket:
    """A ticket brought to `status` by the real steps."""
    ticket = submit(desk)
    if status == TicketStatus.NEW:
        return ticket
    if status == TicketStatus.REJECTED:
        return services.reject_ticket(desk.moderator, ticket, reason="Hors périmètre.")
    if status == TicketStatus.CANCELLED:
        return services.cancel_ticket(desk.requester, ticket)
    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
    if status == TicketStatus.ASSIGNED:
        return ticket
    if status == TicketStatus.PENDING:
        return services.put_on_hold(
            desk.technician, ticket, reason="requester", comment="Quel navigateur utilisez-vous ?"
        )
    services.resolve_ticket(
        desk.technician, ticket, solution="Cache vidé.", resolution_code=ResolutionCode.FIXED
    )
    if status == TicketStatus.RESOLVED:
        return ticket
    if status == TicketStatus.CLOSED:
        return services.confirm_resolution(desk.requester, ticket, rating=4)
    raise ValueError(status)


# --- Requester's space: uploaded files ------------------------------------------------------
# Real magic bytes, since attachments are typed from their content, not their name.

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def png_file(name: str = "capture.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def pdf_file(name: str = "attestation.pdf", size: int = 0):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return SimpleUploadedFile(
        name, body + b"%" * max(0, size - len(body)), content_type="application/pdf"
    )
