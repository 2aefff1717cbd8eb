"""Who a user is in the programme: a role and the scope (country, province or ward) it covers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .units import Province, Ward


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
