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

    def __init__(self, *args, kinds=None, **kwargs):
        from helpdesk.mail.kinds import OPTIONAL, MailKind

        super().__init__(*args, **kwargs)
        self.kinds = OPTIONAL if kinds is None else kinds
        self.fields["receive"].choices = [(kind.value, MailKind(kind).label) for kind in self.kinds]

    @classmethod
    def for_user(cls, user, data=None):
        from helpdesk.mail.kinds import offered_to

        kinds = offered_to(user)
        outs = set(user.mail_opt_outs or [])
        return cls(
            data, kinds=kinds, initial={"receive": [k.value for k in kinds if k not in outs]}
        )

    def save(self, user) -> None:
        chosen = set(self.cleaned_data["receive"])
        offered = {kind.value for kind in self.kinds}
        # Choices not offered (the monthly summary to a non-owner) keep their earlier state.
        kept = [kind for kind in user.mail_opt_outs or [] if kind not in offered]
        outs = [kind.value for kind in self.kinds if kind not in chosen]
        user.mail_opt_outs = sorted({*kept, *outs})
        user.save(update_fields=["mail_opt_outs"])
