"""A ward's report: its assessment's results with their current evidence files, and the
history of every status, note and evidence change (the ward page and its history page)."""

from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext_lazy as _

from tracker.assessments.completion import is_met, lacks_required_evidence
from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.criteria.models import Criterion
from tracker.evidence.models import EvidenceRevision
from tracker.units.models import Ward


@dataclass
class HistoryEntry:
    criterion: Criterion
    when: object
    user: object
    from_status: str | None
    to_status: str
    changed_fields: list[str]
    import_batch: object
    reason: str


# The ward page shows the latest changes; the rest is on the history page, this many a page.
HISTORY_SHOWN = 50


@dataclass
class WardReport:
    ward: Ward
    year: int
    assessment: Assessment | None
    results: list[CriterionResult] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    # The current (not removed) evidence files by result id, each with .revision_list.
    evidence: dict[int, list] = field(default_factory=dict)

    @property
    def met_without_evidence(self) -> list[CriterionResult]:
        return [r for r in self.results if r.lacks_evidence]

    @property
    def met(self) -> int:
        return sum(is_met(r.status) for r in self.results)

    @property
    def latest_history(self) -> list[HistoryEntry]:
        """The newest HISTORY_SHOWN changes, newest first."""
        return self.history[:HISTORY_SHOWN]

    @property
    def history_more(self) -> int:
        """How many older changes the ward page leaves to the history page."""
        return max(0, len(self.history) - HISTORY_SHOWN)


# The evidence field holds a note about the evidence (the files are apart): named so.
TRACKED_FIELDS = {
    "status": _("kết quả"),
    "evidence": _("ghi chú về minh chứng"),
    "note": _("ghi chú"),
}


def ward_history(*, assessment: Assessment, criteria: dict[int, Criterion]) -> list[HistoryEntry]:
    """Every change of the assessment's results, newest first, each with the state it came from.

    One query: history rows hold the new state only, so consecutive rows of
    the same result are paired here instead of asking for each previous row.
    """
    records = (
        CriterionResult.history.filter(assessment_id=assessment.pk)
        .select_related("history_user", "import_batch")
        .order_by("id", "history_date", "history_id")
    )
    by_result: dict[int, list] = {}
    for record in records:
        by_result.setdefault(record.id, []).append(record)
    labels = dict(ResultStatus.choices)
    entries = []
    for versions in by_result.values():
        for previous, record in pairwise([None, *versions]):
            if record.criterion_id not in criteria:
                continue  # a result no longer part of the assessment
            if previous is None:
                changed = [str(_("khởi tạo"))]
            else:
                changed = [
                    str(label)
                    for name, label in TRACKED_FIELDS.items()
                    if getattr(previous, name) != getattr(record, name)
                ]
            entries.append(
                HistoryEntry(
                    criterion=criteria[record.criterion_id],
                    when=record.history_date,
                    user=record.history_user,
                    from_status=str(labels.get(previous.status, previous.status))
                    if previous
                    else None,
                    to_status=str(labels.get(record.status, record.status)),
                    changed_fields=changed,
                    import_batch=record.import_batch,
                    reason=record.history_change_reason or "",
                )
            )
    entries.sort(key=lambda e: (e.when, e.criterion.number), reverse=True)
    return entries


def ward_evidence(
    *, assessment: Assessment, criteria: dict[int, Criterion], results: list[CriterionResult]
) -> tuple[dict[int, list], list[HistoryEntry]]:
    """The current files per result, and their additions, revisions and removals; one query."""
    criterion_of = {r.pk: criteria[r.criterion_id] for r in results}
    files: dict[int, object] = {}
    history = []
    for revision in (
        EvidenceRevision.objects.filter(evidence__result__assessment_id=assessment.pk)
        .select_related("evidence__removed_by", "uploaded_by")
        .order_by("evidence_id", "number")
    ):
        evidence = files.setdefault(revision.evidence_id, revision.evidence)
        previous = evidence.revision_list[0] if hasattr(evidence, "revision_list") else None
        evidence.revision_list = [revision, *getattr(evidence, "revision_list", [])]
        criterion = criterion_of.get(evidence.result_id)
        if criterion is None:
            continue
        what = (
            _("thêm tệp minh chứng “%(title)s”")
            if previous is None
            else _("bản %(number)s của tệp minh chứng “%(title)s”")
        )
        history.append(
            HistoryEntry(
                criterion=criterion,
                when=revision.uploaded_at,
                user=revision.uploaded_by,
                from_status=previous.file_name if previous else None,
                to_status=revision.file_name,
                changed_fields=[str(what) % {"title": evidence.title, "number": revision.number}],
                import_batch=None,
                reason="",
            )
        )
    by_result: dict[int, list] = {}
    for evidence in files.values():
        criterion = criterion_of.get(evidence.result_id)
        if evidence.removed_at is None:
            by_result.setdefault(evidence.result_id, []).append(evidence)
        elif criterion is not None:
            history.append(
                HistoryEntry(
                    criterion=criterion,
                    when=evidence.removed_at,
                    user=evidence.removed_by,
                    from_status=evidence.revision_list[0].file_name,
                    to_status="—",
                    changed_fields=[
                        str(_("gỡ tệp minh chứng “%(title)s”") % {"title": evidence.title})
                    ],
                    import_batch=None,
                    reason=evidence.removal_reason,
                )
            )
    return by_result, history


def ward_report(*, ward: Ward, year: int) -> WardReport:
    assessment = (
        Assessment.objects.select_related("criteria_set").filter(ward=ward, year=year).first()
    )
    if assessment is None:
        return WardReport(ward, year, None)
    results = list(
        assessment.results.select_related("criterion", "changed_by").order_by("criterion__number")
    )
    criteria = {r.criterion_id: r.criterion for r in results}
    history = ward_history(assessment=assessment, criteria=criteria)
    evidence, evidence_history = ward_evidence(
        assessment=assessment, criteria=criteria, results=results
    )
    for result in results:
        result.current_files = evidence.get(result.pk, [])
        result.lacks_evidence = lacks_required_evidence(
            status=result.status,
            requires_evidence=result.criterion.requires_evidence,
            has_evidence=bool(result.current_files),
        )
    history = sorted(
        [*history, *evidence_history], key=lambda e: (e.when, e.criterion.number), reverse=True
    )
    return WardReport(ward, year, assessment, results, history, evidence)
