"""A new ward's predecessors on the old map, each with its assessment for a year.

Read in a fixed number of queries whatever the number of predecessors, so the pages and
the carry-over can ask it for one ward or many.
"""

import datetime
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
