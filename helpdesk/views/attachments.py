"""Serving ticket files: only through this view (and the API's), only to people who may see
them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from portal.models import User

from ..models import Ticket, TicketAttachment
from ..policies import is_staff_for


def readable_attachment(user: User, reference: str, pk: int) -> TicketAttachment:
    """The file `pk` of ticket `reference` if `user` may read it: the ticket must be visible
    to them; an internal file (or one of an internal note) only to the staff treating the
    ticket. Anything else raises Http404, so nobody learns that the ticket or the file exists."""
    ticket = Ticket.objects.visible_to(user).filter(reference=reference).first()
    if ticket is None:
        raise Http404
    attachment = ticket.attachments.select_related("message").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    internal = attachment.internal or (
        attachment.message is not None and attachment.message.internal
    )
    if internal and not is_staff_for(user, ticket):
        raise Http404
    return attachment


def file_response(attachment: TicketAttachment) -> FileResponse:
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


@login_required
def download(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A ticket's file, as a download."""
    return file_response(readable_attachment(request.user, reference, pk))
