"""A criterion's "requires evidence" flag travels with the criteria set's workbook."""

from tracker.criteria.models import Criterion
from tracker.spreadsheets.resources import CriterionResource


def test_the_flag_is_exported_and_imported_with_the_criteria(nghe_an_2023):
    Criterion.objects.filter(number=5).update(requires_evidence=True)
    dataset = CriterionResource().export()
    column = dataset.headers.index("Cần tệp minh chứng")
    number = dataset.headers.index("Số")
    flags = {int(row[number]): row[column] for row in dataset}
    assert (flags[5], flags[6]) == ("1", "0"), flags
    rows = [list(row) for row in dataset]
    for row in rows:
        row[column] = "1" if int(row[number]) == 6 else "0"
    edited = dataset.__class__(*rows, headers=dataset.headers)
    result = CriterionResource().import_data(edited, raise_errors=True)
    assert not result.has_errors()
    assert list(
        Criterion.objects.filter(requires_evidence=True).values_list("number", flat=True)
    ) == [6]
