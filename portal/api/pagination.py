from django.conf import settings
from rest_framework import pagination
from rest_framework.settings import api_settings


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (up to GUICHET_API_MAX_PAGE_SIZE); the page size by default is
    REST_FRAMEWORK["PAGE_SIZE"]. An out-of-range page is a 404."""

    page_size_query_param = "page_size"

    # Properties, not class attributes: read at each request, so that settings overrides apply.
    @property
    def page_size(self):
        return api_settings.PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.GUICHET_API_MAX_PAGE_SIZE
