from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 200); every list says its `count`."""

    page_size_query_param = "page_size"
    max_page_size = 200


def paginated(serializer_class, name: str):
    """The schema of one page of `serializer_class`, for views that paginate by hand."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
