"""The shared test data (tests/data_sets.py): a copy is what the loaders write, and stays apart."""

import io

from django.core.management import call_command
from django.db import transaction

from tests import data_sets
from tracker.assessments.models import Assessment, CriterionResult
from tracker.units.loading import units_load
from tracker.units.models import Ward


def content() -> dict:
    """What the loaders wrote, by natural keys (ids differ between a load and its copy)."""
    return {
        "wards": sorted(Ward.objects.values_list("edition__code", "code", "name", "kind")),
        "assessments": sorted(Assessment.objects.values_list("ward__code", "year", "status")),
        "results": sorted(
            CriterionResult.objects.values_list(
                "assessment__ward__code", "criterion__number", "status", "version", "note"
            )
        ),
        "history": sorted(
            CriterionResult.history.values_list(
                "assessment__ward__code", "criterion__number", "status", "history_change_reason"
            )
        ),
    }


class _Undo(Exception):
    pass


def test_a_copy_holds_what_the_loaders_write(db, nghe_an_units_rows, nghe_an_2023_rows):
    try:
        with transaction.atomic():
            data_sets.restore([*nghe_an_units_rows, *nghe_an_2023_rows])
            copied = content()
            raise _Undo
    except _Undo:
        pass
    assert not Ward.objects.exists()  # the copy is gone with its transaction

    units_load(edition="2023", only_provinces={"40"})
    call_command("load_fixtures", stdout=io.StringIO())
    loaded = content()
    assert len(loaded["results"]) == 16 * 22 and len(loaded["wards"]) == 460
    assert copied == loaded


def test_changes_in_one_test_are_gone_in_the_next(nghe_an_2023):
    CriterionResult.objects.filter(criterion__number=22).update(note="chỉ trong phép thử này")
    assert CriterionResult.objects.filter(note="chỉ trong phép thử này").count() == 16


def test_a_fresh_copy_has_none_of_another_tests_changes(nghe_an_2023):
    assert not CriterionResult.objects.filter(note="chỉ trong phép thử này").exists()


def test_new_rows_after_a_copy_get_new_ids(nghe_an_2023):
    # The copy moves the id sequences past its rows (PostgreSQL would reuse id 1 otherwise).
    ward = Ward.objects.filter(code="16663").first()
    extra = Ward.objects.create(
        edition=ward.edition,
        province=ward.province,
        district=ward.district,
        code="99999",
        name="Phường Thử",
        kind=ward.kind,
    )
    assert extra.pk > max(Ward.objects.exclude(pk=extra.pk).values_list("pk", flat=True))
