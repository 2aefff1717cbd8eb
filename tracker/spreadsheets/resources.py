"""django-import-export resources for the admin's import/export of units, criteria and results.

The library's per-row path suits these small tables. Results are export-only
here: their import goes through tracker.imports, which writes in bulk, as
a batch that can be reverted (see the README's developer notes).
"""

from import_export import fields, resources, widgets

from tracker.models import (
    CriteriaSet,
    Criterion,
    CriterionResult,
    District,
    MapEdition,
    Province,
    Ward,
)

EDITION = "Bản đồ"
VERSION = "Phiên bản"


class EditionForeignKeyWidget(widgets.ForeignKeyWidget):
    """A unit found by its code within the map edition named on the same row."""

    def get_lookup_kwargs(self, value, row=None, **kwargs):
        return {"code": value, "edition__code": row[EDITION]}


class CriteriaSetWidget(widgets.ForeignKeyWidget):
    """A criteria set found by its code and the version named on the same row."""

    def get_lookup_kwargs(self, value, row=None, **kwargs):
        return {"code": value, "version": row[VERSION]}


def _field(attribute: str, column: str, widget=None) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


def _edition() -> fields.Field:
    return _field("edition", EDITION, widgets.ForeignKeyWidget(MapEdition, field="code"))


class ProvinceResource(resources.ModelResource):
    edition = _edition()
    code = _field("code", "Mã")
    name = _field("name", "Tên")
    kind = _field("kind", "Loại")

    class Meta:
        model = Province
        fields = ["edition", "code", "name", "kind"]
        import_id_fields = ["edition", "code"]
        skip_unchanged = True


class DistrictResource(ProvinceResource):
    province = _field("province", "Mã tỉnh", EditionForeignKeyWidget(Province, field="code"))

    class Meta(ProvinceResource.Meta):
        model = District
        fields = [*ProvinceResource.Meta.fields, "province"]


class WardResource(DistrictResource):
    district = _field("district", "Mã huyện", EditionForeignKeyWidget(District, field="code"))

    class Meta(DistrictResource.Meta):
        model = Ward
        fields = [*DistrictResource.Meta.fields, "district"]


class CriteriaSetResource(resources.ModelResource):
    """Lets the Ministry load the official text of a criteria set from a workbook."""

    code = _field("code", "Mã bộ")
    version = _field("version", VERSION)
    name = _field("name", "Tên")
    description = _field("description", "Mô tả")
    provisional = _field("provisional", "Tạm thời", widgets.BooleanWidget())
    year_in_force = _field("year_in_force", "Năm áp dụng", widgets.IntegerWidget())
    source = _field("source", "Nguồn")

    class Meta:
        model = CriteriaSet
        fields = ["code", "version", "name", "description", "provisional", "year_in_force"]
        fields += ["source"]
        import_id_fields = ["code", "version"]
        skip_unchanged = True


class CriterionResource(resources.ModelResource):
    criteria_set = _field("criteria_set", "Mã bộ", CriteriaSetWidget(CriteriaSet, field="code"))
    version = fields.Field(attribute="criteria_set__version", column_name=VERSION, readonly=True)
    number = _field("number", "Số", widgets.IntegerWidget())
    short_title = _field("short_title", "Tên ngắn")
    group = _field("group", "Nhóm")
    full_text = _field("full_text", "Nội dung")
    responsible_party = _field("responsible_party", "Đơn vị chịu trách nhiệm")

    class Meta:
        model = Criterion
        fields = ["criteria_set", "version", "number", "short_title", "group", "full_text"]
        fields += ["responsible_party"]
        import_id_fields = ["criteria_set", "number"]
        skip_unchanged = True


class CriterionResultResource(resources.ModelResource):
    """The long format (one row per ward and criterion) that tracker.imports reads back."""

    ward_code = fields.Field(attribute="assessment__ward__code", column_name="Mã phường")
    ward_name = fields.Field(attribute="assessment__ward__name", column_name="Tên phường")
    year = fields.Field(attribute="assessment__year", column_name="Năm")
    number = fields.Field(attribute="criterion__number", column_name="Số tiêu chí")
    status = fields.Field(column_name="Kết quả")
    note = fields.Field(attribute="note", column_name="Ghi chú")

    class Meta:
        model = CriterionResult
        fields = ["ward_code", "ward_name", "year", "number", "status", "note"]

    def dehydrate_status(self, result):
        return str(result.get_status_display())

    def get_queryset(self):
        return CriterionResult.objects.select_related("assessment__ward", "criterion")

    def import_instance(self, *args, **kwargs):
        # Result imports are batches with a preview and a revert: tracker.imports.
        raise NotImplementedError
