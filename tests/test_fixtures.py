"""The fixtures hold the articles' figures, as the digest records them (issue 3, point 5)."""

import importlib.util
import io
import json
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.criteria.models import CriteriaSet
from tracker.targets.models import ProvinceQuota, Target
from tracker.units.models import Ward, WardKind

ROOT = Path(__file__).resolve().parent.parent


def load_builder():
    spec = importlib.util.spec_from_file_location(
        "build_fixtures", ROOT / "seeds" / "build_fixtures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def facts():
    with open(ROOT / "seeds" / "facts.toml", "rb") as f:
        return tomllib.load(f)


def test_committed_fixtures_are_what_the_digest_builds():
    builder = load_builder()
    for name, objects in builder.build().items():
        committed = (ROOT / "fixtures" / name).read_text(encoding="utf-8")
        assert json.loads(committed) == objects, (
            f"fixtures/{name} drifted: run seeds/build_fixtures.py"
        )


def test_every_fact_cites_an_article_and_its_sentence(facts):
    articles = {"004_c45375ff4a79a557.txt"}
    cited = [
        facts["criteria"],
        facts["criteria"]["emulation"],
        facts["nghe_an_2023"],
        *facts["targets"],
    ]
    for fact in cited:
        assert fact["file"] in articles
        assert any(k.startswith("quote") and fact[k] for k in fact)


def test_provisional_illustrative_set_of_22(nghe_an_2023, facts):
    criteria_set = CriteriaSet.objects.get()
    assert criteria_set.provisional
    assert "minh họa" in criteria_set.name and "giả định" in criteria_set.description
    numbers = list(criteria_set.criteria.values_list("number", flat=True))
    assert numbers == list(range(1, facts["criteria"]["count"] + 1))
    emulation = criteria_set.criteria.get(number=facts["criteria"]["emulation"]["number"])
    assert "thi đua" in emulation.short_title and "Đảng ủy" in emulation.short_title
    groups = set(criteria_set.criteria.values_list("group", flat=True))
    assert {"Xây dựng lực lượng", "Văn minh đô thị", "Cơ sở vật chất và trang thiết bị"} <= groups


def test_nghe_an_2023_cohort(nghe_an_2023, facts):
    n = facts["nghe_an_2023"]
    assert ProvinceQuota.objects.get(province__code="40", year=2023).quota == n["quota"]
    cohort = Assessment.objects.filter(ward__province__code="40", year=2023)
    assert cohort.count() == n["registered"]
    assert set(cohort.values_list("ward__district__name", flat=True)) == {"Thành phố Vinh"}
    for assessment in cohort:
        statuses = dict(assessment.results.values_list("criterion__number", "status"))
        assert sum(s == ResultStatus.MET for s in statuses.values()) == n["met"]
        assert statuses[22] == ResultStatus.NOT_MET
    phuong = Ward.objects.filter(edition__code="2023", province__code="40", kind=WardKind.WARD)
    assert phuong.count() == n["wards_total"]
    assert phuong.exclude(assessments__year=2023).count() == n["wards_total"] - n["registered"]


def test_national_targets(nghe_an_2023):
    assert list(Target.objects.values_list("year", "share_min", "share_max")) == [
        (2025, 30, 50),
        (2030, 100, 100),
    ]


def test_reloading_fixtures_keeps_user_changes_and_duplicates_nothing(nghe_an_2023):
    result = CriterionResult.objects.get(
        assessment__ward__code="16663", assessment__year=2023, criterion__number=22
    )
    CriterionResult.objects.filter(pk=result.pk).update(status=ResultStatus.MET)
    out = io.StringIO()
    call_command("load_fixtures", stdout=out)
    assert "nghe_an_2023.json: thêm 0 đối tượng." in out.getvalue()
    assert CriterionResult.objects.count() == 16 * 22
    assert CriterionResult.objects.get(pk=result.pk).status == ResultStatus.MET


def test_fixture_rows_start_the_history(nghe_an_2023):
    result = CriterionResult.objects.get(
        assessment__ward__code="16663", assessment__year=2023, criterion__number=22
    )
    first = result.history.get()
    assert first.status == ResultStatus.NOT_MET
    assert "fixtures" in first.history_change_reason
