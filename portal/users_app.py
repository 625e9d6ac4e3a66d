"""Wagtail's users app, with the users admin of `portal.viewsets.GuichetUserViewSet`.

In its own module because Django picks the app config of `portal/apps.py` by being the only
one there; INSTALLED_APPS names this class in place of "wagtail.users".
"""

from wagtail.users.apps import WagtailUsersAppConfig


class GuichetUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "portal.viewsets.GuichetUserViewSet"
