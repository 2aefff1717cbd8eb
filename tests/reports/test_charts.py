"""Server-side SVG charts (tracker/charts.py): the figures drawn, named for screen readers."""

import re

from tracker.criteria.models import Criterion
from tracker.reports.charts import criterion_completion_chart, yearly_progress_chart
from tracker.reports.province import CriterionCompletion, YearProgress
from tracker.targets.models import Target


def _completion(number: int, met: int, total: int) -> CriterionCompletion:
    return CriterionCompletion(Criterion(number=number, short_title="<b>x</b>"), met, total)


def test_completion_chart_draws_one_bar_per_criterion_scaled_to_its_share():
    svg = criterion_completion_chart(
        completion=[_completion(22, 0, 16), _completion(1, 8, 16), _completion(2, 16, 16)]
    )
    assert svg.startswith("<svg") and "<script" not in svg
    widths = [
        float(w) for w in re.findall(r'width="([\d.]+)" height="14" class="bar-(?:met|short)"', svg)
    ]
    assert widths[0] == 0 and widths[1] * 2 == widths[2]
    assert "<desc>TC22: 0/16; TC1: 8/16; TC2: 16/16</desc>" in svg
    assert svg.count('class="bar-short"') == 2 and svg.count('class="bar-met"') == 1


def test_yearly_chart_spans_programme_years_to_the_last_target_and_escapes_text():
    targets = [
        Target(year=2025, share_min=30, share_max=50),
        Target(year=2030, share_min=100, share_max=100),
    ]
    svg = yearly_progress_chart(
        yearly=[YearProgress(2023, registered=16)], targets=targets, wards_total=32
    )
    years = re.findall(r'text-anchor="middle">(\d{4})</text>', svg)
    assert years == [str(y) for y in range(2023, 2031)]
    assert "2023: đăng ký 16, công nhận 0 trên 32 phường" in svg
    assert "mục tiêu 2025: 30-50%; mục tiêu 2030: 100%</desc>" in svg
    assert svg.count('class="target-band"') == 2
    assert yearly_progress_chart(yearly=[], targets=targets, wards_total=0) == ""
