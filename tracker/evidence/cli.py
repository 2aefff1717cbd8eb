"""What the evidence commands share: finding a ward's assessment and the acting user."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from tracker.assessments.models import Assessment


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def assessment_for(*, ward: str, year: int, edition: str | None = None) -> Assessment:
    found = Assessment.objects.select_related("ward__province", "ward__edition").filter(
        ward__code=ward, year=year
    )
    if edition:
        found = found.filter(ward__edition__code=edition)
    found = list(found[:2])
    if not found:
        raise fail(f"Phường mã '{ward}' chưa đăng ký xây dựng năm {year}.")
    if len(found) > 1:
        raise fail(f"Mã '{ward}' có trên nhiều bản đồ: hãy chọn --map.")
    return found[0]


def user_named(name: str | None):
    """The account a command acts as (its rights are checked); None: the server's administrator."""
    if not name:
        return None
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise fail(f"Không có tài khoản '{name}'.")
    return user
