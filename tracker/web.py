"""What the pages start from: the year and map shown, the unit, the cache key, the download.

Request helpers shared by the views of every package: they sit above the concept packages
(reports for the programme years and workbooks, units for the map in force), so a page of
any package asks here without making that package depend on reports.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from tracker.accounts.permissions import (
    scope_ward_on,
    scope_wards,
    user_can_view_province,
    user_can_view_ward,
    user_scope,
)
from tracker.reports.kept import kept, scope_prefetch, shared_depends
from tracker.reports.workbooks import workbook_bytes
from tracker.spreadsheets.formats import XLSX_CONTENT_TYPE
from tracker.targets.calendar import current_year, in_programme, outside_message, programme_calendar
from tracker.units.maps import map_in_force, map_opened
from tracker.units.models import MapEdition, Province, Ward
from tracker.units.selectors import WardOnMap


@dataclass(frozen=True)
class Period:
    """The year and the map a report page shows: ?year= and ?map=."""

    year: int
    years: list[int]
    edition: MapEdition
    editions: list[MapEdition]
    # The map was chosen with ?map=, not derived from the year: links carry it on.
    chosen: bool

    @property
    def map_query(self) -> str:
        """What links append after ?year=: empty on the year's own map unless it was chosen."""
        return f"&map={self.edition.code}" if self.chosen else ""

    @property
    def previous_edition(self) -> MapEdition | None:
        """The map before this one: where a new ward's predecessors are."""
        index = self.editions.index(self.edition)
        return self.editions[index - 1] if index else None

    @property
    def first_year(self) -> int:
        """The first programme year a unit of this map can be registered for."""
        return self.edition.effective_from.year

    def context(self) -> dict:
        return {
            "year": self.year,
            "years": self.years,
            "edition": self.edition,
            "maps": self.editions,
            "map_chosen": self.edition.code if self.chosen else "",
            "map_qs": self.map_query,
        }


def period_from_request(request: HttpRequest) -> Period:
    """The year of ?year= (today's programme year by default), the years, and the map.

    Every year of the programme's calendar opens, a year without data on its empty state
    (tracker.targets.calendar). The map is ?map= when given, else the one the page opens on
    (tracker.units.maps.map_opened): today's with no ?year=, else the year's own. One query
    reads every map, which also gives the one in force; it is kept under the shared data
    version (tracker.reports.kept), like the user's scope.
    """
    scope_prefetch(request)
    years = programme_calendar()
    raw = request.GET.get("year")
    try:
        year = current_year() if raw is None else int(raw)
    except ValueError:
        raise Http404(_("Năm không hợp lệ.")) from None
    if not in_programme(year):
        raise Http404(outside_message(year))
    editions = kept(
        request,
        "maps",
        lambda: list(MapEdition.objects.order_by("effective_from")),
        shared_depends,
    )
    code = request.GET.get("map") or ""
    if code:
        edition = next((e for e in editions if e.code == code), None)
        if edition is None:
            raise Http404(_("Không có bản đồ hành chính %(map)s.") % {"map": code})
    else:
        edition = map_opened(None if raw is None else year, editions)
        if edition is None:
            raise Http404(_("Chưa nạp bản đồ hành chính cho năm %(year)s.") % {"year": year})
    # Today's map may not be the one in force on 1 January of today's year (between 1 July
    # and 31 December 2025): the links then carry it, as if it were chosen.
    chosen = bool(code) or edition != map_in_force(year, editions)
    return Period(year, years, edition, editions, chosen=chosen)


def xlsx_response(*, workbook, file_name: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(workbook=workbook), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def workbook_name(stem: str, period: Period) -> str:
    """The file name of a report workbook; a map chosen with ?map= is named in it."""
    if period.chosen:
        return f"{stem}-{period.year}-ban-do-{period.edition.code}.xlsx"
    return f"{stem}-{period.year}.xlsx"


def my_ward(
    request: HttpRequest, *, year: int, edition: MapEdition, map_query: str = ""
) -> tuple[str, WardOnMap] | None:
    """A ward account's ward in the year shown, with its link (which keeps ?year=).

    On the account's own map its own ward, on a later map its main successor
    (tracker.units.selectors.ward_on_map): chosen by the year's map, never by the newest.
    A ward on another map than the year's is linked with its map. None for other accounts.
    """
    scope_prefetch(request)
    found = scope_ward_on(user_scope(request.user), edition)
    if found is None:
        return None
    ward = found.ward
    on_map = map_query if ward.edition_id == edition.pk else f"&map={ward.edition_code}"
    return f"{reverse('ward', args=[ward.code])}?year={year}{on_map}", found


def my_ward_elsewhere(request: HttpRequest, *, code: str, period: Period) -> str | None:
    """Where a ward account goes when its ward's code, on the map of the year asked, is not
    its ward: the link to its ward on that map (my_ward), or None.

    The year selector keeps the page's code, but a code is a unit of one map: Thành Vinh's
    16681 is Phường Quang Trung on the 2023 map, Đông Vĩnh's 16663 names nothing on the 2025
    map. Only a code of one of the account's own wards is followed; any other stays refused.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    scope = user_scope(request.user)
    if scope is None or not scope.ward_id:
        return None
    wards = scope_wards(scope)
    if not any(w.code == code for w in wards):
        return None
    if any(w.code == code and w.edition_id == period.edition.pk for w in wards):
        return None
    found = my_ward(request, year=period.year, edition=period.edition, map_query=period.map_query)
    return found[0] if found else None


def province_or_404(*, edition: MapEdition, code: str, user, request=None) -> Province:
    """The province of a page; kept under the shared version when the request is given."""

    def compute():
        return Province.objects.select_related("edition").filter(edition=edition, code=code).first()

    if request is None or not code.isalnum():
        found = compute()
    else:
        found = kept(request, f"province:{edition.pk}:{code}", compute, shared_depends)
    if found is None:
        # Provinces merged on 1 July 2025: an old code may not exist on the new map.
        raise Http404(
            _("Không có tỉnh mã %(code)s trên %(map)s.") % {"code": code, "map": edition.name}
        )
    if not user_can_view_province(user=user, province=found):
        raise PermissionDenied
    return found


def ward_or_404(*, edition: MapEdition, code: str, user) -> Ward:
    found = (
        Ward.objects.select_related("province", "district")
        .filter(edition=edition, code=code)
        .first()
    )
    if found is None:
        raise Http404(
            _("Không có đơn vị cấp xã mã %(code)s trên %(map)s.")
            % {"code": code, "map": edition.name}
        )
    if not user_can_view_ward(user=user, ward=found):
        raise PermissionDenied
    return found
