"""The profiles of the brief as Django groups, and the permissions each one needs.

A requester is any signed-in person and needs no group. Moderators and technicians get their
group from the responsibility chains they appear in (see `services.roles.sync_chain_roles`);
which briques they act on is decided by the chain, not by the group. Brique owners get theirs
from the briques they are named owner of (`services.roles.sync_owner_role`): it opens the
back-office, where they read their briques' reports. Admins are appointed by
a technical admin in the admin, or by an entitlement claim from the identity provider.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MODERATOR = "moderator", _("moderator")
    TECHNICIAN = "technician", _("technician")
    BRIQUE_OWNER = "brique_owner", _("brique owner")
    FUNCTIONAL_ADMIN = "functional_admin", _("functional admin")
    TECHNICAL_ADMIN = "technical_admin", _("technical admin")


# Group names are data shown in the admin; they stay stable across languages.
GROUP_NAMES: dict[str, str] = {
    Role.MODERATOR: "Modérateurs",
    Role.TECHNICIAN: "Techniciens",
    Role.BRIQUE_OWNER: "Responsables de brique",
    Role.FUNCTIONAL_ADMIN: "Administrateurs fonctionnels",
    Role.TECHNICAL_ADMIN: "Administrateurs techniques",
}

# Model permissions per role, as "app_label.codename".
PERMISSIONS: dict[str, list[str]] = {
    Role.MODERATOR: ["wagtailadmin.access_admin"],
    Role.TECHNICIAN: ["wagtailadmin.access_admin"],
    # The reports dashboard lives in the back-office; what it shows is decided by ownership.
    Role.BRIQUE_OWNER: ["wagtailadmin.access_admin"],
    Role.FUNCTIONAL_ADMIN: [
        "wagtailadmin.access_admin",
        *(
            f"portal.{action}_{model}"
            for model in ("establishment", "provider", "businesscalendar")
            for action in ("add", "change", "delete", "view")
        ),
        "portal.view_user",
        # The search synonym list ("ENT, portail"), a snippet.
        *(f"search.{action}_synonym" for action in ("add", "change", "delete", "view")),
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    Role.TECHNICAL_ADMIN: [
        "wagtailadmin.access_admin",
        *(f"portal.{action}_user" for action in ("add", "change", "delete", "view")),
        *(f"auth.{action}_group" for action in ("add", "change", "delete", "view")),
        *(f"wagtailcore.{action}_site" for action in ("add", "change", "delete", "view")),
        *(f"wagtailredirects.{action}_redirect" for action in ("add", "change", "delete")),
    ],
}

# Page permissions over the whole page tree (briques and, later, their knowledge base).
PAGE_PERMISSIONS: dict[str, list[str]] = {
    Role.FUNCTIONAL_ADMIN: [
        "add_page",
        "change_page",
        "publish_page",
        "delete_page",
        "lock_page",
        "unlock_page",
    ],
}
