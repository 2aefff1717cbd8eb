"""Which map of administrative units a programme year is read on.

A year's cohort registers early in the year, so the map in force is the one in
force on 1 January. A year whose wards were registered (or carried over) on a
newer map is read on that map by the imports and the locality template.
"""

import datetime

from tracker.assessments.models import Assessment
from tracker.units.models import MapEdition


def year_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def map_in_force(year: int, editions: list[MapEdition] | None = None) -> MapEdition | None:
    """The map in force at the start of a programme year.

    editions: every map, already read (a page that lists them); otherwise one query.
    """
    if editions is not None:
        in_force = [e for e in editions if e.effective_from <= year_start(year)]
        return max(in_force, key=lambda e: e.effective_from, default=None)
    return (
        MapEdition.objects.filter(effective_from__lte=year_start(year))
        .order_by("-effective_from")
        .first()
    )


def map_of_registrations(year: int, assessments=None) -> str | None:
    """The code of the newest map the year's wards are registered on, if any ward is."""
    if assessments is None:
        assessments = Assessment.objects.filter(year=year)
    return (
        assessments.order_by("-ward__edition__effective_from")
        .values_list("ward__edition__code", flat=True)
        .first()
    )


def map_for_year_data(year: int) -> str | None:
    """The map a year's data is read on: that of its registrations, else the map in force."""
    code = map_of_registrations(year)
    if code is None:
        in_force = map_in_force(year)
        code = in_force.code if in_force else None
    return code
