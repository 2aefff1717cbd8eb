"""The data rows of each sheet read: the ward a row names, each criterion's status and note,
read through the columns (tracker.imports.columns) and handed to the comparison. What cannot
be read, or names a ward the file may not change, becomes a cell error where it stands.
"""

from django.utils.translation import gettext as _

from tracker.assessments.models import CriterionResult
from tracker.spreadsheets.cells import plain_text_read
from tracker.text import fold

from .columns import WardIndex, status_ambiguous, status_read, ward_code_read
from .compare import Comparison
from .figures import figures_read
from .legacy_fonts import legacy_readings, looks_legacy
from .measure import ErrorCell
from .result import ImportResult
from .sheets import (
    SIGNATURE_ROW,
    TOTAL_ROW,
    SheetReader,
    cell_value,
    conversion_text,
    criterion_number,
    shown,
    year_of,
)
from .snapshot import Snapshot
from .wards import ward_find


def headers_check(result: ImportResult, readers: list[SheetReader], numbers: set[int]) -> None:
    """Header cells read through a legacy font, said in the preview; a matrix column for a
    criterion the set does not have is an error before any row is read."""
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


def rows_outside_table(reader: SheetReader, index: WardIndex) -> set[int]:
    """Total rows ("Tổng cộng", "Cộng", formulas included) and the signature block under the
    table ("Người lập biểu", the place and date): left out, and the preview says which."""
    header, rows = reader.header, reader.sheet.rows
    ignored: dict[int, str] = {}
    signature_from = None
    for row_index in range(header.row + 1, len(rows)):
        row = rows[row_index]
        code, name = cell_value(row, header.code), cell_value(row, header.name)
        if code is not None and ward_code_read(code) in index.by_code:
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
            index.by_code.get(ward_code_read(cell_value(rows[r], header.code))) is not None
            for r in below
            if header.code is not None and cell_value(rows[r], header.code) is not None
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


def _matrix_cells(row: list, criteria: tuple[tuple[int, int], ...]) -> list[tuple]:
    """(column, criterion number, value) of a matrix row: cell_value, inlined for 39,000 cells."""
    width = len(row)
    cells = []
    for column, number in criteria:
        value = row[column] if column < width else None
        if isinstance(value, str) and not value.strip():
            value = None
        cells.append((column, number, value))
    return cells


def _figure_cells(row: list, figures: tuple[tuple[int, int, str], ...]) -> dict[int, list]:
    """criterion number -> [(column, part, value)] of a matrix row's figure columns."""
    cells: dict[int, list] = {}
    for column, number, part in figures:
        cells.setdefault(number, []).append((column, part, cell_value(row, column)))
    return cells


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class RowReader:
    """Walks the data rows of every sheet read, in order, for one comparison."""

    def __init__(
        self, *, result: ImportResult, snapshot: Snapshot, year: int, comparison: Comparison
    ):
        self.result, self.year, self.comparison = result, year, comparison
        self.index, self.current, self.older = snapshot.index, snapshot.current, snapshot.older
        self.measured = snapshot.measured or {}
        self.ward_sets, self.sets, self.file_set = (
            snapshot.ward_sets,
            snapshot.sets,
            snapshot.file_set,
        )
        # What each mark read so far means, and each legacy-font reading of a status.
        self.statuses: dict = {}
        self.legacy: dict = {}

    def sheet(self, reader: SheetReader) -> None:
        """Every data row of one sheet, in order."""
        result, header, index = self.result, reader.header, self.index
        current, ward_sets = self.current, self.ward_sets
        statuses, comparison = self.statuses, self.comparison
        rows = reader.sheet.rows
        ward_rows: dict[int, int] = {}
        ignored = rows_outside_table(reader, index)
        long_format = header.kind == "long"
        for row_index in range(header.row + 1, len(rows)):
            if row_index in ignored:
                continue
            row = rows[row_index]
            year_value, reason, figure_cells = None, None, {}
            if header.kind == "matrix":
                cells = _matrix_cells(row, header.criteria)
                note = None
                if header.figures:
                    figure_cells = _figure_cells(row, header.figures)
                    # A criterion with figure columns and no status column.
                    status_numbers = {number for _c, number, _v in cells}
                    cells += [
                        (given[0][0], number, None)
                        for number, given in figure_cells.items()
                        if number not in status_numbers
                    ]
            else:
                raw_number = cell_value(row, header.number)
                raw_status = cell_value(row, header.result)
                cells = [(header.result, raw_number, raw_status)]
                note_value = cell_value(row, header.note)
                note = None if note_value is None else plain_text_read(shown(note_value))
                if note is not None and (reading := looks_legacy(note)) is not None:
                    result.conversions.append(
                        conversion_text(
                            reader.cell_text(row_index, header.note), reading[0], note, reading[1]
                        )
                    )
                    note = reading[1]
                year_value = cell_value(row, header.year)
                if header.figure_columns:
                    figure_cells = {
                        None: [
                            (column, part, cell_value(row, column))
                            for part, column in header.figure_columns
                        ]
                    }
                    if header.result is None:
                        cells = [(header.figure_columns[0][1], raw_number, raw_status)]
                    reason_value = cell_value(row, header.reason)
                    reason = None if reason_value is None else plain_text_read(shown(reason_value))
            has_values = any(value is not None for _c, _n, value in cells) or any(
                value is not None for given in figure_cells.values() for _c, _p, value in given
            )
            code_value, name_value = cell_value(row, header.code), cell_value(row, header.name)
            if code_value is None and name_value is None:
                if has_values:
                    reader.error(
                        row_index,
                        header.name if header.name is not None else header.code,
                        "missing_ward",
                        _("dòng có kết quả nhưng không ghi mã hay tên phường."),
                    )
                continue
            ward = ward_find(
                reader, index, self.older, row_index, code_value, name_value, has_values
            )
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
            if has_values and year_value is not None and year_of(year_value) != self.year:
                reader.error(
                    row_index,
                    header.year,
                    "wrong_year",
                    _("dòng này ghi năm '%(value)s', không phải năm %(year)s của lần nhập.")
                    % {"value": shown(year_value), "year": self.year},
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
                given = figure_cells.get(None if long_format else number) if figure_cells else None
                if given is not None and all(v is None for _c, _p, v in given):
                    given = None
                if long_format:
                    if value is None and given is None:
                        result.skipped += 1
                        continue
                    raw_number, number = number, criterion_number(number)
                    if number is None or (ward_id, number) not in current:
                        reader.error(
                            row_index,
                            header.number,
                            "unknown_criterion",
                            _("'%(value)s' không phải là số tiêu chí của bộ tiêu chí.")
                            % {"value": "" if raw_number is None else shown(raw_number)},
                        )
                        continue
                key = (ward_id, number)
                figures = None
                if given is not None:
                    criterion = self.measured.get((ward_sets[ward_id], number))
                    figures = figures_read(reader, row_index, criterion, number, given)
                    if figures is False:
                        continue
                if value is None:
                    if figures is None:
                        comparison.empty.add(key)
                        continue
                    comparison.entry(
                        reader, row_index, given[0][0], ward, key, None, note, None, figures, reason
                    )
                    continue
                # The common case inline: a mark already read in this file.
                if (
                    value.__class__ is ErrorCell
                    or (status := statuses.get((type(value), value))) is None
                ):
                    status = self._status(reader, row_index, column, value)
                    if status is None:
                        continue
                comparison.entry(
                    reader, row_index, column, ward, key, status, note, value, figures, reason
                )

    def _status(self, reader, row_index, column, value) -> str | None:
        """The status a cell gives, read by the status column; None, with the cell's error."""
        if value.__class__ is ErrorCell:
            reader.error(row_index, column, "error_value", _error_cell_text(value))
            return None
        # Keyed by type too: True == 1 and False == 0, but they are not the same mark.
        cache_key = (type(value), value)
        if cache_key in self.statuses:
            status = self.statuses[cache_key]
        else:
            status = self.statuses[cache_key] = status_read(value)
        if status is None and isinstance(value, str):
            status = self._legacy_status(reader, row_index, column, value)
        if status is None:
            if status_ambiguous(value):
                text = _(
                    "dấu '%(value)s' có thể hiểu nhiều cách; hãy ghi rõ trạng thái "
                    "(Đạt, Chưa đạt, Đang thực hiện, Chưa đánh giá)."
                ) % {"value": shown(value)}
            else:
                text = _("'%(value)s' không phải là trạng thái hợp lệ") % {"value": shown(value)}
            reader.error(row_index, column, "invalid_status", text)
            return None
        return status

    def _legacy_status(self, reader, row_index, column, value: str) -> str | None:
        """A status typed with a legacy font's encoding, said in the preview per cell."""
        if value not in self.legacy:
            self.legacy[value] = next(
                (
                    (name, text, status)
                    for name, text in legacy_readings(value)
                    if (status := status_read(text)) is not None
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
