"""Versioned criteria sets (Bộ tiêu chí) and their ordered criteria."""

from django.core.exceptions import ValidationError
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


class Measure(models.TextChoices):
    COUNT = "gia_tri", _("Giá trị")
    RATIO = "ti_le", _("Tử số / Mẫu số")


class Comparison(models.TextChoices):
    AT_LEAST = ">=", "≥"
    AT_MOST = "<=", "≤"
    EQUAL = "=", "="
    BELOW_LAST_YEAR = "<truoc", _("thấp hơn năm trước")


class Part(models.TextChoices):
    """The parts of a figure a result keeps."""

    NUMERATOR = "numerator", _("Tử số")
    DENOMINATOR = "denominator", _("Mẫu số")
    VALUE = "value", _("Giá trị")


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
    # The indicator of a criterion measured by a number (tracker.criteria.indicators): a count
    # or a ratio against a threshold, or against the same figure a year earlier. Nullable and
    # without defaults, so that SQLite adds the columns in place instead of rebuilding the
    # table (and dropping its trigger); "" and None both mean "not measured".
    measure = models.CharField(  # noqa: DJ001
        _("đo bằng số"), max_length=10, choices=Measure.choices, null=True, blank=True
    )
    measure_unit = models.CharField(_("đơn vị"), max_length=50, null=True, blank=True)  # noqa: DJ001
    value_label = models.CharField(  # noqa: DJ001
        _("tên giá trị"), max_length=200, null=True, blank=True
    )
    numerator_label = models.CharField(  # noqa: DJ001
        _("tên tử số"), max_length=200, null=True, blank=True
    )
    denominator_label = models.CharField(  # noqa: DJ001
        _("tên mẫu số"), max_length=200, null=True, blank=True
    )
    comparison = models.CharField(  # noqa: DJ001
        _("so sánh"), max_length=10, choices=Comparison.choices, null=True, blank=True
    )
    threshold = models.DecimalField(
        _("ngưỡng"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measure_source = models.TextField(_("nguồn của ngưỡng"), null=True, blank=True)  # noqa: DJ001

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

    @property
    def measured(self) -> bool:
        return bool(self.measure)

    def clean(self):
        if not self.measure:
            return
        if not self.comparison:
            raise ValidationError(
                {"comparison": _("Tiêu chí đo bằng số cần phép so sánh với ngưỡng.")},
                code="comparison_required",
            )
        if self.comparison != Comparison.BELOW_LAST_YEAR and self.threshold is None:
            raise ValidationError(
                {"threshold": _("Tiêu chí đo bằng số cần ngưỡng để so sánh.")},
                code="threshold_required",
            )
        if self.measure == Measure.RATIO and not (self.numerator_label and self.denominator_label):
            raise ValidationError(
                _(
                    "Tỉ lệ cần tên của tử số và mẫu số "
                    "(ví dụ: số vụ điều tra khám phá / số vụ xảy ra)."
                ),
                code="labels_required",
            )


class FigureRule(models.Model):
    """A rule between two criteria's figures of one ward, e.g. serious cases cleared
    (TC a, Tử số) <= all cases cleared (TC b, Tử số): refused at entry and at import."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.CASCADE,
        related_name="figure_rules",
        verbose_name=_("bộ tiêu chí"),
    )
    left = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="+", verbose_name=_("tiêu chí vế trái")
    )
    left_part = models.CharField(_("phần vế trái"), max_length=12, choices=Part.choices)
    comparison = models.CharField(
        _("so sánh"),
        max_length=10,
        choices=[c for c in Comparison.choices if c[0] != Comparison.BELOW_LAST_YEAR],
    )
    right = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="+", verbose_name=_("tiêu chí vế phải")
    )
    right_part = models.CharField(_("phần vế phải"), max_length=12, choices=Part.choices)

    class Meta:
        ordering = ["criteria_set", "left__number", "pk"]
        verbose_name = _("quy tắc giữa các số liệu")
        verbose_name_plural = _("quy tắc giữa các số liệu")

    def __str__(self):
        return (
            f"TC{self.left.number} {self.get_left_part_display()} {self.comparison} "
            f"TC{self.right.number} {self.get_right_part_display()}"
        )

    def clean(self):
        sides = [self.left if self.left_id else None, self.right if self.right_id else None]
        for side in sides:
            if side is not None and side.criteria_set_id != self.criteria_set_id:
                raise ValidationError(
                    _("TC%(number)s không thuộc bộ tiêu chí này.") % {"number": side.number},
                    code="other_set",
                )
