from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import can_read
from .forms import VoteForm
from .models import ArticlePage
from .services import record_vote


@require_POST
def vote(request, article_id: int):
    """Records the answer to "Cette fiche vous a-t-elle aidé ?" and goes back to the article."""
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=article_id)
    if not can_read(request.user, article):
        raise Http404
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer yes or no before sending."))
        return redirect(article.url + "#vote")
    if not request.session.session_key:
        request.session.save()
    record_vote(
        article,
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"],
        user=request.user,
        session_key=request.session.session_key,
    )
    messages.success(request, _("Thank you for your answer."))
    return redirect(article.url + "#vote")
