"""GET and POST /api/v1/results/<id>/evidence/: a result's evidence files, and uploads."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, parsers, serializers, status
from rest_framework.response import Response

from tracker.accounts.permissions import visible_assessments
from tracker.api.base import ApiMixin
from tracker.api.fields import Body, date, file, text
from tracker.assessments.models import CriterionResult
from tracker.evidence.models import EvidenceFile
from tracker.evidence.services import evidence_add


class EvidenceSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(source="current.file_name", allow_null=True, default=None)
    size = serializers.IntegerField(source="current.size", allow_null=True, default=None)
    content_type = serializers.CharField(
        source="current.content_type", allow_null=True, default=None
    )
    sha256 = serializers.CharField(source="current.sha256", allow_null=True, default=None)
    revision = serializers.IntegerField(source="current.number", allow_null=True, default=None)
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)

    class Meta:
        model = EvidenceFile
        fields = [
            "id",
            "title",
            "document_number",
            "document_date",
            "file_name",
            "size",
            "content_type",
            "sha256",
            "revision",
            "created_by",
            "created_at",
        ]


class EvidenceUpload(Body):
    file = file(
        help_text=_("Tệp minh chứng (PDF, ảnh, văn bản…); gửi nhiều phần 'file' để tải nhiều tệp."),
    )
    title = text(required=False, allow_blank=True, max_length=300)
    document_number = text(required=False, allow_blank=True, max_length=100)
    document_date = date(required=False, allow_null=True)


class ResultEvidence(ApiMixin, generics.GenericAPIView):
    serializer_class = EvidenceSerializer
    parser_classes = [parsers.MultiPartParser]
    pagination_class = None

    def result(self) -> CriterionResult:
        results = visible_assessments(
            user=self.request.user, queryset=CriterionResult.objects.all(), prefix="assessment__"
        )
        return get_object_or_404(results, pk=self.kwargs["pk"])

    @extend_schema(
        summary=_("Các tệp minh chứng hiện có của một kết quả"),
        responses={200: EvidenceSerializer(many=True)},
    )
    def get(self, request, pk):
        files = (
            EvidenceFile.objects.filter(result=self.result(), removed_at__isnull=True)
            .exclude(current=None)
            .select_related("current", "created_by")
            .order_by("created_at", "id")
        )
        return Response(EvidenceSerializer(files, many=True).data)

    @extend_schema(
        summary=_("Tải tệp minh chứng lên cho một kết quả"),
        description=_(
            "Qua cùng dịch vụ như trang phường: kiểu tệp theo nội dung, giới hạn dung lượng, "
            "khoá theo bước công nhận (409). Tất cả các tệp, hoặc không tệp nào."
        ),
        request={"multipart/form-data": EvidenceUpload},
        responses={201: EvidenceSerializer(many=True)},
    )
    def post(self, request, pk):
        result = self.result()
        body = EvidenceUpload(data=request.data)
        body.is_valid(raise_exception=True)
        added = evidence_add(
            result=result,
            user=request.user,
            files=request.FILES.getlist("file"),
            title=body.validated_data.get("title", ""),
            document_number=body.validated_data.get("document_number", ""),
            document_date=body.validated_data.get("document_date"),
        )
        files = EvidenceFile.objects.filter(pk__in=[e.pk for e in added]).select_related(
            "current", "created_by"
        )
        return Response(EvidenceSerializer(files, many=True).data, status=status.HTTP_201_CREATED)
