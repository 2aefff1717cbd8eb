"""Which criteria set a programme year is assessed on."""

from tracker.criteria.models import CriteriaSet
from tracker.text import fold


def criteria_set_in_force(year: int) -> CriteriaSet | None:
    """The set in force in `year`: the latest to take effect by then, its newest version
    when several versions took effect the same year (the last added, should two sets tie)."""
    return (
        CriteriaSet.objects.filter(year_in_force__lte=year)
        .order_by("-year_in_force", "-version", "-pk")
        .first()
    )


def criteria_matching(criteria_set: CriteriaSet | None, text: str, *, limit: int) -> list:
    """The criteria of a set that `text` names: by number ("5", "TC5", "tc 5"), else those
    whose title, text or group holds every word of it without diacritics; one query.

    A set has a few dozen criteria: they are folded here rather than kept folded.
    """
    words = fold(text).split()
    if criteria_set is None or not words:
        return []
    criteria = list(criteria_set.criteria.order_by("number"))
    number = "".join(words).removeprefix("tc")
    if number.isdigit():
        found = [c for c in criteria if c.number == int(number)]
        if found:
            return found
    matched = []
    for criterion in criteria:
        folded = fold(f"{criterion.short_title} {criterion.full_text} {criterion.group}")
        if all(word in folded for word in words):
            matched.append(criterion)
    return matched[:limit]
