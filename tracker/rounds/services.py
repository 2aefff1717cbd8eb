"""Setting a round's due dates: the Ministry's national date, a province's date for its wards.

Atomic, permission-checked, kept in the history (who, when, from what) and audited,
whichever entry point calls them: the pages, the admin or `manage.py round`.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tracker.accounts.audit import audit_record
from tracker.accounts.models import AuditAction
from tracker.accounts.permissions import (
    user_can_manage_province,
    user_is_national_admin,
)
from tracker.data_version import data_version_claim
from tracker.rounds.models import ProvinceRound, Round
from tracker.units.models import Province


def _shown(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def user_can_set_province_due(*, user, province: Province) -> bool:
    """The province's own police, or the Ministry; not a ward, not a viewer."""
    return user_can_manage_province(user=user, province=province)


@transaction.atomic
def round_set(*, year: int, due: datetime.date, user, reason: str = "") -> Round:
    """Set the national due date of a programme year (the provinces' proposals to the Ministry).

    `user` None is the command line, run by whoever administers the server.
    """
    if user is not None and not user_is_national_admin(user):
        raise PermissionDenied(_("Chỉ Bộ Công an được đặt hạn báo cáo toàn quốc."))
    data_version_claim()  # before the row lock: see tracker.data_version
    current = Round.objects.select_for_update().filter(year=year).first()
    before = current.due if current else None
    if current is None:
        current = Round(year=year, due=due)
    elif current.due == due:
        return current
    current.due = due
    current.full_clean()
    current._history_user = user
    current._change_reason = reason
    current.save()
    audit_record(
        user=user,
        action=AuditAction.ROUND,
        target=str(current),
        detail=_("Hạn tỉnh gửi đề nghị về Bộ: %(before)s → %(after)s. %(reason)s")
        % {"before": _shown(before), "after": _shown(due), "reason": reason},
    )
    return current


@transaction.atomic
def province_round_set(
    *, province: Province, year: int, due: datetime.date, user, reason: str = ""
) -> ProvinceRound:
    """Set a province's due date for its wards' results, not after the national one."""
    if user is not None and not user_can_set_province_due(user=user, province=province):
        raise PermissionDenied(_("Bạn không có quyền đặt hạn báo cáo của tỉnh này."))
    data_version_claim()  # before the row lock: see tracker.data_version
    national = Round.objects.select_for_update().filter(year=year).first()
    if national is None:
        raise ValidationError(
            _("Bộ chưa đặt hạn báo cáo năm %(year)s; hạn của tỉnh đặt sau hạn của Bộ.")
            % {"year": year},
            code="no_round",
        )
    current = (
        ProvinceRound.objects.select_for_update()
        .filter(round=national, province__code=province.code)
        .first()
    )
    before = current.due if current else None
    if current is None:
        current = ProvinceRound(round=national, province=province, due=due)
    elif current.due == due:
        return current
    current.due = due
    current.full_clean(validate_constraints=False)
    current._history_user = user
    current._change_reason = reason
    current.save()
    audit_record(
        user=user,
        action=AuditAction.ROUND,
        province=province,
        target=str(current),
        detail=_("Hạn phường hoàn thành đánh giá: %(before)s → %(after)s. %(reason)s")
        % {"before": _shown(before), "after": _shown(due), "reason": reason},
    )
    return current
