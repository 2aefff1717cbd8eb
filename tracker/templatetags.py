"""The app's template filters, builtins of every template (settings.TEMPLATES).

The completion figure is written as tracker.assessments.completion writes it.
"""

from django import template
from django.urls import reverse

from tracker.accounts.permissions import user_is_manager, user_scope
from tracker.assessments.completion import met_text
from tracker.reports.heat_map import heat_map_rows
from tracker.reports.kept import scope_prefetch
from tracker.reports.overview_rows import overview_rows, round_rows, years_rows
from tracker.reports.province_rows import completion_items, criterion_heads, round_ward_rows
from tracker.units.models import MapEdition
from tracker.web import my_ward

register = template.Library()


@register.filter
def met_of(met, total) -> str:
    """{{ w.met|met_of:w.total }}: "21/22"."""
    return met_text(met=met, total=total)


@register.simple_tag(takes_context=True)
def my_ward_url(context) -> str:
    """{% my_ward_url as url %}: a ward account's ward in the year the page shows, with its
    ?year= (tracker.web.my_ward); on a page without a year, its start page, which takes the
    default year. "" for the other accounts. No query once the scope is kept."""
    request = context.get("request")
    if request is None or not getattr(request.user, "is_authenticated", False):
        return ""
    edition, year = context.get("edition"), context.get("year")
    if isinstance(edition, MapEdition) and isinstance(year, int):
        found = my_ward(request, year=year, edition=edition, map_query=context.get("map_qs", ""))
        return found[0] if found else ""
    scope_prefetch(request)
    scope = user_scope(request.user)
    return reverse("overview") if scope is not None and scope.ward_id else ""


# The report tables' rows written in Python, each a tag of the page that prints it.
register.simple_tag(heat_map_rows)  # the province page (tracker.reports.heat_map)
register.simple_tag(criterion_heads)  # the province page (tracker.reports.province_rows)
register.simple_tag(round_ward_rows)
register.simple_tag(completion_items)
register.simple_tag(overview_rows)  # the overview (tracker.reports.overview_rows)
register.simple_tag(round_rows)
register.simple_tag(years_rows)


@register.filter
def may_import(user) -> bool:
    """{% if user|may_import %}: the Ministry and the provinces' police import workbooks."""
    return user_is_manager(user)
