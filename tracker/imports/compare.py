"""The comparison: each status a file gives against the result as stored and as exported.

A cell left as exported is no entry; a cell given twice is an error, unless a copy of the
data sheet agrees; a locked ward's cell is refused; a cell changed both in the file and in the
app since the export is a conflict, which on_conflict or the per-result resolutions settle;
the rest are changes. After the walk: who made each conflict's change, and which results
changed since a preview showed them (stale).
"""

from django.utils.translation import gettext as _

from tracker.assessments.figures import derived_status
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.criteria.indicators import NO_FIGURES, Figures, figures_display, figures_meet

from .result import Change, Conflict, ImportResult, Stale
from .sheets import shown
from .snapshot import Snapshot

# What a result without figures holds: (figures, reason of a status typed against them).
_NO_STORED = (NO_FIGURES, "")


class Comparison:
    """The entries of every sheet read, against the snapshot and the export record."""

    def __init__(
        self,
        *,
        result: ImportResult,
        snapshot: Snapshot,
        record: dict,
        on_conflict: str | None,
        resolutions: dict[int, str],
    ):
        self.result, self.current, self.locked = result, snapshot.current, snapshot.locked
        self.snapshot = snapshot
        # Looked up for every cell read: bound once here.
        self.stored, self.measured = snapshot.figures or {}, snapshot.measured or {}
        self.ward_sets = snapshot.ward_sets
        # The numbers measured in any set: a cell of another criterion skips the figures.
        self.measured_numbers = {number for _set, number in self.measured}
        # (ward id, criterion) -> the figures the file gives it (changes only).
        self.figures_given: dict[tuple[int, int], Figures] = {}
        self.record, self.on_conflict, self.resolutions = record, on_conflict, resolutions
        # (ward id, criterion) -> (reader, row, column, status, note) of its first entry.
        self.entries: dict[tuple[int, int], tuple] = {}
        self.as_exported: set[tuple[int, int]] = set()
        self.empty: set[tuple[int, int]] = set()

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
        # Each change's cell, for the preview: one pass over the entries, none per change.
        changed = {c.result_id for c in result.changes}
        for key, (reader, row, column, _status, _note) in self.entries.items():
            pk = self.current[key][0]
            if pk in changed:
                result.cells[pk] = reader.cell_ref(row, column)

    def entry(
        self, reader, row_index, column, ward, key, status, note, value, figures=None, reason=None
    ) -> None:
        """The status read from `value` (None: the cell is empty) and the figures (None: none
        given) for key (ward id, criterion): a change, a conflict, nothing (as exported or as
        stored) or an error."""
        result = self.result
        pk, old_status, old_note, version = self.current[key]
        exported = self.record.get((ward.code, key[1])) if self.record else None
        # What the export recorded of the figures (templates before figures recorded none).
        if exported is None:
            exported_figures = None
            status_as_exported = status is None
        else:
            exported_figures = exported[2] if len(exported) > 2 else None
            status_as_exported = status is None or status == exported[1] and note is None
        figures_as_exported = figures is None or figures == exported_figures
        if status_as_exported and figures_as_exported:
            # Left as exported: not an entry, whatever the result holds now.
            if status is None:
                self.empty.add(key)
            else:
                self.as_exported.add(key)
            return
        if status_as_exported:
            status = None  # the figures decide
        if figures_as_exported:
            figures = None
        status_given = status
        seen = self.entries.get(key)
        if seen is not None:
            first, first_row, first_column, first_status, first_note = seen
            if first is not reader:
                if first_status == (status, figures) and first_note == note:
                    return  # a copy of the data sheet that agrees
                reader.error(
                    row_index,
                    column,
                    "sheets_disagree",
                    _("%(ward)s, tiêu chí %(number)s ghi '%(value)s', nhưng %(other)s ghi khác.")
                    % {
                        "ward": ward.name,
                        "number": key[1],
                        "value": "" if value is None else shown(value),
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
        self.entries[key] = (reader, row_index, column, (status, figures), note)
        stored_figures, old_reason = self.stored.get(key, _NO_STORED)
        new_reason = None
        criterion = (
            self.measured.get((self.ward_sets[key[0]], key[1]))
            if key[1] in self.measured_numbers
            else None
        )
        if criterion is not None:
            meets = figures_meet(
                criterion,
                figures if figures is not None else stored_figures,
                self.snapshot.previous.get(key),
            )
            derived = derived_status(meets)
            if derived is not None and status != derived:
                if status is None:
                    status, new_reason = derived, ""
                elif reason:
                    new_reason = reason
                else:
                    reader.error(
                        row_index,
                        column,
                        "reason_required",
                        _(
                            "số liệu TC%(number)s (%(figures)s) cho kết quả '%(derived)s', khác "
                            "với '%(status)s' ghi ở ô: hãy ghi lý do ở cột Lý do (mẫu dạng dọc), "
                            "hoặc sửa số liệu cho khớp."
                        )
                        % {
                            "number": key[1],
                            "figures": figures_display(
                                criterion, figures if figures is not None else stored_figures
                            ),
                            "derived": ResultStatus(derived).label,
                            "status": ResultStatus(status).label,
                        },
                    )
                    return
            elif derived is not None:
                new_reason = ""
        if status is None:
            status = old_status
        if figures is not None:
            if figures == stored_figures:
                figures = None
            else:
                self.figures_given[key] = figures
        if new_reason is not None and new_reason == (old_reason or ""):
            new_reason = None
        new_note = note if note is not None and note != old_note else None
        if status == old_status and new_note is None and figures is None and new_reason is None:
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
        if (
            exported is not None
            and version != exported[0]
            and (
                old_status != exported[1]
                or (exported_figures is not None and stored_figures != exported_figures)
            )
        ):
            conflict = Conflict(
                result_id=pk,
                version=version,
                where=reader.cell_text(row_index, column),
                ward_code=ward.code,
                ward_name=ward.name,
                criterion_number=key[1],
                exported_status=exported[1],
                file_status=status_given or status,
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
                old_figures=stored_figures,
                new_figures=figures,
                new_reason=new_reason,
            )
        )


def conflicts_changed_by(conflicts: list[Conflict]) -> None:
    """Who changed each conflicting result, and when: one query, only when there are any."""
    found = {
        pk: (user or "", when)
        for pk, user, when in CriterionResult.objects.filter(
            pk__in=[c.result_id for c in conflicts]
        ).values_list("pk", "changed_by__username", "changed_at")
    }
    for conflict in conflicts:
        conflict.changed_by, conflict.changed_at = found.get(conflict.result_id, ("", None))


def stale_find(result: ImportResult, current, expected: dict[str, int], where_of) -> None:
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
