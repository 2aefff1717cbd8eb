"""Set a programme year's due dates: the national one, or a province's for its wards."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker.rounds.services import province_round_set, round_set
from tracker.units.maps import map_in_force, newest_first
from tracker.units.models import Province


def _fail(message: str):
    return CommandError(message, returncode=2)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise _fail(
            f"'{value}' không phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-11-30."
        ) from error


class Command(BaseCommand):
    help = (
        "Đặt hạn báo cáo của một năm: --year 2023 --due 2023-11-30 (hạn tỉnh gửi Bộ), "
        "thêm --province 40 để đặt hạn các phường của tỉnh (không sau hạn của Bộ)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="năm của chương trình")
        parser.add_argument("--due", required=True, help="hạn, dạng 2023-11-30")
        parser.add_argument("--province", help="mã tỉnh (GSO): hạn các phường của tỉnh")
        parser.add_argument("--reason", default="", help="lý do, ghi vào lịch sử")

    def handle(self, *args, year, due, province, reason, **options):
        day = _date(due)
        reason = reason or "Đặt bằng lệnh round"
        try:
            if province is None:
                saved = round_set(year=year, due=day, user=None, reason=reason)
                self.stdout.write(f"Năm {year}: hạn tỉnh gửi đề nghị về Bộ {saved.due:%d/%m/%Y}.")
                return
            edition = map_in_force(year)
            found = (
                Province.objects.filter(edition=edition, code=province).first()
                if edition
                else newest_first(Province.objects.filter(code=province), path="edition").first()
            )
            if found is None:
                raise _fail(f"Không có tỉnh mã '{province}'.")
            saved = province_round_set(province=found, year=year, due=day, user=None, reason=reason)
        except ValidationError as error:
            raise _fail(" ".join(error.messages)) from error
        self.stdout.write(
            f"Năm {year}, {found.name}: hạn các phường hoàn thành đánh giá {saved.due:%d/%m/%Y}."
        )
