from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    # The synonym list functional admins edit; both engines read it.
    model = Synonym
    # Shown under Snippets in the admin menu.
    icon = "list-ul"
    # One column: the equivalent terms.
    list_display = ["terms"]
    menu_label = _("Search synonyms")


register_snippet(SynonymViewSet)
