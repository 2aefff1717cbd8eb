"""Personal API tokens: a name, an expiry, and only the token's digest stored."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ApiToken(models.Model):
    """A user's token for the Web API. It acts with its user's role and scope, never more.

    The token itself is shown once when it is made; only its SHA-256 digest is kept (a
    random 256-bit secret needs no slow hash), with its first characters to tell it apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("tài khoản"),
    )
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("đầu mã"), max_length=12, editable=False)
    digest = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thu hồi"),
        editable=False,
    )
    # Use is counted on every request; the audit gets one record per write and at most one
    # per minute of reading (tracker.api.tokens.api_token_used).
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    use_count = models.PositiveBigIntegerField(_("số lần dùng"), default=0, editable=False)
    last_audited_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["last_used_at", "use_count", "last_audited_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return str(_("Đã thu hồi"))
        if self.expires_at <= timezone.now():
            return str(_("Đã hết hạn"))
        return str(_("Đang dùng"))
