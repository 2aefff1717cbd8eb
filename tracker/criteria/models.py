"""Versioned criteria sets (Bộ tiêu chí) and their ordered criteria."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CriteriaSetManager(models.Manager):
    def get_by_natural_key(self, code, version):
        return self.get(code=code, version=version)


class CriteriaSet(models.Model):
    code = models.CharField(_("mã"), max_length=50)
    version = models.CharField(_("phiên bản"), max_length=20)
    name = models.CharField(_("tên"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    provisional = models.BooleanField(_("tạm thời"), default=False)
    year_in_force = models.PositiveSmallIntegerField(_("năm áp dụng"))
    source = models.TextField(_("nguồn"), blank=True)

    objects = CriteriaSetManager()

    class Meta:
        ordering = ["code", "version"]
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="criteria_set_version_once"),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def natural_key(self):
        return (self.code, self.version)


class CriterionManager(models.Manager):
    def get_by_natural_key(self, set_code, set_version, number):
        return self.get(
            criteria_set__code=set_code, criteria_set__version=set_version, number=number
        )


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("bộ tiêu chí"),
    )
    number = models.PositiveSmallIntegerField(_("số"), validators=[MinValueValidator(1)])
    short_title = models.CharField(_("tên ngắn"), max_length=200)
    full_text = models.TextField(_("nội dung"))
    group = models.CharField(_("nhóm"), max_length=200)
    responsible_party = models.CharField(_("đơn vị chịu trách nhiệm"), max_length=200)
    # A result at Đạt needs a current evidence file here before the ward may be proposed.
    requires_evidence = models.BooleanField(_("cần tệp minh chứng"), default=False)

    objects = CriterionManager()

    class Meta:
        ordering = ["criteria_set", "number"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criterion_number_once_per_set"
            ),
        ]

    def __str__(self):
        return f"TC{self.number}. {self.short_title}"

    def natural_key(self):
        return (*self.criteria_set.natural_key(), self.number)

    natural_key.dependencies = ["tracker.criteriaset"]
