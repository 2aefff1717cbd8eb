"""A criterion may carry an indicator, kept in the criteria set and its workbook; the shipped
set measures TC7 and TC1 where the articles give a number (issue "Criteria measured by
numbers", points 1 and 2)."""

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from tracker.criteria.indicators import (
    Figures,
    figures_check,
    figures_display,
    figures_meet,
    threshold_text,
)
from tracker.criteria.models import Comparison, Criterion, Measure
from tracker.spreadsheets.resources import CriterionResource

ROOT = Path(__file__).resolve().parent.parent.parent


def test_shipped_set_measures_clearance_and_staffing_with_their_sources(nghe_an_2023):
    with open(ROOT / "seeds" / "facts.toml", "rb") as f:
        indicators = {i["number"]: i for i in tomllib.load(f)["criteria"]["indicators"]}
    tc7 = Criterion.objects.get(number=7)
    assert (tc7.measure, tc7.comparison, tc7.threshold) == (Measure.RATIO, ">=", Decimal(80))
    assert (tc7.numerator_label, tc7.denominator_label) == (
        "số vụ điều tra khám phá",
        "số vụ xảy ra",
    )
    assert "tỷ lệ điều tra khám phá chung đạt 80%" in tc7.measure_source
    tc1 = Criterion.objects.get(number=1)
    assert (tc1.measure, tc1.threshold, tc1.measure_unit) == (Measure.COUNT, Decimal(5), "người")
    assert "ít nhất có 05 đồng chí công an chính quy" in tc1.measure_source
    assert (
        indicators[7]["file"] in tc7.measure_source and indicators[1]["file"] in tc1.measure_source
    )
    # The others stay statuses.
    assert set(Criterion.objects.exclude(measure=None).values_list("number", flat=True)) == {1, 7}
    assert threshold_text(tc7) == "≥ 80%" and threshold_text(tc1) == "≥ 5 người"


def test_a_ratio_needs_its_threshold_and_the_names_of_its_parts(nghe_an_2023):
    tc4 = Criterion.objects.get(number=4)
    tc4.measure, tc4.comparison = Measure.RATIO, Comparison.AT_LEAST
    with pytest.raises(ValidationError) as error:
        tc4.full_clean()
    assert "ngưỡng" in str(error.value)
    tc4.threshold = 50
    with pytest.raises(ValidationError) as error:
        tc4.full_clean()
    assert "tử số và mẫu số" in str(error.value)
    tc4.comparison = Comparison.BELOW_LAST_YEAR
    tc4.numerator_label, tc4.denominator_label = "a", "b"
    tc4.threshold = None
    tc4.full_clean()  # fewer than last year needs no threshold


def test_figures_meet_and_the_impossible_ones_are_named(nghe_an_2023):
    tc7, tc1 = Criterion.objects.get(number=7), Criterion.objects.get(number=1)
    assert figures_meet(tc7, Figures(Decimal(8), Decimal(10))) is True
    assert figures_meet(tc7, Figures(Decimal(7), Decimal(10))) is False
    assert figures_meet(tc7, Figures(Decimal(0), Decimal(0))) is None
    assert figures_meet(tc1, Figures(value=Decimal(4))) is False
    assert figures_display(tc7, Figures(Decimal(9), Decimal(10))) == "9/10 (90%)"
    codes = {e.code for e in figures_check(tc7, Figures(Decimal(120), Decimal(100)))} | {
        e.code for e in figures_check(tc7, Figures(numerator=Decimal(3)))
    }
    assert codes == {"numerator_above_denominator", "denominator_missing"}
    [negative] = figures_check(tc1, Figures(value=Decimal(-1)))
    assert negative.code == "negative" and "không được âm" in negative.message
    [not_measured] = figures_check(Criterion.objects.get(number=2), Figures(value=Decimal(1)))
    assert not_measured.code == "not_measured"


def test_below_last_year_compares_with_the_previous_figure(nghe_an_2023):
    tc11 = Criterion(number=11, measure=Measure.COUNT, comparison=Comparison.BELOW_LAST_YEAR)
    assert figures_meet(tc11, Figures(value=Decimal(3)), Figures(value=Decimal(4))) is True
    assert figures_meet(tc11, Figures(value=Decimal(4)), Figures(value=Decimal(4))) is False
    assert figures_meet(tc11, Figures(value=Decimal(3)), None) is None


def test_indicator_travels_with_the_criteria_workbook(nghe_an_2023):
    dataset = CriterionResource().export()
    headers = dataset.headers
    by_number = {int(row[headers.index("Số")]): row for row in dataset}
    assert by_number[7][headers.index("Đo bằng số")] == "Tử số / Mẫu số"
    assert by_number[7][headers.index("So sánh")] == "≥"
    rows = [list(row) for row in dataset]
    for row in rows:
        if int(row[headers.index("Số")]) == 4:
            row[headers.index("Đo bằng số")] = "Giá trị"
            row[headers.index("So sánh")] = "≤"
            row[headers.index("Ngưỡng")] = "0"
            row[headers.index("Tên giá trị")] = "số vụ vi phạm kỷ luật"
    result = CriterionResource().import_data(dataset.__class__(*rows, headers=headers))
    assert not result.has_errors() and not result.has_validation_errors()
    tc4 = Criterion.objects.get(number=4)
    assert (tc4.measure, tc4.comparison, tc4.threshold) == ("gia_tri", "<=", Decimal(0))


def test_a_workbook_with_an_unknown_comparison_is_refused_in_vietnamese(nghe_an_2023):
    dataset = CriterionResource().export()
    headers = dataset.headers
    rows = [list(row) for row in dataset]
    rows[3][headers.index("So sánh")] = "lớn hơn nhiều"
    result = CriterionResource().import_data(dataset.__class__(*rows, headers=headers))
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert "không phải là một trong" in str(invalid.error_dict)
    assert Criterion.objects.get(number=4).comparison is None
