"""Which map of administrative units a programme year is read on.

A year's cohort registers early in the year, so the map in force is the one in
force on 1 January. A page or command opened with no year shows today's year on the map
in force today (map_opened). A year whose wards were registered (or carried over) on a
newer map is read on that map (tracker.assessments.maps).
"""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from tracker.units.models import MapEdition


def year_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def map_in_force_on(
    day: datetime.date, editions: list[MapEdition] | None = None
) -> MapEdition | None:
    """The map in force on a day; None only when no map is loaded.

    A day before the oldest map loaded (the pilot's 2022 before the 2023 map) is read on
    that oldest map, the nearest to the units of its time.
    editions: every map, already read (a page that lists them); otherwise one query.
    """
    if editions is not None:
        in_force = [e for e in editions if e.effective_from <= day]
        if not in_force:
            return min(editions, key=lambda e: e.effective_from, default=None)
        return max(in_force, key=lambda e: e.effective_from)
    found = newest_first(MapEdition.objects.filter(effective_from__lte=day)).first()
    return found or MapEdition.objects.order_by("effective_from").first()


def map_in_force(year: int, editions: list[MapEdition] | None = None) -> MapEdition | None:
    """The map in force at the start of a programme year (see map_in_force_on)."""
    return map_in_force_on(year_start(year), editions)


def map_opened(year: int | None, editions: list[MapEdition] | None = None) -> MapEdition | None:
    """The map a page or a command opens on: for a year asked for, the one in force at its
    start; with no year asked (today's year is shown), the one in force today."""
    if year is None:
        return map_in_force_on(timezone.localdate(), editions)
    return map_in_force(year, editions)


def newest_first(queryset: QuerySet, *then: str, path: str = "") -> QuerySet:
    """Maps, or rows reaching a map through `path` ("edition" for a unit), the newest map
    first, then by `then`: a code found on several maps means the newest's unit."""
    return queryset.order_by(f"-{path}__effective_from" if path else "-effective_from", *then)


def newest_map() -> MapEdition | None:
    """The newest map loaded: where an account or a unit is looked up when no map is named."""
    return newest_first(MapEdition.objects.all()).first()


def map_in_force_today() -> MapEdition | None:
    """The map in force today (local date): what a list of units shows when no map is chosen."""
    return map_in_force_on(timezone.localdate())
