"""Knowledge-base articles (fiches), written under each brique page."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import TEXT_FEATURES, ResolutionBlock


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    STAFF = "staff", _("staff (administrative staff and teacher-researchers)")
    STUDENTS = "students", _("students")
    TECHNICIANS = "technicians", _("technicians of the brique only")


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    """A knowledge-base article: symptoms, cause, resolution, for one audience."""

    summary = models.CharField(
        _("summary"), max_length=255, help_text=_("One or two sentences shown in search results.")
    )
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.EVERYONE,
        help_text=_(
            "Who may read this article. Technician-only articles are visible to the "
            "brique's chain alone."
        ),
    )
    symptoms = RichTextField(
        _("symptoms"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("What the user sees, in their words."),
    )
    cause = RichTextField(_("cause"), blank=True, features=TEXT_FEATURES)
    resolution = StreamField(ResolutionBlock(), verbose_name=_("resolution"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    related_articles = ParentalManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("related articles")
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    review_due = models.DateField(
        _("review due"),
        null=True,
        blank=True,
        help_text=_("After this date the article is listed for its brique's moderators."),
    )
    source_ticket = models.ForeignKey(
        "helpdesk.Ticket",
        verbose_name=_("written from ticket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("symptoms"),
        index.SearchField("cause"),
        index.SearchField("resolution"),
        index.FilterField("audience"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("symptoms"),
        FieldPanel("cause"),
        FieldPanel("resolution"),
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("related_articles")], heading=_("Links")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("review_due")])],
            heading=_("Review"),
        ),
    ]

    parent_page_types = ["portal.BriquePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")

    @property
    def brique(self):
        return self.get_parent().specific

    @property
    def review_overdue(self) -> bool:
        return bool(self.review_due and self.review_due < timezone.localdate())

    def serve(self, request, *args, **kwargs):
        from django.http import Http404

        from .access import can_read

        if not can_read(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .access import readable_articles

        context = super().get_context(request, *args, **kwargs)
        context["related"] = readable_articles(request.user, self.related_articles.live().public())
        context["votes"] = self.votes.aggregate(
            helpful_count=models.Count("pk", filter=models.Q(helpful=True)),
            unhelpful_count=models.Count("pk", filter=models.Q(helpful=False)),
        )
        return context


class ArticleVote(models.Model):
    """ "Cette fiche vous a-t-elle aidé ?": one answer per person (or anonymous session)."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="votes")
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    session_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("voted at"), default=timezone.now)

    class Meta:
        verbose_name = _("article vote")
        verbose_name_plural = _("article votes")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                condition=models.Q(user__isnull=False),
                name="article_vote_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["article", "session_key"],
                condition=models.Q(user__isnull=True) & ~models.Q(session_key=""),
                name="article_vote_one_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.helpful else '-'}"


# --- "Search before you submit": the deflection funnel ---------------------------------------

# Only the text the requester typed for the search is kept, cut at this many characters
# (documented in README.md): enough to read what people look for, too short for a whole story.
ATTEMPT_QUERY_MAX_LENGTH = 200


class AttemptOutcome(models.TextChoices):
    SOLVED = "solved", _("solved without a ticket")
    SUBMITTED = "submitted", _("submitted anyway")
    ABANDONED = "abandoned", _("abandoned")


class SelfServiceAttempt(models.Model):
    """One visit to a brique's ticket form, from the first search to its end: suggestions
    offered, articles opened, and whether the requester left satisfied, filed a ticket anyway
    or went away. Anonymous by design: the brique, the requester's school and public, and the
    search text only (`knowledge.deflection` binds the attempt to its requester through a
    signed token instead of a stored user). An attempt with no outcome past
    `knowledge.deflection.ABANDON_AFTER` counts as abandoned."""

    brique = models.ForeignKey(
        "portal.BriquePage",
        verbose_name=_("brique"),
        on_delete=models.CASCADE,
        related_name="self_service_attempts",
    )
    establishment = models.ForeignKey(
        "portal.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    affiliation = models.CharField(_("public"), max_length=20, blank=True)
    query = models.CharField(_("search text"), max_length=ATTEMPT_QUERY_MAX_LENGTH, blank=True)
    suggestions_offered = models.PositiveIntegerField(
        _("suggestions offered"),
        default=0,
        help_text=_("The largest number of articles suggested at once during the attempt."),
    )
    articles_opened = models.ManyToManyField(
        ArticlePage,
        through="SelfServiceOpening",
        verbose_name=_("articles opened"),
        related_name="+",
        blank=True,
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=AttemptOutcome.choices, blank=True
    )
    solved_by = models.ForeignKey(
        ArticlePage,
        verbose_name=_("solved by the article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ticket = models.OneToOneField(
        "helpdesk.Ticket",
        verbose_name=_("ticket submitted"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="self_service_attempt",
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last activity"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-service attempt")
        verbose_name_plural = _("self-service attempts")
        indexes = [models.Index(fields=["brique", "started_at"], name="attempt_brique_started")]

    def __str__(self) -> str:
        return f"{self.brique_id} · {self.started_at:%Y-%m-%d %H:%M}"


class SelfServiceOpening(models.Model):
    """An article the requester opened in place during an attempt (once per article)."""

    attempt = models.ForeignKey(
        SelfServiceAttempt, on_delete=models.CASCADE, related_name="openings"
    )
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("article opened")
        verbose_name_plural = _("articles opened")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "article"], name="self_service_opening_once")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} → {self.article_id}"
