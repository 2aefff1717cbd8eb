"""POST /api/v1/imports/ (?dry_run=1 for the plan only), the batches, and their revert."""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tracker.api.base import ApiMixin
from tracker.api.fields import Body, choice, file, integer, text
from tracker.api.plan import plan_json
from tracker.api.problems import Conflict, PreconditionFailed, Unprocessable
from tracker.imports.models import ImportBatch
from tracker.imports.safety import too_large
from tracker.imports.services import (
    import_batch_apply,
    import_batch_revert,
    import_batches_visible,
)


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"


class ImportUpload(Body):
    file = file(help_text=gettext_lazy("Tệp .xlsx, .xls, .ods hoặc .csv theo mẫu nhập liệu."))
    province = text(
        required=False,
        allow_blank=True,
        max_length=2,
        help_text=gettext_lazy("Mã tỉnh; mặc định theo tệp."),
    )
    year = integer(required=False, min_value=2000, max_value=2100)
    on_conflict = choice(
        ["keep", "file"],
        required=False,
        help_text=gettext_lazy("Ô xung đột: keep giữ giá trị hiện có, file lấy giá trị trong tệp."),
    )
    expected = text(
        required=False,
        max_length=5_000_000,
        help_text=gettext_lazy(
            "JSON 'versions' của lần chạy thử: không ghi gì nếu có kết quả đã đổi."
        ),
    )


class BatchSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", allow_null=True, default=None)
    imported_by = serializers.CharField(source="imported_by.username")

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "file_name",
            "sha256",
            "province",
            "year",
            "imported_by",
            "imported_at",
            "created",
            "changed",
            "unchanged",
            "skipped",
            "reverted_at",
        ]


DRY_RUN = OpenApiParameter(
    "dry_run",
    OpenApiTypes.STR,
    enum=["0", "1"],
    description=gettext_lazy("1: chỉ trả kế hoạch (thay đổi, xung đột, lỗi từng ô), không ghi gì."),
)


def _expected(raw: str | None) -> dict[str, int] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value.values()
    ):
        raise exceptions.ValidationError(
            {"expected": [_("Cần một đối tượng JSON {mã kết quả: phiên bản}.")]}
        )
    return {str(k): v for k, v in value.items()}


def _refusal(result, plan: dict):
    codes = {e.code for e in result.sheet_errors}
    message = " ".join(result.messages()[:3])
    exc = (
        PreconditionFailed(message, code="stale")
        if "stale" in codes
        else Conflict(message, code="conflicts")
        if "conflicts" in codes
        else Unprocessable(message, code="import_errors")
    )
    exc.extra = {"plan": plan}
    return exc


class ImportViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = BatchSerializer
    parser_classes = [parsers.MultiPartParser]

    def get_queryset(self):
        return import_batches_visible(
            user=self.request.user,
            batches=ImportBatch.objects.select_related("province", "imported_by").order_by("-id"),
        )

    @extend_schema(
        summary=gettext_lazy("Nhập một tệp (hoặc chạy thử với ?dry_run=1)"),
        description=gettext_lazy(
            "Cùng bộ đọc và giới hạn như trang tải tệp lên. ?dry_run=1 trả kế hoạch và không "
            "ghi gì; không có: ghi tất cả thành một lần nhập (hoàn tác được), hoặc không ghi gì: "
            "422 khi tệp có lỗi, 409 khi có ô xung đột chưa chọn, 412 khi kết quả đã đổi sau "
            "lần chạy thử (expected)."
        ),
        parameters=[DRY_RUN],
        request={"multipart/form-data": ImportUpload},
        responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT},
    )
    def create(self, request):
        body = ImportUpload(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        refused = too_large(size=upload.size, file_name=upload.name)
        if refused:
            raise PayloadTooLarge(refused)
        dry_run = request.query_params.get("dry_run") in ("1", "true")
        result = import_batch_apply(
            data=upload.read(),
            file_name=upload.name,
            user=request.user,
            province_code=body.validated_data.get("province") or None,
            year=body.validated_data.get("year"),
            dry_run=dry_run,
            on_conflict=body.validated_data.get("on_conflict"),
            expected=_expected(body.validated_data.get("expected")),
        )
        plan = plan_json(result, dry_run=dry_run)
        if not dry_run and not result.ok:
            raise _refusal(result, plan)
        created = result.batch_id is not None
        return Response(plan, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        summary=gettext_lazy("Hoàn tác một lần nhập"),
        description=gettext_lazy(
            "Trả lại giá trị trước lần nhập, trừ những kết quả đã đổi lần nữa sau đó."
        ),
        request=None,
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def revert(self, request, pk=None):
        batch = self.get_object()
        outcome = import_batch_revert(batch=batch, user=request.user)
        return Response(
            {
                "batch": batch.pk,
                "restored": outcome.restored,
                "changed_since": [
                    {"ward_name": c.ward_name, "criterion": c.criterion_number, "status": c.status}
                    for c in outcome.changed_since
                ],
            }
        )
