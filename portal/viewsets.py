"""The admin screens editors use for portal data, declared as viewsets.

Schools and providers are snippets (Wagtail's own `SnippetViewSet`) rather than
wagtail-modeladmin screens: modeladmin is a maintenance-only package since Wagtail 5, while
snippet viewsets give the same listing options plus search, history, usage ("which briques
use this provider") and the reference index, with no extra dependency to upgrade.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.users.views.users import UserViewSet

from .calendar_admin import BusinessCalendarViewSet
from .forms import GuichetUserCreationForm, GuichetUserEditForm
from .models import Establishment, Provider


class EstablishmentViewSet(SnippetViewSet):
    model = Establishment
    # Icon beside the menu entry and the page titles.
    icon = "home"
    menu_label = _("Establishments")
    # Columns of the listing.
    list_display = ["name", "short_code", "email_domains"]
    # Fields the listing's search box looks in (database lookups, no search index needed).
    search_fields = ["name", "short_code", "email_domains", "idp_claim_values"]
    ordering = ["name"]
    # The edit form, grouped as an editor thinks about a school.
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("short_code")],
            heading=_("School"),
        ),
        MultiFieldPanel(
            [FieldPanel("email_domains"), FieldPanel("idp_claim_values")],
            heading=_("How people of this school are recognised"),
            help_text=_(
                "At sign-in, the school comes first from the identity provider's claim, then "
                "from the domain of the person's e-mail address."
            ),
        ),
    ]


class ProviderViewSet(SnippetViewSet):
    model = Provider
    icon = "group"
    menu_label = _("Providers")
    list_display = ["name", "contact_name", "contact_email", "contact_phone"]
    search_fields = ["name", "contact_name", "contact_email", "notes"]
    ordering = ["name"]
    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
            help_text=_("Who technicians call when they escalate a ticket to this provider."),
        ),
        FieldPanel(
            "notes",
            help_text=_("Contract scope, support hours, escalation procedure."),
        ),
    ]


class ConfigurationViewSetGroup(SnippetViewSetGroup):
    """One "Configuration" menu for the reference data functional admins maintain."""

    items = (EstablishmentViewSet, ProviderViewSet, BusinessCalendarViewSet)
    menu_icon = "cogs"
    menu_label = _("Configuration")
    menu_name = "configuration"
    # Just below Pages (and its 100) in the sidebar.
    menu_order = 150


class GuichetUserViewSet(UserViewSet):
    """The users admin with each person's school and public. Wagtail 8 no longer reads the
    WAGTAIL_USER_*_FORM settings: the forms come from the viewset, installed by
    `portal.users_app.GuichetUsersAppConfig`."""

    def get_form_class(self, for_update: bool = False):
        return GuichetUserEditForm if for_update else GuichetUserCreationForm
