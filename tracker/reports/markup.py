"""What {{ value }} prints, for the report rows written in Python (tracker.reports.overview_rows,
tracker.reports.province_rows)."""

import html

from django.utils import formats
from django.utils.html import conditional_escape


def printed(value) -> str:
    """A value as {{ value }} prints it: localized, then escaped.

    A plain str (the names and codes, most of a table's values) needs no localizing: it goes
    straight to the escaping django.utils.html.escape does, without its lazy-string checks.
    A SafeString is not a plain str and keeps the general path, which leaves it as it is.
    """
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(formats.localize(value))
