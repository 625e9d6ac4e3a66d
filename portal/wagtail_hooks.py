"""Portal screens in the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .viewsets import ConfigurationViewSetGroup

register_snippet(ConfigurationViewSetGroup)
