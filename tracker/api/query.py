"""The filters every list takes: ?year=, ?map=, ?province=, ?ward= (and a list's own)."""

from django.utils.translation import gettext_lazy as _

from tracker.api.fields import Body, integer, text
from tracker.units.maps import map_in_force


class ScopeQuery(Body):
    strict = False

    year = integer(
        required=False, min_value=2000, max_value=2100, help_text=_("Năm của chương trình.")
    )
    map = text(
        required=False,
        max_length=10,
        help_text=_("Bản đồ hành chính: 2023 (63 tỉnh) hoặc 2025 (34 tỉnh)."),
    )
    province = text(required=False, max_length=10, help_text=_("Mã tỉnh (mã GSO), ví dụ 40."))
    ward = text(required=False, max_length=10, help_text=_("Mã phường (mã GSO)."))


def scope_query(request, serializer_class=ScopeQuery) -> dict:
    """The request's filters, checked: a wrong one answers 400 naming it."""
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


def scope_filter(queryset, query: dict, *, ward: str, year: str | None = None):
    """Filter a queryset reaching a Ward through `ward` ("" for Ward itself) by the query.

    Without ?map=, a year given reads the units of the map in force at its start only when
    the queryset has no year of its own (units); assessments keep their year's own map.
    """
    prefix = f"{ward}__" if ward else ""
    if "map" in query:
        queryset = queryset.filter(**{f"{prefix}edition__code": query["map"]})
    if "province" in query:
        queryset = queryset.filter(**{f"{prefix}province__code": query["province"]})
    if "ward" in query:
        queryset = queryset.filter(**{f"{prefix}code": query["ward"]})
    if "year" in query:
        if year is not None:
            queryset = queryset.filter(**{year: query["year"]})
        elif "map" not in query:
            edition = map_in_force(query["year"])
            if edition is None:
                return queryset.none()
            queryset = queryset.filter(**{f"{prefix}edition": edition})
    return queryset
