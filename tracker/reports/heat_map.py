"""The province page's heat map rows (wards x criteria), written in Python.

The template loop printed some 700 cells through the template engine, most of
a computed province page's time. The markup is the same, character for
character (tests/reports/test_heat_map_markup.py compares it with the loop's),
and every value goes through the same escaping as {{ }}.
"""

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from tracker.assessments.completion import met_text


def _cell(cell, with_evidence: str, lacking_evidence: str) -> str:
    if not cell:
        return '<td class="cell"></td>'
    label = conditional_escape(cell.label)
    classes, title, mark, spoken = "", "", "", ""
    if cell.evidence:
        classes += " has-evidence"
    if cell.lacking:
        classes += " lacking-evidence"
    if cell.evidence:
        title, mark, spoken = f" · {with_evidence}", '<sup class="ev-mark">+</sup>', with_evidence
    elif cell.lacking:
        title, mark = f" · {lacking_evidence}", '<sup class="ev-mark">!</sup>'
        spoken = lacking_evidence
    return (
        f'<td class="cell status-{conditional_escape(cell.status)}{classes}" '
        f'title="TC{cell.criterion_number}: {label}{title}">'
        f'<span aria-hidden="true">{conditional_escape(cell.short)}{mark}</span>'
        f'<span class="sr-only">{label}{", " + spoken if spoken else ""}</span></td>'
    )


def heat_map_rows(rows, year, map_qs, with_evidence, lacking_evidence) -> SafeString:
    """The <tr> of every matrix row (tracker.reports.province.MatrixRow), as printed."""
    query = f"?year={conditional_escape(year)}{conditional_escape(map_qs)}"
    with_evidence, lacking_evidence = (
        conditional_escape(with_evidence),
        conditional_escape(lacking_evidence),
    )
    cells: dict[tuple, str] = {}  # a province's cells take a few values each
    out = []
    for row in rows:
        ward = row.ward
        drawn = []
        for cell in row.cells:
            key = cell and tuple(cell.values())
            text = cells.get(key)
            if text is None:
                text = cells[key] = _cell(cell, with_evidence, lacking_evidence)
            drawn.append(text)
        url = conditional_escape(reverse("ward", args=[ward.code]))
        name = conditional_escape(ward.name)
        out.append(
            f'\n    <tr data-ward="{conditional_escape(ward.code)}">\n'
            f'      <th scope="row"><a href="{url}{query}">{name}</a></th>\n'
            f'      <td class="num completion">'
            f"{conditional_escape(met_text(met=ward.met, total=ward.total))}</td>\n"
            f"      {''.join(drawn)}\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
