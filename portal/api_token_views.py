"""The profile page where a person creates, lists and revokes their personal API tokens."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .models import ApiToken, ApiTokenScope
from .services.api_tokens import create_api_token, revoke_api_token

NEVER = "never"


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “Intranet of the library”."),
        error_messages={"required": gettext_lazy("Give the token a name.")},
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"),
        choices=ApiTokenScope.choices,
        initial=ApiTokenScope.READ,
    )
    expires_in = forms.ChoiceField(
        label=gettext_lazy("Expires"),
        choices=[
            ("30", gettext_lazy("in 30 days")),
            ("90", gettext_lazy("in 90 days")),
            ("365", gettext_lazy("in one year")),
            (NEVER, gettext_lazy("never")),
        ],
        initial="90",
    )

    def expires_at(self):
        days = self.cleaned_data["expires_in"]
        return None if days == NEVER else timezone.now() + timedelta(days=int(days))


def _page(request, form, secret="", new_token=None, status=200):
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(
        request,
        "portal/api_tokens.html",
        {"form": form, "tokens": tokens, "secret": secret, "new_token": new_token},
        status=status,
    )
    return response


@never_cache
@login_required
def api_tokens(request):
    """GET: the list and the form. POST: create a token and show its secret, this once."""
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    token, secret = create_api_token(
        request.user,
        form.cleaned_data["name"],
        form.cleaned_data["scope"],
        form.expires_at(),
    )
    return _page(request, ApiTokenForm(), secret=secret, new_token=token)


@require_POST
@login_required
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_api_token(token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("portal:api_tokens")
