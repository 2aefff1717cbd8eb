"""The programme's calendar: the years a page, a command or a workbook may open.

The one home of the rule. Every year from the pilot to the target year can be opened,
whether or not a ward is registered in it yet (a new year opens empty, to be registered);
the default is today's year in Asia/Ho_Chi_Minh, held inside the programme.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

# The pilot year and the year every phường is to be a model unit (seeds/facts.toml [calendar]).
PILOT_YEAR = 2022
TARGET_YEAR = 2030


def programme_calendar() -> list[int]:
    """Every programme year, the pilot's to the target's."""
    return list(range(PILOT_YEAR, TARGET_YEAR + 1))


def in_programme(year: int) -> bool:
    return PILOT_YEAR <= year <= TARGET_YEAR


def current_year(today=None) -> int:
    """Today's year in local time (TIME_ZONE), held inside the programme's years.

    today: the date to read instead of the clock (a work list computed for a given day).
    """
    return min(max((today or timezone.localdate()).year, PILOT_YEAR), TARGET_YEAR)


def outside_message(year: int) -> str:
    """Why a year cannot be opened, in the words of the pages and the commands."""
    return _("Năm %(year)s ngoài chương trình (từ %(first)s đến %(last)s).") % {
        "year": year,
        "first": PILOT_YEAR,
        "last": TARGET_YEAR,
    }
