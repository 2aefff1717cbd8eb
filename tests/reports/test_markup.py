"""Values printed by the report rows written in Python print as {{ value }} would."""

import datetime
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from tracker.reports.markup import printed


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "value",
    [
        "Nghệ <An> & \"Vinh\" '40'",
        mark_safe("<b>đã an toàn</b>"),
        gettext_lazy("Đạt"),
        12345,
        50.0,
        Decimal("12.5"),
        None,
        datetime.date(2024, 10, 15),
    ],
)
def test_a_value_prints_as_the_template_prints_it(value, language):
    with translation.override(language):
        expected = engines["django"].from_string("{{ value }}").render({"value": value})
        assert printed(value) == expected
