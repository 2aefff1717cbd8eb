"""GET /api/v1/assessments/ and the recognition workflow's steps (POST .../workflow/)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tracker.accounts.permissions import visible_assessments
from tracker.api.base import ApiMixin
from tracker.api.fields import Body, choice, date, text
from tracker.api.query import ScopeQuery, scope_filter, scope_query
from tracker.api.units import ProvinceRef
from tracker.assessments import workflow
from tracker.assessments.completion import with_completion
from tracker.assessments.models import Assessment, AssessmentStatus


class WardRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    map = serializers.CharField(source="edition.code")


class AssessmentSerializer(serializers.ModelSerializer):
    ward = WardRef()
    province = ProvinceRef(source="ward.province")
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    met = serializers.IntegerField(help_text=_("Số tiêu chí Đạt."))
    total = serializers.IntegerField(help_text=_("Số tiêu chí của bộ."))
    steps = serializers.SerializerMethodField(
        help_text=_("Các bước công nhận mà mã truy cập này được làm lúc này.")
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "year",
            "ward",
            "province",
            "criteria_set",
            "status",
            "status_label",
            "met",
            "total",
            "decision_number",
            "decision_date",
            "forwarded_at",
            "review_note",
            "answer_note",
            "steps",
        ]

    def get_steps(self, obj) -> list[str]:
        return workflow.workflow_steps(user=self.context["request"].user, assessment=obj)


class WorkflowStep(Body):
    step = choice(
        list(workflow.STEPS),
        help_text=_(
            "propose: phường đề nghị; forward, return: tỉnh chuyển Bộ hoặc trả lại; "
            "recognize, refuse, reopen: Bộ công nhận, không công nhận, mở lại."
        ),
    )
    reason = text(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text=_("Lý do (return, refuse, reopen)."),
    )
    answer = text(
        required=False, allow_blank=True, max_length=4000, help_text=_("Giải trình (propose lại).")
    )
    decision_number = text(required=False, allow_blank=True, max_length=50)
    decision_date = date(required=False, allow_null=True)


def step_take(*, assessment: Assessment, user, data: dict) -> Assessment:
    """One workflow step through tracker.assessments.workflow: its rights, states and locks."""
    step = data["step"]
    reason = data.get("reason", "")
    if step == "propose":
        return workflow.assessment_propose(
            assessment=assessment, user=user, answer=data.get("answer", "")
        )
    if step == "forward":
        return workflow.assessment_forward(assessment=assessment, user=user)
    if step == "recognize":
        return workflow.assessment_recognize(
            assessment=assessment,
            user=user,
            decision_number=data.get("decision_number", ""),
            decision_date=data.get("decision_date"),
        )
    service = {
        "return": workflow.assessment_return,
        "refuse": workflow.assessment_refuse,
        "reopen": workflow.assessment_reopen,
    }[step]
    return service(assessment=assessment, user=user, reason=reason)


@extend_schema_view(
    list=extend_schema(
        summary=_("Các đăng ký xây dựng trong phạm vi"),
        description=_("Mỗi phường đăng ký một năm: trạng thái, số tiêu chí Đạt, quyết định."),
        parameters=[ScopeQuery],
    ),
    retrieve=extend_schema(summary=_("Một đăng ký xây dựng")),
)
class AssessmentViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AssessmentSerializer

    def get_queryset(self):
        queryset = visible_assessments(
            user=self.request.user,
            queryset=with_completion(
                Assessment.objects.select_related("ward__edition", "ward__province")
            ),
        ).order_by("year", "ward__code", "id")
        if self.action == "list":
            queryset = scope_filter(queryset, scope_query(self.request), ward="ward", year="year")
        return queryset

    @extend_schema(
        summary=_("Một bước của quy trình công nhận"),
        description=_(
            "Qua đúng các quy tắc của trang: ai được làm bước nào, từ trạng thái nào. "
            "409 khi trạng thái hiện tại không cho bước này; 422 khi thiếu điều kiện "
            "(tiêu chí chưa Đạt, thiếu minh chứng, thiếu lý do)."
        ),
        request=WorkflowStep,
        responses={200: AssessmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def workflow(self, request, pk=None):
        assessment = self.get_object()
        body = WorkflowStep(data=request.data)
        body.is_valid(raise_exception=True)
        step_take(assessment=assessment, user=request.user, data=body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=assessment.pk)).data)
