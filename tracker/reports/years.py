"""The trend across programme years: registered, fully met and recognised phường per year,
for a province, for every province of a map and for the country, in one query.

Every programme year from the pilot up to the year shown has its row, zeros where nothing was
registered. A province is followed by its code across the maps (as the pages' kept parts
follow it, tracker.reports.kept); a year whose wards were registered on two maps (carried over
to the new one) is read on the newer, as its pages read it (tracker.assessments.maps).
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from tracker.assessments.completion import meeting_all
from tracker.assessments.models import Assessment, AssessmentStatus
from tracker.targets.calendar import PILOT_YEAR
from tracker.targets.models import Target
from tracker.units.models import Province
from tracker.units.selectors import phuong_count


@dataclass
class YearProgress:
    year: int
    registered: int = 0
    meeting_all: int = 0
    recognized: int = 0
    # The phường on the map the year is read on, what its shares are of; 0 without data.
    wards_total: int = 0

    @property
    def cell(self) -> str:
        """The provinces x years table's cell: registered / fully met / recognised."""
        return f"{self.registered} / {self.meeting_all} / {self.recognized}"

    def add(self, other: "YearProgress") -> None:
        """Another province's figures of the same year, its phường apart."""
        self.registered += other.registered
        self.meeting_all += other.meeting_all
        self.recognized += other.recognized


def years_up_to(year: int) -> list[int]:
    """The programme years a trend shows: the pilot's to the one shown."""
    return list(range(PILOT_YEAR, year + 1))


def _provinces(code: str | None) -> dict[int, tuple[str, object, int]]:
    """Every province (only `code`'s when given) by id: its code, its map's date and its
    phường. One query, the phường counted in the database."""
    provinces = Province.objects.all() if code is None else Province.objects.filter(code=code)
    return {
        pk: (province, since, count)
        for pk, province, since, count in provinces.order_by().values_list(
            "pk", "code", "edition__effective_from", phuong_count()
        )
    }


@dataclass
class Trend:
    # Each province code's rows, the pilot's year to the one shown.
    provinces: dict[str, list[YearProgress]]
    # The country's: every province's (those of the older maps too) added up.
    country: list[YearProgress]


def trend(*, up_to: int, code: str | None = None) -> Trend:
    """Each province code's row per programme year up to `up_to` (only `code`'s when given),
    and the country's.

    Two queries: the provinces with their phường on each map, then the assessments counted
    per province and year, with their completion (the one rule, meeting_all). A year's phường
    are those of the map its data is read on: for a province, its own; for the country, every
    province's on the newest map holding the year's data.
    """
    units = _provinces(code)
    phuong = {(province, since): count for province, since, count in units.values()}
    assessments = Assessment.objects.filter(year__gte=PILOT_YEAR, year__lte=up_to)
    if code is not None:
        assessments = assessments.filter(ward__province_id__in=units)
    # (code, year) -> the newest map's date and its figures; counted in the database, one row
    # per province and year (a province is on one map), whatever the number of wards. Grouped
    # by the province's id: no join to the provinces nor the maps (units gives their code, date).
    found: dict[tuple[str, int], tuple] = {}
    for year, province_id, registered, meeting, recognized in (
        assessments.order_by()
        .values_list("year", "ward__province_id")
        .annotate(
            registered=Count("id"),
            meeting=Count("id", filter=meeting_all()),
            recognized=Count("id", filter=Q(status=AssessmentStatus.RECOGNIZED)),
        )
    ):
        province, since, _ = units[province_id]
        newest = found.get((province, year), (since, None))[0]
        if since < newest:  # an older map's registration of a year the newer one holds
            continue
        # The newer map's replaces what an older one gave.
        found[province, year] = (since, YearProgress(year, registered, meeting, recognized))
    for (province, _), (since, row) in found.items():
        row.wards_total = phuong.get((province, since), 0)
    codes = {province for province, _ in found} | ({code} if code else set())
    provinces = {
        c: [found.get((c, y), (None, YearProgress(y)))[1] for y in years_up_to(up_to)]
        for c in sorted(codes)
    }
    country = [YearProgress(y) for y in years_up_to(up_to)]
    for row in country:
        maps = [since for (_, year), (since, _) in found.items() if year == row.year]
        for (_, year), (_, each) in found.items():
            if year == row.year:
                row.add(each)
        if maps:
            row.wards_total = sum(n for (_, since), n in phuong.items() if since == max(maps))
    return Trend(provinces, country)


def province_years(*, code: str, up_to: int) -> list[YearProgress]:
    """One province's rows, the pilot's year to `up_to`."""
    return trend(up_to=up_to, code=code).provinces[code]


def target_of(year: int, targets: list[Target]) -> Target | None:
    """The national target falling in a year, if one does."""
    return next((t for t in targets if t.year == year), None)


def with_targets(yearly: list[YearProgress], targets: list[Target]) -> list[tuple]:
    """(row, the target of its year or None) for a table of years."""
    return [(row, target_of(row.year, targets)) for row in yearly]
