"""A measured criterion's figure cells in a workbook: read as numbers, checked where they
stand (tracker.criteria.indicators), and, once every row is read, the set's rules between
criteria checked on what the file would leave in the database.
"""

from django.utils.translation import gettext as _

from tracker.criteria.indicators import Figures, decimal_read, figures_check, rule_broken

from .measure import ErrorCell
from .sheets import shown

# A figure cell: (column, part, value), part one of numerator, denominator, value.


def figures_read(reader, row_index: int, criterion, number: int, cells) -> Figures | None | bool:
    """The figures a row gives a criterion; None when its figure cells are empty, False (with
    the cells' errors) when they cannot be true."""
    if all(value is None for _c, _p, value in cells):
        return None
    parts, ok = {}, True
    for column, part, value in cells:
        if value is None:
            continue
        if value.__class__ is ErrorCell:
            reader.error(
                row_index,
                column,
                "error_value",
                _("ô báo lỗi %(error)s; hãy ghi số liệu vào ô.") % {"error": value.text or "?"},
            )
            ok = False
            continue
        try:
            parts[part] = decimal_read(value)
        except ValueError:
            reader.error(
                row_index,
                column,
                "not_a_number",
                _("'%(value)s' không phải là một số; hãy ghi số, ví dụ 12 hoặc 12,5.")
                % {"value": shown(value)},
            )
            ok = False
    if not ok:
        return False
    figures = Figures(**parts)
    first = cells[0][0]
    if criterion is None:
        reader.error(
            row_index,
            first,
            "not_measured",
            _("TC%(number)s không đo bằng số; hãy để trống ô số liệu.") % {"number": number},
        )
        return False
    errors = figures_check(criterion, figures)
    columns = {part: column for column, part, _v in cells}
    for error in errors:
        reader.error(row_index, columns.get(error.part, first), error.code, error.message)
    return False if errors else figures


def rules_check(comparison, snapshot) -> None:
    """Each ward's figures once the file is applied, against its set's rules: a broken rule
    is an error at the cells of the file that give its figures."""
    if not snapshot.rules:
        return
    wards = {key[0] for key in comparison.figures_given}
    for ward_id in wards:
        rules = snapshot.rules.get(snapshot.ward_sets.get(ward_id), [])
        for rule in rules:
            sides = []
            for number in (rule.left.number, rule.right.number):
                key = (ward_id, number)
                given = comparison.figures_given.get(key)
                stored = snapshot.figures.get(key)
                sides.append(given if given is not None else (stored[0] if stored else Figures()))
            message = rule_broken(rule, *sides)
            if message is None:
                continue
            for number in (rule.left.number, rule.right.number):
                entry = comparison.entries.get((ward_id, number))
                if entry is not None and (ward_id, number) in comparison.figures_given:
                    reader, row, column, _s, _n = entry
                    reader.error(row, column, "figure_rule", message)
                    break
