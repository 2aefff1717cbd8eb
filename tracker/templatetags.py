"""The app's template filters, builtins of every template (settings.TEMPLATES).

The completion figure is written as tracker.assessments.completion writes it.
"""

from django import template
from django.urls import NoReverseMatch, reverse

from tracker.assessments.completion import met_text

register = template.Library()


@register.filter
def met_of(met, total) -> str:
    """{{ w.met|met_of:w.total }}: "21/22"."""
    return met_text(met=met, total=total)


@register.simple_tag
def url_if_any(name: str, *args) -> str:
    """{% url_if_any "province-register" p.code as link %}: the URL, or "" when no page of that
    name exists (yet): a link to a page another part of the app may add."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
