"""What the old map says about a new unit: its predecessors and their assessments.

Read in a fixed number of queries whatever the number of predecessors, so the pages,
the importer and the carry-over can ask it for one ward or many.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from tracker.assessments.completion import with_completion
from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult
from tracker.units.models import UnitSuccession, Ward, WardKind


@dataclass
class PredecessorAssessment:
    """One old unit a new ward was formed from, with its assessment for a year, if any."""

    ward_id: int
    code: str
    name: str
    kind: str
    # This new ward is the one that took the old unit's main part.
    is_main: bool
    # How many new units the old one went into: more than one means it was split.
    successors: int
    assessment_id: int | None = None
    criteria_set_id: int | None = None
    status: str | None = None
    status_label: str = ""
    met: int = 0
    total: int = 0
    decision_number: str = ""
    decision_date: datetime.date | None = None
    # Criterion number -> result status.
    results: dict[int, str] = field(default_factory=dict)

    @property
    def is_ward(self) -> bool:
        return self.kind == WardKind.WARD

    @property
    def split(self) -> bool:
        return self.successors > 1

    @property
    def recognized(self) -> bool:
        return self.status == AssessmentStatus.RECOGNIZED


@dataclass(frozen=True)
class Successor:
    code: str
    name: str
    is_main: bool


def ward_predecessors_with_assessments(*, ward: Ward, year: int) -> list[PredecessorAssessment]:
    """A new ward's predecessors, ordered by code, each with its assessment for `year`.

    Three queries: predecessors, their assessments with met/total, the results.
    """
    predecessors = {
        s.predecessor_id: PredecessorAssessment(
            ward_id=s.predecessor_id,
            code=s.predecessor.code,
            name=s.predecessor.name,
            kind=s.predecessor.kind,
            is_main=s.is_main,
            successors=s.successors,
        )
        for s in UnitSuccession.objects.filter(successor=ward)
        .select_related("predecessor")
        .annotate(successors=Count("predecessor__successions"))
        .order_by("predecessor__code")
    }
    labels = dict(AssessmentStatus.choices)
    by_assessment = {}
    for values in with_completion(
        Assessment.objects.filter(ward_id__in=predecessors, year=year)
    ).values(
        "id",
        "ward_id",
        "criteria_set_id",
        "status",
        "decision_number",
        "decision_date",
        "met",
        "total",
    ):
        p = predecessors[values["ward_id"]]
        p.assessment_id, p.criteria_set_id = values["id"], values["criteria_set_id"]
        p.status, p.status_label = values["status"], str(labels[values["status"]])
        p.met, p.total = values["met"], values["total"]
        p.decision_number, p.decision_date = values["decision_number"], values["decision_date"]
        by_assessment[p.assessment_id] = p
    for assessment_id, number, status in CriterionResult.objects.filter(
        assessment_id__in=by_assessment
    ).values_list("assessment_id", "criterion__number", "status"):
        by_assessment[assessment_id].results[number] = status
    return list(predecessors.values())


def ward_predecessor_years(*, ward: Ward) -> list[int]:
    """The programme years in which any predecessor of a new ward has an assessment."""
    return sorted(
        Assessment.objects.filter(ward__successions__successor=ward)
        .values_list("year", flat=True)
        .distinct()
    )


def ward_successors(*, edition: str, codes: Iterable[str]) -> dict[str, list[Successor]]:
    """Old unit code -> the new units it went into, the main one first; one query.

    For the importer: a workbook with old codes says which new ward each row now belongs to.
    """
    found = defaultdict(list)
    for old_code, code, name, is_main in (
        UnitSuccession.objects.filter(
            predecessor__edition__code=edition, predecessor__code__in=codes
        )
        .order_by("predecessor__code", "-is_main", "successor__code")
        .values_list("predecessor__code", "successor__code", "successor__name", "is_main")
    ):
        found[old_code].append(Successor(code=code, name=name, is_main=is_main))
    return dict(found)


@dataclass
class OldWard:
    """A phường of an older map, with the units of the newer map it went into."""

    code: str
    name: str
    # The main successor first.
    successors: list[Successor] = field(default_factory=list)


def old_wards_of(
    *, edition: str, province_id: int | None
) -> tuple[list[OldWard], datetime.date | None]:
    """The older maps' phường that went into `edition`'s units, and when `edition` took effect.

    Within a province: the old phường any of whose parts is now in it, with all their
    successors. For the importer, which names the new ward of a row that uses an old code
    or name; one query, however many rows ask.
    """
    pairs = UnitSuccession.objects.filter(
        successor__edition__code=edition, predecessor__kind=WardKind.WARD
    )
    if province_id is not None:
        pairs = pairs.filter(
            predecessor_id__in=UnitSuccession.objects.filter(
                successor__province_id=province_id
            ).values("predecessor_id")
        )
    wards: dict[int, OldWard] = {}
    since = None
    for old_id, old_code, old_name, code, name, is_main, effective_from in pairs.order_by(
        "predecessor__code", "-is_main", "successor__code"
    ).values_list(
        "predecessor_id",
        "predecessor__code",
        "predecessor__name",
        "successor__code",
        "successor__name",
        "is_main",
        "successor__edition__effective_from",
    ):
        ward = wards.get(old_id)
        if ward is None:
            ward = wards[old_id] = OldWard(code=old_code, name=old_name)
        ward.successors.append(Successor(code=code, name=name, is_main=is_main))
        since = effective_from
    return list(wards.values()), since
