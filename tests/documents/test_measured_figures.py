"""The report document quotes the measured criteria's figures, as the province page and
`progress --format json` give them (issue "Criteria measured by numbers", point 5)."""

from tests.documents.conftest import document, read, text_of
from tracker.assessments.models import CriterionResult


def _codes(count: int) -> list[str]:
    return list(
        CriterionResult.objects.filter(assessment__year=2023, criterion__number=7)
        .order_by("assessment__ward__code")
        .values_list("assessment__ward__code", flat=True)[:count]
    )


def _set(number: int, figures: dict[str, dict]) -> None:
    for code, values in figures.items():
        CriterionResult.objects.filter(
            assessment__ward__code=code, assessment__year=2023, criterion__number=number
        ).update(**values)


def test_the_report_quotes_each_measured_criterion(nghe_an_2023, tmp_path):
    codes = _codes(4)
    # 70%, 84.5%, 85.5%, 90%: the median 85,0%, one ward below 80%.
    ratios = [(7, 10), (169, 200), (171, 200), (9, 10)]
    _set(
        7, {c: {"numerator": n, "denominator": d} for c, (n, d) in zip(codes, ratios, strict=True)}
    )
    _set(1, {codes[0]: {"value": 4}, codes[1]: {"value": 7}})
    text = text_of(read(document(tmp_path, "report", province=["40"], year=2023)))
    assert "6. Số liệu của các tiêu chí đo bằng số:" in text
    assert "- TC7 (Phòng chống tội phạm): trung vị 85,0%; 1/4 phường dưới ngưỡng 80%." in text
    assert "- TC1 (" in text and "): trung vị 5,5" in text
    assert "; 1/2 phường dưới ngưỡng 5" in text


def test_no_line_without_figures(nghe_an_2023, tmp_path):
    text = text_of(read(document(tmp_path, "report", province=["40"], year=2023)))
    assert "tiêu chí đo bằng số" not in text and "trung vị" not in text
