"""Progress figures for a province or the whole country, in a fixed number of queries.

Every figure comes from the database: what the pages, exports and the
`progress` command show is computed here and nowhere else.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from tracker.assessments.completion import (
    meeting_all,
    meets_all,
    missing_criteria,
    with_completion,
)
from tracker.assessments.models import Assessment, AssessmentStatus
from tracker.rounds.completeness import (
    ROUND_COUNTS,
    Completeness,
    province_completeness,
    province_rounds,
    round_counts,
    round_dues,
)
from tracker.targets.models import ProvinceQuota
from tracker.targets.standing import share
from tracker.units.models import MapEdition, Province, UnitSuccession, Ward, WardKind
from tracker.units.selectors import phuong_count


@dataclass
class WardProgress:
    code: str
    name: str
    ward_id: int
    # Vietnamese alphabetical order (tracker.units.collation).
    sort_name: str = ""
    assessment_id: int | None = None
    status: str | None = None
    status_label: str | None = None
    met: int = 0
    total: int = 0
    missing: list[int] = field(default_factory=list)
    # Codes of the old-map units this ward was formed from (wards of the 2025 map).
    predecessors: list[str] = field(default_factory=list)
    # The same units as (code, name, map edition code), for the pages' links.
    predecessor_units: list[tuple[str, str, str]] = field(default_factory=list)
    # The round (tracker.rounds.completeness): when every criterion was assessed, days late.
    complete_at: datetime.datetime | None = None
    late_days: int | None = None
    # The district (2023 map; none on the 2025 map), for the province page's filter.
    district_code: str = ""
    district_name: str = ""

    @property
    def meets_all(self) -> bool:
        return meets_all(met=self.met, total=self.total)


@dataclass
class ProvinceProgress:
    code: str
    name: str
    province_id: int
    year: int
    edition: str
    # Vietnamese alphabetical order (tracker.units.collation).
    sort_name: str = ""
    wards_total: int = 0
    registered: int = 0
    meeting_all: int = 0
    recognized: int = 0
    quota: int | None = None
    wards: list[WardProgress] = field(default_factory=list)
    # Whether the province's wards come from an older map's units (load_succession).
    has_predecessors: bool = False
    # Every phường of the province, registered or not, by code (the pages of the new map).
    every_ward: list[WardProgress] = field(default_factory=list)
    # The round: the wards' due date and how many registered wards are complete, on time, late.
    due: datetime.date | None = None
    national_due: datetime.date | None = None
    complete: int = 0
    complete_on_time: int = 0
    late: int = 0

    def round_from(self, completeness: Completeness) -> None:
        self.due, self.national_due = completeness.due, completeness.national_due
        self.complete = completeness.complete
        self.complete_on_time = completeness.complete_on_time
        self.late = completeness.late

    @property
    def incomplete(self) -> int:
        return self.registered - self.complete

    def share(self, count: int) -> float | None:
        """Percent of the province's phường; None when it has none."""
        return share(count, self.wards_total)

    @cached_property
    def page_url(self) -> str:
        """The province's page: reversed once for the three tables of the overview."""
        return reverse("province", args=[self.code])


def by_name(unit) -> tuple[str, str]:
    """Vietnamese alphabetical order of the name, the kind left out; the code breaks ties."""
    return unit.sort_name, unit.code


def _assessments(year: int, **filters):
    # Unordered: the pages sort the wards by name.
    return (
        with_completion(Assessment.objects.filter(year=year, **filters))
        .order_by()
        .values_list("id", "ward_id", "ward__province_id", "status", "met", "total")
    )


def province_progress(
    *, province: Province, year: int, all_wards: bool = False, missing: bool = True
) -> ProvinceProgress:
    """One province's figures and its wards: seven queries whatever the number of wards.

    missing: read each ward's criteria not met (one of the seven); the province page, which
    reads every result for its matrix, says False and fills them itself.
    """
    progress = ProvinceProgress(
        code=province.code,
        name=province.name,
        sort_name=province.sort_name,
        province_id=province.pk,
        year=year,
        edition=province.edition.code,
    )
    # The district in the same query (a join): the province page filters by it.
    wards = {
        pk: WardProgress(
            code=code,
            name=name,
            ward_id=pk,
            sort_name=sort_name,
            district_code=district_code or "",
            district_name=district_name or "",
        )
        for pk, code, name, sort_name, district_code, district_name in Ward.objects.filter(
            province=province, kind=WardKind.WARD
        )
        .order_by()  # sorted by name below: no join to the map for the model's own order
        .values_list("pk", "code", "name", "sort_name", "district__code", "district__name")
    }
    progress.wards_total = len(wards)
    labels = dict(AssessmentStatus.choices)
    registered = {}
    for pk, ward_id, _, status, met, total in _assessments(year, ward__province=province):
        ward = wards.get(ward_id)
        if ward is None:  # registered unit that is not a phường: still shown
            ward = WardProgress(code="", name="", ward_id=ward_id)
        ward.assessment_id, ward.status, ward.met, ward.total = pk, status, met, total
        ward.status_label = str(labels[status])
        registered[pk] = ward
    if missing:
        for assessment_id, numbers in missing_criteria(registered).items():
            registered[assessment_id].missing = numbers
    progress.registered = len(registered)
    progress.meeting_all = sum(w.meets_all for w in registered.values())
    progress.recognized = sum(w.status == AssessmentStatus.RECOGNIZED for w in registered.values())
    for ward_id, code, name, edition in (
        UnitSuccession.objects.filter(successor__province=province, successor__kind=WardKind.WARD)
        .order_by("predecessor__code")
        .values_list(
            "successor_id", "predecessor__code", "predecessor__name", "predecessor__edition__code"
        )
    ):
        wards[ward_id].predecessors.append(code)
        wards[ward_id].predecessor_units.append((code, name, edition))
        progress.has_predecessors = True
    progress.quota = (
        ProvinceQuota.objects.filter(province=province, year=year)
        .order_by("pk")
        .values_list("quota", flat=True)
        .first()
    )
    completeness = province_completeness(province=province, year=year)
    progress.round_from(completeness)
    for ward in registered.values():
        found = completeness.wards.get(ward.ward_id)
        if found is not None:
            ward.complete_at, ward.late_days = found.complete_at, found.late_days
    shown = wards.values() if all_wards else registered.values()
    progress.wards = sorted(shown, key=by_name)
    progress.every_ward = sorted(wards.values(), key=by_name)
    return progress


def national_progress(
    *, year: int, edition: MapEdition, province_ids: list[int] | None = None
) -> list[ProvinceProgress]:
    """One row per province of a map edition: four queries whatever the number of provinces.

    province_ids: only these provinces' rows (the others are kept, tracker.reports.kept).
    """
    only = {} if province_ids is None else {"pk__in": province_ids}
    within = {} if province_ids is None else {"ward__province_id__in": province_ids}
    rows = {
        p.pk: ProvinceProgress(
            code=p.code,
            name=p.name,
            sort_name=p.sort_name,
            province_id=p.pk,
            year=year,
            edition=edition.code,
            wards_total=p.wards_total,
        )
        for p in Province.objects.filter(edition=edition, **only).annotate(
            wards_total=phuong_count()
        )
    }
    # Counted by the database from the tallies, the round's counts beside the figures
    # (tracker.rounds.completeness.round_counts): one query, nothing read per ward.
    national_due, own = round_dues(year)
    counts = (
        Assessment.objects.filter(year=year, ward__edition=edition, **within)
        .order_by()
        .values("ward__province_id")
        .annotate(
            registered=Count("id"),
            meeting_all=Count("id", filter=meeting_all()),
            recognized=Count("id", filter=Q(status=AssessmentStatus.RECOGNIZED)),
            **round_counts(due=own, default_due=national_due, today=timezone.localdate()),
        )
        .values_list("ward__province_id", "registered", "meeting_all", "recognized", *ROUND_COUNTS)
    )
    quotas = ProvinceQuota.objects.filter(year=year, province__edition=edition)
    if province_ids is not None:
        quotas = quotas.filter(province_id__in=province_ids)
    for province_id, quota in quotas.values_list("province_id", "quota"):
        rows[province_id].quota = quota
    in_round = []
    for province_id, registered, meeting, recognized, *round_figures in counts:
        row = rows[province_id]
        row.registered, row.meeting_all, row.recognized = registered, meeting, recognized
        in_round.append((province_id, row.code, *round_figures))
    provinces = province_rounds(in_round, national_due=national_due, own=own)
    for province_id, row in rows.items():
        # A province with no registered ward shows the national date.
        empty = Completeness(due=national_due, national_due=national_due)
        row.round_from(provinces.get(province_id) or empty)
    return sorted(rows.values(), key=lambda r: r.code)
