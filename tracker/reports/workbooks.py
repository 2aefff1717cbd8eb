"""Report workbooks: the figures of the national overview and of a province page, with a chart.

The workbook is built from the same selector result the page renders, so the
two cannot disagree. Neither writes a formula: every text that starts like one
(a ward, province or criterion name from the database) is kept a text.
"""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from tracker.assessments.completion import met_text
from tracker.assessments.models import ResultStatus
from tracker.reports.figures import FigureDistribution
from tracker.reports.national import NationalOverview
from tracker.reports.progress import ProvinceProgress
from tracker.reports.province import ProvinceReport
from tracker.spreadsheets.cells import workbook_protect
from tracker.spreadsheets.printing import (
    BODY_FONT,
    HEADER_FONT,
    TITLE_FONT,
    chart_sheet_print_setup,
    sheet_print_setup,
)

BOLD = HEADER_FONT
FILLS = {
    ResultStatus.MET: PatternFill("solid", fgColor="B7E1CD"),
    ResultStatus.NOT_MET: PatternFill("solid", fgColor="F4C7C3"),
    ResultStatus.IN_PROGRESS: PatternFill("solid", fgColor="FCE8B2"),
    ResultStatus.NOT_ASSESSED: PatternFill("solid", fgColor="E0E0E0"),
}


def _header(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = BOLD


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def workbook_bytes(*, workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def overview_workbook(
    *, overview: NationalOverview, distributions: list[FigureDistribution] = ()
) -> Workbook:
    """One row per province as on the overview page, national totals, and a chart of shares;
    the measured criteria's figures across the country's wards on a sheet of their own."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Toàn quốc")
    sheet["A1"] = _("Tiến độ xây dựng Công an phường điển hình, kiểu mẫu năm %(year)s") % {
        "year": overview.year
    }
    sheet["A1"].font = TITLE_FONT
    sheet["A2"] = _("Bản đồ hành chính: %(edition)s") % {"edition": overview.edition.name}
    sheet["A2"].font = BODY_FONT
    titles = [
        _("Mã"),
        _("Tỉnh, thành phố"),
        _("Số phường"),
        _("Đăng ký"),
        _("Đạt đủ tiêu chí"),
        _("Đã công nhận"),
        _("Chỉ tiêu của Bộ"),
        _("Tỉ lệ đăng ký (%)"),
        _("Tỉ lệ công nhận (%)"),
    ]
    titles += [_("Mục tiêu %(target)s") % {"target": t} for t in overview.targets]
    # The round's figures after the targets, so the columns of the chart stay where they were.
    titles += [_("Hạn của tỉnh"), _("Đánh giá đủ"), _("Đủ đúng hạn"), _("Phường trễ hạn")]
    _header(sheet, 4, titles)
    for row in overview.rows:
        p = row.progress
        sheet.append(
            [
                p.code,
                p.name,
                p.wards_total,
                p.registered,
                p.meeting_all,
                p.recognized,
                p.quota,
                row.registered_share,
                row.recognized_share,
                *(s.label for s in row.standings),
                *_round_cells(p),
            ]
        )
    last = sheet.max_row
    t = overview.totals
    sheet.append(
        [
            "",
            t.name,
            t.wards_total,
            t.registered,
            t.meeting_all,
            t.recognized,
            t.quota,
            t.share(t.registered),
            t.share(t.recognized),
            *([None] * len(overview.targets)),
            *_round_cells(t),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    _widths(sheet, [6, 30, 10, 10, 14, 13, 14, 16, 18, 18, 18])
    sheet.freeze_panes = "C5"
    sheet_print_setup(sheet, landscape=True, title_rows="4:4")
    # Before the chart sheet: see province_workbook on the repeated header rows.
    _distribution_sheet(workbook, distributions)
    if overview.rows:
        chart = BarChart()
        chart.type = "bar"
        chart.title = _("Tỉ lệ phường đăng ký và được công nhận (%)")
        chart.y_axis.title = "%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        data = Reference(sheet, min_col=8, max_col=9, min_row=4, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=2, min_row=5, max_row=last))
        # On a sheet of its own, the chart fills one printed page and is never cut.
        chart_sheet = workbook.create_chartsheet(_("Biểu đồ"))
        chart_sheet.add_chart(chart)
        chart_sheet_print_setup(chart_sheet)
    workbook_protect(workbook)
    return workbook


def province_workbook(
    *, report: ProvinceReport, distributions: list[FigureDistribution] = ()
) -> Workbook:
    """A province page as a workbook: figures, completion per criterion (with a chart), matrix,
    and each ward's figures of the measured criteria."""
    p = report.progress
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Tổng hợp")
    summary["A1"] = _("%(province)s – năm %(year)s") % {"province": p.name, "year": p.year}
    summary["A1"].font = TITLE_FONT
    if report.edition is not None:
        summary["A2"] = _("Bản đồ hành chính: %(edition)s") % {"edition": report.edition.name}
        summary["A2"].font = BODY_FONT
    figures = [
        (_("Số phường"), p.wards_total),
        (_("Đăng ký"), p.registered),
        (_("Đạt đủ tiêu chí"), p.meeting_all),
        (_("Đã công nhận"), p.recognized),
        (_("Chỉ tiêu của Bộ"), p.quota),
        (_("Tỉ lệ đăng ký (%)"), p.share(p.registered)),
        (_("Tỉ lệ công nhận (%)"), p.share(p.recognized)),
        (_("Hạn phường hoàn thành đánh giá"), p.due),
        (_("Đánh giá đủ tiêu chí"), p.complete),
        (_("Đủ đúng hạn"), p.complete_on_time),
        (_("Phường trễ hạn"), p.late),
    ]
    for i, (label, value) in enumerate(figures, start=3):
        summary.cell(row=i, column=1, value=label).font = BOLD
        summary.cell(row=i, column=2, value=value)
    _widths(summary, [24, 40])
    sheet_print_setup(summary)

    sheet = workbook.create_sheet(_("Theo tiêu chí"))
    _header(sheet, 1, [_("Tiêu chí"), _("Tên"), _("Số phường đạt"), _("Số phường đăng ký")])
    for c in report.completion:
        sheet.append([f"TC{c.criterion.number}", c.criterion.short_title, c.met, c.total])
    _widths(sheet, [10, 50, 16, 18])
    sheet_print_setup(sheet, title_rows="1:1")
    chart = None
    if report.completion:
        chart = BarChart()
        chart.type = "bar"
        chart.title = _("Số phường đạt từng tiêu chí")
        chart.y_axis.scaling.min = 0
        chart.add_data(
            Reference(sheet, min_col=3, max_col=3, min_row=1, max_row=sheet.max_row),
            titles_from_data=True,
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=sheet.max_row))

    matrix = workbook.create_sheet(_("Ma trận"))
    _header(
        matrix,
        1,
        [_("Mã"), _("Phường"), _("Đạt")] + [f"TC{c.number}" for c in report.criteria],
    )
    for row in report.rows:
        w = row.ward
        matrix.append(
            [w.code, w.name, met_text(met=w.met, total=w.total)]
            + [cell.label if cell else "" for cell in row.cells]
        )
        for column, cell in enumerate(row.cells, start=4):
            if cell:
                styled = matrix.cell(row=matrix.max_row, column=column)
                styled.fill, styled.font = FILLS[cell.status], BODY_FONT
    _widths(matrix, [8, 28, 8] + [12] * len(report.criteria))
    matrix.freeze_panes = "D2"
    sheet_print_setup(matrix, landscape=True, title_rows="1:1")
    _round_sheet(workbook, report)
    _ward_figures_sheet(workbook, distributions)
    if p.has_predecessors:
        _predecessor_sheet(workbook, p)
    if chart is not None:
        # Last: openpyxl numbers the repeated header rows by worksheet, the file by sheet,
        # so a chart sheet before a worksheet would give that worksheet's rows to another.
        chart_sheet = workbook.create_chartsheet(_("Biểu đồ tiêu chí"))
        chart_sheet.add_chart(chart)
        chart_sheet_print_setup(chart_sheet)
    workbook_protect(workbook)
    return workbook


def _predecessor_sheet(workbook: Workbook, p: ProvinceProgress) -> None:
    """Every phường of a later map, its figures, and the old units it was formed from."""
    sheet = workbook.create_sheet(_("Đơn vị cũ"))
    _header(
        sheet,
        1,
        [_("Mã"), _("Phường"), _("Trạng thái"), _("Đạt"), _("Mã đơn vị cũ"), _("Đơn vị cũ")],
    )
    for w in p.every_ward:
        sheet.append(
            [
                w.code,
                w.name,
                w.status_label or _("Chưa đăng ký"),
                met_text(met=w.met, total=w.total) if w.status else None,
                ", ".join(code for code, _name, _map in w.predecessor_units),
                ", ".join(name for _code, name, _map in w.predecessor_units),
            ]
        )
    _widths(sheet, [8, 28, 18, 8, 40, 80])
    sheet.freeze_panes = "C2"
    sheet_print_setup(sheet, landscape=True, title_rows="1:1")


def _round_cells(p: ProvinceProgress) -> list:
    return [p.due, p.complete, p.complete_on_time, p.late]


def _round_sheet(workbook: Workbook, report: ProvinceReport) -> None:
    """Each registered ward: when it had every criterion assessed, and the days late."""
    sheet = workbook.create_sheet(_("Hạn báo cáo"))
    _header(sheet, 1, [_("Mã"), _("Phường"), _("Đánh giá đủ lúc"), _("Trễ hạn (ngày)")])
    for row in report.rows:
        w = row.ward
        # Workbooks hold no time zone: the local time, as the pages show it.
        at = timezone.localtime(w.complete_at).replace(tzinfo=None) if w.complete_at else None
        sheet.append([w.code, w.name, at, w.late_days])
    _widths(sheet, [8, 28, 20, 16])
    sheet_print_setup(sheet, title_rows="1:1")


def _met_label(meets: bool | None) -> str:
    if meets is None:
        return ""
    return _("Đạt") if meets else _("Chưa đạt")


def _ward_figures_sheet(workbook: Workbook, figures: list[FigureDistribution]) -> None:
    """One row per ward and measured criterion: the figures as recorded, the percentage of a
    ratio, the threshold and whether they meet it (tracker.reports.figures)."""
    sheet = workbook.create_sheet(_("Số liệu"))
    titles = [_("Mã"), _("Phường"), _("Tiêu chí"), _("Tên tiêu chí"), _("Tử số"), _("Mẫu số")]
    titles += [_("Giá trị"), _("Tỉ lệ (%)"), _("Ngưỡng"), _("Đạt")]
    _header(sheet, 1, titles)
    for distribution in figures:
        c = distribution.criterion
        for w in distribution.wards:
            f = w.figures
            sheet.append(
                [
                    w.code,
                    w.name,
                    f"TC{c.number}",
                    c.short_title,
                    f.numerator if f else None,
                    f.denominator if f else None,
                    f.value if f else None,
                    w.figure if distribution.percent else None,
                    distribution.threshold,
                    _met_label(w.meets),
                ]
            )
    _widths(sheet, [8, 28, 10, 40, 10, 10, 10, 10, 14, 10])
    sheet.freeze_panes = "C2"
    sheet_print_setup(sheet, landscape=True, title_rows="1:1")


def _distribution_sheet(workbook: Workbook, figures: list[FigureDistribution]) -> None:
    """One row per measured criterion: its wards' quartiles, those below the threshold and the
    outliers (far from their province's median)."""
    sheet = workbook.create_sheet(_("Số liệu tiêu chí"))
    titles = [_("Tiêu chí"), _("Tên tiêu chí"), _("Ngưỡng"), _("Số phường có số liệu")]
    titles += [_("Nhỏ nhất"), _("Tứ phân vị 1"), _("Trung vị"), _("Tứ phân vị 3"), _("Lớn nhất")]
    titles += [_("Số phường dưới ngưỡng"), _("Số phường bất thường")]
    _header(sheet, 1, titles)
    for d in figures:
        quartiles = list(d.quartiles) or [None] * 5
        sheet.append(
            [
                f"TC{d.criterion.number}",
                d.criterion.short_title,
                d.threshold,
                len(d.wards),
                *quartiles,
                len(d.below),
                len(d.outliers),
            ]
        )
    _widths(sheet, [10, 40, 14, 12, 10, 10, 10, 10, 10, 14, 14])
    sheet.freeze_panes = "C2"
    sheet_print_setup(sheet, landscape=True, title_rows="1:1")
