"""Atom feeds of the briques' status, for the portal and for people who follow incidents:
one per brique, and one for all of them."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import BriquePage
from .status_history import StatusChange, status_changes


def _public_briques():
    return BriquePage.objects.live().public().select_related("brique_owner").order_by("title")


class AllBriquesStatusFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Status of the Guichet briques")

    def subtitle(self):
        return _("Incidents, degraded services and planned maintenance of the group's briques.")

    def link(self):
        return "/"

    def items(self):
        return status_changes(list(_public_briques()))

    def item_title(self, item: StatusChange):
        return _("%(brique)s: %(status)s") % {"brique": item.brique.title, "status": item.label}

    def item_description(self, item: StatusChange):
        return item.message or item.label

    def item_link(self, item: StatusChange):
        return item.brique.get_url() or "/"

    def item_guid(self, item: StatusChange):
        return f"{self.item_link(item)}#status-{item.at.isoformat()}"

    def item_updateddate(self, item: StatusChange):
        return item.at

    def item_pubdate(self, item: StatusChange):
        return item.at


class BriqueStatusFeed(AllBriquesStatusFeed):
    def get_object(self, request, slug):
        return get_object_or_404(_public_briques(), slug=slug)

    def title(self, brique):
        return _("Status of %(brique)s") % {"brique": brique.title}

    def subtitle(self, brique):
        return brique.summary

    def link(self, brique):
        return brique.get_url() or "/"

    def items(self, brique):
        return status_changes([brique])
