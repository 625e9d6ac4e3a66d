"""Form controls and table parts of the staff screens, written in Python.

Django renders a form widget through one template per option, and `format_html` escapes each
argument through several layers: a brique dropdown, a people dropdown and the status
checkboxes then cost more than everything else on a queue page. These functions write the
same HTML (a label, the control, its help and errors) with f-strings over `esc`, which
escapes every value, including lazy translations. They serve the screens on the hot path
(queues, ticket screen); forms with few fields stay on Django's rendering.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as _escape

from django import forms
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst


def esc(value) -> str:
    """HTML-escaped text of any value (lazy translations included); safe strings kept."""
    if isinstance(value, SafeString):
        return value
    return _escape(str(value), quote=True)


def _chosen(bound: BoundField) -> set[str]:
    value = bound.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return {str(value)}


def _errors(bound: BoundField) -> str:
    errors = bound.form.errors.get(bound.name) if bound.form.is_bound else None
    if not errors:
        return ""
    return f'<p class="error-message" id="{bound.auto_id}-errors">{esc(" ".join(errors))}</p>'


def _label(bound: BoundField) -> str:
    return capfirst(bound.label)


def _required(bound: BoundField) -> str:
    return " required" if bound.field.required else ""


def _input_type(bound: BoundField) -> str:
    return getattr(bound.field.widget, "input_type", "text")


def _maxlength(bound: BoundField) -> str:
    limit = getattr(bound.field, "max_length", None)
    return f' maxlength="{limit}"' if limit else ""


def _help(bound: BoundField) -> str:
    if not bound.help_text:
        return ""
    return f'<p class="help" id="{bound.auto_id}-help">{esc(bound.help_text)}</p>'


def _described(bound: BoundField, errors: str) -> str:
    ids = []
    if bound.help_text:
        ids.append(f"{bound.auto_id}-help")
    if errors:
        ids.append(f"{bound.auto_id}-errors")
    described = f' aria-describedby="{" ".join(ids)}"' if ids else ""
    return described + (' aria-invalid="true"' if errors else "")


def options(choices: Iterable[tuple[object, object]], chosen: set[str]) -> str:
    """`<option>` elements for (value, label) pairs; `chosen` holds the selected values."""
    return "".join(
        f'<option value="{esc(value)}"{" selected" if str(value) in chosen else ""}>'
        f"{esc(label)}</option>"
        for value, label in choices
    )


def select(bound: BoundField, *, choices: list | None = None) -> SafeString:
    """A labelled `<select>` for a choice field; its choices are read once, or given when the
    caller already has them as (value, label) pairs."""
    if choices is None:
        choices = list(bound.field.choices)
    errors = _errors(bound)
    multiple = " multiple" if isinstance(bound.field, forms.MultipleChoiceField) else ""
    return mark_safe(
        f'<div class="helpdesk-field"><label for="{bound.auto_id}">{esc(_label(bound))}</label>'
        f'{_help(bound)}<select name="{bound.html_name}" id="{bound.auto_id}"{multiple}'
        f"{_required(bound)}{_described(bound, errors)}>{options(choices, _chosen(bound))}"
        f"</select>{errors}</div>"
    )


def control(bound: BoundField) -> SafeString:
    """The control alone (no label) of a choice or one-line text field: what `{{ bound }}`
    writes in a template."""
    errors = _errors(bound)
    if isinstance(bound.field.widget, forms.Select):
        return mark_safe(
            f'<select name="{bound.html_name}" id="{bound.auto_id}"{_required(bound)}'
            f"{_described(bound, errors)}>"
            f"{options(list(bound.field.choices), _chosen(bound))}</select>"
        )
    value = bound.value()
    value_attribute = "" if value in (None, "") else f' value="{esc(value)}"'
    return mark_safe(
        f'<input type="{_input_type(bound)}" name="{bound.html_name}"{value_attribute}'
        f'{_maxlength(bound)}{_required(bound)} id="{bound.auto_id}"{_described(bound, errors)}>'
    )


def checkboxes(bound: BoundField) -> SafeString:
    """A fieldset of checkboxes for a multiple-choice field."""
    chosen = _chosen(bound)
    errors = _errors(bound)
    name, auto_id = bound.html_name, bound.auto_id
    boxes = "".join(
        f'<label class="helpdesk-check"><input type="checkbox" name="{name}" '
        f'value="{esc(value)}" id="{auto_id}_{index}"'
        f"{' checked' if str(value) in chosen else ''}> {esc(label)}</label>"
        for index, (value, label) in enumerate(bound.field.choices)
    )
    return mark_safe(
        f'<fieldset class="helpdesk-field helpdesk-checks"{_described(bound, errors)}>'
        f"<legend>{esc(_label(bound))}</legend>{_help(bound)}{boxes}{errors}</fieldset>"
    )


def text_input(bound: BoundField) -> SafeString:
    """A labelled one-line text input."""
    value = bound.value()
    errors = _errors(bound)
    return mark_safe(
        f'<div class="helpdesk-field"><label for="{bound.auto_id}">{esc(_label(bound))}</label>'
        f'{_help(bound)}<input type="{_input_type(bound)}" name="{bound.html_name}" '
        f'id="{bound.auto_id}" value="{esc("" if value is None else value)}"{_maxlength(bound)}'
        f"{_required(bound)}{_described(bound, errors)}>{errors}</div>"
    )


def date_range(bound: BoundField, *, suffixes: tuple[str, str], labels: tuple) -> SafeString:
    """Two date inputs (from, to) for a range field, named as its widget reads them back."""
    data = bound.form.data
    errors = _errors(bound)
    inputs = "".join(
        f'<label for="id_{bound.html_name}_{suffix}">{esc(label)}</label>'
        f'<input type="date" name="{bound.html_name}_{suffix}" id="id_{bound.html_name}_{suffix}"'
        f' value="{esc(data.get(f"{bound.html_name}_{suffix}", ""))}">'
        for suffix, label in zip(suffixes, labels, strict=True)
    )
    return mark_safe(
        f'<fieldset class="helpdesk-field helpdesk-range"{_described(bound, errors)}>'
        f"<legend>{esc(_label(bound))}</legend>{inputs}{errors}</fieldset>"
    )


def textarea(bound: BoundField) -> SafeString:
    value = bound.value()
    errors = _errors(bound)
    rows = bound.field.widget.attrs.get("rows", 4)
    return mark_safe(
        f'<div class="helpdesk-field"><label for="{bound.auto_id}">{esc(_label(bound))}</label>'
        f'{_help(bound)}<textarea name="{bound.html_name}" id="{bound.auto_id}" rows="{rows}"'
        f"{_required(bound)}{_described(bound, errors)}>"
        f"{esc('' if value is None else value)}</textarea>{errors}</div>"
    )


def file_input(bound: BoundField) -> SafeString:
    errors = _errors(bound)
    multiple = " multiple" if getattr(bound.field.widget, "allow_multiple_selected", False) else ""
    return mark_safe(
        f'<div class="helpdesk-field"><label for="{bound.auto_id}">{esc(_label(bound))}</label>'
        f'{_help(bound)}<input type="file" name="{bound.html_name}" id="{bound.auto_id}"'
        f"{multiple}{_required(bound)}{_described(bound, errors)}>{errors}</div>"
    )


def hidden(bound: BoundField) -> SafeString:
    value = bound.value()
    return mark_safe(
        f'<input type="hidden" name="{bound.html_name}" '
        f'value="{esc("" if value is None else value)}" id="{bound.auto_id}">'
    )


def model_choices(bound: BoundField) -> list[tuple[object, str]]:
    """A model choice field's (pk, label) pairs in one plain query: Django's own iterator asks
    for a count first, then reads through a server-side cursor."""
    field = bound.field
    pairs = [] if field.empty_label is None else [("", field.empty_label)]
    pairs.extend((obj.pk, field.label_from_instance(obj)) for obj in field.queryset)
    return pairs


def form_fields(form: forms.Form, choices: dict[str, list] | None = None) -> list[SafeString]:
    """Every field of `form`, hidden ones included, in order; `choices` gives ready (value,
    label) pairs for some choice fields. Unknown widgets fall back to Django's rendering."""
    choices = choices or {}
    rendered = []
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.HiddenInput):
            rendered.append(hidden(bound))
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            rendered.append(checkboxes(bound))
        elif isinstance(widget, forms.Select):
            given = choices.get(bound.name)
            if given is None and isinstance(bound.field, forms.ModelChoiceField):
                given = model_choices(bound)
            rendered.append(select(bound, choices=given))
        elif isinstance(widget, forms.Textarea):
            rendered.append(textarea(bound))
        elif isinstance(widget, forms.FileInput):
            rendered.append(file_input(bound))
        elif isinstance(widget, forms.TextInput | forms.NumberInput | forms.EmailInput):
            rendered.append(text_input(bound))
        else:
            rendered.append(
                mark_safe(f'<div class="helpdesk-field">{bound.label_tag()}{bound}</div>')
            )
    return rendered
