"""The one path for adding, revising and removing evidence files, whatever the entry point.

Each call is atomic and permission-checked here, claims the data version (the
province page marks the cells with evidence), and is audited. Bytes are
checked (type by content, limits) before anything is stored; a file written
to storage whose rows then fail is deleted again.
"""

import hashlib
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.accounts.audit import audit_record
from tracker.accounts.models import AuditAction
from tracker.accounts.permissions import user_can_edit_assessment
from tracker.assessments.locks import result_lock_reason
from tracker.assessments.models import CriterionResult
from tracker.assessments.services import assessment_locked
from tracker.evidence.models import EvidenceFile, EvidenceRevision
from tracker.evidence.storage import CHUNK, blob_name, evidence_storage
from tracker.evidence.types import (
    ALLOWED,
    HEAD_BYTES,
    RefusedType,
    content_name,
    inflation_reason,
    macro_reason,
    printable,
    sniff,
)

MB = 1024 * 1024


def max_file_bytes() -> int:
    return settings.TRACKER_EVIDENCE_MAX_FILE_MB * MB


def max_assessment_bytes() -> int:
    return settings.TRACKER_EVIDENCE_MAX_ASSESSMENT_MB * MB


@dataclass(frozen=True)
class Checked:
    """An uploaded file whose content was read once: its type, size and digest."""

    file: object
    file_name: str  # as given, to name the file in messages
    size: int
    sha256: str
    content_type: str

    @property
    def stored_name(self) -> str:
        """The name kept and downloaded: the content's extension, at most 255 characters."""
        return content_name(self.file_name, self.content_type)


def _refused(file_name: str, reason: str) -> ValidationError:
    return ValidationError(
        _("Tệp '%(file)s' không được nhận: %(reason)s.") % {"file": file_name, "reason": reason},
        code="evidence_refused",
    )


def _file_name(file) -> str:
    return printable(os.path.basename(str(getattr(file, "name", "") or ""))) or _("(không tên)")


def evidence_check(file) -> Checked:
    """Read a file once in chunks: refuse it (naming it) if empty, too large or of a wrong type."""
    name = _file_name(file)
    limit = max_file_bytes()
    digest, size, head = hashlib.sha256(), 0, b""
    file.seek(0)
    while data := file.read(CHUNK):
        if len(head) < HEAD_BYTES:
            head += data[: HEAD_BYTES - len(head)]
        size += len(data)
        if size > limit:
            raise _refused(
                name,
                _("lớn hơn giới hạn %(limit)s MB một tệp; hãy nén hoặc tách tệp")
                % {"limit": settings.TRACKER_EVIDENCE_MAX_FILE_MB},
            )
        digest.update(data)
    try:
        content_type = sniff(head)
    except RefusedType as error:
        raise _refused(name, str(error)) from None
    refusal = macro_reason(file, name, content_type) or inflation_reason(file, content_type)
    if refusal:
        raise _refused(name, refusal)
    file.seek(0)
    return Checked(file, name, size, digest.hexdigest(), content_type)


def _check_new(result: CriterionResult, checked: list[Checked]) -> None:
    """No file identical (SHA-256) to one current on the criterion, or to another of the same
    upload: a second copy adds nothing to the dossier but weight."""
    current = {
        e.current.sha256: e
        for e in EvidenceFile.objects.filter(result=result, removed_at__isnull=True)
        .exclude(current=None)
        .select_related("current")
    }
    seen = {}
    for c in checked:
        if c.sha256 in current:
            e = current[c.sha256]
            raise ValidationError(
                _(
                    "Chưa lưu tệp nào: tệp '%(file)s' giống hệt tệp minh chứng '%(title)s' "
                    "(%(existing)s) đã có ở tiêu chí này."
                )
                % {"file": c.file_name, "title": e.title, "existing": e.current.file_name},
                code="duplicate",
            )
        if c.sha256 in seen:
            raise ValidationError(
                _("Chưa lưu tệp nào: tệp '%(file)s' giống hệt tệp '%(other)s' cùng lần tải lên.")
                % {"file": c.file_name, "other": seen[c.sha256]},
                code="duplicate",
            )
        seen[c.sha256] = c.file_name


def _check_room(result: CriterionResult, adding: int) -> None:
    """The assessment's stored evidence (every revision of every file not removed) plus this."""
    stored = (
        EvidenceRevision.objects.filter(
            evidence__result__assessment_id=result.assessment_id,
            evidence__removed_at__isnull=True,
        ).aggregate(total=Sum("size"))["total"]
        or 0
    )
    if stored + adding > max_assessment_bytes():
        raise ValidationError(
            _(
                "Chưa lưu tệp nào: hồ sơ minh chứng của %(assessment)s sẽ vượt giới hạn "
                "%(limit)s MB (đã dùng %(used)s MB). Hãy gỡ tệp không cần hoặc nén tệp."
            )
            % {
                "assessment": result.assessment,
                "limit": settings.TRACKER_EVIDENCE_MAX_ASSESSMENT_MB,
                "used": round(stored / MB, 1),
            },
            code="assessment_limit",
        )


def _locked_result(result: CriterionResult, user) -> CriterionResult:
    """The result with its assessment locked (so two uploads cannot both pass the limit)."""
    result = CriterionResult.objects.select_related("assessment__ward__province", "criterion").get(
        pk=result.pk
    )
    assessment = assessment_locked(result.assessment)
    if user is not None and not user_can_edit_assessment(user=user, assessment=assessment):
        raise PermissionDenied(_("Bạn không có quyền cập nhật minh chứng của phường này."))
    # The dossier is what a proposal and a decision rest on: its files lock with the results.
    locked = result_lock_reason(user, assessment)
    if locked:
        raise ValidationError(_("Chưa ghi gì: %(reason)s") % {"reason": locked}, code="locked")
    return result


class _Stored:
    """Blobs written during one call, deleted again if the call fails."""

    def __init__(self):
        self.names = []

    def save(self, checked: Checked, year: int) -> str:
        name = blob_name(year=year, extension=ALLOWED[checked.content_type])
        stored = evidence_storage().save(name, checked.file)
        self.names.append(stored)
        return stored

    def discard(self):
        for name in self.names:
            evidence_storage().delete(name)


def _revision(evidence, checked, blob, number, user, now) -> EvidenceRevision:
    return EvidenceRevision.objects.create(
        evidence=evidence,
        number=number,
        blob=blob,
        file_name=checked.stored_name,
        size=checked.size,
        sha256=checked.sha256,
        content_type=checked.content_type,
        uploaded_by=user,
        uploaded_at=now,
    )


def _renamed(checked: Checked) -> str:
    if checked.stored_name == checked.file_name:
        return checked.file_name
    return f"{checked.file_name} → {checked.stored_name}"


def _audit(user, result, detail):
    audit_record(
        user=user,
        action=AuditAction.EVIDENCE,
        province=result.assessment.ward.province,
        target=f"{result.assessment} – TC{result.criterion.number}",
        detail=detail,
    )


def evidence_add(
    *,
    result: CriterionResult,
    user,
    files: list,
    title: str = "",
    document_number: str = "",
    document_date=None,
) -> list[EvidenceFile]:
    """Add one evidence file per uploaded file: all of them, or none if one is refused."""
    if not files:
        raise ValidationError(_("Chưa chọn tệp nào để tải lên."), code="no_file")
    stored = _Stored()
    try:
        with transaction.atomic():
            result = _locked_result(result, user)
            checked = [evidence_check(f) for f in files]
            _check_new(result, checked)
            _check_room(result, sum(c.size for c in checked))
            now = timezone.now()
            added = []
            for c in checked:
                blob = stored.save(c, result.assessment.year)
                evidence = EvidenceFile.objects.create(
                    result=result,
                    title=(title.strip() or os.path.splitext(c.stored_name)[0])[:300],
                    document_number=document_number.strip()[:100],
                    document_date=document_date,
                    created_by=user,
                    created_at=now,
                )
                evidence.current = _revision(evidence, c, blob, 1, user, now)
                evidence.save(update_fields=["current"])
                added.append(evidence)
                _audit(
                    user,
                    result,
                    _("Thêm minh chứng '%(title)s' (%(file)s, %(size)s byte, SHA-256 %(sha)s)")
                    % {
                        "title": evidence.title,
                        "file": _renamed(c),
                        "size": c.size,
                        "sha": c.sha256,
                    },
                )
            return added
    except BaseException:
        stored.discard()
        raise


def _locked_file(evidence: EvidenceFile, user) -> tuple[EvidenceFile, CriterionResult]:
    evidence = EvidenceFile.objects.select_related("current").get(pk=evidence.pk)
    result = _locked_result(evidence.result, user)
    evidence = (
        EvidenceFile.objects.select_for_update(of=("self",))
        .select_related("current")
        .get(pk=evidence.pk)
    )
    if evidence.removed_at is not None:
        raise ValidationError(_("Tệp minh chứng này đã được gỡ."), code="removed")
    return evidence, result


def evidence_revise(*, evidence: EvidenceFile, user, file) -> EvidenceRevision:
    """A new version of a file; the previous one stays as an earlier revision."""
    stored = _Stored()
    try:
        with transaction.atomic():
            evidence, result = _locked_file(evidence, user)
            checked = evidence_check(file)
            _check_new(result, [checked])
            _check_room(result, checked.size)
            now = timezone.now()
            blob = stored.save(checked, result.assessment.year)
            revision = _revision(evidence, checked, blob, evidence.current.number + 1, user, now)
            previous = evidence.current
            evidence.current = revision
            evidence.save(update_fields=["current"])
            _audit(
                user,
                result,
                _(
                    "Bản mới %(number)s của minh chứng '%(title)s': %(old)s → %(new)s "
                    "(SHA-256 %(sha)s)"
                )
                % {
                    "number": revision.number,
                    "title": evidence.title,
                    "old": previous.file_name,
                    "new": _renamed(checked),
                    "sha": checked.sha256,
                },
            )
            return revision
    except BaseException:
        stored.discard()
        raise


@transaction.atomic
def evidence_remove(*, evidence: EvidenceFile, user, reason: str = "") -> EvidenceFile:
    """Mark a file removed: hidden from the pages and the dossier, kept with its bytes for audit."""
    evidence, result = _locked_file(evidence, user)
    evidence.removed_at = timezone.now()
    evidence.removed_by = user
    evidence.removal_reason = (reason or "").strip()
    evidence.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    _audit(
        user,
        result,
        _("Gỡ minh chứng '%(title)s'. %(reason)s")
        % {"title": evidence.title, "reason": evidence.removal_reason},
    )
    return evidence
