"""The audit trail a national administrator reads: logins and every write, from any entry point."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .units import Province


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Đăng nhập")
    LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")
    LOGOUT = "logout", _("Đăng xuất")
    RESULT = "result", _("Cập nhật kết quả tiêu chí")
    ASSESSMENT = "assessment", _("Cập nhật đăng ký")
    IMPORT = "import", _("Nhập tệp")
    REVERT = "revert", _("Hoàn tác lần nhập")
    WORKFLOW = "workflow", _("Bước công nhận")
    ADMIN = "admin", _("Sửa trong trang quản trị")
    ACCOUNT = "account", _("Tài khoản")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tài khoản"),
    )
    # Kept as typed, so failed logins with unknown names are listed too.
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=20, choices=AuditAction.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh"),
    )
    target = models.CharField(_("đối tượng"), max_length=300, blank=True)
    detail = models.TextField(_("chi tiết"), blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["province", "at"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.get_action_display()}"
