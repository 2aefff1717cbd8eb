"""GET /api/v1/units/ and /api/v1/criteria-sets/: the wards in scope and the checklists."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from tracker.accounts.permissions import visible_wards
from tracker.api.base import ApiMixin
from tracker.api.fields import Body, integer
from tracker.api.query import ScopeQuery, scope_filter, scope_query
from tracker.criteria.models import Comparison, CriteriaSet, Criterion, Measure
from tracker.units.models import Province, Ward


class ProvinceRef(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class UnitSerializer(serializers.ModelSerializer):
    map = serializers.CharField(source="edition.code", help_text=_("Bản đồ hành chính."))
    province = ProvinceRef()
    district = serializers.CharField(
        source="district.name", allow_null=True, default=None, help_text=_("Huyện (bản đồ 2023).")
    )
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Ward
        fields = ["id", "code", "name", "kind", "kind_label", "map", "province", "district"]


@extend_schema_view(
    list=extend_schema(
        summary=_("Các đơn vị cấp xã trong phạm vi"),
        description=_(
            "Phường, xã, thị trấn mà mã truy cập được xem. Không có ?map=, ?year= chọn bản đồ "
            "có hiệu lực đầu năm đó."
        ),
        parameters=[ScopeQuery],
    ),
    retrieve=extend_schema(summary=_("Một đơn vị cấp xã")),
)
class UnitViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer

    def get_queryset(self):
        queryset = visible_wards(
            user=self.request.user,
            queryset=Ward.objects.select_related("edition", "province", "district"),
        ).order_by("edition__effective_from", "code")
        if self.action == "list":
            queryset = scope_filter(queryset, scope_query(self.request), ward="")
        return queryset


class IndicatorSerializer(serializers.Serializer):
    """What a measured criterion is judged on (tracker.criteria.indicators)."""

    kind = serializers.ChoiceField(
        source="measure",
        choices=Measure.choices,
        help_text=_("gia_tri: một giá trị; ti_le: tử số / mẫu số, so sánh theo phần trăm."),
    )
    comparison = serializers.ChoiceField(
        choices=Comparison.choices,
        help_text=_("So với ngưỡng (>=, <=, =) hoặc với năm trước (<truoc)."),
    )
    threshold = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text=_("Ngưỡng; null khi so với năm trước. Với tỉ lệ, tính theo %."),
    )
    unit = serializers.SerializerMethodField(help_text=_("Đơn vị: % với tỉ lệ."))
    numerator_label = serializers.CharField(allow_null=True)
    denominator_label = serializers.CharField(allow_null=True)

    def get_unit(self, criterion) -> str:
        if criterion.measure == Measure.RATIO:
            return "%"
        return criterion.measure_unit or ""


def indicator(criterion) -> dict | None:
    """A criterion's indicator as the API shows it; None when it is not measured by numbers."""
    if not criterion.measure:
        return None
    return IndicatorSerializer(criterion).data


class CriterionSerializer(serializers.ModelSerializer):
    indicator = serializers.SerializerMethodField(
        help_text=_("Chỉ số của tiêu chí đo bằng số; null với tiêu chí không đo bằng số.")
    )

    @extend_schema_field(IndicatorSerializer(allow_null=True))
    def get_indicator(self, criterion):
        return indicator(criterion)

    class Meta:
        model = Criterion
        fields = [
            "id",
            "number",
            "short_title",
            "full_text",
            "group",
            "responsible_party",
            "requires_evidence",
            "indicator",
        ]


class CriteriaSetSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "code",
            "version",
            "name",
            "description",
            "provisional",
            "year_in_force",
            "criteria",
        ]


class CriteriaSetQuery(Body):
    strict = False

    year = integer(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Chỉ các bộ tiêu chí áp dụng từ năm này trở về trước."),
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Các bộ tiêu chí"),
        description=_("Bộ tiêu chí (22 tiêu chí) và nội dung từng tiêu chí; chung cho cả nước."),
        parameters=[CriteriaSetQuery],
    ),
    retrieve=extend_schema(summary=_("Một bộ tiêu chí")),
)
class CriteriaSetViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CriteriaSetSerializer

    def get_queryset(self):
        queryset = CriteriaSet.objects.prefetch_related("criteria").order_by("year_in_force", "id")
        if self.action == "list":
            year = scope_query(self.request, CriteriaSetQuery).get("year")
            if year is not None:
                queryset = queryset.filter(year_in_force__lte=year)
        return queryset
