from django.conf import settings
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (up to GUICHET_API_MAX_PAGE_SIZE); the page size by default is
    REST_FRAMEWORK["PAGE_SIZE"]. An out-of-range page is a 404."""

    page_size_query_param = "page_size"

    @property
    def max_page_size(self):
        return settings.GUICHET_API_MAX_PAGE_SIZE
