"""A ward's assessment for one programme year, and its per-criterion results.

Status fields are changed only through tracker.assessments.services, which
records who changed what, from what, to what, and through which import.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from tracker.criteria.models import CriteriaSet, Criterion
from tracker.units.models import Ward, WardKind


class ChangeChannel(models.Model):
    """Extra columns of every history row: the import a change came through, if any."""

    # Named, not imported: imports sit above assessments (a batch writes results through
    # tracker.assessments.services), while every history row may point at its batch.
    # Like simple-history's own links on history rows, no database constraint:
    # PostgreSQL would check it once per row when an import commits 39,000 of
    # them. Django still refuses to delete a batch that history rows point to.
    import_batch = models.ForeignKey(
        "tracker.ImportBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lần nhập"),
        db_constraint=False,
    )

    class Meta:
        abstract = True


class AssessmentStatus(models.TextChoices):
    REGISTERED = "dang_ky", _("Đăng ký")
    BUILDING = "dang_xay_dung", _("Đang xây dựng")
    PROPOSED = "de_nghi", _("Đề nghị công nhận")
    RECOGNIZED = "da_cong_nhan", _("Đã công nhận")
    REFUSED = "khong_cong_nhan", _("Không công nhận")


class ResultStatus(models.TextChoices):
    NOT_ASSESSED = "chua_danh_gia", _("Chưa đánh giá")
    IN_PROGRESS = "dang_thuc_hien", _("Đang thực hiện")
    MET = "dat", _("Đạt")
    NOT_MET = "chua_dat", _("Chưa đạt")


class AssessmentManager(models.Manager):
    def get_by_natural_key(self, edition, ward_code, year):
        return self.get(ward__edition__code=edition, ward__code=ward_code, year=year)


class Assessment(models.Model):
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("phường")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("bộ tiêu chí"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.REGISTERED,
    )
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    registered_at = models.DateTimeField(_("ngày đăng ký"), default=timezone.now, editable=False)
    # Recognition workflow: the province forwards a ward's proposal to the Ministry.
    forwarded_at = models.DateTimeField(_("tỉnh chuyển Bộ lúc"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người chuyển"),
    )
    review_note = models.TextField(_("lý do trả lại hoặc không công nhận"), blank=True)
    # The ward's explanation (giải trình) when it proposes again after a return or a reopening.
    # Nullable so that SQLite adds the column in place instead of rebuilding the table (and
    # dropping its triggers); the services write "" or the text, never rely on None.
    answer_note = models.TextField(_("giải trình của phường"), null=True, blank=True)  # noqa: DJ001

    history = HistoricalRecords(bases=[ChangeChannel], excluded_fields=["registered_at"])
    objects = AssessmentManager()

    class Meta:
        ordering = ["year", "ward__code"]
        verbose_name = _("đăng ký xây dựng")
        verbose_name_plural = _("đăng ký xây dựng")
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="assessment_once_per_ward_year"),
        ]

    def __str__(self):
        return f"{self.ward} – {self.year}"

    def clean(self):
        if self.ward_id and self.ward.kind != WardKind.WARD:
            raise ValidationError(
                {"ward": _("%(ward)s không phải là phường.") % {"ward": self.ward}},
                code="not_a_ward",
            )
        if self.status == AssessmentStatus.RECOGNIZED and not (
            self.decision_number and self.decision_date
        ):
            raise ValidationError(
                _("Công nhận cần số và ngày của quyết định công nhận."),
                code="decision_required",
            )

    def natural_key(self):
        return (*self.ward.natural_key(), self.year)

    natural_key.dependencies = ["tracker.ward", "tracker.criteriaset"]


class CriterionResultManager(models.Manager):
    def get_by_natural_key(self, edition, ward_code, year, set_code, set_version, number):
        return self.get(
            assessment__ward__edition__code=edition,
            assessment__ward__code=ward_code,
            assessment__year=year,
            criterion__criteria_set__code=set_code,
            criterion__criteria_set__version=set_version,
            criterion__number=number,
        )


# A result with a figure: a count, or both parts of a ratio (tracker.criteria.indicators).
WITH_FIGURE = models.Q(value__isnull=False) | models.Q(
    numerator__isnull=False, denominator__isnull=False
)


class CriterionResult(models.Model):
    """One criterion of one assessment.

    The database refuses a criterion from another set than the assessment's
    (a trigger, see migration 0002), which Django's constraints cannot express.
    """

    # The longest evidence or note a result keeps: the ward page's form and the
    # import both refuse a longer text (the columns themselves are unbounded).
    TEXT_MAX_LENGTH = 4000

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="results", verbose_name=_("đăng ký")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="results", verbose_name=_("tiêu chí")
    )
    status = models.CharField(
        _("kết quả"),
        max_length=20,
        choices=ResultStatus.choices,
        default=ResultStatus.NOT_ASSESSED,
    )
    evidence = models.TextField(_("minh chứng"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # No index: nothing looks results up by who changed them last, and an
    # unindexed column lets PostgreSQL rewrite a result in place (a HOT update).
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
        db_index=False,
    )
    changed_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)
    # The figures of a measured criterion (tracker.criteria.indicators); a figure sets the
    # status, and a status typed against its figure keeps its reason here (and in the
    # history). Nullable without defaults: SQLite adds them in place, keeping the triggers.
    numerator = models.DecimalField(
        _("tử số"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("mẫu số"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(
        _("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status_reason = models.TextField(  # noqa: DJ001
        _("lý do kết quả khác số liệu"), null=True, blank=True
    )
    # Bumped on every change, so a stale form cannot overwrite a newer value.
    version = models.PositiveIntegerField(default=0, editable=False)

    # An import writes 39,000 history rows at once: only the indexes that a
    # page or a revert reads by are kept (result id, assessment, batch, user),
    # and the user is not checked by a constraint per row at commit.
    history = HistoricalRecords(
        bases=[ChangeChannel], no_db_index=["criterion", "changed_by"], user_db_constraint=False
    )
    objects = CriterionResultManager()

    class Meta:
        ordering = ["assessment", "criterion__number"]
        verbose_name = _("kết quả tiêu chí")
        verbose_name_plural = _("kết quả tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="result_once_per_criterion"
            ),
        ]
        # The report pages' figures read only these few rows of the year's results.
        indexes = [models.Index(fields=["criterion"], condition=WITH_FIGURE, name="result_figured")]

    def __str__(self):
        return f"{self.assessment} – TC{self.criterion.number}: {self.get_status_display()}"

    def natural_key(self):
        return (*self.assessment.natural_key(), *self.criterion.natural_key())

    natural_key.dependencies = ["tracker.assessment", "tracker.criterion"]


def _record_import_batch(sender, instance, history_instance, **kwargs):
    """Copy the batch a change came through onto its history row."""
    history_instance.import_batch = getattr(instance, "_import_batch", None)


pre_create_historical_record.connect(_record_import_batch)


class AssessmentTally(models.Model):
    """An assessment's results counted: kept by database triggers, never written by Django.

    See tracker.assessments.tally. An assessment with no result has no row.
    """

    # No constraint: the triggers remove the row with its assessment.
    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="tally",
        db_constraint=False,
    )
    total = models.PositiveIntegerField(default=0)
    # Results at another status than "Chưa đánh giá", and at Đạt.
    assessed = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    # When its last criterion was first assessed (complete only when assessed == total).
    last_first_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"{self.assessment_id}: {self.met}/{self.assessed}/{self.total}"
