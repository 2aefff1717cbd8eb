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
