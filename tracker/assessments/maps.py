"""The map a programme year's data is read on, once its wards are registered.

A year whose wards were registered (or carried over) on a newer map than the one in
force on 1 January is read on that map by the imports and the locality template.
"""

from tracker.assessments.models import Assessment
from tracker.units.maps import map_in_force, newest_first


def map_of_registrations(year: int, assessments=None) -> str | None:
    """The code of the newest map the year's wards are registered on, if any ward is."""
    if assessments is None:
        assessments = Assessment.objects.filter(year=year)
    return (
        newest_first(assessments, path="ward__edition")
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
