"""Registering a province's cohort, several phường at once, all or none (issue 26, point 2)."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from tests.conftest import CUA_LO, THANH_VINH, TRUONG_VINH
from tracker.accounts.models import AuditAction, AuditEvent, Role
from tracker.assessments import registration
from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from tracker.assessments.registration import assessment_register_cohort
from tracker.units.loading import units_load
from tracker.units.models import MapEdition, Province

HOANG_MAI = "17110"
THAI_HOA = "16939"
# A xã of Nghệ An on the 2025 map; 16702 is a xã on the 2023 map and a phường on the 2025 one.
QUE_PHONG = "16738"
VINH_PHU_OR_NGHI_PHU = "16702"


def new_map():
    return MapEdition.objects.get(code="2025")


def nghe_an(edition="2025"):
    return Province.objects.get(edition__code=edition, code="40")


def registered(year=2026):
    return sorted(Assessment.objects.filter(year=year).values_list("ward__code", flat=True))


def register(codes, *, user, year=2026, edition=None, carry_over=None):
    edition = edition or new_map()
    return assessment_register_cohort(
        province=nghe_an(edition.code),
        year=year,
        edition=edition,
        codes=codes,
        user=user,
        carry_over=carry_over,
        reason="Thử",
    )


def refusal(codes, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        register(codes, **kwargs)
    return " ".join(error.value.messages)


def test_registers_several_wards_at_once_each_with_history_and_audit(nghe_an_both_maps, registrar):
    done = register([CUA_LO, HOANG_MAI, THAI_HOA], user=registrar)
    assert [a.ward.code for a in done.assessments] == [CUA_LO, HOANG_MAI, THAI_HOA]
    assert registered() == sorted([CUA_LO, HOANG_MAI, THAI_HOA])
    for assessment in done.assessments:
        assert assessment.ward.edition.code == "2025"
        assert assessment.status == AssessmentStatus.REGISTERED
        assert assessment.results.count() == 22
        (created,) = assessment.history.all()
        assert (created.history_user, created.history_change_reason) == (registrar, "Thử")
    audits = AuditEvent.objects.filter(action=AuditAction.ASSESSMENT, user=registrar)
    assert sorted(audits.values_list("target", flat=True)) == [
        "Phường Cửa Lò – 2026",
        "Phường Hoàng Mai – 2026",
        "Phường Thái Hòa – 2026",
    ]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (QUE_PHONG, "Xã Quế Phong (16738) là xã: chương trình chỉ đăng ký phường."),
        ("99999", "Không có đơn vị mã 99999 trên"),
        ("16663", "Không có đơn vị mã 16663 trên"),  # Đông Vĩnh: on the 2023 map only
    ],
)
def test_a_unit_not_a_phuong_of_the_map_is_refused_and_nothing_registered(
    nghe_an_both_maps, registrar, code, message
):
    assert message in refusal([CUA_LO, code, HOANG_MAI], user=registrar)
    assert registered() == []


def test_a_ward_of_another_province_is_refused(nghe_an_both_maps, registrar):
    units_load(edition="2025", only_provinces={"01"})
    text = refusal([CUA_LO, "00070"], user=registrar)
    assert "Phường Hoàn Kiếm (00070) thuộc Thành phố Hà Nội, không thuộc Nghệ An." in text
    assert registered() == []


def test_every_refusal_is_named_at_once(nghe_an_both_maps, registrar):
    register([HOANG_MAI], user=registrar)
    text = refusal([HOANG_MAI, QUE_PHONG, CUA_LO], user=registrar)
    assert "Phường Hoàng Mai (17110) đã đăng ký năm 2026." in text
    assert "Xã Quế Phong (16738)" in text
    assert registered() == [HOANG_MAI]


def test_the_same_code_on_each_map_is_the_unit_of_that_map(nghe_an_both_maps, registrar):
    # On the 2023 map 16702 is Xã Nghi Phú; in 2026 it is Phường Vinh Phú of the 2025 map.
    old_map = MapEdition.objects.get(code="2023")
    assert "Xã Nghi Phú (16702) là xã" in refusal(
        [VINH_PHU_OR_NGHI_PHU], user=registrar, year=2024, edition=old_map
    )
    register([VINH_PHU_OR_NGHI_PHU], user=registrar, carry_over=False)
    assert Assessment.objects.get(year=2026).ward.name == "Phường Vinh Phú"


@pytest.mark.parametrize(
    ("year", "edition", "message"),
    [
        (2031, "2025", "Năm 2031 ngoài chương trình (từ 2022 đến 2030)."),
        (2021, "2025", "Năm 2021 ngoài chương trình"),
        (2026, "2023", "Năm 2026 không đăng ký trên"),
        (2024, "2025", "Năm 2024 không đăng ký trên"),
    ],
)
def test_a_year_outside_the_calendar_or_another_years_map_is_refused(
    nghe_an_both_maps, registrar, year, edition, message
):
    codes = [CUA_LO] if edition == "2025" else ["16666"]
    map_edition = MapEdition.objects.get(code=edition)
    assert message in refusal(codes, user=registrar, year=year, edition=map_edition)
    assert not Assessment.objects.filter(year=year).exists()


def test_the_new_map_registers_in_its_own_year_too(nghe_an_both_maps, registrar):
    register([HOANG_MAI], user=registrar, year=2025)
    assert registered(2025) == [HOANG_MAI]


def test_no_ward_chosen_is_refused(nghe_an_both_maps, registrar):
    assert "Hãy chọn ít nhất một phường" in refusal([], user=registrar)


@pytest.mark.parametrize(
    ("role", "province", "ward"),
    [(Role.VIEWER, "40", None), (Role.WARD, None, "16663"), (Role.PROVINCE, "01", None)],
)
def test_only_who_manages_the_province_registers(nghe_an_both_maps, account, role, province, ward):
    units_load(edition="2023", only_provinces={"01"})
    user = account("khac", role, province=province, ward=ward)
    with pytest.raises(PermissionDenied):
        register([CUA_LO], user=user)
    assert registered() == []


def test_a_failure_midway_leaves_nothing_registered(nghe_an_both_maps, registrar, monkeypatch):
    real = registration.assessment_register
    calls = []

    def failing_second(**kwargs):
        calls.append(kwargs["ward"].code)
        if len(calls) == 2:
            raise ValidationError("hỏng")
        return real(**kwargs)

    monkeypatch.setattr(registration, "assessment_register", failing_second)
    with pytest.raises(ValidationError):
        register([CUA_LO, HOANG_MAI, THAI_HOA], user=registrar)
    assert calls == [CUA_LO, HOANG_MAI]
    assert registered() == []
    assert not CriterionResult.objects.filter(assessment__year=2026).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ASSESSMENT).exists()


def test_a_registration_that_got_there_first_is_a_clear_refusal(
    nghe_an_both_maps, registrar, monkeypatch
):
    def raced(**kwargs):
        raise IntegrityError("assessment_once_per_ward_year")

    monkeypatch.setattr(registration, "assessment_register", raced)
    assert "vừa được người khác đăng ký năm 2026" in refusal([CUA_LO], user=registrar)
    assert registered() == []


def test_predecessors_results_wait_for_a_choice(nghe_an_both_maps, registrar):
    text = refusal([CUA_LO, THANH_VINH, TRUONG_VINH], user=registrar)
    assert "Phường Thành Vinh (16681), Phường Trường Vinh (16690)" in text
    assert "Cửa Lò" not in text
    assert registered() == []


def test_carrying_over_applies_the_carry_over_proposal(nghe_an_both_maps, registrar):
    done = register([CUA_LO, THANH_VINH], user=registrar, carry_over=True)
    assert [w.code for w in done.carried] == [THANH_VINH]
    thanh_vinh = Assessment.objects.get(year=2026, ward__code=THANH_VINH)
    assert thanh_vinh.status == AssessmentStatus.BUILDING
    statuses = list(thanh_vinh.results.values_list("status", flat=True))
    assert statuses.count(ResultStatus.MET) == 21
    # Each carried value names its source in the history, as the carry-over writes it.
    met = thanh_vinh.results.get(criterion__number=1)
    assert met.history.first().history_change_reason.startswith(
        "Kế thừa từ Phường Đông Vĩnh (16663), 2023: Đạt"
    )
    # A ward whose predecessors have no results is registered afresh.
    cua_lo = Assessment.objects.get(year=2026, ward__code=CUA_LO)
    assert cua_lo.status == AssessmentStatus.REGISTERED


def test_registering_afresh_leaves_the_predecessors_results(nghe_an_both_maps, registrar):
    done = register([THANH_VINH], user=registrar, carry_over=False)
    assert [w.code for w in done.not_carried] == [THANH_VINH]
    assessment = Assessment.objects.get(year=2026, ward__code=THANH_VINH)
    assert assessment.status == AssessmentStatus.REGISTERED
    assert set(assessment.results.values_list("status", flat=True)) == {ResultStatus.NOT_ASSESSED}


# --- manage.py register ---


def command(*args) -> str:
    out = io.StringIO()
    call_command("register", *args, stdout=out)
    return out.getvalue()


def test_the_command_registers_and_says_what(nghe_an_both_maps, registrar):
    out = command(
        "--province", "40", "--year", "2026", "--ward", CUA_LO, "--ward", HOANG_MAI,
        "--user", registrar.username,
    )  # fmt: skip
    assert "Đã đăng ký 2 phường của Nghệ An năm 2026 trên" in out
    assert "16732 Phường Cửa Lò: Đăng ký" in out
    assert "17110 Phường Hoàng Mai: Đăng ký" in out
    assert registered() == [CUA_LO, HOANG_MAI]
    assessment = Assessment.objects.get(ward__code=CUA_LO, year=2026)
    assert assessment.history.get().history_user == registrar
    assert AuditEvent.objects.get(target="Phường Cửa Lò – 2026").username == registrar.username


def test_the_command_without_user_is_the_server_administrator(nghe_an_both_maps):
    command("--province", "40", "--year", "2026", "--map", "2025", "--ward", CUA_LO)
    assessment = Assessment.objects.get(ward__code=CUA_LO, year=2026)
    assert assessment.history.get().history_user is None
    assert AuditEvent.objects.get(target="Phường Cửa Lò – 2026").user is None


def test_the_command_carries_over_when_asked(nghe_an_both_maps):
    out = command("--province", "40", "--year", "2026", "--ward", THANH_VINH, "--carry-over")
    assert "16681 Phường Thành Vinh: Đang xây dựng, kế thừa kết quả của đơn vị cũ" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2031", "--ward", CUA_LO], "Năm 2031 ngoài chương trình"),
        (["--year", "2026", "--map", "2030", "--ward", CUA_LO], "Không có bản đồ hành chính"),
        (["--year", "2026", "--ward", CUA_LO, "--ward", QUE_PHONG], "Xã Quế Phong (16738) là xã"),
        (["--year", "2026", "--ward", HOANG_MAI], "Phường Hoàng Mai (17110) đã đăng ký năm 2026"),
        (["--year", "2026", "--ward", THANH_VINH], "--carry-over hoặc --no-carry-over"),
        (["--year", "2026", "--ward", CUA_LO, "--user", "khong-co"], "Không có tài khoản"),
        (["--year", "2026", "--map", "2023", "--ward", "16666"], "Năm 2026 không đăng ký trên"),
    ],
)
def test_the_command_refuses_with_exit_2_and_registers_nothing(nghe_an_both_maps, args, message):
    command("--province", "40", "--year", "2026", "--ward", HOANG_MAI)
    with pytest.raises(CommandError) as error:
        command("--province", "40", *args)
    assert message in str(error.value)
    assert error.value.returncode == 2
    assert registered() == [HOANG_MAI]


def test_the_command_refuses_an_unknown_province(nghe_an_both_maps):
    with pytest.raises(CommandError) as error:
        command("--province", "99", "--year", "2026", "--ward", CUA_LO)
    assert "Không có tỉnh mã '99'" in str(error.value)
    assert error.value.returncode == 2


def test_the_command_refuses_a_user_who_may_not_register(nghe_an_both_maps, account):
    viewer = account("xem40", Role.VIEWER, province="40")
    with pytest.raises(CommandError) as error:
        command("--province", "40", "--year", "2026", "--ward", CUA_LO, "--user", viewer.username)
    assert "Bạn không có quyền đăng ký phường của tỉnh này." in str(error.value)
    assert error.value.returncode == 2
    assert registered() == []
