"""Accounts run by those responsible for them (the page /tai-khoan/).

A province's police run the accounts of its wards' police; the Ministry runs the
provinces' (and may reach every account below it). Nobody runs their own account here,
a peer's or a superior's. Each write checks that here, in a transaction, and goes into
the audit trail with who, when, from what and to what.
"""

from smtplib import SMTPException

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from tracker.accounts.audit import audit_record
from tracker.accounts.models import AuditAction, Role
from tracker.accounts.passwords import password_make
from tracker.accounts.permissions import user_scope
from tracker.accounts.services import user_add
from tracker.units.models import MapEdition, Province, Ward, WardKind
from tracker.units.selectors import units_by_code_or_name

# Django's reset e-mail, with our Vietnamese templates (templates/registration/).
RESET_SUBJECT = "registration/password_reset_subject.txt"
RESET_BODY = "registration/password_reset_email.html"


def _listed(units) -> str:
    return ", ".join(f"{u.code} – {u.name}" for u in units)


def unit_on_map(units, term: str, *, what: str, edition: MapEdition):
    """The one unit of `units` that `term` (a code or a name) names; a Vietnamese refusal
    saying what to type when it names none or several."""
    found = units_by_code_or_name(units, term)
    if not found:
        raise ValidationError(
            _(
                "Không có %(what)s mã hay tên '%(term)s' trên bản đồ %(map)s. "
                "Kiểm tra lại mã, hoặc chọn bản đồ khác."
            )
            % {"what": what, "term": term, "map": edition.code},
            code="not_found",
        )
    if len(found) > 1:
        raise ValidationError(
            _("'%(term)s' khớp với nhiều %(what)s trên bản đồ %(map)s: %(units)s. Hãy nhập mã.")
            % {"term": term, "what": what, "map": edition.code, "units": _listed(found)},
            code="several",
        )
    return found[0]


def managed_role(user) -> str | None:
    """The role of the accounts `user` creates: a province's police make ward accounts,
    the Ministry province accounts; nobody else makes any."""
    scope = user_scope(user)
    if scope is None or scope.read_only:
        return None
    if scope.role == Role.NATIONAL:
        return Role.PROVINCE
    if scope.role == Role.PROVINCE:
        return Role.WARD
    return None


def managed_accounts(user) -> QuerySet:
    """The accounts `user` may list, disable, enable and reset: a province's ward accounts
    (its province matched by code, on every map) for its police; every account below the
    Ministry for the Ministry. Never the user's own, a peer's or a superior's."""
    User = get_user_model()
    accounts = User.objects.select_related(
        "scope__province__edition", "scope__ward__edition", "scope__ward__province"
    ).order_by("username")
    role = managed_role(user)
    if role == Role.PROVINCE:
        return accounts.filter(is_superuser=False, scope__isnull=False).exclude(
            scope__role=Role.NATIONAL
        )
    if role == Role.WARD:
        return accounts.filter(
            is_superuser=False,
            scope__role=Role.WARD,
            scope__ward__province__code=user_scope(user).province.code,
        )
    return accounts.none()


def _refuse_unless_manager(by) -> str:
    role = managed_role(by)
    if role is None:
        raise PermissionDenied(
            _(
                "Tài khoản của bạn không quản lý tài khoản nào: chỉ Công an tỉnh quản lý "
                "tài khoản các phường của tỉnh, và Bộ quản lý tài khoản các tỉnh."
            )
        )
    return role


def _locked_account(by, account_id: int):
    """The account, locked for this transaction, if `by` manages it; refused otherwise."""
    _refuse_unless_manager(by)
    account = get_user_model().objects.select_for_update().filter(pk=account_id).first()
    if account is None or not managed_accounts(by).filter(pk=account.pk).exists():
        raise PermissionDenied(
            _("Tài khoản này không thuộc phạm vi bạn quản lý: không có gì thay đổi.")
        )
    return account


def _new_unit(by, role: str, term: str, edition: MapEdition) -> Province | Ward:
    """The province (for the Ministry) or the ward of the manager's own province named by
    `term` on `edition`; a refusal naming both provinces when the ward lies elsewhere."""
    term = (term or "").strip()
    if not term:
        raise ValidationError(_("Hãy nhập mã hoặc tên đơn vị."), code="no_unit")
    if role == Role.PROVINCE:
        provinces = Province.objects.filter(edition=edition)
        return unit_on_map(provinces, term, what=_("tỉnh"), edition=edition)
    return ward_of_province(
        term,
        province=user_scope(by).province,
        edition=edition,
        elsewhere=_(
            "%(ward)s (%(code)s) thuộc %(other)s, không thuộc %(province)s: bạn chỉ "
            "tạo được tài khoản cho phường của %(province)s."
        ),
    )


def ward_of_province(term: str, *, province: Province, edition: MapEdition, elsewhere: str) -> Ward:
    """The phường of `province` (by its code, on `edition`) named by `term`; when the term
    names a phường of another province, the refusal `elsewhere` says where it lies."""
    wards = Ward.objects.filter(edition=edition, kind=WardKind.WARD).select_related("province")
    mine = wards.filter(province__code=province.code)
    if not units_by_code_or_name(mine, term):
        found = units_by_code_or_name(wards, term)
        if found:
            raise ValidationError(
                elsewhere
                % {
                    "ward": found[0].name,
                    "code": found[0].code,
                    "other": found[0].province.name,
                    "province": province.name,
                },
                code="other_province",
            )
    return unit_on_map(mine, term, what=_("phường"), edition=edition)


@transaction.atomic
def account_create(
    *,
    by,
    username: str,
    unit: str,
    edition: MapEdition,
    email: str = "",
    full_name: str = "",
    request=None,
) -> tuple[object, str]:
    """A ward account (made by its province's police) or a province account (made by the
    Ministry), its unit named by code or name on `edition`; returns it and its temporary
    password, made at random and shown once."""
    role = _refuse_unless_manager(by)
    username = (username or "").strip()
    get_user_model().username_validator(username)
    found = _new_unit(by, role, unit, edition)
    codes = {"ward_code": found.code} if role == Role.WARD else {"province_code": found.code}
    user, password = user_add(
        username=username,
        role=role,
        map_code=edition.code,
        created_by=by,
        email=email,
        request=request,
        **codes,
    )
    if full_name.strip():
        user.first_name = full_name.strip()[:150]
        user.save(update_fields=["first_name"])
    return user, password


@transaction.atomic
def account_set_active(*, by, account_id: int, active: bool, request=None):
    """Disable (a disabled account can no longer log in, nor use its API tokens) or enable
    again; a second click on a stale page changes nothing and says so."""
    account = _locked_account(by, account_id)
    if account.is_active == active:
        raise ValidationError(
            _("Tài khoản '%(name)s' đã đang mở: không có gì thay đổi.")
            if active
            else _("Tài khoản '%(name)s' đã bị khoá rồi: không có gì thay đổi."),
            params={"name": account.get_username()},
            code="unchanged",
        )
    account.is_active = active
    account.save(update_fields=["is_active"])
    states = (_("đang dùng"), _("đã khoá"))
    old, new = (states[1], states[0]) if active else states
    audit_record(
        user=by,
        action=AuditAction.ACCOUNT,
        province=account.scope.province,
        target=account.get_username(),
        detail=(
            _("Mở khoá tài khoản: %(old)s → %(new)s")
            if active
            else _("Khoá tài khoản: %(old)s → %(new)s")
        )
        % {"old": old, "new": new},
        request=request,
    )
    return account


def reset_mail_send(*, account, request) -> None:
    """Django's reset e-mail (a link valid once, for PASSWORD_RESET_TIMEOUT) to this one
    account, in our Vietnamese templates."""
    site = get_current_site(request)
    context = {
        "email": account.email,
        "domain": site.domain,
        "site_name": site.name,
        "uid": urlsafe_base64_encode(force_bytes(account.pk)),
        "user": account,
        "token": default_token_generator.make_token(account),
        "protocol": "https" if request.is_secure() else "http",
    }
    PasswordResetForm().send_mail(RESET_SUBJECT, RESET_BODY, context, None, account.email)


@transaction.atomic
def account_password_reset(*, by, account_id: int, request) -> tuple[object, str | None]:
    """Send the account the reset e-mail when it has an address (its password stays until
    it sets a new one), else give it a new temporary password, returned to be shown once."""
    account = _locked_account(by, account_id)
    province = account.scope.province
    if account.email:
        try:
            reset_mail_send(account=account, request=request)
        except (OSError, SMTPException) as error:
            raise ValidationError(
                _("Không gửi được thư tới %(email)s: %(error)s. Mật khẩu chưa thay đổi.")
                % {"email": account.email, "error": error},
                code="mail",
            ) from error
        detail = _(
            "Đặt lại mật khẩu: gửi thư đặt lại tới %(email)s (mật khẩu cũ giữ tới khi đặt mới)"
        )
        audit_record(
            user=by,
            action=AuditAction.ACCOUNT,
            province=province,
            target=account.get_username(),
            detail=detail % {"email": account.email},
            request=request,
        )
        return account, None
    password = password_make(account)
    account.set_password(password)
    account.save(update_fields=["password"])
    audit_record(
        user=by,
        action=AuditAction.ACCOUNT,
        province=province,
        target=account.get_username(),
        detail=_("Đặt lại mật khẩu: mật khẩu cũ → mật khẩu tạm mới, chỉ hiện một lần"),
        request=request,
    )
    return account, password


def password_change_record(*, user, how: str, request=None) -> None:
    """A user's own new password (changed while logged in, or through the e-mailed link)."""
    scope = user_scope(user)
    audit_record(
        user=user,
        action=AuditAction.ACCOUNT,
        province=scope.province if scope is not None and scope.province_id else None,
        target=user.get_username(),
        detail=how,
        request=request,
    )
