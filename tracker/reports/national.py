"""The national overview: every province of a map against the national targets, sortable,
with the country's totals (the / page and its workbook)."""

from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.reports.progress import ProvinceProgress, national_progress
from tracker.reports.province import province_standing
from tracker.reports.years import YearProgress, trend, with_targets, years_up_to
from tracker.targets.models import Target
from tracker.targets.standing import BEHIND, TargetStanding
from tracker.units.models import MapEdition


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
class NationalYears:
    """The trend of the overview: the country's rows and each province's, pilot to year."""

    years: list[int]
    country: list[YearProgress]
    # (the province's figures of the year shown, its rows per year), by code.
    provinces: list[tuple[ProvinceProgress, list[YearProgress]]]
    targets: list

    @property
    def country_rows(self) -> list[tuple]:
        return with_targets(self.country, self.targets)

    @property
    def year_heads(self) -> list[tuple]:
        """(year, its target or None): the per-province table's columns."""
        return with_targets([YearProgress(y) for y in self.years], self.targets)


@dataclass
class NationalOverview:
    year: int
    edition: MapEdition
    targets: list[Target]
    rows: list[OverviewRow]
    totals: ProvinceProgress
    sort: str

    @cached_property
    def trend(self) -> NationalYears:
        """Every programme year up to the one shown, per province and for the country: one
        query, asked only by the page (not the workbook)."""
        found = trend(up_to=self.year)
        empty = [YearProgress(y) for y in years_up_to(self.year)]
        provinces = sorted((r.progress for r in self.rows), key=lambda p: p.code)
        return NationalYears(
            years=years_up_to(self.year),
            country=found.country,
            provinces=[(p, found.provinces.get(p.code, empty)) for p in provinces],
            targets=self.targets,
        )

    @property
    def total_row(self) -> OverviewRow:
        return OverviewRow(self.totals, [])

    @property
    def provinces_with_quota(self) -> int:
        """Provinces the Ministry gave a quota for the year."""
        return sum(1 for r in self.rows if r.progress.quota is not None)

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
    rows = [OverviewRow(p, [province_standing(t, year, p) for t in targets]) for p in provinces]
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
