from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import Establishment

# The users admin (portal.viewsets.GuichetUserViewSet) edits each person's school and public
# beside Wagtail's own fields; model fields, so labels and choices come from the model.
PROFILE_FIELDS = {"establishment", "affiliation"}


class GuichetUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | PROFILE_FIELDS


class GuichetUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | PROFILE_FIELDS


class EstablishmentChoiceForm(forms.Form):
    establishment = forms.ModelChoiceField(
        queryset=Establishment.objects.all(),
        label=_("Your establishment"),
        empty_label=_("Choose your establishment"),
        error_messages={"required": _("Choose your establishment in the list.")},
    )
