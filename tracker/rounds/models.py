"""A programme year's round: the Ministry's due date for the provinces, each province's for its
wards.

Both are kept in the history, so a moved date shows who moved it, when and from what.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracker.units.models import Province


class Round(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    due = models.DateField(_("hạn tỉnh gửi đề nghị về Bộ"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = _("đợt báo cáo")
        verbose_name_plural = _("đợt báo cáo")

    def __str__(self):
        return _("Đợt báo cáo năm %(year)s") % {"year": self.year}

    def clean(self):
        # A province's date may not fall after the national one: moving it earlier is refused.
        if self.pk and self.due:
            later = self.provinces.filter(due__gt=self.due).select_related("province")
            if later:
                raise ValidationError(
                    {
                        "due": _(
                            "Hạn của Bộ không thể sớm hơn hạn các tỉnh đã đặt: %(provinces)s. "
                            "Hãy sửa hạn của các tỉnh trước."
                        )
                        % {
                            "provinces": ", ".join(
                                f"{p.province.name} ({p.due:%d/%m/%Y})" for p in later
                            )
                        }
                    },
                    code="before_provinces",
                )


class ProvinceRound(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="provinces", verbose_name=_("đợt báo cáo")
    )
    # Looked up by the province's code, so the date holds on every map edition.
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh")
    )
    due = models.DateField(_("hạn phường hoàn thành đánh giá"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "province__code"]
        verbose_name = _("hạn của tỉnh")
        verbose_name_plural = _("hạn của tỉnh")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "province"], name="province_round_once_per_province"
            ),
        ]

    def __str__(self):
        return f"{self.province} – {self.round.year}"

    def clean(self):
        if self.round_id and self.due and self.due > self.round.due:
            raise ValidationError(
                {
                    "due": _("Hạn của tỉnh (%(due)s) không được sau hạn Bộ đặt (%(national)s).")
                    % {
                        "due": f"{self.due:%d/%m/%Y}",
                        "national": f"{self.round.due:%d/%m/%Y}",
                    }
                },
                code="after_national",
            )


class ReminderSent(models.Model):
    """The day a user was last reminded, so a second run the same day mails nobody twice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("tài khoản"),
    )
    on = models.DateField(_("ngày nhắc gần nhất"))

    class Meta:
        verbose_name = _("lần nhắc việc")
        verbose_name_plural = _("lần nhắc việc")

    def __str__(self):
        return f"{self.user} – {self.on:%d/%m/%Y}"
