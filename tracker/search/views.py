"""/tim-kiem/?q=: the wards, provinces and criteria a text names, within the user's scope.

The units are matched by the database on their folded names (tracker.units.selectors), the
criteria of the year's set in Python (tracker.criteria.selectors); each group is one query
whatever the number of units, and shows at most a few dozen results.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tracker.accounts.permissions import user_scope, visible_provinces, visible_wards
from tracker.criteria.selectors import criteria_matching, criteria_set_in_force
from tracker.units.models import Province, Ward, WardKind
from tracker.units.selectors import units_matching
from tracker.web import Period, period_from_request

# Longer texts name nothing more; the cap keeps the LIKE patterns short.
MAX_TEXT = 100
SHOWN = {"provinces": 10, "wards": 30, "criteria": 15}


@dataclass
class Group:
    """One kind of result: what is shown, and whether more matched than the cap."""

    items: list
    more: bool


def _capped(found: list, cap: int) -> Group:
    return Group(items=found[:cap], more=len(found) > cap)


def _ward_link(ward: Ward, period: Period) -> str:
    """The ward's page for the year shown, on the ward's own map."""
    on_map = (
        period.map_query if ward.edition_id == period.edition.pk else f"&map={ward.edition.code}"
    )
    return f"{reverse('ward', args=[ward.code])}?year={period.year}{on_map}"


def _wards(request, period: Period, text: str) -> Group:
    wards = visible_wards(user=request.user, queryset=Ward.objects.filter(kind=WardKind.WARD))
    found = list(
        units_matching(wards, text)
        .select_related("province", "edition", "district")
        # The map of the year shown first, then the older and newer ones.
        .annotate(
            other_map=Case(
                When(edition=period.edition, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("other_map", "-edition__effective_from", "sort_name", "code")[
            : SHOWN["wards"] + 1
        ]
    )
    for ward in found:
        ward.link = _ward_link(ward, period)
    return _capped(found, SHOWN["wards"])


def _provinces(request, period: Period, text: str) -> Group:
    provinces = visible_provinces(
        user=request.user, queryset=Province.objects.filter(edition=period.edition)
    )
    found = list(
        units_matching(provinces, text).order_by("sort_name", "code")[: SHOWN["provinces"] + 1]
    )
    query = f"?year={period.year}{period.map_query}"
    for province in found:
        province.link = f"{reverse('province', args=[province.code])}{query}"
    return _capped(found, SHOWN["provinces"])


def _criteria(request, period: Period, text: str) -> Group:
    scope = user_scope(request.user)
    found = criteria_matching(criteria_set_in_force(period.year), text, limit=SHOWN["criteria"] + 1)
    # The criterion's page reads the whole country or one province: a ward account has neither.
    if scope.ward_id:
        suffix = None
    elif scope.national:
        suffix = ""
    else:
        suffix = f"&tinh={scope.province.code}"
    query = f"?year={period.year}{period.map_query}{suffix}"
    for criterion in found:
        criterion.link = (
            None if suffix is None else f"{reverse('criterion', args=[criterion.pk])}{query}"
        )
    return _capped(found, SHOWN["criteria"])


@login_required
def search(request: HttpRequest) -> HttpResponse:
    period = period_from_request(request)
    if user_scope(request.user) is None:
        raise PermissionDenied(_("Tài khoản chưa được gán vai trò và phạm vi."))
    text = request.GET.get("q", "").strip()[:MAX_TEXT]
    groups = None
    if text:
        groups = {
            "provinces": _provinces(request, period, text),
            "wards": _wards(request, period, text),
            "criteria": _criteria(request, period, text),
        }
    return render(
        request,
        "tracker/search.html",
        {
            **period.context(),
            "q": text,
            "groups": groups,
            "found": groups is not None and any(g.items for g in groups.values()),
        },
    )
