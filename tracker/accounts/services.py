"""Creating accounts with a role and a scope (command line, admin and demo set-up)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from tracker.accounts.audit import audit_record
from tracker.accounts.models import AuditAction, Role, UserScope
from tracker.accounts.passwords import password_check, password_make
from tracker.units.maps import newest_first, newest_map
from tracker.units.models import MapEdition, Province, Ward, WardKind


def _edition(map_code: str | None) -> MapEdition:
    edition = MapEdition.objects.filter(code=map_code).first() if map_code else newest_map()
    if edition is None:
        raise ValidationError(
            _("Chưa có bản đồ hành chính '%(map)s' (load_units).") % {"map": map_code or ""},
            code="no_map",
        )
    return edition


def _ward_on_a_map(code: str, edition: MapEdition, *, chosen: bool) -> Ward:
    """The phường of this code on the map given, else (no map given) on the newest map that
    has it: a ward account made on the 2023 map keeps its 2023 code after the reform."""
    found = list(
        newest_first(
            Ward.objects.select_related("edition", "province").filter(
                code=code, kind=WardKind.WARD
            ),
            path="edition",
        )
    )
    for ward in found:
        if ward.edition_id == edition.pk or not chosen:
            return ward
    others = ", ".join(f"--map {w.edition.code}" for w in found)
    raise ValidationError(
        _("Không có phường mã '%(code)s' trên bản đồ %(map)s. %(hint)s")
        % {
            "code": code,
            "map": edition.code,
            "hint": _("Mã này có trên bản đồ khác: dùng %(maps)s.") % {"maps": others}
            if found
            else _("Kiểm tra lại mã, hoặc chọn bản đồ bằng --map (2023 hay 2025)."),
        },
        code="no_ward",
    )


@transaction.atomic
def user_add(
    *,
    username: str,
    role: str,
    province_code: str | None = None,
    ward_code: str | None = None,
    map_code: str | None = None,
    password: str | None = None,
    created_by=None,
    email: str = "",
    request=None,
) -> tuple[object, str]:
    """Create an account; returns it and its password (made at random when none is given).

    A given password must pass the password validators (Vietnamese messages); a random
    one is made until it does.

    Bộ accounts administer the whole country (superusers); the others are staff
    whose every list and page is limited to their scope.
    """
    if role not in Role.values:
        raise ValidationError(_("Vai trò '%(role)s' không có.") % {"role": role}, code="role")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("Tài khoản '%(name)s' đã có.") % {"name": username}, code="exists")
    edition = _edition(map_code) if (province_code or ward_code) else None
    province = ward = None
    if ward_code:
        ward = _ward_on_a_map(ward_code, edition, chosen=bool(map_code))
        edition, province = ward.edition, ward.province
    if province_code:
        province = Province.objects.filter(edition=edition, code=province_code).first()
        if province is None:
            raise ValidationError(
                _("Không có tỉnh mã '%(code)s' trên bản đồ %(map)s.")
                % {"code": province_code, "map": edition.code},
                code="no_province",
            )
    scope = UserScope(role=role, province=province, ward=ward)
    email = (email or "").strip()
    if email:
        # The reminders (send_reminders) go to this address.
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError(
                _("'%(email)s' không phải là địa chỉ thư điện tử hợp lệ.") % {"email": email},
                code="email",
            ) from error
    user = User(username=username, email=email, is_staff=True, is_superuser=role == Role.NATIONAL)
    # The validators of settings.AUTH_PASSWORD_VALIDATORS, against this account (its name).
    if password:
        password_check(password, user)
    else:
        password = password_make(user)
    user.set_password(password)
    user.save()
    scope.user = user
    scope.full_clean()
    scope.save()
    audit_record(
        user=created_by,
        action=AuditAction.ACCOUNT,
        province=province,
        target=str(scope),
        # From nothing to this role and unit, with its code and map.
        detail=_("Tạo tài khoản: — → %(scope)s") % {"scope": scope.scope_text()},
        request=request,
    )
    return user, password
