from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The portal's front page: the group's briques, a search box and "Demander de l'aide"."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.BriqueIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["briques"] = BriquePage.objects.live().public().order_by("title")
        return context


class BriqueIndexPage(Page):
    """Lists the briques; brique pages live under it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.BriquePage"]

    class Meta:
        verbose_name = _("brique index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["briques"] = BriquePage.objects.child_of(self).live().public().order_by("title")
        return context


class BriqueStatus(models.TextChoices):
    OPERATIONAL = "operational", _("operational")
    DEGRADED = "degraded", _("degraded")
    OUTAGE = "outage", _("outage")
    MAINTENANCE = "maintenance", _("planned maintenance")


class BriquePage(Page):
    """A shared digital service of the group (brique): what it is, for whom, its status, who
    answers for it. Tickets point to this page; its knowledge base lives under it."""

    summary = models.CharField(
        _("summary"), max_length=255, help_text=_("One sentence shown on the home page.")
    )
    description = RichTextField(_("description"), blank=True)
    for_staff = models.BooleanField(_("for administrative staff"), default=True)
    for_faculty = models.BooleanField(_("for teacher-researchers"), default=True)
    for_students = models.BooleanField(_("for students"), default=True)
    service_url = models.URLField(
        _("service address"), blank=True, help_text=_("Where users reach the service itself.")
    )

    status = models.CharField(
        _("status"), max_length=20, choices=BriqueStatus.choices, default=BriqueStatus.OPERATIONAL
    )
    status_message = models.TextField(
        _("status message"),
        blank=True,
        help_text=_("Shown in the banner: what is affected and what users can do."),
    )
    status_start = models.DateTimeField(_("since / from"), null=True, blank=True)
    status_end = models.DateTimeField(_("until (expected)"), null=True, blank=True)

    brique_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("brique owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_briques",
        help_text=_("The person accountable for the service; receives its reports."),
    )
    owner_team = models.CharField(
        _("responsible team"),
        max_length=150,
        blank=True,
        help_text=_('Shown publicly, e.g. "Pôle numérique, INSA Lyon".'),
    )
    contact_email = models.EmailField(_("team contact e-mail"), blank=True)
    business_calendar = models.ForeignKey(
        "portal.BusinessCalendar",
        verbose_name=_("business calendar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="briques",
        help_text=_("Service levels count in its opening hours. Empty: the default calendar."),
    )
    auto_close_days = models.PositiveSmallIntegerField(
        _("days before a resolved ticket closes by itself"),
        default=7,
        validators=[MinValueValidator(2)],
        help_text=_(
            "Without an answer from its requester, a resolved ticket is closed after this many "
            "days; a reminder goes out the day before."
        ),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("status"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("service_url"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("for_staff"), FieldPanel("for_faculty"), FieldPanel("for_students")]
                )
            ],
            heading=_("For whom"),
        ),
    ]
    status_panels = [
        FieldPanel("status"),
        FieldPanel("status_message"),
        FieldRowPanel([FieldPanel("status_start"), FieldPanel("status_end")]),
    ]
    chain_panels = [
        MultiFieldPanel(
            [FieldPanel("brique_owner"), FieldPanel("owner_team"), FieldPanel("contact_email")],
            heading=_("Who is responsible"),
        ),
        InlinePanel("chain", heading=_("Moderators and technicians"), label=_("person")),
        InlinePanel("providers", heading=_("External providers"), label=_("provider")),
    ]
    ticket_panels = [
        InlinePanel("categories", heading=_("Ticket categories"), label=_("category")),
        FieldPanel("business_calendar"),
        FieldPanel("auto_close_days"),
        InlinePanel("sla_targets", heading=_("Service levels"), label=_("target"), max_num=4),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(status_panels, heading=_("Status")),
            ObjectList(chain_panels, heading=_("Responsibility chain")),
            ObjectList(ticket_panels, heading=_("Tickets and service levels")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["portal.BriqueIndexPage"]
    subpage_types = ["knowledge.ArticlePage"]

    class Meta:
        verbose_name = _("brique")
        verbose_name_plural = _("briques")

    def clean(self):
        super().clean()
        if self.status_start and self.status_end and self.status_end < self.status_start:
            raise ValidationError({"status_end": _("The end must come after the start.")})
        if self.status != BriqueStatus.OPERATIONAL and not self.status_message:
            raise ValidationError(
                {
                    "status_message": _(
                        "Explain the situation to users when the service is not operational."
                    )
                }
            )

    def get_context(self, request, *args, **kwargs):
        from knowledge.access import readable_articles
        from knowledge.models import ArticlePage

        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.child_of(self).live().public().order_by("title")
        context["articles"] = readable_articles(request.user, articles)
        return context

    @property
    def audiences(self) -> list[str]:
        from .accounts import Affiliation

        pairs = [
            (self.for_staff, Affiliation.STAFF.label),
            (self.for_faculty, Affiliation.FACULTY.label),
            (self.for_students, Affiliation.STUDENT.label),
        ]
        return [str(label) for wanted, label in pairs if wanted]

    @property
    def status_is_current(self) -> bool:
        """A planned maintenance whose period is over no longer deserves a banner."""
        if self.status == BriqueStatus.OPERATIONAL:
            return False
        return not (self.status_end and self.status_end < timezone.now())
