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
from openpyxl.utils import get_column_letter

from tracker.assessments.locks import locked_wards
from tracker.models import Assessment, CriteriaSet, CriterionResult, Province, Ward, WardKind
from tracker.spreadsheets.cells import plain_text_read
from tracker.units.maps import map_for_year_data
from tracker.units.selectors import OldWard, old_wards_of

from .contract import DATA_SHEET, META_SHEET, TEMPLATE_VERSION
from .matching import (
    Header,
    WardIndex,
    header_find,
    normalise,
    status_match,
    ward_code_key,
)
from .readers import Sheet, workbook_read
from .result import CellError, Change, ImportResult
from .safety import upload_check


def _meta(sheets: list[Sheet]) -> dict[str, str]:
    for sheet in sheets:
        if sheet.name == META_SHEET:
            return {
                str(row[0]): "" if len(row) < 2 or row[1] is None else normalise(row[1])
                for row in sheet.rows
                if row and row[0] is not None
            }
    return {}


def _data_sheet(sheets: list[Sheet]) -> tuple[Sheet, Header] | None:
    """The template's sheet if it is there, else the first sheet with a header row."""
    candidates = sorted(
        (s for s in sheets if s.name != META_SHEET),
        key=lambda s: normalise(s.name) != normalise(DATA_SHEET),
    )
    for sheet in candidates:
        header = header_find(sheet.rows)
        if header is not None:
            return sheet, header
    return None


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
    user=None,
) -> ImportResult:
    """Read a file and compare it with the database; nothing is written.

    user: whose import it is, for the lock rule (None: the command line).
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
    meta = _meta(sheets)

    if meta.get("template_version", TEMPLATE_VERSION) != TEMPLATE_VERSION:
        return result.refuse(
            "template_version",
            _("%(file)s: mẫu phiên bản %(version)s không được hỗ trợ; hãy tải mẫu mới.")
            % {"file": file_name, "version": meta["template_version"]},
        )
    file_year = int(meta["year"]) if meta.get("year", "").isdigit() else None
    if year is not None and file_year is not None and year != file_year:
        return result.refuse(
            "wrong_year",
            _("%(file)s: tệp dành cho năm %(file_year)s, không phải năm %(year)s đã chọn.")
            % {"file": file_name, "file_year": file_year, "year": year},
        )
    year = year or file_year
    if year is None:
        return result.refuse(
            "no_year",
            _("%(file)s: tệp không ghi năm đánh giá; hãy chọn năm khi nhập.") % {"file": file_name},
        )
    result.year = year

    found = _data_sheet(sheets)
    if found is None:
        return result.refuse(
            "no_header",
            _(
                "%(file)s: không tìm thấy dòng tiêu đề trong 20 dòng đầu của sheet nào "
                "(cần cột Mã phường hoặc Tên phường, cùng các cột TC1…TC22 "
                "hoặc các cột Số tiêu chí và Kết quả)."
            )
            % {"file": file_name},
        )
    sheet, header = found
    result.sheet, result.kind = sheet.name, header.kind

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

    reader = _Reader(
        result, sheet, header, csv=kind == "csv", old=_OldWards(edition, result.province_id)
    )
    numbers = {number for _ward, number in current}
    if header.kind == "matrix":
        for column, number in header.criteria:
            if number not in numbers:
                reader.error(
                    header.row,
                    column,
                    "unknown_criterion",
                    _("bộ tiêu chí không có tiêu chí %(number)s.") % {"number": number},
                )
    if result.cell_errors:
        return result

    rows_seen: dict[tuple[int, int], int] = {}
    statuses_cache: dict = {}
    rows = sheet.rows
    for row_index in range(header.row + 1, len(rows)):
        row = rows[row_index]
        if header.kind == "matrix":
            cells = _matrix_cells(row, header.criteria)
            note = None
        else:
            raw_number = _cell(row, header.number)
            raw_status = _cell(row, header.result)
            cells = [(header.result, raw_number, raw_status)]
            note_value = _cell(row, header.note)
            note = None if note_value is None else plain_text_read(_shown(note_value))
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
        if ward_id not in ward_sets:
            if has_values:
                reader.error(
                    row_index,
                    header.code if header.code is not None else header.name,
                    "not_registered",
                    _("%(ward)s chưa đăng ký xây dựng năm %(year)s; nhập không tạo đăng ký mới.")
                    % {"ward": ward.name, "year": year},
                )
            continue
        if file_set is not None and ward_sets[ward_id] != file_set.pk:
            ward_set = sets[ward_sets[ward_id]]
            reader.error(
                row_index,
                header.code if header.code is not None else header.name,
                "wrong_criteria_set",
                _(
                    "%(ward)s được đánh giá theo bộ tiêu chí phiên bản %(used)s, "
                    "không phải %(file)s."
                )
                % {"ward": ward.name, "used": ward_set.version, "file": file_set.version},
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
                raw_number, number = number, _number(number)
                if number is None or (ward_id, number) not in current:
                    reader.error(
                        row_index,
                        header.number,
                        "unknown_criterion",
                        _("'%(value)s' không phải là số tiêu chí của bộ tiêu chí.")
                        % {"value": "" if raw_number is None else _shown(raw_number)},
                    )
                    continue
            elif value is None:
                result.skipped += 1
                continue
            if value in statuses_cache:
                status = statuses_cache[value]
            else:
                status = statuses_cache[value] = status_match(value)
            if status is None:
                reader.error(
                    row_index,
                    column,
                    "invalid_status",
                    _("'%(value)s' không phải là trạng thái hợp lệ") % {"value": _shown(value)},
                )
                continue
            key = (ward_id, number)
            if key in rows_seen:
                reader.error(
                    row_index,
                    column,
                    "duplicate",
                    _("%(ward)s, tiêu chí %(number)s đã có ở dòng %(row)s.")
                    % {"ward": ward.name, "number": number, "row": rows_seen[key]},
                )
                continue
            rows_seen[key] = row_index + 1
            pk, old_status, old_note, version = current[key]
            new_note = note if note is not None and note != old_note else None
            if status == old_status and new_note is None:
                result.unchanged += 1
                continue
            if ward_id in locked:
                reader.error(
                    row_index,
                    column,
                    "locked",
                    _("%(ward)s, tiêu chí %(number)s không được thay đổi: %(reason)s")
                    % {"ward": ward.name, "number": number, "reason": locked[ward_id]},
                )
                continue
            result.changes.append(
                Change(
                    result_id=pk,
                    version=version,
                    ward_code=ward.code,
                    ward_name=ward.name,
                    criterion_number=number,
                    old_status=old_status,
                    new_status=status,
                    old_note=old_note,
                    new_note=new_note,
                )
            )
    return result


def _number(value) -> int | None:
    text = normalise(value).removeprefix("tc").strip()
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(text) if text.isdigit() else None


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
        if name_value is not None and ward not in index.by_name_key(name_value):
            reader.error(
                row,
                header.name,
                "ward_mismatch",
                _("mã %(code)s là %(ward)s, không phải '%(name)s'; hãy kiểm tra lại dòng này.")
                % {"code": ward.code, "ward": ward.name, "name": _shown(name_value)},
            )
            return None
        return ward
    matches = index.by_name_key(name_value)
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
