"""`generate_national`: every phường registered for a year, reproducibly (issue 7, point 1)."""

import io

from django.core.management import call_command

from tracker.assessments.models import Assessment, CriterionResult


def generate(year=2024, seed=1) -> str:
    out = io.StringIO()
    call_command("generate_national", "--year", str(year), "--seed", str(seed), stdout=out)
    return out.getvalue()


def statuses(year):
    return list(
        CriterionResult.objects.filter(assessment__year=year)
        .order_by("assessment__ward__code", "criterion__number")
        .values_list("status", flat=True)
    )


def test_registers_every_phuong_with_history(nghe_an_2023):
    text = generate()
    # Only Nghệ An's units are loaded here: its 32 phường, 22 results each.
    assert "đăng ký 32 phường, 704 kết quả" in text
    assert Assessment.objects.filter(year=2024).count() == 32
    assert CriterionResult.history.filter(assessment__year=2024).count() == 704
    assert len(set(statuses(2024))) == 4


def test_same_seed_same_statuses_and_no_duplicates(nghe_an_2023):
    generate(seed=7)
    first = statuses(2024)
    assert "đăng ký 0 phường" in generate(seed=7)
    Assessment.objects.filter(year=2024).delete()
    generate(seed=7)
    assert statuses(2024) == first
    Assessment.objects.filter(year=2024).delete()
    generate(seed=8)
    assert statuses(2024) != first


def test_skips_wards_already_registered(nghe_an_2023):
    assert "16 phường đã đăng ký từ trước" in generate(year=2023)
    assert Assessment.objects.filter(year=2023).count() == 32
