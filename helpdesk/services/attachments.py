"""Validating and storing ticket files."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from portal.models import User

from ..models import Ticket, TicketAttachment, TicketMessage

# The code of the error for a file over the size limit (the API answers it with a 413).
TOO_LARGE = "file_too_large"

# Allowed types, recognised from the content (magic bytes), never from the name.
ALLOWED_TYPES: dict[str, str] = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/zip": "zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "text/plain": "txt",
}


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    # Plain text has no magic number: accept UTF-8 text without control bytes.
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(char) < 9 or 13 < ord(char) < 32 for char in text):
        return None
    return "text/plain"


def validate_uploads(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Check count, size and real type of each file; return (file, content type) pairs."""
    max_files = settings.GUICHET_ATTACHMENT_MAX_FILES
    max_size = settings.GUICHET_ATTACHMENT_MAX_BYTES
    if len(files) > max_files:
        raise ValidationError(
            _("You can attach at most %(count)d files to one message.") % {"count": max_files},
            code="too_many_files",
        )
    checked = []
    for upload in files:
        if upload.size > max_size:
            raise ValidationError(
                _("“%(name)s” is too large (%(size)s); the limit is %(limit)s a file.")
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(max_size),
                },
                code=TOO_LARGE,
            )
        content_type = _sniff(upload)
        if content_type not in ALLOWED_TYPES:
            raise ValidationError(
                _(
                    "“%(name)s” is not an accepted file type. Accepted: images, PDF, office "
                    "documents, text and zip files."
                )
                % {"name": upload.name},
                code="refused_type",
            )
        checked.append((upload, content_type))
    return checked


def store_attachments(
    ticket: Ticket,
    files: Sequence[UploadedFile],
    *,
    author: User | None,
    message: TicketMessage | None,
    at: datetime,
    internal: bool = False,
) -> list[TicketAttachment]:
    stored = []
    for upload, content_type in validate_uploads(files):
        name = get_valid_filename(upload.name)[:200] or "fichier"
        attachment = TicketAttachment(
            ticket=ticket,
            message=message,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=author,
            internal=internal,
            created_at=at,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
