"""What the report pages, charts and report workbooks show, in a fixed number of queries.

Counts come from tracker.reports.progress; this module arranges them for
reading (targets, sorting, the ward x criterion matrix, history) and adds the
few queries the pages need beyond them.
"""

from dataclasses import dataclass, field
from itertools import pairwise

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.assessments.completion import (
    has_current_evidence,
    is_met,
    lacks_required_evidence,
    meets_all,
    with_completion,
)
from tracker.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionResult,
    EvidenceRevision,
    MapEdition,
    Province,
    ResultStatus,
    Target,
    UnitSuccession,
    Ward,
    WardKind,
)
from tracker.reports.progress import (
    ProvinceProgress,
    WardProgress,
    national_progress,
    province_progress,
)
from tracker.targets.standing import BEHIND, TargetStanding, target_standing


def _percent(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def _standing(target: Target, year: int, progress: ProvinceProgress) -> TargetStanding:
    return target_standing(
        target=target,
        year=year,
        wards_total=progress.wards_total,
        registered=progress.registered,
        recognized=progress.recognized,
    )


@dataclass
class OverviewRow:
    progress: ProvinceProgress
    standings: list[TargetStanding]

    @property
    def registered_share(self) -> float | None:
        return self.progress.share(self.progress.registered)

    @property
    def recognized_share(self) -> float | None:
        return self.progress.share(self.progress.recognized)

    @property
    def behind(self) -> bool:
        return any(s.state == BEHIND for s in self.standings)


# Sort keys of the overview: the ?sort= value, and how a row compares. Missing
# figures (no quota, no phường) sort before every number.
OVERVIEW_SORTS = {
    "code": lambda r: r.progress.code,
    "name": lambda r: (r.progress.sort_name, r.progress.code),
    "wards": lambda r: r.progress.wards_total,
    "registered": lambda r: r.progress.registered,
    "meeting_all": lambda r: r.progress.meeting_all,
    "recognized": lambda r: r.progress.recognized,
    "complete": lambda r: r.progress.complete,
    "late": lambda r: r.progress.late,
    "quota": lambda r: -1 if r.progress.quota is None else r.progress.quota,
    "share": lambda r: -1 if r.registered_share is None else r.registered_share,
    "recognized_share": lambda r: -1 if r.recognized_share is None else r.recognized_share,
}


@dataclass
class NationalOverview:
    year: int
    edition: MapEdition
    targets: list[Target]
    rows: list[OverviewRow]
    totals: ProvinceProgress
    sort: str

    @property
    def total_row(self) -> OverviewRow:
        return OverviewRow(self.totals, [])

    @property
    def provinces_late(self) -> int:
        """Provinces past the Ministry's date with registered wards still incomplete."""
        return sum(
            1
            for r in self.rows
            if r.progress.national_due
            and r.progress.incomplete
            and timezone.localdate() > r.progress.national_due
        )

    @property
    def behind_count(self) -> dict[int, int]:
        """Provinces behind each target, by target year."""
        return {
            t.year: sum(
                1
                for r in self.rows
                for s in r.standings
                if s.target_year == t.year and s.state == BEHIND
            )
            for t in self.targets
        }


def national_overview(
    *,
    year: int,
    edition: MapEdition,
    sort: str = "code",
    provinces: list[ProvinceProgress] | None = None,
) -> NationalOverview:
    """Every province of the edition against the targets, sorted by ?sort= (- reverses).

    provinces: the rows of national_progress when the caller has them (kept ones).
    """
    targets = list(Target.objects.order_by("year"))
    if provinces is None:
        provinces = national_progress(year=year, edition=edition)
    rows = [OverviewRow(p, [_standing(t, year, p) for t in targets]) for p in provinces]
    key = sort.removeprefix("-")
    if key not in OVERVIEW_SORTS:
        sort = key = "code"
    rows.sort(key=OVERVIEW_SORTS[key], reverse=sort.startswith("-"))
    quotas = [p.quota for p in provinces if p.quota is not None]
    totals = ProvinceProgress(
        code="",
        name=str(_("Cả nước")),
        province_id=0,
        year=year,
        edition=edition.code,
        wards_total=sum(p.wards_total for p in provinces),
        registered=sum(p.registered for p in provinces),
        meeting_all=sum(p.meeting_all for p in provinces),
        recognized=sum(p.recognized for p in provinces),
        quota=sum(quotas) if quotas else None,
        due=provinces[0].national_due if provinces else None,
        national_due=provinces[0].national_due if provinces else None,
        complete=sum(p.complete for p in provinces),
        complete_on_time=sum(p.complete_on_time for p in provinces),
        late=sum(p.late for p in provinces),
    )
    return NationalOverview(year, edition, targets, rows, totals, sort)


# Printed in each matrix cell beside its colour, so the status reads without colour too.
STATUS_SHORT = {
    ResultStatus.MET: "Đ",
    ResultStatus.NOT_MET: "CĐ",
    ResultStatus.IN_PROGRESS: "TH",
    ResultStatus.NOT_ASSESSED: "–",
}


class Cell(dict):
    """One matrix cell: status, label, criterion_number and short, as keys and as attributes.

    A dict because the province page prints five values of each of its cells
    (700 for a large province) and the template engine tries a key before an
    attribute: on a plain object every lookup first raises and catches an error.
    """

    def __init__(
        self,
        status: str,
        label: str,
        criterion_number: int,
        evidence: bool = False,
        lacking: bool = False,
    ):
        super().__init__(
            status=status,
            label=label,
            criterion_number=criterion_number,
            short=STATUS_SHORT[status],
            # Has a current evidence file; at Đạt on a criterion requiring one, lacks it.
            evidence=evidence,
            lacking=lacking,
        )

    status = property(lambda self: self["status"])
    label = property(lambda self: self["label"])
    criterion_number = property(lambda self: self["criterion_number"])
    short = property(lambda self: self["short"])
    evidence = property(lambda self: self["evidence"])
    lacking = property(lambda self: self["lacking"])


def status_legend() -> list[tuple[str, str, str]]:
    """(status, short text, label) of every result status, for the matrix legend."""
    return [(value, STATUS_SHORT[value], str(label)) for value, label in ResultStatus.choices]


@dataclass
class MatrixRow:
    ward: WardProgress
    cells: list[Cell | None]


@dataclass
class CriterionCompletion:
    criterion: Criterion
    met: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        return _percent(self.met, self.total)

    @property
    def missing(self) -> int:
        return self.total - self.met

    @property
    def all_met(self) -> bool:
        """Every registered ward meets this criterion."""
        return meets_all(met=self.met, total=self.total)


@dataclass
class YearProgress:
    year: int
    registered: int = 0
    meeting_all: int = 0
    recognized: int = 0


@dataclass
class ProvinceReport:
    progress: ProvinceProgress
    criteria: list[Criterion]
    rows: list[MatrixRow]
    # Bottleneck criteria first: most wards missing them, then by number.
    completion: list[CriterionCompletion]
    yearly: list[YearProgress]
    targets: list[Target]
    standings: list[TargetStanding]
    edition: MapEdition | None = None
    # Results at Đạt on a criterion that requires evidence, with no current file.
    met_without_evidence: int = 0

    @property
    def bottlenecks(self) -> list[CriterionCompletion]:
        """The criteria the most registered wards miss, when some ward misses any."""
        most = max((c.missing for c in self.completion), default=0)
        return [c for c in self.completion if most and c.missing == most]


def province_yearly_progress(*, province: Province) -> list[YearProgress]:
    """The province's registered, fully met and recognised phường per programme year."""
    years: dict[int, YearProgress] = {}
    for year, status, met, total in with_completion(
        Assessment.objects.filter(ward__province=province)
    ).values_list("year", "status", "met", "total"):
        row = years.setdefault(year, YearProgress(year))
        row.registered += 1
        row.meeting_all += meets_all(met=met, total=total)
        row.recognized += status == AssessmentStatus.RECOGNIZED
    return [years[y] for y in sorted(years)]


def province_report(*, province: Province, year: int) -> ProvinceReport:
    """The province page: figures, ward x criterion matrix, completion per criterion."""
    progress = province_progress(province=province, year=year)
    by_assessment = {w.assessment_id: w for w in progress.wards}
    statuses: dict[tuple[int, int], str] = {}
    with_files: set[tuple[int, int]] = set()
    for assessment_id, criterion_id, status, evidence in (
        CriterionResult.objects.filter(assessment_id__in=by_assessment)
        .annotate(has_files=has_current_evidence())
        .values_list("assessment_id", "criterion_id", "status", "has_files")
    ):
        statuses[assessment_id, criterion_id] = status
        if evidence:
            with_files.add((assessment_id, criterion_id))
    criteria = list(
        Criterion.objects.filter(pk__in={c for _, c in statuses}).order_by(
            "criteria_set_id", "number"
        )
    )
    labels = dict(ResultStatus.choices)
    completion = {c.pk: CriterionCompletion(c) for c in criteria}
    rows = []
    lacking_count = 0
    for ward in progress.wards:
        cells = []
        for criterion in criteria:
            key = (ward.assessment_id, criterion.pk)
            status = statuses.get(key)
            if status is None:
                cells.append(None)
                continue
            lacking = lacks_required_evidence(
                status=status,
                requires_evidence=criterion.requires_evidence,
                has_evidence=key in with_files,
            )
            lacking_count += lacking
            cells.append(
                Cell(status, str(labels[status]), criterion.number, key in with_files, lacking)
            )
            completion[criterion.pk].total += 1
            completion[criterion.pk].met += is_met(status)
        rows.append(MatrixRow(ward, cells))
    ordered = sorted(completion.values(), key=lambda c: (-c.missing, c.criterion.number))
    targets = list(Target.objects.order_by("year"))
    return ProvinceReport(
        progress=progress,
        criteria=criteria,
        rows=rows,
        completion=ordered,
        yearly=province_yearly_progress(province=province),
        targets=targets,
        standings=[_standing(t, year, progress) for t in targets],
        edition=province.edition,
        met_without_evidence=lacking_count,
    )


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


TRACKED_FIELDS = {"status": _("kết quả"), "evidence": _("minh chứng"), "note": _("ghi chú")}


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


@dataclass
class CriterionReport:
    criterion: Criterion
    year: int
    province: Province | None
    met: list[CriterionResult]
    not_met: list[CriterionResult]

    @property
    def total(self) -> int:
        return len(self.met) + len(self.not_met)


def criterion_report(
    *, criterion: Criterion, year: int, edition: MapEdition, province: Province | None = None
) -> CriterionReport:
    """Which registered wards meet a criterion, in a province or nationwide."""
    results = CriterionResult.objects.filter(
        criterion=criterion, assessment__year=year, assessment__ward__edition=edition
    )
    if province is not None:
        results = results.filter(assessment__ward__province=province)
    results = results.select_related("assessment__ward__province").order_by(
        "assessment__ward__province__sort_name",
        "assessment__ward__province__code",
        "assessment__ward__sort_name",
        "assessment__ward__code",
    )
    met, not_met = [], []
    for result in results:
        (met if is_met(result.status) else not_met).append(result)
    return CriterionReport(criterion, year, province, met, not_met)


@dataclass
class PredecessorResult:
    """One old unit of a new phường, and its result on a criterion in a programme year."""

    ward_code: str
    ward_name: str
    province_name: str
    code: str
    name: str
    edition: str
    status: str

    @property
    def label(self) -> str:
        return str(ResultStatus(self.status).label)


def criterion_predecessor_results(
    *, criterion: Criterion, year: int, edition: MapEdition, province: Province | None = None
) -> list[PredecessorResult]:
    """For the phường of a later map: their predecessors' results on a criterion; one query."""
    found = UnitSuccession.objects.filter(
        successor__edition=edition,
        successor__kind=WardKind.WARD,
        predecessor__assessments__year=year,
        predecessor__assessments__results__criterion=criterion,
    )
    if province is not None:
        found = found.filter(successor__province=province)
    return [
        PredecessorResult(*row)
        for row in found.order_by(
            "successor__sort_name", "successor__code", "predecessor__sort_name", "predecessor__code"
        ).values_list(
            "successor__code",
            "successor__name",
            "successor__province__name",
            "predecessor__code",
            "predecessor__name",
            "predecessor__edition__code",
            "predecessor__assessments__results__status",
        )
    ]
