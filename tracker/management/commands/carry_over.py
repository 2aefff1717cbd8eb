"""Show a new ward's proposed starting assessment; create it only when asked to (--confirm)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
)
from tracker.assessments.completion import met_text
from tracker.criteria.models import CriteriaSet
from tracker.units.models import Ward


def _fail(message: str):
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = (
        "Đề xuất đăng ký ban đầu của một phường trên bản đồ mới từ đánh giá của các đơn vị cũ; "
        "chỉ tạo khi có --confirm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ward", required=True, help="mã phường (GSO) trên bản đồ mới")
        parser.add_argument("--year", type=int, required=True, help="năm của đăng ký mới")
        parser.add_argument(
            "--from-year", type=int, help="năm đánh giá của đơn vị cũ; mặc định năm gần nhất"
        )
        parser.add_argument("--map", dest="edition", default="2025", help="bản đồ của phường")
        parser.add_argument(
            "--criteria-set", help="bộ tiêu chí MÃ:PHIÊN_BẢN; mặc định bộ đơn vị cũ đã dùng"
        )
        parser.add_argument("--confirm", action="store_true", help="tạo đăng ký như đề xuất")
        parser.add_argument("--user", help="tên đăng nhập của người xác nhận (cần cho --confirm)")

    def handle(self, *args, ward, year, from_year, edition, criteria_set, confirm, user, **opts):
        found = Ward.objects.filter(edition__code=edition, code=ward).first()
        if found is None:
            raise _fail(f"Không có đơn vị mã '{ward}' trên bản đồ {edition}.")
        chosen_set = None
        if criteria_set:
            code, _, version = criteria_set.partition(":")
            chosen_set = CriteriaSet.objects.filter(code=code, version=version).first()
            if chosen_set is None:
                raise _fail(f"Không có bộ tiêu chí '{criteria_set}'.")
        confirmer = None
        if confirm:
            if not user:
                raise _fail("Cần --user: người xác nhận đề xuất.")
            confirmer = get_user_model().objects.filter(username=user).first()
            if confirmer is None:
                raise _fail(f"Không có tài khoản '{user}'.")
        try:
            proposal = assessment_carry_over_propose(
                ward=found, year=year, from_year=from_year, criteria_set=chosen_set
            )
            self._print(proposal)
            if not confirm:
                self.stdout.write(
                    "Chưa tạo gì. Chạy lại với --confirm --user TÊN để tạo đăng ký như trên."
                )
                return
            assessment = assessment_carry_over_confirm(proposal=proposal, user=confirmer)
        except ValidationError as exc:
            raise _fail(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise _fail(str(exc)) from exc
        self.stdout.write(f"Đã tạo đăng ký {assessment} (người xác nhận: {confirmer.username}).")

    def _print(self, p):
        source = (
            f"kế thừa từ đánh giá năm {p.from_year}"
            if p.from_year
            else "các đơn vị cũ chưa có đánh giá nào để kế thừa"
        )
        self.stdout.write(f"{p.ward.name} ({p.ward.code}), năm {p.year}: {source}")
        self.stdout.write(f"Bộ tiêu chí: {p.criteria_set}")
        self.stdout.write("Đơn vị cũ:")
        for old in p.predecessors:
            part = "" if old.is_main else ", chỉ một phần (phần chính sang đơn vị khác)"
            if old.status is None:
                state = "chưa đăng ký"
            else:
                state = f"{old.status_label}, đạt {met_text(met=old.met, total=old.total)}"
                if old.recognized:
                    state += f", QĐ {old.decision_number} ngày {old.decision_date:%d/%m/%Y}"
            self.stdout.write(f"  {old.code} {old.name}{part}: {state}")
        for old in p.not_carried if p.from_year else []:
            why = "bộ tiêu chí khác" if old.status else f"chưa có đánh giá năm {p.from_year}"
            self.stdout.write(f"  ! {old.name}: {why}, không tính vào đề xuất")
        if any(old.recognized for old in p.predecessors):
            self.stdout.write(
                "  ! Quyết định công nhận nêu tên đơn vị cũ: không chuyển sang phường mới."
            )
        self.stdout.write(f"Đề xuất trạng thái: {p.status_label}")
        for c in p.criteria:
            origin = c.summary or "không có đánh giá của đơn vị cũ"
            self.stdout.write(f"  TC{c.number:<3} {c.status_label:<15} từ {origin}")
