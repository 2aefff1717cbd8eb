# ruff: noqa: E501 - the loops as they were, one line per template line
"""The overview's tables of provinces print as their template loops did
(tracker.reports.overview_rows)."""

import datetime

import pytest
from django.template import engines
from django.utils import translation

from tracker.reports.national import OverviewRow
from tracker.reports.progress import ProvinceProgress
from tracker.reports.years import YearProgress
from tracker.targets.standing import BEHIND, ON_TRACK, REACHED, TargetStanding

# The loops as the templates printed them before tracker.reports.overview_rows.
_TARGETS_LOOP = """  {% for row in report.rows %}{% with p=row.progress %}
    <tr{% if row.behind %} class="is-behind"{% endif %} data-province="{{ p.code }}">
      <td>{{ p.code }}</td>
      <th scope="row"><a href="{{ p.page_url }}?year={{ year }}{{ map_qs }}">{{ p.name }}</a></th>
      <td class="num">{{ p.wards_total }}</td>
      <td class="num">{{ p.registered }}</td>
      <td class="num">{{ p.meeting_all }}</td>
      <td class="num">{{ p.recognized }}</td>
      <td class="num">{{ p.quota|default_if_none:"—" }}</td>
      <td class="num">{% if row.registered_share is None %}—{% else %}{{ row.registered_share }}%{% endif %}</td>
      <td class="num">{% if row.recognized_share is None %}—{% else %}{{ row.recognized_share }}%{% endif %}</td>
      {% for standing in row.standings %}<td>{{ standing.badge }}</td>{% endfor %}
    </tr>
  {% endwith %}{% endfor %}"""
_ROUND_LOOP = """  {% for row in report.rows %}{% with p=row.progress %}{% if p.registered %}
    <tr data-round-province="{{ p.code }}"{% if p.late %} class="is-late"{% endif %}>
      <th scope="row"><a href="{{ p.page_url }}?year={{ year }}{{ map_qs }}">{{ p.name }}</a></th>
      <td>{{ p.due|date:"d/m/Y"|default:"—" }}</td>
      <td class="num">{{ p.registered }}</td>
      <td class="num">{{ p.complete }}</td>
      <td class="num">{{ p.complete_on_time }}</td>
      <td class="num">{{ p.late }}</td>
    </tr>
  {% endif %}{% endwith %}{% endfor %}"""
_YEARS_LOOP = """  {% for p, rows in trend.provinces %}
    <tr data-years-province="{{ p.code }}">
      <th scope="row"><a href="{{ p.page_url }}?year={{ year }}{{ map_qs }}">{{ p.name }}</a></th>
      <td class="num">{{ p.wards_total }}</td>
      {% for y in rows %}<td class="num" data-year="{{ y.year }}">{{ y.cell }}</td>{% endfor %}
    </tr>
  {% endfor %}"""


def _province(code, name, **figures) -> ProvinceProgress:
    return ProvinceProgress(
        code=code, name=name, province_id=int(code), year=2024, edition="2023", **figures
    )


@pytest.fixture
def rows():
    odd = _province(
        "40",
        'Nghệ <An> & "Vinh"',
        wards_total=32,
        registered=16,
        meeting_all=16,
        recognized=3,
        quota=1,
        due=datetime.date(2024, 10, 15),
        complete=12,
        complete_on_time=9,
        late=4,
    )
    empty = _province("01", "Hà Nội", wards_total=0)
    plain = _province("02", "Hà Giang", wards_total=7, registered=2, quota=None)
    standings = [TargetStanding(2025, 30, 50, BEHIND), TargetStanding(2030, 100, 100, REACHED)]
    return [
        OverviewRow(odd, standings),
        OverviewRow(empty, [TargetStanding(2025, 30, 50, ON_TRACK)]),
        OverviewRow(plain, []),
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("map_qs", ["", "&map=2023"])
def test_the_overview_rows_print_as_the_template_loops_did(rows, language, map_qs):
    engine = engines["django"]
    years = [YearProgress(2022), YearProgress(2023, 16, 16, 1, 32), YearProgress(2024, 3, 0, 0, 32)]
    context = {
        "report": {"rows": rows},
        "trend": {"provinces": [(r.progress, years) for r in rows]},
        "year": 2024,
        "map_qs": map_qs,
    }
    with translation.override(language):
        for loop, tag in (
            (_TARGETS_LOOP, "  {% overview_rows report.rows year map_qs %}"),
            (_ROUND_LOOP, "  {% round_rows report.rows year map_qs %}"),
            (_YEARS_LOOP, "  {% years_rows trend.provinces year map_qs %}"),
        ):
            before = engine.from_string(loop).render(context)
            assert engine.from_string(tag).render(context) == before
            assert "Nghệ &lt;An&gt; &amp; &quot;Vinh&quot;" in before
    # The shares and the due date, as a reader of the loops saw them.
    with translation.override("vi"):
        html = engine.from_string(_TARGETS_LOOP + _ROUND_LOOP).render(context)
    assert '<td class="num">50,0%</td>' in html and '<td class="num">—</td>' in html
    assert "<td>15/10/2024</td>" in html and 'class="is-late"' in html
