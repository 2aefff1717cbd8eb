"""django-import-export resources for the admin's import/export of units, criteria and results.

The library's per-row path suits these small tables. Results are export-only
here: their import goes through tracker.imports, which writes in bulk, as
a batch that can be reverted (see the README's developer notes).
"""

import warnings

import tablib
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.formats.base_formats import BINARY_FORMATS
from openpyxl.utils.exceptions import IllegalCharacterError
from tablib.formats._xlsx import XLSXFormat

from tracker.assessments.models import CriterionResult
from tracker.criteria.models import Comparison, CriteriaSet, Criterion, Measure
from tracker.spreadsheets.cells import cell_protect, needs_protection, plain_text
from tracker.units.models import District, MapEdition, Province, Ward

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


class ChoiceWidget(widgets.Widget):
    """A choice written as its label, read back from its label or its stored value."""

    def __init__(self, choices, **kwargs):
        self.choices = [(str(value), str(label)) for value, label in choices]
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value or "").split())
        if not text:
            return None
        for stored, label in self.choices:
            if text.casefold() in (stored.casefold(), label.casefold()):
                return stored
        raise ValueError(
            _("'%(value)s' không phải là một trong: %(choices)s.")
            % {"value": text, "choices": ", ".join(label for _v, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(str(value), "") if value else ""


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
    requires_evidence = _field("requires_evidence", "Cần tệp minh chứng", widgets.BooleanWidget())
    # The indicator of a criterion measured by a number (tracker.criteria.indicators).
    measure = _field("measure", "Đo bằng số", ChoiceWidget(Measure.choices))
    measure_unit = _field("measure_unit", "Đơn vị")
    value_label = _field("value_label", "Tên giá trị")
    numerator_label = _field("numerator_label", "Tên tử số")
    denominator_label = _field("denominator_label", "Tên mẫu số")
    comparison = _field("comparison", "So sánh", ChoiceWidget(Comparison.choices))
    threshold = _field("threshold", "Ngưỡng", widgets.DecimalWidget())
    measure_source = _field("measure_source", "Nguồn của ngưỡng")

    class Meta:
        model = Criterion
        fields = ["criteria_set", "version", "number", "short_title", "group", "full_text"]
        fields += ["responsible_party", "requires_evidence"]
        fields += ["measure", "measure_unit", "value_label", "numerator_label"]
        fields += ["denominator_label", "comparison", "threshold", "measure_source"]
        import_id_fields = ["criteria_set", "number"]
        skip_unchanged = True
        # The indicator's rules (Criterion.clean): a threshold, the ratio's two names.
        clean_model_instances = True


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


class _TextKeepingXLSX(XLSXFormat):
    """tablib's xlsx writer, each formula-like text then made a text cell with quotePrefix."""

    @classmethod
    def dset_sheet(cls, dataset, ws, **kwargs):
        super().dset_sheet(dataset, ws, **kwargs)
        for row in ws.iter_rows():
            for cell in row:
                cell_protect(cell)


def _plain_text_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    protected = tablib.Dataset(title=dataset.title)
    if dataset.headers:
        protected.headers = [plain_text(h) for h in dataset.headers]
    for row in dataset:
        protected.append([plain_text(v) for v in row])
    return protected


def dataset_export(*, file_format, dataset: tablib.Dataset):
    """An admin export as a file, no text in it run by a spreadsheet program.

    What "kept a text" means depends on what the format can say
    (tracker.spreadsheets.cells.needs_protection decides which texts need it):

    - xlsx: a string cell with Excel's quotePrefix, as in the locality template
      (never a formula, also not once someone edits the cell). tablib would make
      "=..." a formula; its own escape (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT)
      deletes the "=" and leaves "+", "-", "@" alone.
    - csv, tsv: plain text has no cell types, so the text gets a leading
      apostrophe, the OWASP defence against CSV injection: a spreadsheet program
      shows it as text. The importer drops it again when the results come
      back (tracker.spreadsheets.cells.plain_text_read).
    - xls (xlwt) and ods (odfpy) would write every text as a string cell, never a
      formula; neither is offered here (tablib needs xlrd and odfpy).
    - json, yaml, html are not spreadsheets: written as they are.
    """
    if isinstance(file_format, base_formats.XLSX):
        # As import-export's XLSX.export_data, through the writer above.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            try:
                return _TextKeepingXLSX.export_set(dataset)
            except IllegalCharacterError as e:
                raise ValueError(_("export failed due to IllegalCharacterError")) from e
    if isinstance(file_format, base_formats.CSV | base_formats.TSV):
        if any(needs_protection(v) for row in dataset for v in row):
            dataset = _plain_text_dataset(dataset)
    return file_format.export_data(dataset)


class TextKeepingExportMixin:
    """The admin's exports in every format, no text in them run by a spreadsheet program.

    import-export's own get_export_data, the file written by dataset_export
    instead of the format's export_data.
    """

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        dataset = self.get_data_for_export(
            request,
            queryset,
            force_native_type=type(file_format) in BINARY_FORMATS,
            **kwargs,
        )
        data = dataset_export(file_format=file_format, dataset=dataset)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            data = data.encode(encoding)
        return data
