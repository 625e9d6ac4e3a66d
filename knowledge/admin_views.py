"""Knowledge-base screens of the back-office."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from helpdesk.models import Ticket
from helpdesk.models.querysets import is_helpdesk_admin
from helpdesk.policies import ActionNotAllowed
from portal.models import ChainMember, ChainRole

from .helped import with_helped_count
from .models import ArticlePage
from .services import draft_article_from_ticket


@require_POST
def publish_from_ticket(request, reference: str):
    """ "Publier dans la base de connaissances": a draft prefilled from the ticket, opened in
    the page editor."""
    ticket = get_object_or_404(Ticket.objects.visible_to(request.user), reference=reference)
    try:
        article = draft_article_from_ticket(request.user, ticket)
    except ActionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("helpdesk_admin:ticket", reference)
    messages.success(
        request,
        _(
            "Draft article created from %(reference)s: review it, then publish or submit "
            "it for approval."
        )
        % {"reference": ticket.reference},
    )
    return redirect("wagtailadmin_pages:edit", article.pk)


def review_due(request):
    """Articles past their review date, for the moderators of their brique (admins: all)."""
    articles = with_helped_count(ArticlePage.objects.filter(review_due__lt=timezone.localdate()))
    # The brique's title in the same query (the list used to read each article's parent).
    parent = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - ArticlePage.steplen)
    )
    articles = articles.annotate(brique_title=Subquery(parent.values("title")[:1]))
    if not is_helpdesk_admin(request.user):
        paths = ChainMember.objects.filter(
            user=request.user, role=ChainRole.MODERATOR, brique__live=True
        ).values_list("brique__path", flat=True)
        if not paths:
            raise Http404
        scope = Q(pk__in=[])
        for path in paths:
            scope |= Q(path__startswith=path)
        articles = articles.filter(scope)
    page = Paginator(articles.order_by("review_due", "title"), 25).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "knowledge/admin/review_due.html",
        {
            "page_obj": page,
            "header_title": _("Articles due for review"),
            "edit_url_name": "wagtailadmin_pages:edit",
            "today": timezone.localdate(),
            "self_url": reverse("knowledge_review_due"),
        },
    )
