"""GET /api/v1/results/, a result's history and evidence files; PATCH with If-Match."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tracker.accounts.permissions import user_can_edit_assessment, visible_assessments
from tracker.api.base import ApiMixin
from tracker.api.fields import Body, choice, integer
from tracker.api.problems import PreconditionFailed, PreconditionRequired
from tracker.api.query import ScopeQuery, scope_filter, scope_query
from tracker.api.result_fields import SHOWN, WRITABLE, service_arguments
from tracker.api.units import IndicatorSerializer, indicator
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status


class ResultSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="assessment.year")
    ward = serializers.CharField(
        source="assessment.ward.code",
        help_text=gettext_lazy("Mã phường."),
    )
    map = serializers.CharField(source="assessment.ward.edition.code")
    province = serializers.CharField(source="assessment.ward.province.code")
    criterion = serializers.IntegerField(
        source="criterion.number",
        help_text=gettext_lazy("Số tiêu chí."),
    )
    criterion_title = serializers.CharField(source="criterion.short_title")
    status_label = serializers.CharField(source="get_status_display")
    changed_by = serializers.CharField(source="changed_by.username", allow_null=True, default=None)
    indicator = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Chỉ số của tiêu chí đo bằng số; null với tiêu chí không đo bằng số."
        )
    )

    @extend_schema_field(IndicatorSerializer(allow_null=True))
    def get_indicator(self, result):
        return indicator(result.criterion)

    class Meta:
        model = CriterionResult
        fields = [
            "id",
            "assessment",
            "year",
            "map",
            "province",
            "ward",
            "criterion",
            "criterion_title",
            "indicator",
            *SHOWN,
            "status_label",
            "changed_by",
        ]


ResultPatch = type("ResultPatch", (Body,), {name: make() for name, make in WRITABLE.items()})


class ResultQuery(ScopeQuery):
    assessment = integer(required=False, min_value=1, max_value=2**62)
    criterion = integer(
        required=False,
        min_value=1,
        max_value=1000,
        help_text=gettext_lazy("Số tiêu chí."),
    )
    status = choice(ResultStatus.choices, required=False)


class HistorySerializer(serializers.Serializer):
    history_id = serializers.IntegerField()
    at = serializers.DateTimeField(source="history_date")
    kind = serializers.CharField(
        source="history_type",
        help_text=gettext_lazy("+ tạo, ~ sửa, - xoá."),
    )
    user = serializers.CharField(source="history_user.username", allow_null=True, default=None)
    status = serializers.CharField()
    note = serializers.CharField()
    evidence = serializers.CharField()
    numerator = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    denominator = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    status_reason = serializers.CharField(allow_null=True)
    version = serializers.IntegerField()
    reason = serializers.CharField(source="history_change_reason", allow_null=True)
    import_batch = serializers.IntegerField(source="import_batch_id", allow_null=True)


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=gettext_lazy('ETag của kết quả (phiên bản), ví dụ "3", đọc bằng GET.'),
)


def etag(result: CriterionResult) -> str:
    return f'"{result.version}"'


def if_match_version(request) -> int:
    """The version the caller read: 428 without If-Match, 412 for one that is no version."""
    header = (request.headers.get("If-Match") or "").strip()
    if not header or header == "*":
        raise PreconditionRequired()
    value = header.removeprefix("W/").strip().strip('"')
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise PreconditionFailed(
            _("If-Match '%(value)s' không phải là ETag của kết quả này.") % {"value": header[:40]}
        )
    return int(value)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Kết quả từng tiêu chí trong phạm vi"),
        parameters=[ResultQuery],
    ),
    retrieve=extend_schema(summary=gettext_lazy("Một kết quả; ETag là phiên bản của nó")),
)
class ResultViewSet(ApiMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ResultSerializer
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        queryset = visible_assessments(
            user=self.request.user,
            queryset=CriterionResult.objects.select_related(
                "assessment__ward__edition",
                "assessment__ward__province",
                "criterion",
                "changed_by",
            ),
            prefix="assessment__",
        ).order_by("assessment__year", "assessment__ward__code", "criterion__number", "id")
        if self.action == "list":
            query = scope_query(self.request, ResultQuery)
            queryset = scope_filter(
                queryset, query, ward="assessment__ward", year="assessment__year"
            )
            for name, path in (
                ("assessment", "assessment_id"),
                ("criterion", "criterion__number"),
                ("status", "status"),
            ):
                if name in query:
                    queryset = queryset.filter(**{path: query[name]})
        return queryset

    def retrieve(self, request, *args, **kwargs):
        result = self.get_object()
        return Response(self.get_serializer(result).data, headers={"ETag": etag(result)})

    @extend_schema(
        summary=gettext_lazy("Sửa kết quả, số liệu, ghi chú, minh chứng của một tiêu chí"),
        description=gettext_lazy(
            "Qua cùng dịch vụ và khoá như trang phường. Cần If-Match mang ETag đọc được: "
            "428 khi thiếu, 412 khi kết quả đã đổi sau phiên bản đó, 409 khi kết quả đang bị "
            "khoá theo bước công nhận. Số liệu của tiêu chí đo bằng số đặt kết quả (Đạt khi "
            "đạt ngưỡng); kết quả chọn khác với số liệu cần status_reason; số liệu sai (âm, "
            "tử số lớn hơn mẫu số, thiếu một phần của tỉ lệ) bị từ chối bằng 422, 'errors' "
            "nêu trường sai."
        ),
        parameters=[IF_MATCH],
        request=ResultPatch,
        responses={200: ResultSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        result = self.get_object()
        if not user_can_edit_assessment(user=request.user, assessment=result.assessment):
            raise exceptions.PermissionDenied(
                _("Bạn không có quyền cập nhật kết quả của phường này.")
            )
        seen = if_match_version(request)
        body = ResultPatch(data=request.data)
        body.is_valid(raise_exception=True)
        token = request.auth
        result = criterion_result_set_status(
            result=result,
            user=request.user,
            expected_version=seen,
            reason=_("Qua API (mã truy cập '%(name)s')") % {"name": token.name},
            **service_arguments(body.validated_data, result),
        )
        result = self.get_queryset().get(pk=result.pk)
        return Response(self.get_serializer(result).data, headers={"ETag": etag(result)})

    @extend_schema(
        summary=gettext_lazy("Lịch sử của một kết quả"),
        description=gettext_lazy("Ai đổi, lúc nào, từ gì sang gì, qua lần nhập nào."),
        responses={200: HistorySerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        result = self.get_object()
        rows = (
            CriterionResult.history.filter(id=result.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        return Response(HistorySerializer(rows, many=True).data)
