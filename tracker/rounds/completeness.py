"""Completeness and timeliness of a round, per province and nationally, in fixed queries.

A registered ward is complete when none of its results is left at "Chưa đánh giá".
It became complete when the last of its criteria was first assessed: the earliest
history row of each result at another status (the result's last change when it has
no such row), the latest of these over the ward's results. A ward's due date is its
province's (ProvinceRound), else the Ministry's (Round). A ward is late by the days
from the due date to its completion, or to today while it is still incomplete.

The official documents and the work lists call province_completeness; the overview counts
every province's round beside its figures (round_counts, read by province_rounds); the pages,
workbooks and `progress --format json` show them.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, DateField, F, Q, Value, When
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from tracker.assessments.models import Assessment
from tracker.request_memo import once_per_request
from tracker.rounds.models import Round
from tracker.units.models import Province, WardKind


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
    per registered ward with results: one query.

    The database keeps each assessment's counts and its last first-assessed moment, by the
    rule above, on every write (tracker.assessments.tally): no result is read here.
    """
    return (
        Assessment.objects.filter(ward__kind=WardKind.WARD, tally__total__gt=0, **filters)
        .order_by()
        .values_list(
            "ward_id",
            "ward__province_id",
            "id",
            "tally__assessed",
            "tally__total",
            "tally__last_first_at",
            "ward__province__code",
            "ward__code",
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


@once_per_request  # the work list, the round's figures and the due date forms all ask it
def round_dues(year: int) -> tuple[datetime.date | None, dict[str, datetime.date]]:
    """The national due date of a year and each province's own (by code): one query, the
    round joined to its provinces' dates."""
    national, provinces = None, {}
    for due, code, own in (
        Round.objects.filter(year=year)
        .order_by()
        .values_list("due", "provinces__province__code", "provinces__due")
    ):
        national = due
        if code is not None:
            provinces[code] = own
    return national, provinces


def due_dates(*, province: Province, year: int) -> tuple[datetime.date | None, ...]:
    """(the province's due date for its wards, the national due date): round_dues' one query."""
    national_due, own = round_dues(year)
    return own.get(province.code) or national_due, national_due


def province_completeness(
    *, province: Province, year: int, today: datetime.date | None = None
) -> Completeness:
    """One province's round: due, registered, complete, complete_on_time, late, and per ward
    (by ward id) complete_at and late_days. Two queries whatever the number of wards."""
    today = today or timezone.localdate()
    due, national_due = due_dates(province=province, year=year)
    result = Completeness(due=due, national_due=national_due)
    for row in _ward_rows(year=year, ward__province=province):
        result.add(_ward(row, due, today))
    return result


# The round's counts of a group of assessments, as round_counts names them.
ROUND_COUNTS = ("round_registered", "round_complete", "round_on_time", "round_late")


def round_counts(*, due: dict[str, datetime.date], default_due, today) -> dict:
    """The round's counts of a group of assessments, as aggregates to annotate a grouped query
    with (tracker.reports.progress counts them beside its other figures, in one query): its
    registered phường with results, the complete ones, complete on time, late. Counted by the
    database from the tallies, by the rule of _ward and WardCompleteness: a ward's day is its
    completion's local date, or today while incomplete.

    due: the provinces' own due dates by code; default_due: the others'.
    """
    due_of = Case(
        *(When(ward__province__code=code, then=Value(day)) for code, day in due.items()),
        default=Value(default_due),
        output_field=DateField(),
    )
    done_on = TruncDate("tally__last_first_at")
    counted = Q(ward__kind=WardKind.WARD, tally__total__gt=0)
    complete = Q(counted, tally__assessed=F("tally__total"))
    incomplete = Q(counted, ~Q(tally__assessed=F("tally__total")))
    return {
        "round_registered": Count("id", filter=counted),
        "round_complete": Count("id", filter=complete),
        "round_on_time": Count("id", filter=Q(complete, LessThanOrEqual(done_on, due_of))),
        "round_late": Count(
            "id",
            filter=Q(complete, GreaterThan(done_on, due_of))
            | Q(incomplete, GreaterThan(Value(today, output_field=DateField()), due_of)),
        ),
    }


def province_rounds(
    rows, *, national_due: datetime.date | None, own: dict[str, datetime.date]
) -> dict[int, Completeness]:
    """The round of each province with registered wards (by province id), from rows of
    (province id, its code, and the four counts of round_counts): their counts, not their
    wards. A province whose round counts no ward is left out: it shows the national date."""
    provinces: dict[int, Completeness] = {}
    for province_id, code, registered, complete, on_time, late in rows:
        if not registered:
            continue
        province = provinces[province_id] = Completeness(
            due=own.get(code, national_due), national_due=national_due
        )
        province.registered, province.complete = registered, complete
        province.complete_on_time, province.late = on_time, late
    return provinces
