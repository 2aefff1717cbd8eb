"""The province page's ward rows filtered and sorted by the query string, in Python.

The report (tracker.reports.province) is computed, or read from what is kept, the same
for every filter: the filter only picks and orders its rows, so it costs no query and
the page's queries do not depend on it nor on the number of wards. The filter's own key
(MatrixFilter.key) is part of the page's cache key: a filtered page is kept apart from
the whole one.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from tracker.assessments.models import AssessmentStatus, ResultStatus

# How far a ward is from meeting every criterion, as officers count it. A ward with no
# criterion assessed yet is "chưa đánh giá", whatever it lacks.
COMPLETENESS = {
    "du": _("Đạt đủ tiêu chí"),
    "thieu-1": _("Thiếu 1 tiêu chí"),
    "thieu-2-5": _("Thiếu 2–5 tiêu chí"),
    "thieu-6": _("Thiếu từ 6 tiêu chí"),
    "chua-danh-gia": _("Chưa đánh giá tiêu chí nào"),
}
# A criterion's column sorts Đạt first, then the nearest to it.
STATUS_RANK = {
    ResultStatus.MET: 0,
    ResultStatus.IN_PROGRESS: 1,
    ResultStatus.NOT_MET: 2,
    ResultStatus.NOT_ASSESSED: 3,
}
SORT = re.compile(r"-?(phuong|dat|xong|tre|tc\d{1,2})")
DEFAULT_SORT = "phuong"


def completeness_of(row) -> str:
    """The COMPLETENESS key of a matrix row (tracker.reports.province.MatrixRow)."""
    if not any(cell and cell.status != ResultStatus.NOT_ASSESSED for cell in row.cells):
        return "chua-danh-gia"
    if row.ward.meets_all:
        return "du"
    missing = sum(1 for cell in row.cells if cell and cell.status != ResultStatus.MET)
    if missing <= 1:
        return "thieu-1"
    return "thieu-2-5" if missing <= 5 else "thieu-6"


@dataclass(frozen=True)
class MatrixFilter:
    """What the query string asks of the rows; a value it does not know is left out."""

    district: str = ""
    status: str = ""
    completeness: str = ""
    sort: str = DEFAULT_SORT

    @classmethod
    def from_query(cls, query) -> "MatrixFilter":
        district = query.get("quan", "")
        status = query.get("trang_thai", "")
        completeness = query.get("muc_do", "")
        sort = query.get("sap_xep", "")
        return cls(
            district=district if district.isdigit() and len(district) <= 3 else "",
            status=status if status in AssessmentStatus.values else "",
            completeness=completeness if completeness in COMPLETENESS else "",
            sort=sort if SORT.fullmatch(sort) else DEFAULT_SORT,
        )

    @property
    def params(self) -> list[tuple[str, str]]:
        """The query string's part of this filter; the default sort is left out."""
        pairs = [
            ("quan", self.district),
            ("trang_thai", self.status),
            ("muc_do", self.completeness),
        ]
        if self.sort != DEFAULT_SORT:
            pairs.append(("sap_xep", self.sort))
        return [(name, value) for name, value in pairs if value]

    @property
    def key(self) -> str:
        """Part of the page's cache key: empty for the whole page, sorted by ward."""
        return urlencode(self.params)

    @property
    def active(self) -> bool:
        return bool(self.district or self.status or self.completeness)

    def matches(self, row) -> bool:
        ward = row.ward
        return (
            (not self.district or ward.district_code == self.district)
            and (not self.status or ward.status == self.status)
            and (not self.completeness or completeness_of(row) == self.completeness)
        )


def _sort_key(column: str, criteria: list):
    """The key of a column, or None when a row has no value there (always shown last)."""
    if column == "dat":
        return lambda row: row.ward.met
    if column == "xong":
        return lambda row: row.ward.complete_at
    if column == "tre":
        return lambda row: row.ward.late_days
    if column.startswith("tc"):
        index = next((i for i, c in enumerate(criteria) if c.number == int(column[2:])), None)
        if index is None:
            return lambda row: None

        def rank(row):
            cell = row.cells[index]
            return STATUS_RANK.get(cell.status) if cell else None

        return rank
    return lambda row: (row.ward.sort_name, row.ward.code)


def sorted_rows(rows: list, sort: str, criteria: list) -> list:
    """The rows in the order of `sort` ("-" before a column reverses it): stable, so equal
    rows keep the report's alphabetical order either way, and rows with no value go last."""
    column, descending = sort.removeprefix("-"), sort.startswith("-")
    key = _sort_key(column, criteria)
    valued = [row for row in rows if key(row) is not None]
    empty = [row for row in rows if key(row) is None]
    return sorted(valued, key=key, reverse=descending) + empty


@dataclass
class Column:
    label: str
    href: str
    # aria-sort of the header: "ascending", "descending", or None when not sorted by it.
    aria: str | None


@dataclass
class MatrixView:
    """The rows a filter shows, and what the page needs to draw its form and headers."""

    filter: MatrixFilter
    rows: list
    total: int
    districts: list[tuple[str, str]]
    base_query: str
    criteria: list

    def column(self, key: str, label: str = "") -> Column:
        current = self.filter.sort.removeprefix("-")
        descending = self.filter.sort.startswith("-")
        # A second click on the sorted column reverses it.
        sort = f"-{key}" if key == current and not descending else key
        kept = [(n, v) for n, v in self.filter.params if n != "sap_xep"]
        query = urlencode([*kept, *([("sap_xep", sort)] if sort != DEFAULT_SORT else [])])
        aria = ("descending" if descending else "ascending") if key == current else None
        return Column(label=label, href=f"?{self.base_query}&{query}".rstrip("&"), aria=aria)

    @property
    def ward_column(self) -> Column:
        return self.column("phuong", str(_("Phường")))

    @property
    def met_column(self) -> Column:
        return self.column("dat", str(_("Đạt")))

    @property
    def criterion_columns(self) -> list[tuple]:
        """(criterion, its column) of every criterion of the matrix."""
        return [(c, self.column(f"tc{c.number}", f"TC{c.number}")) for c in self.criteria]

    @property
    def round_columns(self) -> list[Column]:
        return [
            self.ward_column,
            self.column("xong", str(_("Đánh giá đủ lúc"))),
            self.column("tre", str(_("Trễ hạn (ngày)"))),
        ]

    @property
    def statuses(self) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in AssessmentStatus.choices]

    @property
    def completeness(self) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in COMPLETENESS.items()]


def matrix_view(report, matrix_filter: MatrixFilter, *, base_query: str) -> MatrixView:
    """The report's rows that `matrix_filter` keeps, in its order.

    base_query: the page's own query string (year and map) that every header link keeps.
    Districts are those of the province's phường (none on the 2025 map, which has none).
    """
    districts = sorted(
        {(w.district_code, w.district_name) for w in report.progress.every_ward if w.district_code},
        key=lambda d: (d[1], d[0]),
    )
    kept = [row for row in report.rows if matrix_filter.matches(row)]
    return MatrixView(
        filter=matrix_filter,
        rows=sorted_rows(kept, matrix_filter.sort, report.criteria),
        total=len(report.rows),
        districts=districts,
        base_query=base_query,
        criteria=report.criteria,
    )
