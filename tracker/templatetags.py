"""The app's template filters, builtins of every template (settings.TEMPLATES).

The completion figure is written as tracker.assessments.completion writes it.
"""

from django import template

from tracker.assessments.completion import met_text

register = template.Library()


@register.filter
def met_of(met, total) -> str:
    """{{ w.met|met_of:w.total }}: "21/22"."""
    return met_text(met=met, total=total)


@register.simple_tag
def heat_map_rows(rows, year, map_qs, with_evidence, lacking_evidence):
    """The province page's heat map rows: tracker.reports.heat_map."""
    from tracker.reports.heat_map import heat_map_rows as rows_html

    return rows_html(rows, year, map_qs, with_evidence, lacking_evidence)
