from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """Ticket files, under PRIVATE_MEDIA_ROOT: never served by the web server directly, only
    through the permission-checked download view. A callable, so that tests can move the root."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
