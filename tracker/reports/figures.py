"""The figures of the measured criteria across wards, for the province and national pages, their
workbooks, `progress --format json` and the report document: each criterion's distribution
(quartiles and a histogram), the wards below its threshold, and the outliers, far from their
province's median. Two queries whatever the number of wards.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from tracker.assessments.models import WITH_FIGURE, Assessment, CriterionResult
from tracker.criteria.indicators import (
    Figures,
    figure_of,
    figure_text,
    figures_display,
    figures_meet,
    threshold_text,
)
from tracker.criteria.models import Comparison, Criterion

# An outlier is further from its province's median than this many (scaled) median absolute
# deviations: the usual robust rule, which a few extreme wards do not move.
OUTLIER_MADS = 3
MAD_SCALE = Decimal("1.4826")
BINS = 5


@dataclass
class WardFigure:
    code: str
    name: str
    province_code: str
    province_name: str
    figure: Decimal  # the count, or the ratio in percent
    meets: bool | None
    figures: Figures  # as recorded: the numerator and denominator, or the count
    criterion: Criterion

    @property
    def shown(self) -> str:
        """ "9/10 (90%)", "6 người": written when shown, for the few wards a page lists."""
        return figures_display(self.criterion, self.figures)

    def as_json(self) -> dict:
        return {
            "ward": self.code,
            "name": self.name,
            "province": self.province_code,
            "figure": float(self.figure),
            "shown": self.shown,
            "meets": self.meets,
        }


@dataclass
class FigureDistribution:
    criterion: Criterion
    threshold: str
    wards: list[WardFigure]
    below: list[WardFigure] = field(default_factory=list)
    outliers: list[WardFigure] = field(default_factory=list)
    quartiles: tuple = ()  # min, Q1, median, Q3, max
    bins: list[tuple[str, int]] = field(default_factory=list)

    @property
    def percent(self) -> bool:
        return self.criterion.measure == "ti_le"

    def as_json(self) -> dict:
        return {
            "criterion": self.criterion.number,
            "title": self.criterion.short_title,
            "threshold": self.threshold,
            "wards_with_figures": len(self.wards),
            "quartiles": [float(q) for q in self.quartiles],
            "below": [w.as_json() for w in self.below],
            "outliers": [w.as_json() for w in self.outliers],
            "wards": [w.as_json() for w in self.wards],
        }


def _quantile(values: list[Decimal], q: float) -> Decimal:
    position = (len(values) - 1) * Decimal(str(q))
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _bins(values: list[Decimal], percent: bool) -> list[tuple[str, int]]:
    low, high = (Decimal(0), Decimal(100)) if percent else (values[0], values[-1])
    if high == low:
        return [(figure_text(low), len(values))]
    width = (high - low) / BINS
    counts = [0] * BINS
    for value in values:
        counts[min(int((value - low) / width), BINS - 1) if value >= low else 0] += 1
    unit = "%" if percent else ""
    return [
        (
            f"{figure_text((low + width * i).quantize(Decimal('0.1')))}–"
            f"{figure_text((low + width * (i + 1)).quantize(Decimal('0.1')))}{unit}",
            count,
        )
        for i, count in enumerate(counts)
    ]


def _outliers(wards: list[WardFigure]) -> list[WardFigure]:
    by_province: dict[str, list[WardFigure]] = {}
    for ward in wards:
        by_province.setdefault(ward.province_code, []).append(ward)
    found = []
    for group in by_province.values():
        if len(group) < 4:
            continue  # too few wards to say what is far
        middle = median(w.figure for w in group)
        spread = median(abs(w.figure - middle) for w in group) * MAD_SCALE
        if spread:
            found += [w for w in group if abs(w.figure - middle) > OUTLIER_MADS * spread]
    return found


def figure_distributions(
    *, year: int, province=None, edition: str | None = None
) -> list[FigureDistribution]:
    """The measured criteria of the year's results in scope, each with its wards' figures."""
    # Two queries, always: the measured criteria of the year's sets, then their results.
    measured = (
        Criterion.objects.order_by()
        .exclude(measure=None)
        .exclude(measure="")
        # A subquery, not a join: no DISTINCT over the criteria's long texts.
        .filter(criteria_set__in=Assessment.objects.filter(year=year).values("criteria_set"))
    )
    criteria = {c.pk: c for c in measured}
    # Only the results with a figure, by their partial index.
    results = CriterionResult.objects.filter(
        WITH_FIGURE, assessment__year=year, criterion__in=measured.values("pk")
    )
    if province is not None:
        results = results.filter(assessment__ward__province=province)
    elif edition is not None:
        results = results.filter(assessment__ward__edition__code=edition)
    rows = list(
        results.order_by(
            "assessment__ward__province__code", "assessment__ward__sort_name"
        ).values_list(
            "criterion_id",
            "assessment__ward__code",
            "assessment__ward__name",
            "assessment__ward__province__code",
            "assessment__ward__province__name",
            "numerator",
            "denominator",
            "value",
        )
    )
    wards: dict[int, list[WardFigure]] = {pk: [] for pk in criteria}
    for criterion_id, code, name, p_code, p_name, n, d, v in rows:
        criterion = criteria.get(criterion_id)
        figures = Figures(n, d, v)
        figure = figure_of(criterion, figures) if criterion else None
        if figure is None:
            continue
        wards[criterion_id].append(
            WardFigure(
                code=code,
                name=name,
                province_code=p_code,
                province_name=p_name,
                figure=figure,
                meets=None
                if criterion.comparison == Comparison.BELOW_LAST_YEAR
                else figures_meet(criterion, figures),
                figures=figures,
                criterion=criterion,
            )
        )
    distributions = []
    for criterion in sorted(criteria.values(), key=lambda c: c.number):
        found = wards[criterion.pk]
        distribution = FigureDistribution(
            criterion=criterion, threshold=threshold_text(criterion), wards=found
        )
        if found:
            values = sorted(w.figure for w in found)
            distribution.quartiles = tuple(
                _quantile(values, q).quantize(Decimal("0.1")) for q in (0, 0.25, 0.5, 0.75, 1)
            )
            distribution.bins = _bins(values, distribution.percent)
            distribution.below = [w for w in found if w.meets is False]
            distribution.outliers = _outliers(found)
        distributions.append(distribution)
    return distributions
