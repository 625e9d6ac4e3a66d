from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import FormView

from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from .forms import EstablishmentChoiceForm, MailPreferencesForm
from .services.accounts import choose_establishment


class GuichetLoginView(auth_views.LoginView):
    """Local sign-in (admins, demo) beside the "sign in with my school" button."""

    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = DEMO_ACCOUNTS if settings.GUICHET_DEMO else []
        context["demo_password"] = DEMO_PASSWORD
        return context


class GuichetLogoutView(auth_views.LogoutView):
    """Ends our session, then the identity provider's where it offers an end-session endpoint."""

    def post(self, request, *args, **kwargs):
        from .oidc import provider_logout_url

        provider_url = provider_logout_url(request) if request.session.get("oidc_id_token") else ""
        response = super().post(request, *args, **kwargs)
        return redirect(provider_url) if provider_url else response


class ProfileView(LoginRequiredMixin, FormView):
    """What Guichet knows of the signed-in person; lets them pick their school once when the
    identity provider did not tell it."""

    template_name = "portal/profile.html"
    form_class = EstablishmentChoiceForm

    def can_choose(self) -> bool:
        user = self.request.user
        return user.establishment_id is None and not user.establishment_chosen

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_choose_establishment"] = self.can_choose()
        context.setdefault("mail_form", MailPreferencesForm.for_user(self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        if "mail_preferences" not in request.POST:
            return super().post(request, *args, **kwargs)
        form = MailPreferencesForm.for_user(request.user, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(mail_form=form))
        form.save(request.user)
        messages.success(request, _("Your e-mail preferences have been saved."))
        return redirect("portal:profile")

    def form_valid(self, form):
        if not self.can_choose():
            messages.error(self.request, _("Your establishment is already set."))
            return redirect("portal:profile")
        choose_establishment(self.request.user, form.cleaned_data["establishment"])
        messages.success(self.request, _("Your establishment has been saved."))
        return redirect("portal:profile")


def bad_request(request, exception=None):
    """Django's own would render the template without the request (no menu, no language)."""
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: it must not depend on anything that could fail.
    return render(request, "500.html", status=500)
