"""Charts drawn on the server as inline SVG: nothing is loaded from the internet, nothing runs.

Each chart carries a <title> and <desc> with its figures, so a screen reader
gets the numbers, and the same figures are in a table on the page.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tracker.assessments.completion import met_text
from tracker.reports.province import CriterionCompletion
from tracker.reports.years import YearProgress
from tracker.targets.models import Target

WIDTH = 640
ROW = 20
LABEL = 56
VALUE = 64


def _svg(*, height: int, title: str, desc: str, body: SafeString, css: str) -> SafeString:
    return format_html(
        '<svg class="chart {}" viewBox="0 0 {} {}" role="img" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>{}</svg>',
        css,
        WIDTH,
        height,
        title,
        desc,
        body,
    )


def criterion_completion_chart(*, completion: list[CriterionCompletion]) -> SafeString:
    """One bar per criterion: the share of registered wards meeting it, bottlenecks first."""
    span = WIDTH - LABEL - VALUE
    rows = []
    for i, c in enumerate(completion):
        y = i * ROW
        share = c.met / c.total if c.total else 0
        rows.append(
            (
                y + 14,
                c.criterion.number,
                y + 3,
                span,
                y + 3,
                round(span * share, 1),
                "bar-met" if c.all_met else "bar-short",
                WIDTH - VALUE + 6,
                y + 14,
                c.met,
                c.total,
            )
        )
    body = format_html_join(
        "",
        '<text x="0" y="{}" class="label">TC{}</text>'
        f'<rect x="{LABEL}" y="{{}}" width="{{}}" height="14" class="bar-track"/>'
        f'<rect x="{LABEL}" y="{{}}" width="{{}}" height="14" class="{{}}"/>'
        '<text x="{}" y="{}" class="value">{}/{}</text>',
        rows,
    )
    desc = "; ".join(
        f"TC{c.criterion.number}: {met_text(met=c.met, total=c.total)}" for c in completion
    )
    return _svg(
        height=max(len(completion), 1) * ROW,
        title=_("Số phường đạt từng tiêu chí"),
        desc=desc,
        body=body,
        css="chart-criteria",
    )


def yearly_progress_chart(
    *, yearly: list[YearProgress], targets: list[Target], wards_total: int
) -> SafeString:
    """Registered and recognised phường per year as a share of the province's phường,
    with the national targets as bands at their years.

    A year's share is of the phường on the map its data is read on (YearProgress.wards_total,
    tracker.reports.years); wards_total (the map shown) stands for a year without data.
    """
    years = sorted({y.year for y in yearly} | {t.year for t in targets})
    if not years or not wards_total:
        return SafeString("")
    years = list(range(years[0], years[-1] + 1))
    top, bottom, left = 10, 30, 40
    plot_h = 200
    step = (WIDTH - left) / len(years)

    def y_of(share: float) -> float:
        return round(top + plot_h * (1 - min(share, 100) / 100), 1)

    parts = [
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
            '<text x="0" y="{}" class="axis">{}%</text>',
            left,
            WIDTH,
            y_of(p),
            y_of(p),
            y_of(p) + 4,
            p,
        )
        for p in (0, 25, 50, 75, 100)
    ]
    by_year = {y.year: y for y in yearly}
    bar = step / 4
    for i, year in enumerate(years):
        x = left + i * step
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
                round(x + step / 2, 1),
                top + plot_h + 18,
                year,
            )
        )
        row = by_year.get(year)
        if row is None:
            continue
        total = row.wards_total or wards_total
        for offset, count, css in (
            (0.5, row.registered, "bar-registered"),
            (1.5, row.recognized, "bar-recognized"),
        ):
            share = 100 * count / total
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>',
                    round(x + offset * bar, 1),
                    y_of(share),
                    round(bar, 1),
                    round(top + plot_h - y_of(share), 1),
                    css,
                )
            )
    for target in targets:
        x = left + years.index(target.year) * step
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="target-band"/>'
                '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
                round(x + step / 8, 1),
                y_of(target.share_max),
                round(step * 3 / 4, 1),
                max(round(y_of(target.share_min) - y_of(target.share_max), 1), 3),
                round(x + step / 2, 1),
                y_of(target.share_max) - 3 if target.share_max < 95 else top + 12,
                str(target),
            )
        )
    desc = "; ".join(
        _("%(year)s: đăng ký %(registered)s, công nhận %(recognized)s trên %(total)s phường")
        % {
            "year": y.year,
            "registered": y.registered,
            "recognized": y.recognized,
            "total": y.wards_total or wards_total,
        }
        for y in yearly
    )
    targets_desc = "; ".join(_("mục tiêu %(target)s") % {"target": t} for t in targets)
    return _svg(
        height=top + plot_h + bottom,
        title=_("Tiến độ các phường theo năm so với mục tiêu"),
        desc=f"{desc}. {targets_desc}",
        body=SafeString("".join(parts)),
        css="chart-years",
    )
