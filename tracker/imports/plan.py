"""From an uploaded file to the changes it would make, without writing anything.

Both the preview and the apply step call import_plan on the file's bytes, so
what is applied is what the server read, never what a browser sent back.
"""

import contextlib
import datetime
import functools
import gc
import hashlib

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from tracker.assessments.locks import locked_wards
from tracker.models import (
    Assessment,
    CriteriaSet,
    CriterionResult,
    Province,
    ResultStatus,
    Ward,
    WardKind,
)
from tracker.spreadsheets.cells import plain_text_read
from tracker.text import fold
from tracker.units.maps import map_for_year_data
from tracker.units.selectors import OldWard, old_wards_of

from .contract import (
    CRITERIA_SHEET,
    DATA_SHEET,
    EXPORT_RECORD,
    GUIDE_SHEET,
    META_SHEET,
    TEMPLATE_VERSION,
    export_tokens_read,
)
from .legacy_fonts import legacy_readings, looks_legacy
from .matching import (
    HEADER_SCAN,
    SIGNATURE_ROW,
    TOTAL_ROW,
    Header,
    WardIndex,
    criterion_number,
    header_closest,
    header_find,
    normalise,
    status_ambiguous,
    status_match,
    ward_code_key,
)
from .measure import ErrorCell
from .readers import Sheet, workbook_read
from .result import CellError, Change, Conflict, ImportResult, Stale
from .safety import upload_check


def _meta(sheets: list[Sheet]) -> tuple[dict[str, str], dict[tuple[str, int], tuple[int, str]]]:
    """The hidden sheet's keys, and what each (ward code, criterion) was exported with."""
    for sheet in sheets:
        if sheet.name != META_SHEET:
            continue
        meta: dict[str, str] = {}
        record: dict[tuple[str, int], tuple[int, str]] = {}
        numbers: list[int] | None = None
        for row in sheet.rows:
            if not row or row[0] is None:
                continue
            value = row[1] if len(row) > 1 else None
            if numbers is None:
                if str(row[0]) == EXPORT_RECORD:
                    numbers = [int(n) for n in str(value or "").split() if n.isdigit()]
                    continue
                meta[str(row[0])] = "" if value is None else normalise(value)
                continue
            pairs = export_tokens_read(value, len(numbers)) if value is not None else None
            if pairs is None:
                continue  # a row someone typed into the hidden sheet: not the record
            code = ward_code_key(row[0])
            for number, pair in zip(numbers, pairs, strict=True):
                if pair is not None:
                    record[code, number] = pair
        return meta, record
    return {}, {}


# The template's own other sheets: never data, not worth a line in the preview.
_TEMPLATE_SHEETS = {normalise(META_SHEET), normalise(CRITERIA_SHEET), normalise(GUIDE_SHEET)}


def _data_sheets(sheets: list[Sheet]) -> tuple[list[tuple[Sheet, Header]], list[tuple[str, str]]]:
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


def _year_of(value) -> int | None:
    text = normalise(value)
    return int(text) if text.isdigit() and len(text) == 4 else None


def _column_years(found: list[tuple[Sheet, Header]]) -> dict[int | None, int]:
    """How many filled rows of the long sheets' Năm columns give each year (None: no year)."""
    years: dict[int | None, int] = {}
    for sheet, header in found:
        if header.kind != "long" or header.year is None:
            continue
        for row in sheet.rows[header.row + 1 :]:
            if _cell(row, header.result) is None:
                continue
            value = _cell(row, header.year)
            year = None if value is None else _year_of(value)
            years[year] = years.get(year, 0) + 1
    return years


class _OldWards:
    """The older maps' phường of the file's scope: read once, when a row first needs them."""

    def __init__(self, edition: str | None, province_id: int | None):
        self.edition, self.province_id = edition, province_id
        self.since: datetime.date | None = None

    @functools.cached_property
    def index(self) -> WardIndex:
        if self.edition is None:
            return WardIndex([])
        wards, self.since = old_wards_of(edition=self.edition, province_id=self.province_id)
        return WardIndex(wards)


class _Reader:
    """Walks the data rows of one sheet, collecting changes and errors into `result`."""

    def __init__(
        self, result: ImportResult, sheet: Sheet, header: Header, csv: bool, old: _OldWards
    ):
        self.result = result
        self.sheet = sheet
        self.header = header
        self.old = old
        self.where = result.file_name if csv else f"{result.file_name}, sheet {sheet.name}"

    def cell_text(self, row: int, column: int) -> str:
        """The file, sheet and cell, as messages name them."""
        return _("%(where)s, ô %(cell)s") % {
            "where": self.where,
            "cell": f"{get_column_letter(column + 1)}{row + 1}",
        }

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


def _cell(row: list, column: int | None):
    if column is None or column >= len(row):
        return None
    value = row[column]
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _matrix_cells(row: list, criteria: tuple[tuple[int, int], ...]) -> list[tuple]:
    """(column, criterion number, value) of a matrix row: _cell, inlined for 39,000 cells."""
    width = len(row)
    cells = []
    for column, number in criteria:
        value = row[column] if column < width else None
        if isinstance(value, str) and not value.strip():
            value = None
        cells.append((column, number, value))
    return cells


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _shown(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@contextlib.contextmanager
def collector_paused():
    """A national file makes some 100,000 small objects, none of them in a cycle.

    Python's cycle collector would walk the growing heap again and again while
    they are made (a sixth of the plan's time); it resumes when the plan is made.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@collector_paused()
def import_plan(
    *,
    data: bytes,
    file_name: str,
    province_code: str | None = None,
    year: int | None = None,
    on_conflict: str | None = None,
    resolutions: dict[int, str] | None = None,
    expected: dict[str, int] | None = None,
    user=None,
) -> ImportResult:
    """Read a file and compare it with the database; nothing is written.

    user: whose import it is, for the lock rule (None: the command line).

    on_conflict ("keep" or "file") resolves every conflict, resolutions (result id
    to "keep" or "file") each one; an unresolved conflict is left for the caller to
    refuse. expected: the versions a preview showed (ImportResult.versions); a result
    this plan would change whose version differs is listed in `stale`.
    """
    result = ImportResult(file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    kind, error = upload_check(data=data, file_name=file_name)
    if error is not None:
        result.sheet_errors.append(error)
        return result
    sheets, error = workbook_read(data=data, kind=kind, file_name=file_name)
    if error is not None:
        result.sheet_errors.append(error)
        return result
    meta, record = _meta(sheets)

    if meta.get("template_version", TEMPLATE_VERSION) != TEMPLATE_VERSION:
        return result.refuse(
            "template_version",
            _("%(file)s: mẫu phiên bản %(version)s không được hỗ trợ; hãy tải mẫu mới.")
            % {"file": file_name, "version": meta["template_version"]},
        )
    found, result.sheets_skipped = _data_sheets(sheets)
    file_year = int(meta["year"]) if meta.get("year", "").isdigit() else None
    if year is not None and file_year is not None and year != file_year:
        return result.refuse(
            "wrong_year",
            _("%(file)s: tệp dành cho năm %(file_year)s, không phải năm %(year)s đã chọn.")
            % {"file": file_name, "file_year": file_year, "year": year},
        )
    year = year or file_year
    if year is None:
        # The long format's Năm column gives the year when all its rows agree.
        years = _column_years(found)
        given = sorted(y for y in years if y is not None)
        if len(given) > 1:
            return result.refuse(
                "several_years",
                _(
                    "%(file)s: cột Năm ghi nhiều năm (%(years)s); hãy chọn năm khi nhập "
                    "hoặc tách tệp theo năm."
                )
                % {
                    "file": file_name,
                    "years": ", ".join(
                        ngettext("%(year)s: %(rows)s dòng", "%(year)s: %(rows)s dòng", years[y])
                        % {"year": y, "rows": years[y]}
                        for y in given
                    ),
                },
            )
        if given:
            year = given[0]
    if year is None:
        return result.refuse(
            "no_year",
            _("%(file)s: tệp không ghi năm đánh giá; hãy chọn năm khi nhập.") % {"file": file_name},
        )
    result.year = year

    if not found:
        return _no_header(result, sheets)
    result.sheets_read = [sheet.name for sheet, _header in found]
    result.sheet, result.kind = found[0][0].name, found[0][1].kind

    # The template names its map; else that of the year's registrations, else the one in force.
    edition = meta.get("map_edition") or map_for_year_data(year)
    province = None
    file_province = meta.get("province_code") or None
    if province_code and file_province and province_code != file_province:
        names = dict(
            Province.objects.filter(
                edition__code=edition, code__in=[province_code, file_province]
            ).values_list("code", "name")
        )
        return result.refuse(
            "wrong_province",
            _(
                "%(file)s: tệp dành cho %(file_name)s (%(file_code)s), "
                "không phải %(name)s (%(code)s) đã chọn."
            )
            % {
                "file": file_name,
                "file_name": names.get(file_province, _("tỉnh")),
                "file_code": file_province,
                "name": names.get(province_code, _("tỉnh")),
                "code": province_code,
            },
        )
    province_code = province_code or file_province
    if province_code:
        province = Province.objects.filter(edition__code=edition, code=province_code).first()
        if province is None:
            return result.refuse(
                "unknown_province",
                _("%(file)s: không có tỉnh mã %(code)s trên bản đồ %(edition)s.")
                % {"file": file_name, "code": province_code, "edition": edition},
            )
        result.province_id = province.pk
        result.province_code, result.province_name = province.code, province.name

    wards = Ward.objects.filter(edition__code=edition, kind=WardKind.WARD)
    if province is not None:
        wards = wards.filter(province=province)
    index = WardIndex(list(wards.only("id", "code", "name")))

    # One read of every result in scope: the work per row is dictionary look-ups.
    results = CriterionResult.objects.filter(
        assessment__year=year, assessment__ward__in=wards
    ).values_list(
        "id",
        "assessment__ward_id",
        "criterion__number",
        "status",
        "note",
        "version",
        "assessment__criteria_set_id",
    )
    current: dict[tuple[int, int], tuple] = {}
    ward_sets: dict[int, int] = {}
    for pk, ward_id, number, status, note, version, set_id in results:
        current[ward_id, number] = (pk, status, note, version)
        ward_sets[ward_id] = set_id
    sets = {s.pk: s for s in CriteriaSet.objects.filter(pk__in=set(ward_sets.values()))}
    # The wards whose results the lock rule keeps from this user: their cells are refused.
    locked = locked_wards(
        user=user, assessments=Assessment.objects.filter(year=year, ward__in=wards)
    )

    file_set = None
    if meta.get("criteria_set_code"):
        wanted = (meta["criteria_set_code"], meta.get("criteria_set_version", ""))
        file_set = next(
            (s for s in sets.values() if (normalise(s.code), normalise(s.version)) == wanted),
            None,
        )
        if file_set is None and sets:
            used = sorted({(s.code, s.version) for s in sets.values()})
            return result.refuse(
                "wrong_criteria_set",
                _(
                    "%(file)s: tệp dùng bộ tiêu chí %(file_set)s phiên bản %(file_version)s, "
                    "nhưng năm %(year)s được đánh giá theo %(used)s."
                )
                % {
                    "file": file_name,
                    "file_set": meta["criteria_set_code"].upper(),
                    "file_version": meta.get("criteria_set_version", ""),
                    "year": year,
                    "used": ", ".join(f"{c} phiên bản {v}" for c, v in used),
                },
            )

    old = _OldWards(edition, result.province_id)
    numbers = {number for _ward, number in current}
    readers = [
        _Reader(result, sheet, header, csv=kind == "csv", old=old) for sheet, header in found
    ]
    for reader in readers:
        for column, encoding, text in reader.header.legacy:
            result.conversions.append(
                conversion_text(
                    reader.cell_text(reader.header.row, column),
                    encoding,
                    reader.header.texts[column],
                    text,
                )
            )
        if reader.header.kind == "matrix":
            for column, number in reader.header.criteria:
                if number not in numbers:
                    reader.error(
                        reader.header.row,
                        column,
                        "unknown_criterion",
                        _("bộ tiêu chí không có tiêu chí %(number)s.") % {"number": number},
                    )
    if result.cell_errors:
        return result

    walk = _Walk(
        result=result,
        index=index,
        current=current,
        ward_sets=ward_sets,
        sets=sets,
        file_set=file_set,
        year=year,
        record=record,
        on_conflict=on_conflict,
        resolutions=resolutions or {},
        locked=locked,
    )
    for reader in readers:
        walk.sheet(reader)
    walk.finish()
    if result.conflicts:
        _changed_by(result.conflicts)
    if expected is not None:
        _stale_find(result, current, expected, walk.where_of)
    return result


def _rows_outside_table(reader: _Reader, index: WardIndex) -> set[int]:
    """Total rows ("Tổng cộng", "Cộng", formulas included) and the signature block under the
    table ("Người lập biểu", the place and date): left out, and the preview says which."""
    header, rows = reader.header, reader.sheet.rows
    ignored: dict[int, str] = {}
    signature_from = None
    for row_index in range(header.row + 1, len(rows)):
        row = rows[row_index]
        code, name = _cell(row, header.code), _cell(row, header.name)
        if code is not None and ward_code_key(code) in index.by_code:
            continue  # a ward's row: the common case, told cheaply
        if code is None and name is not None and index.by_name_key(name):
            continue
        texts = [fold(v) for v in row if isinstance(v, str) and v.strip()]
        if any(TOTAL_ROW.match(t) for t in texts):
            ignored[row_index] = _("dòng tổng cộng")
        elif any(SIGNATURE_ROW.search(t) for t in texts):
            signature_from = row_index
            break
    if signature_from is not None:
        below = range(signature_from, len(rows))
        # Only when no ward follows: a ward's row under a signature is still read.
        if not any(
            index.by_code.get(ward_code_key(_cell(rows[r], header.code))) is not None
            for r in below
            if header.code is not None and _cell(rows[r], header.code) is not None
        ):
            for row_index in below:
                if any(v is not None for v in rows[row_index]):
                    ignored[row_index] = _("phần ký tên dưới bảng")
    for row_index, why in sorted(ignored.items()):
        reader.result.rows_ignored.append(
            _("%(where)s, dòng %(row)s: %(why)s, không đọc.")
            % {"where": reader.where, "row": row_index + 1, "why": why}
        )
    return set(ignored)


def _error_cell_text(value: ErrorCell) -> str:
    if not value.text:
        return _(
            "ô có công thức nhưng chưa có kết quả được lưu; hãy mở tệp bằng chương trình bảng "
            "tính, lưu lại rồi tải lên lại."
        )
    return _("ô báo lỗi %(error)s của công thức; hãy sửa công thức hoặc ghi trạng thái vào ô.") % {
        "error": value.text
    }


def _no_header(result: ImportResult, sheets: list[Sheet]) -> ImportResult:
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


def _changed_by(conflicts: list[Conflict]) -> None:
    """Who changed each conflicting result, and when: one query, only when there are any."""
    found = {
        pk: (user or "", when)
        for pk, user, when in CriterionResult.objects.filter(
            pk__in=[c.result_id for c in conflicts]
        ).values_list("pk", "changed_by__username", "changed_at")
    }
    for conflict in conflicts:
        conflict.changed_by, conflict.changed_at = found.get(conflict.result_id, ("", None))


def _stale_find(result: ImportResult, current, expected: dict[str, int], where_of) -> None:
    """The results this plan would change, or shows in conflict, that its preview showed at
    another version or not at all. One the file no longer changes writes nothing: not listed."""
    by_id = {pk: (key, status) for key, (pk, status, _n, _v) in current.items()}
    stale_ids = [
        int(pk_text)
        for pk_text, version in result.versions().items()
        if expected.get(pk_text) != version
    ]
    if not stale_ids:
        return
    labels = dict(ResultStatus.choices)
    found = {
        pk: (user or "", when, ward_name)
        for pk, user, when, ward_name in CriterionResult.objects.filter(
            pk__in=stale_ids
        ).values_list("pk", "changed_by__username", "changed_at", "assessment__ward__name")
    }
    for pk in stale_ids:
        key, status = by_id[pk]
        user, when, ward_name = found.get(pk, ("", None, ""))
        result.stale.append(
            Stale(
                where=where_of(key),
                ward_name=ward_name,
                criterion_number=key[1],
                current_status=str(labels[status]),
                changed_by=user,
                changed_at=when,
            )
        )


class _Walk:
    """The data rows of every sheet read, against the database and the export record."""

    def __init__(
        self,
        *,
        result: ImportResult,
        index: WardIndex,
        current: dict,
        ward_sets: dict,
        sets: dict,
        file_set,
        year: int,
        record: dict,
        on_conflict: str | None,
        resolutions: dict[int, str],
        locked: dict[int, str],
    ):
        self.result, self.index, self.current = result, index, current
        self.ward_sets, self.sets, self.file_set, self.year = ward_sets, sets, file_set, year
        self.record, self.on_conflict, self.resolutions = record, on_conflict, resolutions
        self.locked = locked  # ward id -> why its results cannot change (tracker.assessments.locks)
        # (ward id, criterion) -> (reader, row, column, status, note) of its first entry.
        self.entries: dict[tuple[int, int], tuple] = {}
        self.as_exported: set[tuple[int, int]] = set()
        self.empty: set[tuple[int, int]] = set()
        self.statuses: dict = {}
        self.legacy: dict = {}

    def where_of(self, key) -> str:
        entry = self.entries.get(key)
        if entry is None:
            return self.result.file_name
        reader, row, column, _status, _note = entry
        return reader.cell_text(row, column)

    def finish(self) -> None:
        result = self.result
        result.unchanged += len(self.as_exported - self.entries.keys())
        result.skipped += len(self.empty - self.entries.keys() - self.as_exported)

    def sheet(self, reader: _Reader) -> None:
        result, header, index = self.result, reader.header, self.index
        current, ward_sets = self.current, self.ward_sets
        rows = reader.sheet.rows
        ward_rows: dict[int, int] = {}
        ignored = _rows_outside_table(reader, index)
        for row_index in range(header.row + 1, len(rows)):
            if row_index in ignored:
                continue
            row = rows[row_index]
            year_value = None
            if header.kind == "matrix":
                cells = _matrix_cells(row, header.criteria)
                note = None
            else:
                raw_number = _cell(row, header.number)
                raw_status = _cell(row, header.result)
                cells = [(header.result, raw_number, raw_status)]
                note_value = _cell(row, header.note)
                note = None if note_value is None else plain_text_read(_shown(note_value))
                if note is not None and (reading := looks_legacy(note)) is not None:
                    result.conversions.append(
                        conversion_text(
                            reader.cell_text(row_index, header.note), reading[0], note, reading[1]
                        )
                    )
                    note = reading[1]
                year_value = _cell(row, header.year)
            has_values = any(value is not None for _c, _n, value in cells)
            code_value, name_value = _cell(row, header.code), _cell(row, header.name)
            if code_value is None and name_value is None:
                if has_values:
                    reader.error(
                        row_index,
                        header.name if header.name is not None else header.code,
                        "missing_ward",
                        _("dòng có kết quả nhưng không ghi mã hay tên phường."),
                    )
                continue
            ward = _ward_find(reader, index, row_index, code_value, name_value, has_values)
            if ward is None:
                continue
            ward_id = ward.pk
            if header.kind == "matrix" and has_values:
                if ward_id in ward_rows:
                    # One error for the row, not one per criterion it repeats.
                    reader.error(
                        row_index,
                        header.code if header.code is not None else header.name,
                        "ward_repeated",
                        _("%(ward)s đã có ở dòng %(row)s; hãy xoá một trong hai dòng.")
                        % {"ward": ward.name, "row": ward_rows[ward_id]},
                    )
                    continue
                ward_rows[ward_id] = row_index + 1
            if ward_id not in ward_sets:
                if has_values:
                    reader.error(
                        row_index,
                        header.code if header.code is not None else header.name,
                        "not_registered",
                        _(
                            "%(ward)s chưa đăng ký xây dựng năm %(year)s; "
                            "nhập không tạo đăng ký mới."
                        )
                        % {"ward": ward.name, "year": self.year},
                    )
                continue
            if self.file_set is not None and ward_sets[ward_id] != self.file_set.pk:
                ward_set = self.sets[ward_sets[ward_id]]
                reader.error(
                    row_index,
                    header.code if header.code is not None else header.name,
                    "wrong_criteria_set",
                    _(
                        "%(ward)s được đánh giá theo bộ tiêu chí phiên bản %(used)s, "
                        "không phải %(file)s."
                    )
                    % {"ward": ward.name, "used": ward_set.version, "file": self.file_set.version},
                )
                continue
            if has_values and year_value is not None and _year_of(year_value) != self.year:
                reader.error(
                    row_index,
                    header.year,
                    "wrong_year",
                    _("dòng này ghi năm '%(value)s', không phải năm %(year)s của lần nhập.")
                    % {"value": _shown(year_value), "year": self.year},
                )
                continue
            if has_values and note is not None and len(note) > CriterionResult.TEXT_MAX_LENGTH:
                reader.error(
                    row_index,
                    header.note,
                    "note_too_long",
                    _(
                        "ghi chú dài %(length)s ký tự, quá giới hạn %(limit)s ký tự; "
                        "hãy rút gọn ghi chú rồi tải tệp lên lại."
                    )
                    % {
                        "length": _thousands(len(note)),
                        "limit": _thousands(CriterionResult.TEXT_MAX_LENGTH),
                    },
                )
                continue
            for column, number, value in cells:
                if header.kind == "long":
                    if value is None:
                        result.skipped += 1
                        continue
                    raw_number, number = number, criterion_number(number)
                    if number is None or (ward_id, number) not in current:
                        reader.error(
                            row_index,
                            header.number,
                            "unknown_criterion",
                            _("'%(value)s' không phải là số tiêu chí của bộ tiêu chí.")
                            % {"value": "" if raw_number is None else _shown(raw_number)},
                        )
                        continue
                key = (ward_id, number)
                if value is None:
                    self.empty.add(key)
                    continue
                self.cell(reader, row_index, column, ward, key, value, note)

    def _legacy_status(self, reader, row_index, column, value: str) -> str | None:
        """A status typed with a legacy font's encoding, said in the preview per cell."""
        if value not in self.legacy:
            self.legacy[value] = next(
                (
                    (name, text, status)
                    for name, text in legacy_readings(value)
                    if (status := status_match(text)) is not None
                ),
                None,
            )
        reading = self.legacy[value]
        if reading is None:
            return None
        name, text, status = reading
        self.result.conversions.append(
            conversion_text(reader.cell_text(row_index, column), name, value, text)
        )
        return status

    def cell(self, reader, row_index, column, ward, key, value, note) -> None:
        result = self.result
        if value.__class__ is ErrorCell:
            reader.error(row_index, column, "error_value", _error_cell_text(value))
            return
        # Keyed by type too: True == 1 and False == 0, but they are not the same mark.
        cache_key = (type(value), value)
        if cache_key in self.statuses:
            status = self.statuses[cache_key]
        else:
            status = self.statuses[cache_key] = status_match(value)
        if status is None and isinstance(value, str):
            status = self._legacy_status(reader, row_index, column, value)
        if status is None:
            if status_ambiguous(value):
                text = _(
                    "dấu '%(value)s' có thể hiểu nhiều cách; hãy ghi rõ trạng thái "
                    "(Đạt, Chưa đạt, Đang thực hiện, Chưa đánh giá)."
                ) % {"value": _shown(value)}
            else:
                text = _("'%(value)s' không phải là trạng thái hợp lệ") % {"value": _shown(value)}
            reader.error(row_index, column, "invalid_status", text)
            return
        pk, old_status, old_note, version = self.current[key]
        exported = self.record.get((ward.code, key[1])) if self.record else None
        if exported is not None and status == exported[1] and note is None:
            # Left as exported: not an entry, whatever the result holds now.
            self.as_exported.add(key)
            return
        seen = self.entries.get(key)
        if seen is not None:
            first, first_row, first_column, first_status, first_note = seen
            if first is not reader:
                if first_status == status and first_note == note:
                    return  # a copy of the data sheet that agrees
                reader.error(
                    row_index,
                    column,
                    "sheets_disagree",
                    _("%(ward)s, tiêu chí %(number)s ghi '%(value)s', nhưng %(other)s ghi khác.")
                    % {
                        "ward": ward.name,
                        "number": key[1],
                        "value": _shown(value),
                        "other": first.cell_text(first_row, first_column),
                    },
                )
            else:
                reader.error(
                    row_index,
                    column,
                    "duplicate",
                    _("%(ward)s, tiêu chí %(number)s đã có ở dòng %(row)s.")
                    % {"ward": ward.name, "number": key[1], "row": first_row + 1},
                )
            return
        self.entries[key] = (reader, row_index, column, status, note)
        new_note = note if note is not None and note != old_note else None
        if status == old_status and new_note is None:
            result.unchanged += 1
            return
        if key[0] in self.locked:
            reader.error(
                row_index,
                column,
                "locked",
                _("%(ward)s, tiêu chí %(number)s không được thay đổi: %(reason)s")
                % {"ward": ward.name, "number": key[1], "reason": self.locked[key[0]]},
            )
            return
        # A conflict: the app changed the status since the export (a note or evidence
        # edited there changes the version but not what the file disagrees with).
        if exported is not None and version != exported[0] and old_status != exported[1]:
            conflict = Conflict(
                result_id=pk,
                version=version,
                where=reader.cell_text(row_index, column),
                ward_code=ward.code,
                ward_name=ward.name,
                criterion_number=key[1],
                exported_status=exported[1],
                file_status=status,
                current_status=old_status,
                resolution=self.resolutions.get(pk) or self.on_conflict or "",
            )
            result.conflicts.append(conflict)
            if conflict.resolution != "file":
                if conflict.resolution == "keep":
                    result.kept += 1
                return
        result.changes.append(
            Change(
                result_id=pk,
                version=version,
                ward_code=ward.code,
                ward_name=ward.name,
                criterion_number=key[1],
                old_status=old_status,
                new_status=status,
                old_note=old_note,
                new_note=new_note,
            )
        )


def _ward_find(reader: _Reader, index: WardIndex, row: int, code_value, name_value, has_values):
    """The ward a row names; a row that names none and holds no result is a note, not an error."""
    header = reader.header
    if code_value is not None:
        key = ward_code_key(code_value)
        ward = index.by_code.get(key)
        if ward is None:
            # A code of the file's map is that ward; only the others are looked up on older maps.
            old = reader.old.index.by_code.get(key) if has_values else None
            if old is not None:
                reader.error(row, header.code, "old_ward", _old_ward_text([old], reader.old.since))
            elif has_values:
                reader.error(
                    row,
                    header.code,
                    "unknown_ward",
                    _("không có phường mã '%(code)s' trong phạm vi của tệp.")
                    % {"code": _shown(code_value)},
                )
            return None
        if (
            name_value is not None
            and ward not in index.by_name_key(name_value)
            and ward not in _legacy_ward(reader, index, row, name_value)
        ):
            reader.error(
                row,
                header.name,
                "ward_mismatch",
                _("mã %(code)s là %(ward)s, không phải '%(name)s'; hãy kiểm tra lại dòng này.")
                % {"code": ward.code, "ward": ward.name, "name": _shown(name_value)},
            )
            return None
        return ward
    matches = index.by_name_key(name_value) or (
        _legacy_ward(reader, index, row, name_value) if has_values else []
    )
    if len(matches) == 1:
        return matches[0]
    if not has_values:
        return None
    old = reader.old.index.by_name_key(name_value) if not matches else []
    if old:
        reader.error(
            row, header.name, "old_ward", _old_ward_text(old, reader.old.since, name_value)
        )
    elif not matches:
        reader.error(
            row,
            header.name,
            "unknown_ward",
            _("không tìm thấy phường '%(name)s' trong phạm vi của tệp.")
            % {"name": _shown(name_value)},
        )
    else:
        reader.error(
            row,
            header.name,
            "ambiguous_ward",
            _("có %(count)s phường tên '%(name)s'; hãy ghi thêm mã phường.")
            % {"count": len(matches), "name": _shown(name_value)},
        )
    return None


def _legacy_ward(reader: _Reader, index: WardIndex, row: int, value) -> list[Ward]:
    """The one ward a name typed with a legacy font's encoding names, said in the preview."""
    if not isinstance(value, str):
        return []
    for name, text in legacy_readings(value):
        matches = index.by_name_key(text)
        if len(matches) == 1:
            reader.result.conversions.append(
                conversion_text(reader.cell_text(row, reader.header.name), name, value, text)
            )
            return matches
    return []


def conversion_text(where: str, encoding: str, value: str, text: str) -> str:
    return _("%(where)s: chữ %(encoding)s '%(value)s' được đọc là '%(text)s'.") % {
        "where": where,
        "encoding": encoding,
        "value": value,
        "text": text,
    }


def _units(successors) -> str:
    """Phường A (16681, phần chính), Phường B (16690) và Phường C (16702)."""
    if len(successors) == 1:
        return f"{successors[0].name} ({successors[0].code})"
    main = _("phần chính")
    shown = [
        f"{s.name} ({s.code}, {main})" if s.is_main else f"{s.name} ({s.code})" for s in successors
    ]
    return _("%(list)s và %(last)s") % {"list": ", ".join(shown[:-1]), "last": shown[-1]}


def _old_ward_text(old: list[OldWard], since: datetime.date | None, name=None) -> str:
    """Which new ward(s) an old phường, or each old phường of a name, now belongs to."""
    date = f"{since.day:02d}/{since.month}/{since.year}" if since else ""
    if len(old) == 1:
        ward = old[0]
        verb = _("nay thuộc") if len(ward.successors) == 1 else _("nay được chia vào")
        return _(
            "%(old)s (%(code)s) thuộc bản đồ trước %(date)s; %(now)s %(new)s. "
            "Hãy dùng mã phường mới."
        ) % {
            "old": ward.name,
            "code": ward.code,
            "date": date,
            "now": verb,
            "new": _units(ward.successors),
        }
    each = "; ".join(
        _("%(old)s (%(code)s) nay thuộc %(new)s")
        % {"old": ward.name, "code": ward.code, "new": _units(ward.successors)}
        for ward in old
    )
    return _(
        "'%(name)s' là tên của %(count)s phường trên bản đồ trước %(date)s: %(each)s. "
        "Hãy dùng mã phường mới."
    ) % {"name": _shown(name), "count": len(old), "date": date, "each": each}
