"""The requester's forms: filing a ticket and the actions open to them on its page.

Forms only validate; the views hand the cleaned data to `helpdesk.services`. Field names match
the services' keyword arguments, so a `ValidationError` raised by a service lands on the right
field (see `add_service_errors`).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.models import BriquePage, Category

from .models import Impact, TicketKind, Urgency
from .services.attachments import validate_uploads

MAX_WATCHERS = 20


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that lets the browser send several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Cleans a list of uploaded files, then checks count, size and real type with the same
    rules the services apply when they store them."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        files = [upload for upload in files if upload]
        if files:
            try:
                validate_uploads(files)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return files


class EmailListField(forms.CharField):
    """E-mail addresses separated by commas, semicolons, spaces or new lines."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [part for part in re.split(r"[\s,;]+", text) if part]

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        invalid = []
        for address in value:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise forms.ValidationError(
                _(
                    "These addresses are not valid e-mail addresses: %(addresses)s. Correct "
                    "them, one per line or separated by commas."
                )
                % {"addresses": ", ".join(invalid)},
                code="invalid",
            )
        if len(value) > MAX_WATCHERS:
            raise forms.ValidationError(
                _("You can keep at most %(count)d colleagues informed.") % {"count": MAX_WATCHERS},
                code="too_many",
            )

    def clean(self, value) -> list[str]:
        addresses = super().clean(value)
        # Same address twice is harmless: keep the first spelling only.
        seen: dict[str, str] = {}
        for address in addresses:
            seen.setdefault(address.lower(), address)
        return list(seen.values())


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: to the field of the same name when the
    form has one, to the whole form otherwise."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class VersionedForm(forms.Form):
    """A form about one ticket: it carries the version the requester saw, so that a change
    made in the meantime by someone else is refused instead of silently overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def with_version(self, version: int) -> VersionedForm:
        """The same form, with what was typed, but aimed at the ticket's current version (after
        a refused stale submission, the requester reviews and sends again)."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        return type(self)(data=data, prefix=self.prefix)


KIND_CHOICES = [
    (TicketKind.INCIDENT.value, _("Something does not work (incident)")),
    (
        TicketKind.SERVICE_REQUEST.value,
        _("I need something: access, information, a set-up (service request)"),
    ),
]


class TicketForm(forms.Form):
    """Filing a ticket about one brique."""

    kind = forms.ChoiceField(
        label=_("What is it about?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether something does not work or you need something.")
        },
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=None,
        required=False,
        empty_label=_("I don't know"),
        help_text=_("If no category fits, leave “I don't know”: the team will choose."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A short summary, e.g. “Cannot upload my assignment”."),
        error_messages={"required": _("Give your request a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What you did, what you expected, what happened instead, any error "
            "message, and since when."
        ),
        error_messages={"required": _("Describe your request.")},
    )
    impact = forms.TypedChoiceField(
        label=_("How many people are affected?"),
        choices=[(value, capfirst(label)) for value, label in Impact.choices],
        coerce=int,
        initial=Impact.PERSON,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how many people are affected.")},
    )
    urgency = forms.TypedChoiceField(
        label=_("How urgent is it?"),
        choices=[(value, capfirst(label)) for value, label in Urgency.choices],
        coerce=int,
        initial=Urgency.MEDIUM,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how urgent it is.")},
    )
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("Screenshots, PDF, office documents, text or zip files."),
    )
    watchers = EmailListField(
        label=_("Colleagues to keep informed"),
        required=False,
        help_text=_(
            "Their e-mail addresses, one per line or separated by commas. They will "
            "see the request and its answers."
        ),
    )
    # The "search before you submit" attempt this form belongs to (a signed token, see
    # knowledge.deflection): the submitted ticket is linked to it.
    attempt = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, brique: BriquePage, **kwargs):
        super().__init__(*args, **kwargs)
        self.brique = brique
        categories = Category.objects.filter(brique_id=brique.pk).order_by("sort_order", "name")
        self.fields["category"].queryset = categories
        if not categories.exists():
            del self.fields["category"]
        self.fields["files"].help_text = (
            _(
                "Screenshots, PDF, office documents, text or zip files; at most %(count)d files of "
                "%(size)s each."
            )
            % file_limits()
        )


def file_limits() -> dict:
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    return {
        "count": settings.GUICHET_ATTACHMENT_MAX_FILES,
        "size": filesizeformat(settings.GUICHET_ATTACHMENT_MAX_BYTES),
    }


class ReplyForm(VersionedForm):
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your message.")},
    )
    files = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "reply")
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            _("At most %(count)d files of %(size)s each.") % file_limits()
        )


class CancelForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why do you cancel? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “The problem solved itself” or “I found the answer in the help”."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "cancel")
        super().__init__(*args, **kwargs)


SATISFACTION_CHOICES = [
    (1, _("Very dissatisfied")),
    (2, _("Dissatisfied")),
    (3, _("Satisfied")),
    (4, _("Very satisfied")),
]


class ConfirmForm(VersionedForm):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the handling of your request?"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "confirm")
        super().__init__(*args, **kwargs)


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label=_("What is still not working?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Explain what is still not working.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "reopen")
        super().__init__(*args, **kwargs)


STATUS_GROUPS = [
    ("", _("All")),
    ("open", _("In progress")),
    ("resolved", _("Resolved, to confirm")),
    ("closed", _("Closed")),
]


class TicketFilterForm(forms.Form):
    """Filters of "Mes demandes"; sent by GET, so an invalid value is simply ignored."""

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_GROUPS, required=False)
    q = forms.CharField(
        label=_("Reference or title"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class SelfServiceSearchForm(forms.Form):
    """ "Décrivez votre problème": the search step of a ticket form, before the form itself
    (the page without JavaScript; with it, suggestions follow the title and description)."""

    q = forms.CharField(
        label=_("Describe your problem"),
        required=False,
        help_text=_(
            "A few words are enough, e.g. “mot de passe Moodle”. We look for help articles "
            "that may already answer it."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    attempt = forms.CharField(widget=forms.HiddenInput, required=False)


class SelfServiceSolvedForm(forms.Form):
    """ "Cela a résolu mon problème": which attempt, and the article that was open, if any."""

    attempt = forms.CharField(required=False, max_length=200)
    article = forms.IntegerField(required=False, min_value=1)


class BriqueChoiceForm(forms.Form):
    """First step of "Demander de l'aide": which brique is it about?"""

    brique = forms.ModelChoiceField(
        label=_("Which service is it about?"),
        queryset=BriquePage.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the service your request is about."),
            "invalid_choice": _("Choose the service your request is about."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brique"].queryset = BriquePage.objects.live().public().order_by("title")
        self.fields["brique"].label_from_instance = lambda page: page.title
