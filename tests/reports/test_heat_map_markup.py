"""The heat map reads as a table to a screen reader: a caption, every header scoped."""

import re


def test_heat_map_has_a_caption_and_scoped_headers(reader_client, nghe_an_2023):
    html = reader_client.get("/tinh/40/?year=2023").content.decode()
    table = re.search(r'<table class="report matrix">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"<caption[^>]*>Ma trận phường và tiêu chí</caption>", table)
    headers = re.findall(r"<th\b[^>]*>", table)
    assert len(headers) == 2 + 22 + 16  # Phường, Đạt, TC1..TC22; one per ward row
    assert all('scope="col"' in th or 'scope="row"' in th for th in headers)
    # Its scrolling box is a named region the keyboard can reach and scroll.
    assert re.search(
        r'<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]+">\s*'
        r'<table class="report matrix">',
        html,
    )


# The rows as the page's template loop printed them before tracker.reports.heat_map.
_TEMPLATE_LOOP = (
    "{% load i18n %}"
    '{% translate "có tệp minh chứng" as with_evidence %}'
    '{% translate "Đạt nhưng thiếu minh chứng bắt buộc" as lacking_evidence %}'
    """  {% for row in report.rows %}
    <tr data-ward="{{ row.ward.code }}">
      <th scope="row"><a href="{% url 'ward' row.ward.code %}?year={{ year }}{{ map_qs }}">{{ row.ward.name }}</a></th>
      <td class="num completion">{{ row.ward.met|met_of:row.ward.total }}</td>
      {% for cell in row.cells %}{% if cell %}<td class="cell status-{{ cell.status }}{% if cell.evidence %} has-evidence{% endif %}{% if cell.lacking %} lacking-evidence{% endif %}" title="TC{{ cell.criterion_number }}: {{ cell.label }}{% if cell.evidence %} · {{ with_evidence }}{% elif cell.lacking %} · {{ lacking_evidence }}{% endif %}"><span aria-hidden="true">{{ cell.short }}{% if cell.evidence %}<sup class="ev-mark">+</sup>{% elif cell.lacking %}<sup class="ev-mark">!</sup>{% endif %}</span><span class="sr-only">{{ cell.label }}{% if cell.evidence %}, {{ with_evidence }}{% elif cell.lacking %}, {{ lacking_evidence }}{% endif %}</span></td>{% else %}<td class="cell"></td>{% endif %}{% endfor %}
    </tr>
  {% endfor %}
  </tbody>"""  # noqa: E501
)
_TAG = (
    "{% load i18n %}"
    '{% translate "có tệp minh chứng" as with_evidence %}'
    '{% translate "Đạt nhưng thiếu minh chứng bắt buộc" as lacking_evidence %}'
    "  {% heat_map_rows report.rows year map_qs with_evidence lacking_evidence %}\n  </tbody>"
)


def test_the_heat_map_rows_print_as_the_template_loop_did():
    from django.template import engines

    from tracker.assessments.models import ResultStatus
    from tracker.reports.progress import WardProgress
    from tracker.reports.province import Cell, MatrixRow

    label = dict(ResultStatus.choices)
    rows = [
        MatrixRow(
            WardProgress(code="16663", name='Đông <Vĩnh> & "Bến"', ward_id=1, met=21, total=22),
            [
                Cell(ResultStatus.MET, str(label[ResultStatus.MET]), 1, True, False),
                Cell(ResultStatus.MET, str(label[ResultStatus.MET]), 2, False, True),
                None,
                *(Cell(s, str(label[s]), 4 + i) for i, s in enumerate(ResultStatus.values)),
            ],
        ),
        MatrixRow(WardProgress(code="16666", name="Hưng Bình", ward_id=2), [None, None]),
    ]
    engine = engines["django"]
    for map_qs in ("", "&map=2023"):
        context = {"report": {"rows": rows}, "year": 2023, "map_qs": map_qs}
        before = engine.from_string(_TEMPLATE_LOOP).render(context)
        assert engine.from_string(_TAG).render(context) == before
        assert "&amp;map=2023" in before or not map_qs
