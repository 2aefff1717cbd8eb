"""Who a user is in the programme (a role and its scope) and the audit trail of what users did."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.units.models import Province, Ward


class Role(models.TextChoices):
    NATIONAL = "bo", _("Bộ Công an")
    PROVINCE = "tinh", _("Công an tỉnh")
    WARD = "phuong", _("Công an phường")
    VIEWER = "xem", _("Chỉ xem")


class UserScope(models.Model):
    """A user's role and scope. A viewer ("xem") reads at the scope its province or ward gives."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scope",
        verbose_name=_("tài khoản"),
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    # Scope by province code, so a province user keeps its province on every map edition.
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh"),
    )
    ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phường"),
    )

    class Meta:
        verbose_name = _("phạm vi tài khoản")
        verbose_name_plural = _("phạm vi tài khoản")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="tinh", province__isnull=True),
                name="province_role_has_province",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="phuong", ward__isnull=True),
                name="ward_role_has_ward",
            ),
        ]

    def __str__(self):
        where = self.ward or self.province or _("toàn quốc")
        return f"{self.user} – {self.get_role_display()} ({where})"

    def scope_text(self) -> str:
        """Role, unit and map, as the audit trail keeps them: "Công an phường, Phường Đông
        Vĩnh (16663, bản đồ 2023)"."""
        unit = self.ward or self.province
        if unit is None:
            return f"{self.get_role_display()}, {_('toàn quốc')}"
        return _("%(role)s, %(unit)s (%(code)s, bản đồ %(map)s)") % {
            "role": self.get_role_display(),
            "unit": unit.name,
            "code": unit.code,
            "map": unit.edition.code,
        }

    def clean(self):
        if self.role == Role.PROVINCE and not self.province_id:
            raise ValidationError({"province": _("Tài khoản Công an tỉnh cần một tỉnh.")})
        if self.role == Role.WARD and not self.ward_id:
            raise ValidationError({"ward": _("Tài khoản Công an phường cần một phường.")})
        if self.role == Role.NATIONAL and (self.province_id or self.ward_id):
            raise ValidationError(
                _("Tài khoản Bộ có phạm vi toàn quốc, không gắn tỉnh hay phường.")
            )
        if self.ward_id and self.province_id and self.ward.province_id != self.province_id:
            raise ValidationError({"ward": _("Phường không thuộc tỉnh đã chọn.")})
        if self.ward_id and not self.province_id:
            self.province_id = self.ward.province_id

    @property
    def read_only(self) -> bool:
        return self.role == Role.VIEWER

    @property
    def national(self) -> bool:
        return not self.province_id and not self.ward_id


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
    ROUND = "round", _("Hạn báo cáo")
    EVIDENCE = "evidence", _("Minh chứng")
    QUOTA = "quota", _("Chỉ tiêu của Bộ")
    API = "api", _("Dùng mã truy cập API")


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
        at = timezone.localtime(self.at)
        return f"{at:%d/%m/%Y %H:%M} {self.username} {self.get_action_display()}"
