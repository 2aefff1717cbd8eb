"""GET /api/v1/progress/: the same figures as `manage.py progress --format json`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, views
from rest_framework.response import Response

from tracker.accounts.permissions import user_scope, visible_provinces
from tracker.api.base import ApiMixin
from tracker.api.fields import boolean
from tracker.api.query import ScopeQuery, scope_query
from tracker.reports.progress import national_progress, province_progress
from tracker.reports.progress_json import national_json, province_report_json
from tracker.targets.calendar import current_year, in_programme, outside_message
from tracker.units.maps import map_opened
from tracker.units.models import MapEdition, Province


class ProgressQuery(ScopeQuery):
    ward = None
    all_wards = boolean(
        required=False,
        help_text=gettext_lazy("Liệt kê mọi phường của tỉnh, cả phường chưa đăng ký."),
    )


def year_and_map(query: dict) -> tuple[int, MapEdition]:
    """The year asked for (today's programme year by default) and its map, as the command
    (tracker.targets.calendar, tracker.units.maps.map_opened)."""
    year = query.get("year")
    if year is not None and not in_programme(year):
        raise exceptions.NotFound(outside_message(year))
    if "map" in query:
        edition = MapEdition.objects.filter(code=query["map"]).first()
    else:
        edition = map_opened(year)
    if edition is None:
        raise exceptions.NotFound(_("Không có bản đồ hành chính này."))
    return (current_year() if year is None else year), edition


class ProgressView(ApiMixin, views.APIView):
    @extend_schema(
        summary=gettext_lazy("Tiến độ của một tỉnh hoặc các tỉnh trong phạm vi"),
        description=gettext_lazy(
            "Cùng số liệu với lệnh `progress --format json`. Có ?province=: một tỉnh và các "
            "phường của nó; không có: mỗi tỉnh trong phạm vi một dòng. Tài khoản phường "
            "không đọc tiến độ của tỉnh (403)."
        ),
        parameters=[ProgressQuery],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        scope = user_scope(request.user)
        if scope.ward_id:
            raise exceptions.PermissionDenied(
                _("Tài khoản phường không xem tiến độ của tỉnh; hãy đọc /api/v1/assessments/.")
            )
        query = scope_query(request, ProgressQuery)
        year, edition = year_and_map(query)
        provinces = visible_provinces(
            user=request.user, queryset=Province.objects.filter(edition=edition)
        )
        if "province" in query:
            province = provinces.filter(code=query["province"]).first()
            if province is None:
                raise exceptions.NotFound(
                    _("Không có tỉnh mã '%(code)s' trên bản đồ %(map)s trong phạm vi của bạn.")
                    % {"code": query["province"], "map": edition.code}
                )
            progress = province_progress(
                province=province, year=year, all_wards=query.get("all_wards", False)
            )
            return Response(province_report_json(progress, province=province))
        ids = None if scope.national else list(provinces.values_list("pk", flat=True))
        rows = national_progress(year=year, edition=edition, province_ids=ids)
        # Figures across wards only for a national scope: a province's own page has its own.
        return Response(national_json(rows, year, edition=edition.code if scope.national else None))
