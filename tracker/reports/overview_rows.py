"""The overview's three tables of provinces (targets, round, years), their rows written in
Python.

Their template loops printed some 2,500 values through the template engine, half of a computed
overview's time. The markup is the same, character for character
(tests/reports/test_overview_rows.py compares it with the loops'), and every value goes
through what {{ }} does: localized, then escaped.
"""

from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from tracker.reports.markup import printed as _v

DASH = "—"
BEHIND = ' class="is-behind"'
LATE = ' class="is-late"'


class _Counts(dict):
    """The numbers of one table, each localized once: they repeat (0, 1, 32, 50,0%...), and
    localize costs more than the rest of a row. Keyed by type too: 50 and 50.0 print apart."""

    def __call__(self, value) -> str:
        key = (type(value), value)
        found = self.get(key)
        if found is None:
            found = self[key] = _v(value)
        return found


def _share(n: _Counts, value) -> str:
    return DASH if value is None else f"{n(value)}%"


def _link(p, query: str) -> str:
    return (
        f'<th scope="row"><a href="{conditional_escape(p.page_url)}{query}">{_v(p.name)}</a></th>'
    )


def _query(year, map_qs) -> str:
    return f"?year={_v(year)}{_v(map_qs)}"


def overview_rows(rows, year, map_qs) -> SafeString:
    """The targets table's <tr>, one per tracker.reports.national.OverviewRow."""
    query, out, n, badges_of = _query(year, map_qs), [], _Counts(), {}

    def badge(standing) -> str:  # the same few (a state, its label) in every row
        found = badges_of.get(standing.state)
        if found is None:
            found = badges_of[standing.state] = _v(standing.badge)
        return found

    for row in rows:
        p = row.progress
        quota = DASH if p.quota is None else n(p.quota)
        badges = "".join(f"<td>{badge(s)}</td>" for s in row.standings)
        out.append(
            f"\n    <tr{BEHIND if row.behind else ''}"
            f' data-province="{_v(p.code)}">\n'
            f"      <td>{_v(p.code)}</td>\n"
            f"      {_link(p, query)}\n"
            f'      <td class="num">{n(p.wards_total)}</td>\n'
            f'      <td class="num">{n(p.registered)}</td>\n'
            f'      <td class="num">{n(p.meeting_all)}</td>\n'
            f'      <td class="num">{n(p.recognized)}</td>\n'
            f'      <td class="num">{quota}</td>\n'
            f'      <td class="num">{_share(n, row.registered_share)}</td>\n'
            f'      <td class="num">{_share(n, row.recognized_share)}</td>\n'
            f"      {badges}\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def round_rows(rows, year, map_qs) -> SafeString:
    """The round table's <tr>, one per province with registered wards."""
    query, out, n = _query(year, map_qs), [], _Counts()
    for row in rows:
        p = row.progress
        if not p.registered:
            continue
        due = _v(formats.date_format(p.due, "d/m/Y")) if p.due else DASH
        out.append(
            f'\n    <tr data-round-province="{_v(p.code)}"'
            f"{LATE if p.late else ''}>\n"
            f"      {_link(p, query)}\n"
            f"      <td>{due}</td>\n"
            f'      <td class="num">{n(p.registered)}</td>\n'
            f'      <td class="num">{n(p.complete)}</td>\n'
            f'      <td class="num">{n(p.complete_on_time)}</td>\n'
            f'      <td class="num">{n(p.late)}</td>\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def years_rows(provinces, year, map_qs) -> SafeString:
    """The provinces x years table's <tr>: (province, its tracker.reports.years rows) each."""
    query, out, n = _query(year, map_qs), [], _Counts()
    for p, rows in provinces:
        cells = "".join(f'<td class="num" data-year="{n(y.year)}">{_v(y.cell)}</td>' for y in rows)
        out.append(
            f'\n    <tr data-years-province="{_v(p.code)}">\n'
            f"      {_link(p, query)}\n"
            f'      <td class="num">{n(p.wards_total)}</td>\n'
            f"      {cells}\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
