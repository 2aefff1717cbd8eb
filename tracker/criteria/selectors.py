"""Which criteria set a programme year is assessed on."""

from tracker.criteria.models import CriteriaSet


def criteria_set_in_force(year: int) -> CriteriaSet | None:
    """The set in force in `year`: the latest to take effect by then, its newest version
    when several versions took effect the same year (the last added, should two sets tie)."""
    return (
        CriteriaSet.objects.filter(year_in_force__lte=year)
        .order_by("-year_in_force", "-version", "-pk")
        .first()
    )
