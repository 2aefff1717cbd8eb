"""A province's report: its figures, the ward x criterion matrix with each criterion's
completion and bottlenecks, its years, and its standing against each target (the province
page, its workbook and the official documents).

Counts come from tracker.reports.progress; this module arranges them for reading and adds
the few queries the page needs beyond them.
"""

from dataclasses import dataclass
from functools import cached_property

from tracker.assessments.completion import (
    has_current_evidence,
    is_met,
    lacks_required_evidence,
    meets_all,
)
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.criteria.models import Criterion
from tracker.reports.progress import (
    ProvinceProgress,
    WardProgress,
    province_progress,
)
from tracker.reports.years import YearProgress, province_years, with_targets
from tracker.targets.models import Target
from tracker.targets.standing import TargetStanding, target_standing
from tracker.units.models import MapEdition, Province


def _percent(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def province_standing(target: Target, year: int, progress: ProvinceProgress) -> TargetStanding:
    """A province's standing against one target, from its figures for the year."""
    return target_standing(
        target=target,
        year=year,
        wards_total=progress.wards_total,
        registered=progress.registered,
        recognized=progress.recognized,
    )


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
class ProvinceReport:
    progress: ProvinceProgress
    criteria: list[Criterion]
    rows: list[MatrixRow]
    # Bottleneck criteria first: most wards missing them, then by number.
    completion: list[CriterionCompletion]
    targets: list[Target]
    standings: list[TargetStanding]
    edition: MapEdition | None = None
    # Results at Đạt on a criterion that requires evidence, with no current file.
    met_without_evidence: int = 0

    @cached_property
    def yearly(self) -> list[YearProgress]:
        """Every programme year from the pilot up to the one shown (tracker.reports.years),
        read only by what shows it (the page, not the workbook nor the documents)."""
        return province_years(code=self.progress.code, up_to=self.progress.year)

    @property
    def yearly_rows(self) -> list[tuple]:
        """The years table's rows: each year with its national target, if one falls in it."""
        return with_targets(self.yearly, self.targets)

    @property
    def bottlenecks(self) -> list[CriterionCompletion]:
        """The criteria the most registered wards miss, when some ward misses any."""
        most = max((c.missing for c in self.completion), default=0)
        return [c for c in self.completion if most and c.missing == most]


def province_report(*, province: Province, year: int) -> ProvinceReport:
    """The province page: figures, ward x criterion matrix, completion per criterion."""
    # The criteria each ward misses come from the matrix's results, not a query of their own.
    progress = province_progress(province=province, year=year, missing=False)
    by_assessment = {w.assessment_id: w for w in progress.wards}
    statuses: dict[tuple[int, int], str] = {}
    with_files: set[tuple[int, int]] = set()
    for assessment_id, criterion_id, status, evidence in (
        # Unordered: the results' own order joins assessment, ward and criterion to sort.
        CriterionResult.objects.filter(assessment_id__in=by_assessment)
        .order_by()
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
    # Translated once, not once per cell (700 in a large province).
    labels = {status: str(label) for status, label in ResultStatus.choices}
    completion = {c.pk: CriterionCompletion(c) for c in criteria}
    columns = [(c.pk, c.number, c.requires_evidence, completion[c.pk]) for c in criteria]
    rows = []
    lacking_count = 0
    for ward in progress.wards:
        cells = []
        for criterion_id, number, requires_evidence, counted in columns:
            key = (ward.assessment_id, criterion_id)
            status = statuses.get(key)
            if status is None:
                cells.append(None)
                continue
            has_files = key in with_files
            lacking = lacks_required_evidence(
                status=status, requires_evidence=requires_evidence, has_evidence=has_files
            )
            lacking_count += lacking
            cells.append(Cell(status, labels[status], number, has_files, lacking))
            counted.total += 1
            met = is_met(status)
            counted.met += met
            if not met:  # in criterion order, as tracker.assessments.completion gives them
                ward.missing.append(number)
        rows.append(MatrixRow(ward, cells))
    ordered = sorted(completion.values(), key=lambda c: (-c.missing, c.criterion.number))
    targets = list(Target.objects.order_by("year"))
    return ProvinceReport(
        progress=progress,
        criteria=criteria,
        rows=rows,
        completion=ordered,
        targets=targets,
        standings=[province_standing(t, year, progress) for t in targets],
        edition=province.edition,
        met_without_evidence=lacking_count,
    )
