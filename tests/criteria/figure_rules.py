"""The set-level rule the figure tests share: serious cases cleared (TC8, measured for the test)
may not exceed all cases cleared (TC7)."""

from tracker.criteria.models import Comparison, Criterion, FigureRule, Measure


def serious_cases_within_all_cases() -> Criterion:
    """TC8 made a ratio >= 100%, and the rule TC8 numerator <= TC7 numerator; returns TC8."""
    tc8 = Criterion.objects.get(number=8)
    tc8.measure, tc8.comparison, tc8.threshold = Measure.RATIO, Comparison.AT_LEAST, 100
    tc8.numerator_label, tc8.denominator_label = "số vụ trọng án khám phá", "số vụ trọng án"
    tc8.save()
    FigureRule.objects.create(
        criteria_set=tc8.criteria_set,
        left=tc8,
        left_part="numerator",
        comparison="<=",
        right=Criterion.objects.get(number=7),
        right_part="numerator",
    )
    return tc8
