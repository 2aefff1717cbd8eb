"""Where a province stands against a national target: reached, on track or behind.

The one home of the rule that the overview, the province page, their workbooks
and the official documents show.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tracker.targets.models import Target

REACHED, ON_TRACK, BEHIND = "reached", "on_track", "behind"
STANDING_LABELS = {
    REACHED: _("Đã đạt"),
    ON_TRACK: _("Đúng tiến độ"),
    BEHIND: _("Chậm tiến độ"),
}


def share(count: int, wards_total: int) -> float | None:
    """Percent of a province's phường, to one decimal; None when it has none."""
    return round(100 * count / wards_total, 1) if wards_total else None


@dataclass
class TargetStanding:
    target_year: int
    share_min: int
    share_max: int
    state: str

    @property
    def label(self) -> str:
        return str(STANDING_LABELS[self.state])

    @property
    def badge(self) -> str:
        """The pages' badge: written here, not by an include in each of 126 cells."""
        return format_html('<span class="standing standing-{}">{}</span>', self.state, self.label)


def target_standing(
    *, target: Target, year: int, wards_total: int, registered: int, recognized: int
) -> TargetStanding:
    """Where a province stands against one national target in a programme year.

    Reached: recognised phường already make the minimum share. On track: the
    target year is still ahead (or is this year) and the phường registered this
    year would make it once recognised. Behind: neither.
    """
    recognized_share = share(recognized, wards_total) or 0
    registered_share = share(registered, wards_total) or 0
    if wards_total and recognized_share >= target.share_min:
        state = REACHED
    elif wards_total and year <= target.year and registered_share >= target.share_min:
        state = ON_TRACK
    else:
        state = BEHIND
    return TargetStanding(target.year, target.share_min, target.share_max, state)
