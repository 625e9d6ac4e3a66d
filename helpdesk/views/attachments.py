"""Serving ticket files: only through this view, only to people who may see them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from ..models import Ticket
from ..policies import is_staff_for


@login_required
def download(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A ticket's file, as a download. The ticket must be visible to the user; an internal
    file (or one of an internal note) only to the staff treating the ticket. Anything else is
    a 404, so nobody learns that the ticket or the file exists."""
    ticket = Ticket.objects.visible_to(request.user).filter(reference=reference).first()
    if ticket is None:
        raise Http404
    attachment = ticket.attachments.select_related("message").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    internal = attachment.internal or (
        attachment.message is not None and attachment.message.internal
    )
    if internal and not is_staff_for(request.user, ticket):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
