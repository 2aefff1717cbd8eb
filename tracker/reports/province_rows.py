"""The province page's other loops (the matrix's criterion headers, the round's wards, the
completion per criterion), written in Python as its heat map is (tracker.reports.heat_map).

Together they printed some 600 values through the template engine, a fifth of a computed
page's rendering. The markup is the same, character for character
(tests/reports/test_province_rows.py compares it with the loops'), and every value goes
through what {{ }} does: localized, then escaped.
"""

from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from tracker.assessments.completion import met_text
from tracker.reports.markup import printed as _v

DASH = "—"
LATE = ' class="is-late"'


def _criterion_link(criterion, query: str) -> str:
    return f"{conditional_escape(reverse('criterion', args=[criterion.pk]))}{query}"


def _query(year, map_qs, code) -> str:
    return f"?year={_v(year)}{_v(map_qs)}&amp;tinh={_v(code)}"


def criterion_heads(columns, year, map_qs, code) -> SafeString:
    """The matrix's <th> of each criterion: (criterion, its tracker.reports.matrix.Column)."""
    query, out = _query(year, map_qs, code), []
    for c, column in columns:
        number = _v(c.number)
        aria = f' aria-sort="{_v(column.aria)}"' if column.aria else ""
        sort_by = gettext("Sắp xếp theo TC%(number)s") % {"number": number}
        out.append(
            f'<th scope="col" class="tc"{aria}><a href="{_criterion_link(c, query)}"'
            f' title="{_v(c.short_title)}">TC{number}</a>'
            f'<a class="sort-link noprint" href="{_v(column.href)}" data-sort="tc{number}">'
            f'<span aria-hidden="true">⇅</span><span class="sr-only">{sort_by}</span></a></th>'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def round_ward_rows(rows) -> SafeString:
    """The round table's <tr>, one per matrix row (tracker.reports.province.MatrixRow)."""
    not_yet = _v(gettext("Chưa đánh giá đủ"))
    out = []
    for row in rows:
        w = row.ward
        done = (
            _v(formats.date_format(template_localtime(w.complete_at), "d/m/Y H:i"))
            if w.complete_at
            else not_yet
        )
        late = DASH if w.late_days is None else _v(w.late_days)
        out.append(
            f'\n    <tr data-round-ward="{_v(w.code)}"'
            f"{LATE if w.late_days else ''}>\n"
            f'      <th scope="row">{_v(w.name)}</th>\n'
            f"      <td>{done}</td>\n"
            f'      <td class="num">{late}</td>\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def completion_items(completion, year, map_qs, code) -> SafeString:
    """The <li> of each criterion's completion (tracker.reports.province.CriterionCompletion)."""
    query, met_word, out = _query(year, map_qs, code), _v(gettext("Đạt")), []
    for c in completion:
        criterion = c.criterion
        out.append(
            f'\n  <li class="{"short" if c.missing else "full"}">'
            f'<a href="{_criterion_link(criterion, query)}">TC{_v(criterion.number)}</a>: '
            f"{_v(met_text(met=c.met, total=c.total))} {met_word} "
            f'<span class="muted">– {_v(criterion.short_title)}</span></li>\n  '
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
