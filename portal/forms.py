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


class MailPreferencesForm(forms.Form):
    """The optional ticket e-mails a person receives (the essential ones always go out:
    helpdesk.mail.kinds)."""

    receive = forms.MultipleChoiceField(
        label=_("Optional e-mails I receive"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Receipts of your requests, replies, questions waiting for you and resolutions are "
            "always sent."
        ),
    )

    def __init__(self, *args, **kwargs):
        from helpdesk.mail.kinds import OPTIONAL, MailKind

        super().__init__(*args, **kwargs)
        self.fields["receive"].choices = [(kind.value, MailKind(kind).label) for kind in OPTIONAL]

    @classmethod
    def for_user(cls, user, data=None):
        from helpdesk.mail.kinds import OPTIONAL

        outs = set(user.mail_opt_outs or [])
        return cls(data, initial={"receive": [k.value for k in OPTIONAL if k not in outs]})

    def save(self, user) -> None:
        from helpdesk.mail.kinds import OPTIONAL

        chosen = set(self.cleaned_data["receive"])
        user.mail_opt_outs = sorted(kind.value for kind in OPTIONAL if kind not in chosen)
        user.save(update_fields=["mail_opt_outs"])
