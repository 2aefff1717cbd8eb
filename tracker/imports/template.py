"""The workbook handed out to localities: one row per ward, one drop-down per criterion.

Built in openpyxl's write-only mode: a national file has some 48,000 cells and
normal mode costs a Python object per cell before it writes any. Everything a
write-only sheet writes before its rows (column widths, frozen panes) is set
before the first row; the drop-down is written after the rows, and styles and
comments travel on the cells themselves (openpyxl's WriteOnlyCell).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tracker.accounts.permissions import user_can_view_province, user_is_national
from tracker.assessments.maps import map_of_registrations
from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.criteria.indicators import Figures, threshold_text
from tracker.criteria.models import CriteriaSet, Measure, Part
from tracker.criteria.selectors import criteria_set_in_force
from tracker.imports.columns import STATUS_SPELLINGS, status_choices, status_write, ward_write
from tracker.imports.contract import (
    CRITERIA_SHEET,
    DATA_SHEET,
    EXPORT_RECORD,
    GUIDE_SHEET,
    HEADER_ROW,
    META_KEYS,
    META_SHEET,
    TEMPLATE_VERSION,
    export_tokens,
    figure_tokens,
)
from tracker.spreadsheets.cells import rows_append, styled_cell
from tracker.spreadsheets.printing import BODY_FONT, HEADER_FONT, TITLE_FONT, sheet_print_setup
from tracker.units.maps import newest_first
from tracker.units.models import Province, Ward, WardKind

# The header row: the title block above it, the wards below it.
BOLD = HEADER_FONT
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE = TITLE_FONT


@dataclass(frozen=True)
class TemplateScope:
    year: int
    province: Province | None  # None: the whole country
    edition: str
    criteria_set: CriteriaSet
    all_wards: bool


def user_can_get_template(*, user, scope: TemplateScope) -> bool:
    """A province's template for whoever sees the province; every province's for the
    national scopes only."""
    if scope.province is not None:
        return user_can_view_province(user=user, province=scope.province)
    return user_is_national(user)


def template_scope(
    *,
    year: int,
    province_code: str | None = None,
    all_wards: bool = False,
    edition: str | None = None,
) -> TemplateScope:
    """What a template covers; raises ValueError (in Vietnamese) when it cannot be made.

    `edition` is the map (a report page's ?map=); by default, that of the year's newest
    assessments.
    """
    assessments = Assessment.objects.filter(year=year)
    if edition:
        assessments = assessments.filter(ward__edition__code=edition)
    edition = edition or map_of_registrations(year, assessments)
    province = None
    if province_code:
        provinces = newest_first(Province.objects.filter(code=province_code), path="edition")
        if edition:
            provinces = provinces.filter(edition__code=edition)
        province = provinces.select_related("edition").first()
        if province is None:
            raise ValueError(_("Không có tỉnh mã %(code)s.") % {"code": province_code})
        edition = province.edition.code
        assessments = assessments.filter(ward__province=province)
    set_id = assessments.values_list("criteria_set_id", flat=True).first()
    criteria_set = CriteriaSet.objects.get(pk=set_id) if set_id else criteria_set_in_force(year)
    if edition is None or criteria_set is None or (not set_id and not all_wards):
        raise ValueError(
            _("Năm %(year)s chưa có phường nào đăng ký; dùng --all-wards để xuất mọi phường.")
            % {"year": year}
        )
    return TemplateScope(
        year=year,
        province=province,
        edition=edition,
        criteria_set=criteria_set,
        all_wards=all_wards,
    )


def figure_columns(criteria) -> list[tuple[int, str]]:
    """(criterion number, part) of the measured criteria's figure columns, in number order."""
    columns = []
    for c in criteria:
        if c.measure == Measure.RATIO:
            columns += [(c.number, Part.NUMERATOR), (c.number, Part.DENOMINATOR)]
        elif c.measure == Measure.COUNT:
            columns.append((c.number, Part.VALUE))
    return columns


def _figure_cell(number):
    """A figure as the workbook holds it: 12, not 12.00."""
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _rows(
    scope: TemplateScope, numbers: list[int], figure_cols: list[tuple[int, str]]
) -> tuple[list[list], list[list]]:
    """The data sheet's rows, and the hidden sheet's record of what each was exported with."""
    # Written once per status: a lazy label turned into text per cell costs more than the cell.
    labels = {status: status_write(status) for status in ResultStatus.values}
    registered = Assessment.objects.filter(
        year=scope.year, ward__edition__code=scope.edition, criteria_set=scope.criteria_set
    )
    wards = Ward.objects.filter(edition__code=scope.edition, kind=WardKind.WARD)
    if scope.province is not None:
        registered = registered.filter(ward__province=scope.province)
        wards = wards.filter(province=scope.province)
    if not scope.all_wards:
        wards = wards.filter(assessments__in=registered)
    stage = dict(registered.values_list("ward_id", "status"))
    stage_labels = {
        value: str(label) for value, label in Assessment._meta.get_field("status").flatchoices
    }
    unregistered = _("Chưa đăng ký")
    statuses: dict[int, dict[int, tuple[int, str]]] = {}
    figures: dict[int, dict[int, Figures]] = {}
    measured = {number for number, _part in figure_cols}
    for ward_id, number, status, version, *parts in CriterionResult.objects.filter(
        assessment__in=registered
    ).values_list(
        "assessment__ward_id",
        "criterion__number",
        "status",
        "version",
        "numerator",
        "denominator",
        "value",
    ):
        statuses.setdefault(ward_id, {})[number] = (version, status)
        if number in measured and any(p is not None for p in parts):
            figures.setdefault(ward_id, {})[number] = Figures(*parts)
    national = scope.province is None
    rows, record = [], []
    # Vietnamese alphabetical order, province by province (tracker.units.collation).
    order = ["sort_name", "code"]
    if national:
        order = ["province__sort_name", "province__code", *order]
    for ward_id, code, name, province_name in wards.order_by(*order).values_list(
        "id", "code", "name", "province__name"
    ):
        own = statuses.get(ward_id, {})
        shown = figures.get(ward_id, {})
        rows.append(
            [
                *ward_write(code, name),
                *([province_name] if national else []),
                stage_labels[stage[ward_id]] if ward_id in stage else unregistered,
                *(labels[own[n][1]] if n in own else None for n in numbers),
                *(
                    _figure_cell(shown[n].part(part)) if n in shown else None
                    for n, part in figure_cols
                ),
            ]
        )
        if own:
            record.append(
                [
                    code,
                    export_tokens(own.get(n) for n in numbers),
                    figure_tokens(sorted(shown.items())),
                ]
            )
    return rows, record


def _title_block(ws, scope: TemplateScope) -> list[list]:
    where = (
        _("Đơn vị: %(name)s (mã %(code)s)")
        % {"name": scope.province.name, "code": scope.province.code}
        if scope.province
        else _("Phạm vi: toàn quốc")
    )
    criteria_set = scope.criteria_set
    lines = [
        _("THEO DÕI KẾT QUẢ THỰC HIỆN TIÊU CHÍ CÔNG AN PHƯỜNG ĐIỂN HÌNH, KIỂU MẪU"),
        where,
        _("Năm: %(year)s") % {"year": scope.year},
        _("Bộ tiêu chí: %(name)s (mã %(code)s, phiên bản %(version)s)")
        % {"name": criteria_set.name, "code": criteria_set.code, "version": criteria_set.version},
        _("Ngày xuất: %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
    ]
    return [[styled_cell(ws, lines[0], font=TITLE)], *([line] for line in lines[1:])]


def _widths(ws, widths) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _criteria_sheet(wb: Workbook, criteria: list) -> None:
    ws = wb.create_sheet(CRITERIA_SHEET)
    _widths(ws, (6, 32, 24, 80, 28))
    ws.freeze_panes = "A2"
    sheet_print_setup(ws, landscape=True, title_rows="1:1")
    header = [_("Số"), _("Tên ngắn"), _("Nhóm"), _("Nội dung"), _("Đơn vị chịu trách nhiệm")]
    ws.append([styled_cell(ws, title, font=BOLD, fill=HEADER_FILL) for title in header])
    for c in criteria:
        values = [c.number, c.short_title, c.group, c.full_text, c.responsible_party]
        ws.append([styled_cell(ws, value, alignment=WRAP, font=BODY_FONT) for value in values])


def _guide_sheet(wb: Workbook, scope: TemplateScope, last_criterion: str) -> None:
    ws = wb.create_sheet(GUIDE_SHEET)
    _widths(ws, [110])
    sheet_print_setup(ws)
    ws.append([styled_cell(ws, _("HƯỚNG DẪN ĐIỀN MẪU"), font=TITLE)])
    rows_append(ws, [[""], *([line] for line in guide_lines(last_criterion))])


def guide_lines(last_criterion: str) -> list[str]:
    """The guide sheet's lines: the help page (/huong-dan/) shows the same words."""
    spellings = [
        f"  • {status_write(status)}: {', '.join(words)}"
        for status, words in STATUS_SPELLINGS.items()
    ]
    lines = [
        _("1. Ở sheet “%(sheet)s”, mỗi dòng là một phường; mỗi cột TC1…%(last)s là một tiêu chí")
        % {"sheet": DATA_SHEET, "last": last_criterion},
        _("   (di chuột lên tiêu đề cột để xem tên tiêu chí; nội dung đầy đủ ở sheet “%(sheet)s”).")
        % {"sheet": CRITERIA_SHEET},
        _(
            "2. Chọn kết quả của từng tiêu chí trong danh sách: Chưa đánh giá, Đang thực hiện, "
            "Đạt, Chưa đạt."
        ),
        _("   Ô để trống không làm thay đổi kết quả đã có trong hệ thống."),
        _(
            "   Ô giữ nguyên như lúc xuất mẫu cũng không làm thay đổi gì: chỉ ô được sửa mới là "
            "kết quả nhập."
        ),
        _(
            "   Nếu kết quả ở ô đã sửa cũng đã được đổi trong hệ thống sau khi xuất mẫu, đó là "
            "xung đột: người nhập chọn giữ giá trị hiện có hay lấy giá trị trong tệp."
        ),
        _(
            "   Các cột “TCn Tử số”, “TCn Mẫu số”, “TCn Giá trị” là số liệu của tiêu chí đo bằng "
            "số: số liệu quyết định kết quả (Đạt khi đạt chỉ tiêu, Chưa đạt nếu không);"
        ),
        _(
            "   tử số không lớn hơn mẫu số, không ghi số âm; kết quả khác số liệu cần lý do "
            "(cột Lý do của mẫu dạng dọc)."
        ),
        _("3. Không sửa cột Mã phường. Có thể thêm dòng trống, thêm cột, đổi thứ tự cột;"),
        _("   không thêm phường chưa đăng ký: việc nhập không tạo đăng ký mới."),
        _("4. Cột Trạng thái chỉ để tham khảo, không được nhập vào hệ thống."),
        _(
            "   Để ghi chú cho từng tiêu chí, dùng mẫu dạng dọc (Mã phường, Số tiêu chí, "
            "Kết quả, Ghi chú)."
        ),
        _("5. Không đổi tên, không xoá sheet ẩn “%(sheet)s”: nó cho biết tỉnh, năm, bộ tiêu chí")
        % {"sheet": META_SHEET},
        _("   và kết quả của từng ô lúc xuất mẫu."),
        _(
            "6. Gửi lại tệp dạng .xlsx (cũng nhận .xls, .ods, .csv UTF-8 hoặc Windows-1258), "
            "không đặt mật khẩu, không có macro."
        ),
        "",
        _(
            "Cách viết kết quả được chấp nhận (không phân biệt hoa thường, có dấu hay không dấu, "
            "có dấu chấm cuối hay không):"
        ),
        *spellings,
        _("Ô TRUE/FALSE được hiểu là Đạt/Chưa đạt; dấu × có thể hiểu nhiều cách nên không nhận."),
    ]
    return lines


def _meta_sheet(wb: Workbook, scope: TemplateScope, numbers: list[int], record) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    sheet_print_setup(ws)
    rows_append(
        ws,
        [
            list(pair)
            for pair in zip(
                META_KEYS,
                [
                    TEMPLATE_VERSION,
                    scope.province.code if scope.province else "",
                    scope.year,
                    scope.edition,
                    scope.criteria_set.code,
                    scope.criteria_set.version,
                ],
                strict=True,
            )
        ],
    )
    rows_append(ws, [[EXPORT_RECORD, " ".join(map(str, numbers))], *record])


def _status_validation(first: int, last: int, rows: int) -> DataValidation:
    """The drop-down of the four statuses over every status cell."""
    choices = ",".join(status_choices())
    validation = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Kết quả không hợp lệ"),
        error=_("Chọn một trong: %(choices)s.") % {"choices": choices.replace(",", ", ")},
    )
    validation.add(
        f"{get_column_letter(first)}{HEADER_ROW + 1}:{get_column_letter(last)}{HEADER_ROW + rows}"
    )
    return validation


# Localities fill in and send back Vietnamese workbooks, and the importer reads
# Vietnamese headers and statuses: the template is Vietnamese in every UI language.
@override("vi")
def data_header(criteria, *, national: bool = False) -> list[str]:
    """The data sheet's column titles (the help page lists them too)."""
    return [
        _("Mã phường"),
        _("Tên phường"),
        *([_("Tỉnh")] if national else []),
        _("Trạng thái"),
        *(f"TC{c.number}" for c in criteria),
        # A measured criterion's figures after the statuses: "TC7 Tử số", "TC1 Giá trị".
        *(f"TC{n} {Part(part).label}" for n, part in figure_columns(criteria)),
    ]


def template_build(*, scope: TemplateScope) -> Workbook:
    """The template as a write-only workbook: save it once."""
    criteria = list(scope.criteria_set.criteria.order_by("number"))
    numbers = [c.number for c in criteria]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(DATA_SHEET)
    national = scope.province is None
    header = data_header(criteria, national=national)
    figure_cols = figure_columns(criteria)
    first_status = len(header) - len(figure_cols) - len(numbers) + 1  # 1-based column of TC1
    rows, record = _rows(scope, numbers, figure_cols)

    # What a write-only sheet writes before its first row.
    _widths(
        ws,
        [
            11,
            26,
            *([18] if national else []),
            16,
            *([12] * len(numbers)),
            *([14] * len(figure_cols)),
        ],
    )
    ws.freeze_panes = f"{get_column_letter(first_status)}{HEADER_ROW + 1}"
    sheet_print_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    if rows:
        # Written after the rows, whenever it is added.
        ws.data_validations.append(
            _status_validation(first_status, first_status + len(numbers) - 1, len(rows))
        )

    rows_append(ws, _title_block(ws, scope))
    ws.append([None])
    header_cells = []
    for column, title in enumerate(header, start=1):
        cell = styled_cell(ws, title, font=BOLD, fill=HEADER_FILL, alignment=CENTRED)
        if first_status <= column < first_status + len(numbers):
            criterion = criteria[column - first_status]
            cell.comment = Comment(f"TC{criterion.number}. {criterion.short_title}", "Bộ Công an")
        elif column >= first_status + len(numbers):
            number, part = figure_cols[column - first_status - len(numbers)]
            cell.comment = Comment(_figure_comment(criteria, number, part), "Bộ Công an")
        header_cells.append(cell)
    ws.append(header_cells)
    rows_append(ws, rows)

    _criteria_sheet(wb, criteria)
    _guide_sheet(wb, scope, f"TC{numbers[-1]}" if numbers else "")
    _meta_sheet(wb, scope, numbers, record)
    return wb


def _figure_comment(criteria, number: int, part: str) -> str:
    criterion = next(c for c in criteria if c.number == number)
    name = {
        Part.NUMERATOR: criterion.numerator_label,
        Part.DENOMINATOR: criterion.denominator_label,
        Part.VALUE: criterion.value_label,
    }[part]
    return _("TC%(number)s. %(title)s: %(name)s (số, không âm); chỉ tiêu %(threshold)s.") % {
        "number": number,
        "title": criterion.short_title,
        "name": name or Part(part).label,
        "threshold": threshold_text(criterion),
    }


def template_file_name(scope: TemplateScope) -> str:
    where = f"tinh-{scope.province.code}" if scope.province else "toan-quoc"
    return f"tieu-chi-{where}-{scope.year}.xlsx"
