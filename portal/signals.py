"""Keep role groups in step with the responsibility chains whenever a brique page is published
or unpublished: being named in a chain is what makes someone a moderator or technician, and
being named owner of a live brique opens the back-office's reports."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import BriquePage
from .services.roles import (
    sync_brique_local_roles,
    sync_chain_roles_for_brique,
    sync_owner_roles_for_brique,
)


@receiver(page_published, sender=BriquePage, dispatch_uid="portal_chain_published")
@receiver(page_unpublished, sender=BriquePage, dispatch_uid="portal_chain_unpublished")
def _brique_chain_changed(sender, instance: BriquePage, **kwargs) -> None:
    sync_chain_roles_for_brique(instance)
    sync_brique_local_roles(instance)
    sync_owner_roles_for_brique(instance)
