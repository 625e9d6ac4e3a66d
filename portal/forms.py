from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import Affiliation, Establishment


class GuichetUserEditForm(UserEditForm):
    establishment = forms.ModelChoiceField(
        queryset=Establishment.objects.all(), required=False, label=_("establishment")
    )
    affiliation = forms.ChoiceField(choices=Affiliation.choices, label=_("public"))


class GuichetUserCreationForm(UserCreationForm):
    establishment = forms.ModelChoiceField(
        queryset=Establishment.objects.all(), required=False, label=_("establishment")
    )
    affiliation = forms.ChoiceField(choices=Affiliation.choices, label=_("public"))


class EstablishmentChoiceForm(forms.Form):
    establishment = forms.ModelChoiceField(
        queryset=Establishment.objects.all(),
        label=_("Your establishment"),
        empty_label=_("Choose your establishment"),
        error_messages={"required": _("Choose your establishment in the list.")},
    )
