"""The app's template filters, builtins of every template (settings.TEMPLATES).

The completion figure is written as tracker.assessments.completion writes it.
"""

from django import template
from django.urls import reverse

from tracker.accounts.permissions import user_is_manager, user_scope
from tracker.assessments.completion import met_text
from tracker.reports.kept import scope_prefetch
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


@register.simple_tag
def heat_map_rows(rows, year, map_qs, with_evidence, lacking_evidence):
    """The province page's heat map rows: tracker.reports.heat_map."""
    from tracker.reports.heat_map import heat_map_rows as rows_html

    return rows_html(rows, year, map_qs, with_evidence, lacking_evidence)


@register.simple_tag
def criterion_heads(columns, year, map_qs, code):
    """The province page's criterion headers: tracker.reports.province_rows."""
    from tracker.reports.province_rows import criterion_heads as heads_html

    return heads_html(columns, year, map_qs, code)


@register.simple_tag
def round_ward_rows(rows):
    """The province page's round table rows: tracker.reports.province_rows."""
    from tracker.reports.province_rows import round_ward_rows as rows_html

    return rows_html(rows)


@register.simple_tag
def completion_items(completion, year, map_qs, code):
    """The province page's completion per criterion: tracker.reports.province_rows."""
    from tracker.reports.province_rows import completion_items as items_html

    return items_html(completion, year, map_qs, code)


@register.simple_tag
def overview_rows(rows, year, map_qs):
    """The overview's targets table rows: tracker.reports.overview_rows."""
    from tracker.reports.overview_rows import overview_rows as rows_html

    return rows_html(rows, year, map_qs)


@register.simple_tag
def round_rows(rows, year, map_qs):
    """The overview's round table rows: tracker.reports.overview_rows."""
    from tracker.reports.overview_rows import round_rows as rows_html

    return rows_html(rows, year, map_qs)


@register.simple_tag
def years_rows(provinces, year, map_qs):
    """The overview's provinces x years rows: tracker.reports.overview_rows."""
    from tracker.reports.overview_rows import years_rows as rows_html

    return rows_html(provinces, year, map_qs)


@register.filter
def may_import(user) -> bool:
    """{% if user|may_import %}: the Ministry and the provinces' police import workbooks."""
    return user_is_manager(user)
