"""Completeness and timeliness of a round, per province and nationally, in fixed queries.

A registered ward is complete when none of its results is left at "Chưa đánh giá".
It became complete when the last of its criteria was first assessed: the earliest
history row of each result at another status (the result's last change when it has
no such row), the latest of these over the ward's results. A ward's due date is its
province's (ProvinceRound), else the Ministry's (Round). A ward is late by the days
from the due date to its completion, or to today while it is still incomplete.

The official documents and the work lists call province_completeness and
national_completeness; the pages, workbooks and `progress --format json` show them.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.rounds.models import ProvinceRound, Round
from tracker.units.models import MapEdition, Province, WardKind


@dataclass
class WardCompleteness:
    ward_id: int
    code: str
    assessment_id: int
    assessed: int
    total: int
    # When the last criterion was first assessed; None while any is still not assessed.
    complete_at: datetime.datetime | None
    # Days past the due date (0: on time or not yet due); None when no due date is set.
    late_days: int | None

    @property
    def complete(self) -> bool:
        return self.complete_at is not None

    @property
    def late(self) -> bool:
        return bool(self.late_days)

    @property
    def on_time(self) -> bool:
        return self.complete and self.late_days == 0


@dataclass
class Completeness:
    """A province's (or the country's) round: its due date and how its registered wards stand."""

    due: datetime.date | None = None
    # The Ministry's date for the provinces' proposals.
    national_due: datetime.date | None = None
    registered: int = 0
    complete: int = 0
    complete_on_time: int = 0
    late: int = 0
    wards: dict[int, WardCompleteness] = field(default_factory=dict)

    @property
    def incomplete(self) -> int:
        return self.registered - self.complete

    @property
    def overdue(self) -> bool:
        """Past the Ministry's date with wards still incomplete: the province is late."""
        today = timezone.localdate()
        return bool(self.national_due and today > self.national_due and self.incomplete)

    def by_code(self) -> dict[str, WardCompleteness]:
        """The wards by GSO code (codes are unique within a map edition)."""
        return {w.code: w for w in self.wards.values()}

    def add(self, ward: WardCompleteness) -> None:
        self.wards[ward.ward_id] = ward
        self.registered += 1
        self.complete += ward.complete
        self.complete_on_time += ward.on_time
        self.late += ward.late


def late_days(
    *, due: datetime.date | None, complete_at: datetime.datetime | None, today: datetime.date
) -> int | None:
    if due is None:
        return None
    end = timezone.localdate(complete_at) if complete_at else today
    return max(0, (end - due).days)


def _ward_rows(**filters):
    """(ward, province, assessment, assessed, total, complete_at, province code, ward code)
    per registered ward: one query."""
    first_assessed = (
        CriterionResult.history.model.objects.filter(id=OuterRef("pk"))
        .exclude(status=ResultStatus.NOT_ASSESSED)
        .order_by()
        .values("id")
        .annotate(at=Min("history_date"))
        .values("at")
    )
    return (
        CriterionResult.objects.filter(assessment__ward__kind=WardKind.WARD, **filters)
        .order_by()
        .values("assessment__ward_id", "assessment__ward__province_id", "assessment_id")
        .annotate(
            assessed=Count("pk", filter=~Q(status=ResultStatus.NOT_ASSESSED)),
            total=Count("pk"),
            # A result assessed without a history row (never, through the services) counts
            # from its last change.
            last_first=Max(Coalesce(Subquery(first_assessed), F("changed_at"))),
        )
        .values_list(
            "assessment__ward_id",
            "assessment__ward__province_id",
            "assessment_id",
            "assessed",
            "total",
            "last_first",
            "assessment__ward__province__code",
            "assessment__ward__code",
        )
    )


def _ward(row, due, today) -> WardCompleteness:
    ward_id, _province, assessment_id, assessed, total, last_first, _code, code = row
    complete_at = last_first if total and assessed == total else None
    return WardCompleteness(
        ward_id=ward_id,
        code=code,
        assessment_id=assessment_id,
        assessed=assessed,
        total=total,
        complete_at=complete_at,
        late_days=late_days(due=due, complete_at=complete_at, today=today),
    )


def due_dates(*, province: Province, year: int) -> tuple[datetime.date | None, ...]:
    """(the province's due date for its wards, the national due date): one query."""
    own = ProvinceRound.objects.filter(round=OuterRef("pk"), province__code=province.code)
    found = (
        Round.objects.filter(year=year)
        .annotate(own=Subquery(own.values("due")[:1]))
        .values_list("own", "due")
        .first()
    )
    if found is None:
        return None, None
    own_due, national_due = found
    return own_due or national_due, national_due


def province_completeness(
    *, province: Province, year: int, today: datetime.date | None = None
) -> Completeness:
    """One province's round: due, registered, complete, complete_on_time, late, and per ward
    (by ward id) complete_at and late_days. Two queries whatever the number of wards."""
    today = today or timezone.localdate()
    due, national_due = due_dates(province=province, year=year)
    result = Completeness(due=due, national_due=national_due)
    for row in _ward_rows(assessment__year=year, assessment__ward__province=province):
        result.add(_ward(row, due, today))
    return result


def national_completeness(
    *,
    edition: MapEdition,
    year: int,
    today: datetime.date | None = None,
    province_ids: list[int] | None = None,
) -> tuple[Completeness, dict[int, Completeness]]:
    """The country's round and that of each province with registered wards (by province id),
    on one map edition. Three queries whatever the number of provinces and wards.

    province_ids: only these provinces (the total then counts only their wards).
    """
    today = today or timezone.localdate()
    within = {} if province_ids is None else {"assessment__ward__province_id__in": province_ids}
    national_due = Round.objects.filter(year=year).values_list("due", flat=True).first()
    own = dict(ProvinceRound.objects.filter(round__year=year).values_list("province__code", "due"))
    provinces: dict[int, Completeness] = {}
    total = Completeness(due=national_due, national_due=national_due)
    for row in _ward_rows(assessment__year=year, assessment__ward__edition=edition, **within):
        province = provinces.get(row[1])
        if province is None:
            due = own.get(row[6], national_due)
            province = provinces[row[1]] = Completeness(due=due, national_due=national_due)
        ward = _ward(row, province.due, today)
        province.add(ward)
        total.add(ward)
    return total, provinces
