"""The Ministry's yearly quota per province: set from the overview's quota page.

All the provinces of a form at once or none, each changed quota kept in the history (who,
when, from what) and in the audit trail (from what to what).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tracker.accounts.audit import audit_record
from tracker.accounts.models import AuditAction
from tracker.accounts.permissions import user_is_national_admin
from tracker.data_version import data_version_claim
from tracker.targets.calendar import in_programme, outside_message
from tracker.targets.models import ProvinceQuota
from tracker.units.models import MapEdition, Province

# PositiveSmallIntegerField's ceiling, the same on every database.
QUOTA_MAX = 32767


def quota_parse(raw, *, province: Province) -> int | None:
    """A quota typed in a form: a whole number from 0, or empty for none; refusals name the
    province."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 0 or value > QUOTA_MAX:
        raise ValidationError(
            _(
                "Chỉ tiêu của %(province)s ('%(value)s') phải là số nguyên từ 0 đến %(max)s; "
                "để trống nếu chưa giao."
            )
            % {"province": province.name, "value": text, "max": QUOTA_MAX},
            code="invalid_quota",
        )
    return value


def quotas_of(*, year: int, edition: MapEdition) -> dict[int, ProvinceQuota]:
    """Province id -> its quota for the year, for the provinces of the map."""
    return {
        q.province_id: q for q in ProvinceQuota.objects.filter(year=year, province__edition=edition)
    }


def _shown(value: int | None) -> str:
    return "—" if value is None else str(value)


@transaction.atomic
def province_quotas_set(
    *, edition: MapEdition, year: int, quotas: dict[str, object], user, reason: str = ""
) -> list[tuple[Province, int | None, int | None]]:
    """Set the quotas of the year for the provinces of `quotas` (province code -> the value
    typed, empty for none), all or none. Returns (province, before, after) per change.

    Only the Ministry's administrators; `user` None is the command line.
    """
    if user is not None and not user_is_national_admin(user):
        raise PermissionDenied(_("Chỉ Bộ Công an được giao chỉ tiêu cho các tỉnh."))
    if not in_programme(year):
        raise ValidationError(outside_message(year), code="year")
    provinces = {p.code: p for p in Province.objects.filter(edition=edition, code__in=quotas)}
    errors, wanted = [], {}
    for code, raw in quotas.items():
        province = provinces.get(code)
        if province is None:
            errors.append(
                _("Không có tỉnh mã %(code)s trên %(map)s.") % {"code": code, "map": edition}
            )
            continue
        try:
            wanted[province] = quota_parse(raw, province=province)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors, code="invalid_quota")
    data_version_claim()  # before the row locks: see tracker.data_version
    current = {
        q.province_id: q
        for q in ProvinceQuota.objects.select_for_update().filter(
            year=year, province__in=list(wanted)
        )
    }
    changes = []
    for province, after in sorted(wanted.items(), key=lambda item: item[0].code):
        row = current.get(province.pk)
        before = row.quota if row else None
        if before == after:
            continue
        if after is None:
            row._history_user = user
            row._change_reason = reason
            row.delete()
        else:
            row = row or ProvinceQuota(province=province, year=year)
            row.quota = after
            row.full_clean(validate_unique=False, validate_constraints=False)
            row._history_user = user
            row._change_reason = reason
            row.save()
        audit_record(
            user=user,
            action=AuditAction.QUOTA,
            province=province,
            target=_("Chỉ tiêu năm %(year)s của %(province)s")
            % {"year": year, "province": province.name},
            detail=f"{_shown(before)} → {_shown(after)}. {reason}".strip(),
        )
        changes.append((province, before, after))
    return changes
