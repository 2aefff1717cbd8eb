"""What the reporting commands share: the year and the map they report on, or why not."""

from django.core.management.base import CommandError

from tracker.targets.calendar import current_year, in_programme, outside_message
from tracker.units.maps import map_opened
from tracker.units.models import MapEdition


def fail(message: str) -> CommandError:
    """A refusal the user can act on: exit code 2, the message on standard error."""
    return CommandError(message, returncode=2)


def year_and_map(*, year: int | None, edition: str | None) -> tuple[int, MapEdition]:
    """The year asked for (today's programme year by default) and its map: the one named, or the
    one a page opens on (tracker.units.maps.map_opened, the rule every page follows)."""
    asked = year
    if year is None:
        year = current_year()
    elif not in_programme(year):
        raise fail(outside_message(year))
    if edition:
        map_edition = MapEdition.objects.filter(code=edition).first()
        if map_edition is None:
            raise fail(f"Không có bản đồ hành chính '{edition}'.")
    else:
        map_edition = map_opened(asked)
        if map_edition is None:
            raise fail(f"Chưa nạp bản đồ hành chính cho năm {year} (load_units).")
    return year, map_edition
