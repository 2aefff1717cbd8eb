"""One criterion across wards: who meets it in a province or nationwide, and on a later map
what the new phường's predecessors had on it (the criterion page)."""

from dataclasses import dataclass

from tracker.assessments.completion import is_met
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.criteria.models import Criterion
from tracker.units.models import MapEdition, Province, UnitSuccession, WardKind


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
