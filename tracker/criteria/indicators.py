"""A measured criterion's figures: what they must be, what they say, and how they read.

A count (Giá trị) or a ratio (Tử số / Mẫu số, shown as a percentage) is compared with the
criterion's threshold, or with the same figure a year earlier. The checks name the part of
the figure that is wrong; callers (the ward page's service, the import) put the message
where the user typed it. Nothing here reads the database.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tracker.criteria.models import Comparison, Criterion, FigureRule, Measure, Part

HUNDRED = Decimal(100)
# What a figure may hold: the columns' max_digits=14, decimal_places=2.
LIMIT = Decimal("999999999999.99")


@dataclass(frozen=True)
class Figures:
    """What a result records of its criterion's indicator; None where nothing is recorded."""

    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None

    @property
    def empty(self) -> bool:
        return self.numerator is None and self.denominator is None and self.value is None

    def part(self, part: str) -> Decimal | None:
        return getattr(self, part)

    @classmethod
    def of(cls, result) -> "Figures":
        return cls(result.numerator, result.denominator, result.value)


NO_FIGURES = Figures()
# Part.values, once: an enum's values are worked out again at each read, and the import
# checks the figures of every measured cell it reads.
_PARTS = tuple(Part.values)


@dataclass(frozen=True)
class FigureError:
    part: str  # Part value: the field or column the message belongs to
    code: str
    message: str


def decimal_read(value) -> Decimal | None:
    """A figure as typed: 12, 12.5, "12,5" (Vietnamese decimal comma), "1.234" is refused
    as ambiguous only when it could be a thousands separator: we read "." as decimal."""
    if value is None or isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text.endswith("%"):
            raise ValueError
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def figure_text(number: Decimal | None) -> str:
    """A figure as the pages write it: 12, 12,5 (Vietnamese decimal comma)."""
    if number is None:
        return ""
    text = f"{number.normalize():f}"
    return text.replace(".", ",")


def ratio(figures: Figures) -> Decimal | None:
    """The percentage of a ratio, None without both parts or with a zero denominator."""
    if figures.numerator is None or not figures.denominator:
        return None
    return (figures.numerator * HUNDRED / figures.denominator).quantize(Decimal("0.1"))


def figure_of(criterion: Criterion, figures: Figures) -> Decimal | None:
    """The one number the criterion is judged on: the count, or the ratio in percent."""
    if criterion.measure == Measure.RATIO:
        return ratio(figures)
    if criterion.measure == Measure.COUNT:
        return figures.value
    return None


def figures_check(criterion: Criterion, figures: Figures) -> list[FigureError]:
    """What is wrong with the figures typed for a criterion, each at its part."""
    errors: list[FigureError] = []
    if figures.empty:
        return errors
    label = _label(criterion)
    if not criterion.measure:
        part = next(p for p in _PARTS if figures.part(p) is not None)
        return [
            FigureError(
                part,
                "not_measured",
                _("TC%(number)s không đo bằng số; hãy để trống ô số liệu.")
                % {"number": criterion.number},
            )
        ]
    for part in _PARTS:
        number = getattr(figures, part)
        if number is not None and number < 0:
            errors.append(
                FigureError(
                    part,
                    "negative",
                    _("%(label)s: %(part)s không được âm (%(value)s).")
                    % {"label": label, "part": Part(part).label, "value": figure_text(number)},
                )
            )
        elif number is not None and abs(number) > LIMIT:
            errors.append(
                FigureError(part, "too_large", _("%(label)s: số quá lớn.") % {"label": label})
            )
    if criterion.measure == Measure.COUNT:
        for part in (Part.NUMERATOR, Part.DENOMINATOR):
            if figures.part(part) is not None:
                errors.append(
                    FigureError(
                        part,
                        "not_a_ratio",
                        _(
                            "%(label)s đo bằng một giá trị, không có %(part)s; hãy ghi vào "
                            "cột Giá trị."
                        )
                        % {"label": label, "part": Part(part).label},
                    )
                )
        return errors
    if figures.value is not None:
        errors.append(
            FigureError(
                Part.VALUE,
                "not_a_count",
                _("%(label)s là tỉ lệ; hãy ghi Tử số và Mẫu số thay cho Giá trị.")
                % {"label": label},
            )
        )
    if figures.numerator is not None and figures.denominator is None:
        errors.append(
            FigureError(
                Part.DENOMINATOR,
                "denominator_missing",
                _("%(label)s có tử số nhưng thiếu mẫu số (%(name)s); hãy ghi mẫu số.")
                % {"label": label, "name": criterion.denominator_label},
            )
        )
    if figures.denominator is not None and figures.numerator is None:
        errors.append(
            FigureError(
                Part.NUMERATOR,
                "numerator_missing",
                _("%(label)s có mẫu số nhưng thiếu tử số (%(name)s); hãy ghi tử số.")
                % {"label": label, "name": criterion.numerator_label},
            )
        )
    if (
        figures.numerator is not None
        and figures.denominator is not None
        and figures.numerator > figures.denominator
    ):
        errors.append(
            FigureError(
                Part.NUMERATOR,
                "numerator_above_denominator",
                _(
                    "%(label)s: tử số %(num)s (%(num_name)s) lớn hơn mẫu số %(den)s "
                    "(%(den_name)s); hãy kiểm tra lại hai số."
                )
                % {
                    "label": label,
                    "num": figure_text(figures.numerator),
                    "num_name": criterion.numerator_label,
                    "den": figure_text(figures.denominator),
                    "den_name": criterion.denominator_label,
                },
            )
        )
    return errors


def _compare(left: Decimal, comparison: str, right: Decimal) -> bool:
    if comparison == Comparison.AT_LEAST:
        return left >= right
    if comparison == Comparison.AT_MOST:
        return left <= right
    if comparison == Comparison.EQUAL:
        return left == right
    return left < right  # below last year


def figures_meet(
    criterion: Criterion, figures: Figures, previous: Figures | None = None
) -> bool | None:
    """Whether the figures meet the criterion's threshold; None when they cannot say (no
    figure, a zero denominator, no figure a year earlier to compare with)."""
    figure = figure_of(criterion, figures)
    if figure is None:
        return None
    if criterion.comparison == Comparison.BELOW_LAST_YEAR:
        before = figure_of(criterion, previous) if previous is not None else None
        return None if before is None else figure < before
    if criterion.threshold is None or not criterion.comparison:
        return None
    return _compare(figure, criterion.comparison, criterion.threshold)


def threshold_text(criterion: Criterion) -> str:
    """The criterion's target as a sentence part: "≥ 80%", "≥ 5 người", "thấp hơn năm trước"."""
    if not criterion.measure or not criterion.comparison:
        return ""
    if criterion.comparison == Comparison.BELOW_LAST_YEAR:
        return str(Comparison(criterion.comparison).label)
    unit = "%" if criterion.measure == Measure.RATIO else f" {criterion.measure_unit or ''}"
    return (
        f"{Comparison(criterion.comparison).label} {figure_text(criterion.threshold)}{unit}".strip()
    )


def figures_display(criterion: Criterion, figures: Figures) -> str:
    """The figures as a page or a document quotes them: "9/10 (90%)", "6 người"."""
    if criterion.measure == Measure.RATIO and figures.numerator is not None:
        shown = f"{figure_text(figures.numerator)}/{figure_text(figures.denominator)}"
        percent = ratio(figures)
        return f"{shown} ({figure_text(percent)}%)" if percent is not None else shown
    if criterion.measure == Measure.COUNT and figures.value is not None:
        return f"{figure_text(figures.value)} {criterion.measure_unit or ''}".strip()
    return ""


def rule_broken(rule: FigureRule, left: Figures, right: Figures) -> str | None:
    """The message of a set-level rule the two results' figures break; None if they keep it
    (or one side has no figure)."""
    a, b = left.part(rule.left_part), right.part(rule.right_part)
    if a is None or b is None or _compare(a, rule.comparison, b):
        return None
    return _(
        "TC%(left)s %(left_part)s (%(a)s) phải %(op)s TC%(right)s %(right_part)s (%(b)s) "
        "theo quy tắc của bộ tiêu chí; hãy kiểm tra lại hai số."
    ) % {
        "left": rule.left.number,
        "left_part": Part(rule.left_part).label,
        "a": figure_text(a),
        "op": Comparison(rule.comparison).label,
        "right": rule.right.number,
        "right_part": Part(rule.right_part).label,
        "b": figure_text(b),
    }


def _label(criterion: Criterion) -> str:
    return f"TC{criterion.number}"
