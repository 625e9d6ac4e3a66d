"""Portal screens in the Wagtail admin."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import BriquePage
from .roles import GROUP_NAMES, Role
from .viewsets import ConfigurationViewSetGroup

register_snippet(ConfigurationViewSetGroup)


def _guard_brique_page(request, page, *args) -> None:
    """A brique's chain gives its people rights over the brique's subtree so that they write
    its articles (see `sync_brique_local_roles`). The brique page itself (its status, chain and
    service levels) stays with the functional admins: otherwise a moderator could add people
    to the chain that grants rights."""
    if not isinstance(page.specific_deferred, BriquePage):
        return
    user = request.user
    if user.is_superuser or user.groups.filter(name=GROUP_NAMES[Role.FUNCTIONAL_ADMIN]).exists():
        return
    raise PermissionDenied


for _hook in (
    "before_edit_page",
    "before_delete_page",
    "before_unpublish_page",
    "before_move_page",
    "before_copy_page",
):
    hooks.register(_hook, _guard_brique_page)
