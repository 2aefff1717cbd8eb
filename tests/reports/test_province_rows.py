# ruff: noqa: E501 - the loops as they were, one line per template line
"""The province page's criterion headers, round table and completion list print as their
template loops did (tracker.reports.province_rows)."""

import datetime

import pytest
from django.template import engines
from django.utils import translation

from tracker.criteria.models import Criterion
from tracker.reports.matrix import Column
from tracker.reports.progress import WardProgress
from tracker.reports.province import CriterionCompletion, MatrixRow

# The loops as tracker/province.html printed them before tracker.reports.province_rows.
_HEADS_LOOP = """{% load i18n %}    {% for c, column in matrix.criterion_columns %}<th scope="col" class="tc"{% if column.aria %} aria-sort="{{ column.aria }}"{% endif %}><a href="{% url 'criterion' c.pk %}?year={{ year }}{{ map_qs }}&amp;tinh={{ p.code }}" title="{{ c.short_title }}">TC{{ c.number }}</a><a class="sort-link noprint" href="{{ column.href }}" data-sort="tc{{ c.number }}"><span aria-hidden="true">⇅</span><span class="sr-only">{% blocktranslate with number=c.number %}Sắp xếp theo TC{{ number }}{% endblocktranslate %}</span></a></th>{% endfor %}"""
_ROUND_LOOP = """{% load i18n %}  {% for row in matrix.rows %}{% with w=row.ward %}
    <tr data-round-ward="{{ w.code }}"{% if w.late_days %} class="is-late"{% endif %}>
      <th scope="row">{{ w.name }}</th>
      <td>{% if w.complete_at %}{{ w.complete_at|date:"d/m/Y H:i" }}{% else %}{% translate "Chưa đánh giá đủ" %}{% endif %}</td>
      <td class="num">{{ w.late_days|default_if_none:"—" }}</td>
    </tr>
  {% endwith %}{% endfor %}"""
_COMPLETION_LOOP = """{% load i18n %}  {% for c in report.completion %}
  <li class="{% if c.missing %}short{% else %}full{% endif %}"><a href="{% url 'criterion' c.criterion.pk %}?year={{ year }}{{ map_qs }}&amp;tinh={{ p.code }}">TC{{ c.criterion.number }}</a>: {{ c.met|met_of:c.total }} {% translate "Đạt" %} <span class="muted">– {{ c.criterion.short_title }}</span></li>
  {% endfor %}"""

ODD = 'Số <vụ> & "tin báo"'


@pytest.fixture
def context():
    criteria = [
        Criterion(pk=7, number=1, short_title=ODD),
        Criterion(pk=8, number=12, short_title="Tiêu chí 12"),
        Criterion(pk=9, number=22, short_title="Thi đua"),
    ]
    columns = [
        (criteria[0], Column(label="TC1", href="?year=2024&sap_xep=tc1", aria=None)),
        (criteria[1], Column(label="TC12", href='?year=2024&q=<"&sap_xep=-tc12', aria="ascending")),
        (criteria[2], Column(label="TC22", href="?year=2024&sap_xep=tc22", aria="descending")),
    ]
    # Stored in UTC, printed in Vietnam's time: 16:30 UTC is 23:30 there.
    late_evening = datetime.datetime(2024, 10, 15, 16, 30, tzinfo=datetime.UTC)
    wards = [
        WardProgress(code="16663", name=ODD, ward_id=1, complete_at=late_evening, late_days=3),
        WardProgress(
            code="16664", name="Hưng Bình", ward_id=2, complete_at=late_evening, late_days=0
        ),
        WardProgress(code="16665", name="Lê Lợi", ward_id=3),
    ]
    completion = [
        CriterionCompletion(criteria[2], met=0, total=16),
        CriterionCompletion(criteria[0], met=16, total=16),
        CriterionCompletion(criteria[1], met=1234, total=1300),
    ]
    return {
        "matrix": {"criterion_columns": columns, "rows": [MatrixRow(w, []) for w in wards]},
        "report": {"completion": completion},
        "p": {"code": "40"},
        "year": 2024,
    }


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("map_qs", ["", "&map=2023"])
def test_the_province_page_loops_print_as_the_template_did(context, language, map_qs):
    engine = engines["django"]
    context["map_qs"] = map_qs
    with translation.override(language):
        for loop, tag in (
            (_HEADS_LOOP, "    {% criterion_heads matrix.criterion_columns year map_qs p.code %}"),
            (_ROUND_LOOP, "  {% round_ward_rows matrix.rows %}"),
            (_COMPLETION_LOOP, "  {% completion_items report.completion year map_qs p.code %}"),
        ):
            before = engine.from_string(loop).render(context)
            assert engine.from_string(tag).render(context) == before, loop[:60]
            if loop is not _ROUND_LOOP:
                assert "/tieu-chi/7/" in before
            assert "Số &lt;vụ&gt; &amp; &quot;tin báo&quot;" in before


def test_what_a_reader_of_the_province_page_sees(context):
    context["map_qs"] = ""
    with translation.override("vi"):
        html = (
            engines["django"]
            .from_string(
                "{% criterion_heads matrix.criterion_columns year map_qs p.code %}"
                "{% round_ward_rows matrix.rows %}"
                "{% completion_items report.completion year map_qs p.code %}"
            )
            .render(context)
        )
    assert '<th scope="col" class="tc" aria-sort="ascending">' in html
    assert "Sắp xếp theo TC12" in html
    assert '<tr data-round-ward="16663" class="is-late">' in html
    assert '<tr data-round-ward="16664">' in html
    assert "<td>15/10/2024 23:30</td>" in html and "<td>Chưa đánh giá đủ</td>" in html
    assert '<td class="num">3</td>' in html and '<td class="num">—</td>' in html
    assert (
        '<li class="short"><a href="/tieu-chi/9/?year=2024&amp;tinh=40">TC22</a>: 0/16 Đạt' in html
    )
    assert '<li class="full">' in html
