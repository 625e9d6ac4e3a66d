"""The building blocks of an article's resolution steps."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "code"]


class StepsBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.RichTextBlock(features=TEXT_FEATURES, label=_("step")), **kwargs)

    class Meta:
        icon = "list-ol"
        label = _("numbered steps")
        template = "knowledge/blocks/steps.html"


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        choices=[
            ("text", _("plain text")),
            ("shell", "Shell"),
            ("python", "Python"),
            ("html", "HTML"),
            ("sql", "SQL"),
        ],
        default="text",
        label=_("language"),
    )
    code = blocks.TextBlock(label=_("code"))

    class Meta:
        icon = "code"
        label = _("code")
        template = "knowledge/blocks/code.html"


class WarningBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(
        choices=[("info", _("information")), ("warning", _("warning"))],
        default="warning",
        label=_("level"),
    )
    text = blocks.RichTextBlock(features=TEXT_FEATURES, label=_("text"))

    class Meta:
        icon = "warning"
        label = _("warning")
        template = "knowledge/blocks/warning.html"


class ResolutionBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=["h3", *TEXT_FEATURES], label=_("text"))
    steps = StepsBlock()
    image = ImageBlock(label=_("image"))
    code = CodeBlock()
    warning = WarningBlock()
