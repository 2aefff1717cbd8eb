"""Applying a read file as one import batch, and undoing a batch.

Both take the acting user, whose scope is checked in one place: _check_scope.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tracker.accounts.audit import audit_record
from tracker.accounts.models import AuditAction
from tracker.accounts.permissions import (
    user_can_manage_province,
    user_is_national_admin,
    user_scope,
    visible_provinces,
)
from tracker.assessments import bulk_sql
from tracker.assessments.figures import FIGURE_FIELDS
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import (
    ResultUpdate,
    StaleResultError,
    criterion_results_bulk_set_status,
)
from tracker.criteria.indicators import Figures
from tracker.data_version import data_version_claim
from tracker.imports.models import ImportBatch, ImportPreview
from tracker.imports.plan import collector_paused, import_plan
from tracker.imports.previews import import_preview_spend
from tracker.imports.result import Conflict, ImportResult, SheetError, Stale
from tracker.units.models import Province


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _by_whom(user: str, moment) -> str:
    if user and moment:
        return _(" (%(user)s đổi lúc %(when)s)") % {"user": user, "when": _when(moment)}
    if moment:
        return _(" (đổi lúc %(when)s)") % {"when": _when(moment)}
    return ""


def conflict_text(conflict: Conflict) -> str:
    """One conflict, for the preview, the command and the refusal: three values and who."""
    labels = dict(ResultStatus.choices)
    return _(
        "%(where)s: %(ward)s, TC%(number)s: lúc xuất mẫu là '%(exported)s', trong tệp là "
        "'%(file)s', hiện nay là '%(now)s'%(who)s."
    ) % {
        "where": conflict.where,
        "ward": conflict.ward_name,
        "number": conflict.criterion_number,
        "exported": labels[conflict.exported_status],
        "file": labels[conflict.file_status],
        "now": labels[conflict.current_status],
        "who": _by_whom(conflict.changed_by, conflict.changed_at),
    }


def stale_text(stale: Stale) -> str:
    return _("%(where)s: %(ward)s, TC%(number)s nay là '%(now)s'%(who)s.") % {
        "where": stale.where,
        "ward": stale.ward_name,
        "number": stale.criterion_number,
        "now": stale.current_status,
        "who": _by_whom(stale.changed_by, stale.changed_at),
    }


def _check_scope(*, user, province: Province | None) -> None:
    """A province writes only its own wards; a national workbook needs the Ministry.

    `user` None is the command line, run by whoever administers the server.
    """
    if user is None:
        return
    if province is None:
        if not user_is_national_admin(user):
            raise PermissionDenied(_("Chỉ Bộ Công an được nhập tệp toàn quốc."))
    elif not user_can_manage_province(user=user, province=province):
        raise PermissionDenied(
            _("Bạn không có quyền nhập dữ liệu của %(province)s.") % {"province": province.name}
        )


@dataclass(frozen=True)
class ChangedSince:
    ward_name: str
    criterion_number: int
    status: str  # display text of the current status


@dataclass
class RevertResult:
    batch: ImportBatch
    restored: int = 0
    changed_since: list[ChangedSince] = field(default_factory=list)


def import_batches_visible(*, user, batches: QuerySet) -> QuerySet:
    """The batches a user may list: every one for the national scopes, its province's for a
    province's account, none for a ward's."""
    return visible_provinces(user=user, queryset=batches, prefix="province__")


# The apply makes 39,000 updates and rows for a national file: as the plan, with the
# collector paused.
@collector_paused()
def import_batch_apply(
    *,
    data: bytes,
    file_name: str,
    user,
    province_code: str | None = None,
    year: int | None = None,
    dry_run: bool = False,
    on_conflict: str | None = None,
    resolutions: dict[int, str] | None = None,
    expected: dict[str, int] | None = None,
) -> ImportResult:
    """Read the file again and, unless it is a dry run or has any error, apply it all at once.

    A file that changes nothing records no batch: the result's notice says so.
    A conflict nobody resolved (on_conflict, resolutions) refuses the file with
    the list; so does, given the versions a preview showed (`expected`), a result
    changed since that preview.
    """
    scope = user_scope(user) if user is not None else None
    if province_code is None and scope is not None and not scope.national:
        # A province's file is read within the province: other wards are not found in it.
        province_code = scope.province.code
    result = import_plan(
        data=data,
        file_name=file_name,
        province_code=province_code,
        year=year,
        on_conflict=on_conflict,
        resolutions=resolutions,
        expected=expected,
        user=user,
    )
    province = Province.objects.get(pk=result.province_id) if result.province_id else None
    if result.ok or province is not None:
        # Checked before the preview too: it shows another province's stored values.
        _check_scope(user=user, province=province)
    if not result.ok:
        if not dry_run:
            result.sheet_errors.insert(
                0,
                SheetError(
                    code="not_applied",
                    message=ngettext(
                        "%(file)s: tệp có %(count)s lỗi nên không có thay đổi nào được ghi.",
                        "%(file)s: tệp có %(count)s lỗi nên không có thay đổi nào được ghi.",
                        len(result.messages()),
                    )
                    % {"file": file_name, "count": len(result.messages())},
                ),
            )
        return result
    if dry_run:
        return result
    if result.stale:
        result.refuse(
            "stale",
            ngettext(
                "%(file)s: %(count)s kết quả đã được thay đổi sau khi xem trước; không có thay "
                "đổi nào được ghi. Hãy xem trước lại rồi xác nhận.",
                "%(file)s: %(count)s kết quả đã được thay đổi sau khi xem trước; không có thay "
                "đổi nào được ghi. Hãy xem trước lại rồi xác nhận.",
                len(result.stale),
            )
            % {"file": file_name, "count": len(result.stale)},
        )
        result.sheet_errors.extend(
            SheetError(code="stale_result", message=stale_text(s)) for s in result.stale
        )
        return result
    if result.unresolved:
        result.refuse(
            "conflicts",
            ngettext(
                "%(file)s: %(count)s ô đã sửa trong tệp cũng đã được thay đổi trong hệ thống "
                "sau khi xuất mẫu; không có thay đổi nào được ghi. Hãy chọn giữ giá trị hiện có "
                "hay lấy giá trị trong tệp cho từng ô.",
                "%(file)s: %(count)s ô đã sửa trong tệp cũng đã được thay đổi trong hệ thống "
                "sau khi xuất mẫu; không có thay đổi nào được ghi. Hãy chọn giữ giá trị hiện có "
                "hay lấy giá trị trong tệp cho từng ô.",
                len(result.unresolved),
            )
            % {"file": file_name, "count": len(result.unresolved)},
        )
        result.sheet_errors.extend(
            SheetError(code="conflict", message=conflict_text(c)) for c in result.unresolved
        )
        return result
    if not result.changes:
        # The same file confirmed again: an empty batch would only be one more to revert.
        result.notice = _(
            "%(file)s: không có thay đổi nào so với dữ liệu hiện có; không ghi lần nhập nào."
        ) % {"file": file_name}
        return result
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                file_name=file_name[:255],
                sha256=result.sha256,
                imported_by=user,
                province=province,
                year=result.year,
                created=result.created,
                changed=result.changed,
                unchanged=result.unchanged,
                skipped=result.skipped,
            )
            criterion_results_bulk_set_status(
                # Positional: ResultUpdate(result_id, status, note, expected_version,
                # figures, status_reason), made 39,000 times for a national file.
                updates=[
                    ResultUpdate(
                        c.result_id,
                        c.new_status,
                        c.new_note,
                        c.version,
                        c.new_figures,
                        c.new_reason,
                    )
                    for c in result.changes
                ],
                user=user,
                import_batch=batch,
                reason=_("Nhập từ tệp %(file)s (lần nhập #%(batch)s)")
                % {"file": file_name, "batch": batch.pk},
            )
    except StaleResultError as exc:
        result.refuse("stale", f"{file_name}: {exc.messages[0]}")
        return result
    result.batch_id = batch.pk
    audit_record(
        user=user,
        action=AuditAction.IMPORT,
        province=province,
        target=str(batch),
        detail=_("Lần nhập #%(batch)s: %(summary)s")
        % {"batch": batch.pk, "summary": result.summary()},
    )
    return result


def import_preview_confirm(
    *,
    preview: ImportPreview,
    data: bytes,
    user,
    on_conflict: str | None = None,
    resolutions: dict[int, str] | None = None,
) -> ImportResult | None:
    """Apply a preview's file as its uploader chose, the preview spent in the same transaction.

    A refused confirm (a conflict left without a choice, a result changed since the
    preview) rolls the spending back: the preview stays, to be shown again with the
    choices made, and the file is never asked for again. None: a concurrent confirm of
    the same preview spent it first (its delete waits for the other's to commit).
    """
    with transaction.atomic():
        if not import_preview_spend(preview):
            return None
        result = import_batch_apply(
            data=data,
            file_name=preview.file_name,
            user=user,
            province_code=preview.province_code or None,
            year=preview.year,
            on_conflict=on_conflict,
            resolutions=resolutions,
            expected=preview.versions,
        )
        if not result.ok:
            transaction.set_rollback(True)
    return result


@transaction.atomic
def import_batch_revert(*, batch: ImportBatch, user) -> RevertResult:
    """Put back what a batch replaced, except where a result has changed again since."""
    data_version_claim()  # before the row lock: see tracker.data_version
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _check_scope(user=user, province=batch.province)
    if batch.reverted_at is not None:
        raise ValidationError(
            _("Lần nhập #%(batch)s đã được hoàn tác lúc %(when)s; không hoàn tác lần nữa."),
            code="already_reverted",
            params={
                "batch": batch.pk,
                "when": timezone.localtime(batch.reverted_at).strftime("%H:%M %d/%m/%Y"),
            },
        )
    history = CriterionResult.history.model
    applied = list(
        history.objects.filter(import_batch=batch).values_list("history_id", "id", "version")
    )
    ids = [result_id for _h, result_id, _v in applied]
    first = min((h for h, _r, _v in applied), default=0)
    # The row just before each of the batch's rows holds the value it replaced.
    previous: dict[int, tuple] = {}
    for history_id, result_id, status, note, *figures, reason in (
        history.objects.filter(id__in=bulk_sql.ids_in(ids), history_id__lt=first)
        .order_by("history_id")
        .values_list("history_id", "id", "status", "note", *FIGURE_FIELDS, "status_reason")
    ):
        previous[result_id] = (history_id, status, note, Figures(*figures), reason or "")
    current = {
        pk: (version, ward_name, number, status)
        for pk, version, ward_name, number, status in CriterionResult.objects.filter(
            pk__in=bulk_sql.ids_in(ids)
        ).values_list("pk", "version", "assessment__ward__name", "criterion__number", "status")
    }
    outcome = RevertResult(batch=batch)
    updates = []
    labels = dict(CriterionResult._meta.get_field("status").flatchoices)
    for _history_id, result_id, version in applied:
        if result_id not in current or result_id not in previous:
            continue
        now_version, ward_name, number, status = current[result_id]
        if now_version != version:
            outcome.changed_since.append(
                ChangedSince(
                    ward_name=ward_name, criterion_number=number, status=str(labels[status])
                )
            )
            continue
        _h, old_status, old_note, old_figures, old_reason = previous[result_id]
        updates.append(
            ResultUpdate(
                result_id=result_id,
                status=old_status,
                note=old_note,
                expected_version=version,
                figures=old_figures,
                status_reason=old_reason,
            )
        )
    outcome.restored = criterion_results_bulk_set_status(
        updates=updates,
        user=user,
        reason=_("Hoàn tác lần nhập #%(batch)s") % {"batch": batch.pk},
    )
    outcome.changed_since.sort(key=lambda c: (c.ward_name, c.criterion_number))
    batch.reverted_at = timezone.now()
    batch.reverted_by = user
    batch.save(update_fields=["reverted_at", "reverted_by"])
    audit_record(
        user=user,
        action=AuditAction.REVERT,
        province=batch.province,
        target=str(batch),
        detail=_("Trả lại %(restored)s kết quả; giữ nguyên %(kept)s kết quả đã đổi sau đó.")
        % {"restored": outcome.restored, "kept": len(outcome.changed_since)},
    )
    return outcome
