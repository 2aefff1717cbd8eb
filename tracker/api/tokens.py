"""Making, finding, using and revoking personal API tokens.

A token is "cap_" and 43 random URL-safe characters (256 bits); only its SHA-256 digest is
stored. Every use is counted on the token (last use, number of uses). The audit gets one
record for each request that writes and, for reads, one record per token per minute: a
script polling every second would otherwise write 86,400 audit rows a day that say nothing
the counter does not.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.accounts.audit import audit_record
from tracker.accounts.models import AuditAction
from tracker.accounts.permissions import user_is_national_admin, user_scope
from tracker.api.models import ApiToken

PREFIX = "cap_"
DEFAULT_DAYS = 90
MAX_DAYS = 366
READ_AUDIT_EVERY = datetime.timedelta(minutes=1)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _check_days(days: int) -> None:
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _("Thời hạn của mã phải từ 1 đến %(max)s ngày.") % {"max": MAX_DAYS}, code="days"
        )


@transaction.atomic
def api_token_create(
    *, owner, name: str, days: int = DEFAULT_DAYS, user=None, request=None
) -> tuple[ApiToken, str]:
    """A new token for `owner`, made by `user` (the owner on the account page, None on the
    command line). Returns the token and its secret, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Hãy đặt tên cho mã (ví dụ: tên hệ thống dùng nó)."), code="name")
    if len(name) > 100:
        raise ValidationError(_("Tên của mã dài quá 100 ký tự."), code="name")
    _check_days(days)
    if user is not None and user != owner and not user_is_national_admin(user):
        raise PermissionDenied(_("Bạn chỉ tạo được mã truy cập cho chính tài khoản của mình."))
    if not owner.is_active or user_scope(owner) is None:
        raise ValidationError(
            _("Tài khoản %(user)s chưa có vai trò và phạm vi nên không dùng được API.")
            % {"user": owner.get_username()},
            code="no_scope",
        )
    raw = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=owner,
        name=name,
        prefix=raw[:12],
        digest=token_digest(raw),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    token._history_user = user
    token._change_reason = _("Tạo mã truy cập API")
    token.save()
    audit_record(
        user=user or owner,
        action=AuditAction.ACCOUNT,
        target=str(token)[:300],
        detail=_("Tạo mã truy cập API '%(name)s' cho %(owner)s, hết hạn %(until)s.")
        % {
            "name": name,
            "owner": owner.get_username(),
            "until": timezone.localtime(token.expires_at).strftime("%H:%M %d/%m/%Y"),
        },
        request=request,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user, request=None) -> ApiToken:
    """Revoke a token: its owner or the Ministry's administrators. Revoking twice is refused."""
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if user is not None and current.user_id != user.pk and not user_is_national_admin(user):
        raise PermissionDenied(_("Bạn chỉ thu hồi được mã truy cập của chính mình."))
    if current.revoked_at is not None:
        raise ValidationError(_("Mã này đã được thu hồi."), code="revoked")
    current.revoked_at = timezone.now()
    current.revoked_by = user
    current._history_user = user
    current._change_reason = _("Thu hồi mã truy cập API")
    current.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        user=user or current.user,
        action=AuditAction.ACCOUNT,
        target=str(current)[:300],
        detail=_("Thu hồi mã truy cập API '%(name)s' của %(owner)s.")
        % {"name": current.name, "owner": current.user.get_username()},
        request=request,
    )
    return current


def api_token_find(raw: str) -> ApiToken | None:
    """The active token with this secret, with its user; None if unknown, expired or revoked."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first()
    if token is None or not token.active or not token.user.is_active:
        return None
    return token


def api_tokens_of(user):
    """The user's tokens, the newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_used(*, token: ApiToken, request, write: bool) -> None:
    """Count the use; audit it (every write, a read once a minute per token)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, use_count=F("use_count") + 1)
    if not write:
        due = Q(last_audited_at__isnull=True) | Q(last_audited_at__lte=now - READ_AUDIT_EVERY)
        if not ApiToken.objects.filter(due, pk=token.pk).update(last_audited_at=now):
            return
    scope = user_scope(token.user)
    audit_record(
        user=token.user,
        action=AuditAction.API,
        province=scope.province if scope is not None else None,
        target=f"{request.method} {request.get_full_path()}"[:300],
        detail=_("Mã truy cập '%(name)s' (%(prefix)s…)")
        % {"name": token.name, "prefix": token.prefix},
        request=request,
    )
