"""Page-number pagination with a caller-chosen page size (bounded)."""

from rest_framework.pagination import PageNumberPagination


class HubPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
