"""What reading an uploaded file found: errors as data, and the changes it would make.

Nothing here raises for a bad file: every problem becomes a SheetError or a
CellError, so a preview can show all of them at once.
"""

from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class SheetError:
    code: str  # stable; tests assert this
    message: str  # translated; names the file (and the sheet, where there is one)


@dataclass(frozen=True)
class CellError:
    row: int  # Excel row number the user sees
    column: str  # header text
    code: str  # stable; tests assert this
    message: str  # translated; names the file, the sheet and the cell


class Change(NamedTuple):
    """One result a file changes; a named tuple, since a national file makes 39,000 of them."""

    result_id: int
    version: int
    ward_code: str
    ward_name: str
    criterion_number: int
    old_status: str
    new_status: str
    old_note: str
    # None: the file says nothing about the note, so it stays as it is.
    new_note: str | None
    # A measured criterion's figures: as stored, and as the file gives them (None: unchanged).
    old_figures: object = None  # tracker.criteria.indicators.Figures
    new_figures: object = None
    # The reason of a status typed against its figures; None leaves it, "" clears it.
    new_reason: str | None = None


_OLD_STATUS = attrgetter("old_status")


@dataclass
class Conflict:
    """A cell the locality changed whose result was also changed in the app since the export."""

    result_id: int
    version: int  # the result's version now: what applying the file's value expects
    where: str  # file, sheet and cell
    ward_code: str
    ward_name: str
    criterion_number: int
    exported_status: str
    file_status: str
    current_status: str
    changed_by: str = ""
    changed_at: object = None  # datetime
    # "keep", "file", or "" while nobody has chosen.
    resolution: str = ""


@dataclass
class Stale:
    """A result the confirm would change that has changed since the preview was shown."""

    where: str
    ward_name: str
    criterion_number: int
    current_status: str
    changed_by: str = ""
    changed_at: object = None


@dataclass
class ImportResult:
    file_name: str
    sheet: str = ""
    kind: str = ""  # "matrix" or "long"
    province_id: int | None = None
    province_code: str = ""
    province_name: str = ""
    year: int | None = None
    sha256: str = ""
    # Sheets read, and (name, why not) of the others.
    sheets_read: list[str] = field(default_factory=list)
    sheets_skipped: list[tuple[str, str]] = field(default_factory=list)
    # Rows below the table left out: (row number, why), per sheet read.
    rows_ignored: list[str] = field(default_factory=list)
    # Cells read through a legacy font's encoding: one line each.
    conversions: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    sheet_errors: list[SheetError] = field(default_factory=list)
    cell_errors: list[CellError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # Result id -> the cell ("Tiêu chí!F12") that changes it, for the preview.
    cells: dict[int, str] = field(default_factory=dict)
    # Results the file restates as they are, or leaves as exported.
    unchanged: int = 0
    # Conflicts resolved by keeping the stored value.
    kept: int = 0
    # Empty status cells: they change nothing.
    skipped: int = 0
    batch_id: int | None = None
    # Said besides the summary: a file confirmed although it changes nothing records no batch.
    notice: str = ""

    @property
    def ok(self) -> bool:
        return not self.sheet_errors and not self.cell_errors

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.resolution]

    def versions(self) -> dict[str, int]:
        """What a confirm must find unchanged: each result this preview would change or
        shows in conflict, with its version as read now."""
        shown = {str(c.result_id): c.version for c in self.changes}
        shown.update((str(c.result_id), c.version) for c in self.conflicts)
        return shown

    @property
    def created(self) -> int:
        """Results given their first assessment by this file."""
        # Counted in C: a national file's 39,000 changes, read for the batch and its summary.
        return list(map(_OLD_STATUS, self.changes)).count("chua_danh_gia")

    @property
    def changed(self) -> int:
        return len(self.changes) - self.created

    def refuse(self, code: str, message: str) -> "ImportResult":
        self.sheet_errors.append(SheetError(code=code, message=message))
        return self

    def messages(self) -> list[str]:
        return [e.message for e in self.sheet_errors] + [e.message for e in self.cell_errors]

    def changes_by_ward(self) -> list[tuple[str, str, list[Change]]]:
        """(code, name, changes) per ward, in the order of the file."""
        wards: dict[str, tuple[str, list[Change]]] = {}
        for change in self.changes:
            wards.setdefault(change.ward_code, (change.ward_name, []))[1].append(change)
        return [(code, name, changes) for code, (name, changes) in wards.items()]

    def summary(self) -> str:
        text = _(
            "%(new)s mới, %(changed)s thay đổi, %(unchanged)s không đổi, %(skipped)s bỏ qua"
        ) % {
            "new": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }
        if self.conflicts:
            count = len(self.conflicts)
            text += ngettext(", %(count)s xung đột", ", %(count)s xung đột", count) % {
                "count": count
            }
        return text
