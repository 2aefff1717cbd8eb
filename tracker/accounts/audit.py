"""Writing the audit trail. Every write path calls audit_record once per user action."""

from tracker.accounts.client_ip import client_ip
from tracker.accounts.models import AuditAction, AuditEvent
from tracker.units.models import Province


def audit_record(
    *,
    user,
    action: AuditAction,
    province: Province | None = None,
    target: str = "",
    detail: str = "",
    request=None,
    username: str = "",
) -> AuditEvent:
    authenticated = getattr(user, "is_authenticated", False)
    return AuditEvent.objects.create(
        user=user if authenticated else None,
        username=username or (user.get_username() if authenticated else ""),
        action=action,
        province=province,
        target=str(target)[:300],
        detail=detail,
        ip=client_ip(request) if request is not None else None,
    )
