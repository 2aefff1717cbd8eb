"""Which sheets of a file hold data, where each one's header row is and what its columns hold,
and the year they are for.

A header is found by its texts, in any column order, among the first HEADER_SCAN rows:
a ward column (code or name) with either one column per criterion ("TC1" ... "TC22", the
matrix the template hands out) or a criterion number and a result column (the long format).
A SheetReader is one such sheet being read: every message about it names the file, the sheet
and the cell the way a user finds them.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from tracker.text import fold

from .columns import normalise
from .contract import CRITERIA_SHEET, DATA_SHEET, GUIDE_SHEET, META_SHEET
from .legacy_fonts import legacy_readings
from .readers import Sheet
from .result import CellError, ImportResult

# Header texts, folded. The first of each is what the template writes.
CODE_HEADERS = ("ma phuong", "ma", "ma don vi", "ma gso", "ma xa", "ma dvhc", "ma phuong/xa")
NAME_HEADERS = ("ten phuong", "ten", "ten don vi", "phuong", "don vi", "ten phuong/xa")
NOTE_HEADERS = ("ghi chu",)
NUMBER_HEADERS = ("so tieu chi", "tieu chi", "so tc", "tc", "stt tieu chi")
YEAR_HEADERS = ("nam", "nam danh gia")
RESULT_HEADERS = ("ket qua", "ket qua danh gia", "danh gia")
# A measured criterion's figures (tracker.criteria.indicators), in the long format; the
# matrix has "TC7 Tử số", "TC7 Mẫu số", "TC1 Giá trị" columns (FIGURE_HEADER).
FIGURE_HEADERS = {"numerator": ("tu so",), "denominator": ("mau so",), "value": ("gia tri",)}
REASON_HEADERS = ("ly do", "ly do khac so lieu", "ly do ket qua khac so lieu")
FIGURE_HEADER = re.compile(
    r"^(?:tc|tieu chi)\s*(?:so\s*)?[.:\-]?\s*0*(\d{1,3})\s*[.:\-]?\s*(tu so|mau so|gia tri)$"
)
FIGURE_PARTS = {"tu so": "numerator", "mau so": "denominator", "gia tri": "value"}
# "TC22", "TC 22", "TC.22", "TC-22", "Tiêu chí 22", "Tiêu chí số 22" (folded).
CRITERION_HEADER = re.compile(r"^(?:tc|tieu chi)\s*(?:so\s*)?[.:\-]?\s*0*(\d{1,3})\b")
# How far down the header row may be: a letterhead and a title take a dozen rows or more.
HEADER_SCAN = 50
# A total row's first text, folded: "Tổng cộng", "Cộng", "Tổng", "Tổng số".
TOTAL_ROW = re.compile(r"^(?:tong cong|cong|tong|tong so)\b\s*:?")
# What the signature block under a table says, folded.
SIGNATURE_ROW = re.compile(
    r"^(?:nguoi lap|nguoi ky|thu truong|truong cong an|truong phong|giam doc|chi huy|"
    r"xac nhan|ky ten|noi nhan|can bo)|ngay\s*\.*\s*\d*\s*\.*\s*thang"
)


def criterion_number(value) -> int | None:
    """A criterion number as written: 22, "22", "22.0", "TC22", "TC.22", "Tiêu chí 22"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, int):
        return value
    text = fold(normalise(value))
    match = CRITERION_HEADER.match(text)
    if match and match.end() == len(text):
        return int(match.group(1))
    text = text.removesuffix(".0")
    return int(text) if text.isdigit() else None


@dataclass(frozen=True)
class Header:
    row: int  # index into the sheet's rows
    kind: str  # "matrix" or "long"
    code: int | None
    name: int | None
    note: int | None
    number: int | None = None
    result: int | None = None
    year: int | None = None
    # column index -> criterion number, and header text for messages
    criteria: tuple[tuple[int, int], ...] = ()
    texts: tuple[str, ...] = ()
    # (column, encoding, converted text) of the header cells typed with a legacy font.
    legacy: tuple[tuple[int, str, str], ...] = ()
    # The long format's figure columns, part -> column, and its reason column.
    figure_columns: tuple[tuple[str, int], ...] = ()
    reason: int | None = None
    # The matrix's figure columns: (column, criterion number, part).
    figures: tuple[tuple[int, int, str], ...] = ()

    def filled(self, row) -> bool:
        """A long row that gives a status or a figure."""
        return cell_value(row, self.result) is not None or any(
            cell_value(row, column) is not None for _part, column in self.figure_columns
        )


def _first(cells: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in cells:
            return cells.index(name)
    return None


_KNOWN_HEADERS = frozenset(
    CODE_HEADERS + NAME_HEADERS + NOTE_HEADERS + NUMBER_HEADERS + RESULT_HEADERS + YEAR_HEADERS
) | frozenset(REASON_HEADERS + sum(FIGURE_HEADERS.values(), ()))


def _header_fold(text: str) -> tuple[str, tuple[str, str] | None]:
    """A header cell folded, and (encoding, text) if it was typed with a legacy font."""
    folded = fold(text)
    if not text or text.isascii() or folded in _KNOWN_HEADERS:
        return folded, None
    for name, converted in legacy_readings(text):
        candidate = fold(converted)
        if candidate in _KNOWN_HEADERS:
            return candidate, (name, converted)
    return folded, None


def header_closest(sheets, *, scan: int) -> tuple[str, int, tuple[str, ...]] | None:
    """(sheet, row, texts) of the row most like a header, for the message when none is found."""
    best, best_score = None, 0
    wanted = set(CODE_HEADERS + NAME_HEADERS + NUMBER_HEADERS + RESULT_HEADERS)
    for sheet in sheets:
        for index, row in enumerate(sheet.rows[:scan]):
            texts = tuple(" ".join(str(v).split()) for v in row if v is not None and str(v).strip())
            score = sum(fold(t) in wanted or bool(CRITERION_HEADER.match(fold(t))) for t in texts)
            if score > best_score:
                best, best_score = (sheet.name, index, texts[:8]), score
    return best


def header_find(rows: list[list], *, scan: int = HEADER_SCAN) -> Header | None:
    """The header row among the first `scan` rows, in whatever column order."""
    for index, row in enumerate(rows[:scan]):
        texts = tuple("" if v is None else " ".join(str(v).split()) for v in row)
        read = [_header_fold(t) for t in texts]
        cells = [folded for folded, _reading in read]
        legacy = tuple(
            (column, *reading) for column, (_f, reading) in enumerate(read) if reading is not None
        )
        code, name = _first(cells, CODE_HEADERS), _first(cells, NAME_HEADERS)
        if code is None and name is None:
            continue
        number, result = _first(cells, NUMBER_HEADERS), _first(cells, RESULT_HEADERS)
        figure_columns = tuple(
            (part, column)
            for part, names in FIGURE_HEADERS.items()
            if (column := _first(cells, names)) is not None
        )
        if number is not None and (result is not None or figure_columns):
            return Header(
                figure_columns=figure_columns,
                reason=_first(cells, REASON_HEADERS),
                row=index,
                kind="long",
                code=code,
                name=name,
                note=_first(cells, NOTE_HEADERS),
                number=number,
                result=result,
                year=_first(cells, YEAR_HEADERS),
                texts=texts,
                legacy=legacy,
            )
        figures = tuple(
            (column, int(match.group(1)), FIGURE_PARTS[match.group(2)])
            for column, cell in enumerate(cells)
            if (match := FIGURE_HEADER.match(cell))
        )
        figure_at = {column for column, _n, _p in figures}
        criteria = tuple(
            (column, int(match.group(1)))
            for column, cell in enumerate(cells)
            if column not in figure_at and (match := CRITERION_HEADER.match(cell))
        )
        if criteria or figures:
            return Header(
                figures=figures,
                row=index,
                kind="matrix",
                code=code,
                name=name,
                note=_first(cells, NOTE_HEADERS),
                criteria=criteria,
                texts=texts,
                legacy=legacy,
            )
    return None


# The template's own other sheets: never data, not worth a line in the preview.
_TEMPLATE_SHEETS = {normalise(META_SHEET), normalise(CRITERIA_SHEET), normalise(GUIDE_SHEET)}


def data_sheets(sheets: list[Sheet]) -> tuple[list[tuple[Sheet, Header]], list[tuple[str, str]]]:
    """Every sheet with a header row (the template's first), and why each other one is not read."""
    found, skipped = [], []
    for sheet in sheets:
        if normalise(sheet.name) in _TEMPLATE_SHEETS:
            continue
        header = header_find(sheet.rows, scan=HEADER_SCAN)
        if header is not None:
            found.append((sheet, header))
        elif not any(v is not None for row in sheet.rows for v in row):
            skipped.append((sheet.name, _("sheet trống")))
        else:
            why = _("không có dòng tiêu đề trong %(rows)s dòng đầu") % {"rows": HEADER_SCAN}
            skipped.append((sheet.name, why))
    found.sort(key=lambda pair: normalise(pair[0].name) != normalise(DATA_SHEET))
    return found, skipped


def year_of(value) -> int | None:
    text = normalise(value)
    return int(text) if text.isdigit() and len(text) == 4 else None


def column_years(found: list[tuple[Sheet, Header]]) -> dict[int | None, int]:
    """How many filled rows of the long sheets' Năm columns give each year (None: no year)."""
    years: dict[int | None, int] = {}
    for sheet, header in found:
        if header.kind != "long" or header.year is None:
            continue
        for row in sheet.rows[header.row + 1 :]:
            if not header.filled(row):
                continue
            value = cell_value(row, header.year)
            year = None if value is None else year_of(value)
            years[year] = years.get(year, 0) + 1
    return years


def year_read(
    result: ImportResult,
    *,
    meta: dict[str, str],
    year: int | None,
    found: list[tuple[Sheet, Header]],
) -> int | None:
    """The year of the import: the caller's, the template's, or the one every filled row of the
    long format's Năm column gives; None, with the refusal in `result`, when they disagree or
    nothing gives one."""
    file_year = int(meta["year"]) if meta.get("year", "").isdigit() else None
    if year is not None and file_year is not None and year != file_year:
        result.refuse(
            "wrong_year",
            _("%(file)s: tệp dành cho năm %(file_year)s, không phải năm %(year)s đã chọn.")
            % {"file": result.file_name, "file_year": file_year, "year": year},
        )
        return None
    year = year or file_year
    if year is None:
        # The long format's Năm column gives the year when all its rows agree.
        years = column_years(found)
        given = sorted(y for y in years if y is not None)
        if len(given) > 1:
            result.refuse(
                "several_years",
                _(
                    "%(file)s: cột Năm ghi nhiều năm (%(years)s); hãy chọn năm khi nhập "
                    "hoặc tách tệp theo năm."
                )
                % {
                    "file": result.file_name,
                    "years": ", ".join(
                        ngettext("%(year)s: %(rows)s dòng", "%(year)s: %(rows)s dòng", years[y])
                        % {"year": y, "rows": years[y]}
                        for y in given
                    ),
                },
            )
            return None
        if given:
            year = given[0]
    if year is None:
        result.refuse(
            "no_year",
            _("%(file)s: tệp không ghi năm đánh giá; hãy chọn năm khi nhập.")
            % {"file": result.file_name},
        )
        return None
    return year


def cell_value(row: list, column: int | None):
    """A cell of a row, None where the row is shorter or the text blank."""
    if column is None or column >= len(row):
        return None
    value = row[column]
    if isinstance(value, str) and not value.strip():
        return None
    return value


def shown(value) -> str:
    """A cell's value as a message quotes it: 16663.0 as 16663."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class SheetReader:
    """One sheet being read: where its messages point, and its cell errors, into `result`."""

    def __init__(self, result: ImportResult, sheet: Sheet, header: Header, csv: bool):
        self.result = result
        self.sheet = sheet
        self.header = header
        self.where = result.file_name if csv else f"{result.file_name}, sheet {sheet.name}"

    def cell_text(self, row: int, column: int) -> str:
        """The file, sheet and cell, as messages name them."""
        return _("%(where)s, ô %(cell)s") % {
            "where": self.where,
            "cell": f"{get_column_letter(column + 1)}{row + 1}",
        }

    def cell_ref(self, row: int, column: int) -> str:
        """The cell as a spreadsheet names it: "Tiêu chí!F12" (just "F12" in a CSV file)."""
        cell = f"{get_column_letter(column + 1)}{row + 1}"
        return cell if self.where == self.result.file_name else f"{self.sheet.name}!{cell}"

    def error(self, row: int, column: int, code: str, text: str) -> None:
        cell = f"{get_column_letter(column + 1)}{row + 1}"
        self.result.cell_errors.append(
            CellError(
                row=row + 1,
                column=self.header.texts[column] if column < len(self.header.texts) else "",
                code=code,
                message=_("%(where)s, ô %(cell)s: %(text)s")
                % {"where": self.where, "cell": cell, "text": text},
            )
        )


def conversion_text(where: str, encoding: str, value: str, text: str) -> str:
    return _("%(where)s: chữ %(encoding)s '%(value)s' được đọc là '%(text)s'.") % {
        "where": where,
        "encoding": encoding,
        "value": value,
        "text": text,
    }


def no_header(result: ImportResult, sheets: list[Sheet]) -> ImportResult:
    """No sheet has a header: say what was looked for, and which row came closest."""
    if not any(v is not None for s in sheets if s.name != META_SHEET for r in s.rows for v in r):
        return result.refuse(
            "empty", _("%(file)s: tệp trống, không có dữ liệu nào.") % {"file": result.file_name}
        )
    closest = header_closest([s for s in sheets if s.name != META_SHEET], scan=HEADER_SCAN)
    text = _(
        "%(file)s: không tìm thấy dòng tiêu đề trong %(rows)s dòng đầu của sheet nào "
        "(cần cột Mã phường hoặc Tên phường, cùng các cột TC1…TC22 "
        "hoặc các cột Số tiêu chí và Kết quả)."
    ) % {"file": result.file_name, "rows": HEADER_SCAN}
    if closest is not None:
        name, row, texts = closest
        text += " " + _("Dòng gần giống nhất: sheet %(sheet)s, dòng %(row)s (%(texts)s).") % {
            "sheet": name,
            "row": row + 1,
            "texts": ", ".join(texts),
        }
    return result.refuse("no_header", text)
