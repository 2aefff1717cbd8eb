"""A result's figures in the one write path: checked, turned into a status, and kept with
the reason when a status is typed against them. The services call these inside their
transaction; the import (tracker.imports) calls the same checks on every cell it reads.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.criteria.indicators import (
    Figures,
    figures_check,
    figures_display,
    figures_meet,
    rule_broken,
)
from tracker.criteria.models import Comparison, FigureRule

FIGURE_FIELDS = ("numerator", "denominator", "value")


def derived_status(meets: bool | None) -> str | None:
    if meets is None:
        return None
    return ResultStatus.MET if meets else ResultStatus.NOT_MET


def previous_figures(result: CriterionResult) -> Figures | None:
    """The same ward's figures for the same criterion a year earlier, for "below last year"."""
    if result.criterion.comparison != Comparison.BELOW_LAST_YEAR:
        return None
    earlier = (
        CriterionResult.objects.filter(
            assessment__ward_id=result.assessment.ward_id,
            assessment__year=result.assessment.year - 1,
            criterion__number=result.criterion.number,
        )
        .values_list("numerator", "denominator", "value")
        .first()
    )
    return Figures(*earlier) if earlier else None


def figures_validate(criterion, figures: Figures) -> None:
    """Refuse figures that cannot be true, each message at its field."""
    errors = figures_check(criterion, figures)
    if errors:
        raise ValidationError({e.part: [ValidationError(e.message, code=e.code)] for e in errors})


def figures_decide(
    *,
    current: CriterionResult,
    figures: Figures | None,
    status: str | None,
    status_reason: str | None,
) -> dict:
    """The fields to write: the figures given, the status they set and its reason.

    `status` None: the user did not type a status, the figures decide it. A typed status
    that differs from what the figures say needs `status_reason`, kept on the result and
    in its history; one that agrees (or a status set by the figures) clears it.
    """
    criterion = current.criterion
    stored = Figures.of(current)
    new = {}
    if figures is not None:
        figures_validate(criterion, figures)
        if figures != stored:
            new.update(
                numerator=figures.numerator, denominator=figures.denominator, value=figures.value
            )
    if status is not None:
        new["status"] = status
    if status_reason is not None:
        new["status_reason"] = status_reason
    figures_changed = any(f in new for f in FIGURE_FIELDS)
    typed = status is not None and status != current.status
    if not criterion.measure or not (figures_changed or typed):
        return new
    meets = figures_meet(criterion, figures or stored, previous_figures(current))
    derived = derived_status(meets)
    if derived is None:
        return new
    if status is None or (not typed and status != derived):
        # Only the figures were touched: they set the status.
        new["status"], new["status_reason"] = derived, ""
        return new
    if status == derived:
        new["status_reason"] = ""
        return new
    if not (status_reason or "").strip():
        raise ValidationError(
            {
                "status_reason": [
                    ValidationError(
                        _(
                            "Số liệu TC%(number)s (%(figures)s) cho kết quả '%(derived)s', "
                            "khác với '%(status)s' đã chọn: hãy ghi lý do, hoặc sửa số liệu."
                        ),
                        code="reason_required",
                        params={
                            "number": criterion.number,
                            "figures": figures_display(criterion, figures or stored),
                            "derived": ResultStatus(derived).label,
                            "status": ResultStatus(status).label,
                        },
                    )
                ]
            }
        )
    return new


def figure_rules_check(assessment_id: int, criteria_set_id: int) -> None:
    """Refuse an assessment whose figures break a rule of its criteria set (two queries,
    none when the set has no rule)."""
    rules = list(
        FigureRule.objects.filter(criteria_set_id=criteria_set_id).select_related("left", "right")
    )
    if not rules:
        return
    figures = {
        number: Figures(n, d, v)
        for number, n, d, v in CriterionResult.objects.filter(
            assessment_id=assessment_id
        ).values_list("criterion__number", "numerator", "denominator", "value")
    }
    broken = [
        message
        for rule in rules
        if (
            message := rule_broken(
                rule,
                figures.get(rule.left.number, Figures()),
                figures.get(rule.right.number, Figures()),
            )
        )
    ]
    if broken:
        raise ValidationError(" ".join(broken), code="figure_rule")


def figures_audit_text(criterion, before: Figures, after: Figures) -> str:
    if before == after:
        return ""
    return _("Số liệu: %(before)s → %(after)s.") % {
        "before": figures_display(criterion, before) or "—",
        "after": figures_display(criterion, after) or "—",
    }
