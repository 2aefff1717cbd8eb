"""Which map of administrative units a programme year is read on.

A year's cohort registers early in the year, so the map in force is the one in
force on 1 January. A year whose wards were registered (or carried over) on a
newer map is read on that map (tracker.assessments.maps).
"""

import datetime

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


# Re-exported for tracker.imports.plan, which another change is splitting: its steps import
# tracker.assessments.maps, and this line goes (tests/test_structure.py, EDGES_ALLOWED).
from tracker.assessments.maps import map_for_year_data  # noqa: E402, F401
