"""National targets and the Ministry's yearly quota per province."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracker.units.models import Province

share = [MinValueValidator(0), MaxValueValidator(100)]


class TargetManager(models.Manager):
    def get_by_natural_key(self, year):
        return self.get(year=year)


class Target(models.Model):
    """Share of each province's phường that must be model units by a year."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    share_min = models.PositiveSmallIntegerField(_("tỉ lệ tối thiểu (%)"), validators=share)
    share_max = models.PositiveSmallIntegerField(_("tỉ lệ phấn đấu (%)"), validators=share)
    source = models.TextField(_("nguồn"), blank=True)

    objects = TargetManager()

    class Meta:
        ordering = ["year"]
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_min__lte=models.F("share_max")),
                name="target_min_not_above_max",
            ),
        ]

    def __str__(self):
        if self.share_min == self.share_max:
            return f"{self.year}: {self.share_min}%"
        return f"{self.year}: {self.share_min}-{self.share_max}%"

    def natural_key(self):
        return (self.year,)


class ProvinceQuotaManager(models.Manager):
    def get_by_natural_key(self, edition, province_code, year):
        return self.get(province__edition__code=edition, province__code=province_code, year=year)


class ProvinceQuota(models.Model):
    """How many ward police units the Ministry asks a province to build in a year."""

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("tỉnh")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    quota = models.PositiveSmallIntegerField(_("chỉ tiêu"))
    source = models.TextField(_("nguồn"), blank=True)

    # Who set a quota, when, and from what (tracker.targets.quotas).
    history = HistoricalRecords()
    objects = ProvinceQuotaManager()

    class Meta:
        ordering = ["year", "province"]
        verbose_name = _("chỉ tiêu của Bộ")
        verbose_name_plural = _("chỉ tiêu của Bộ")
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="quota_once_per_year"),
        ]

    def __str__(self):
        return f"{self.province} {self.year}: {self.quota}"

    def natural_key(self):
        return (*self.province.natural_key(), self.year)

    natural_key.dependencies = ["tracker.province"]
