"""Evidence files on a criterion result, each with its revisions.

Rows are never deleted: a new version adds a revision, a removal marks the
file removed. Who added, revised and removed what, and when, is read from
these rows (the ward's history shows them beside the status changes).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tracker.assessments.models import CriterionResult


class EvidenceFile(models.Model):
    result = models.ForeignKey(
        CriterionResult,
        on_delete=models.PROTECT,
        related_name="evidence_files",
        verbose_name=_("kết quả tiêu chí"),
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    document_number = models.CharField(_("số văn bản"), max_length=100, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    # The newest revision; set in the same transaction as the revision itself.
    current = models.ForeignKey(
        "EvidenceRevision",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("bản hiện hành"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    created_at = models.DateTimeField(_("tải lên lúc"))
    removed_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gỡ"),
    )
    removal_reason = models.TextField(_("lý do gỡ"), blank=True)

    class Meta:
        ordering = ["result", "created_at", "pk"]
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")

    def __str__(self):
        return self.title


class EvidenceRevision(models.Model):
    evidence = models.ForeignKey(
        EvidenceFile,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("tệp minh chứng"),
    )
    number = models.PositiveSmallIntegerField(_("bản số"))
    # A generated name in the evidence storage; the user's file name is data only.
    blob = models.CharField(_("tên lưu trữ"), max_length=200, unique=True)
    file_name = models.CharField(_("tên tệp gốc"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Judged from the content (tracker.evidence.types), never from the name.
    content_type = models.CharField(_("loại nội dung"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))

    class Meta:
        ordering = ["evidence", "number"]
        verbose_name = _("bản của tệp minh chứng")
        verbose_name_plural = _("bản của tệp minh chứng")
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="evidence_revision_once"),
        ]

    def __str__(self):
        return f"{self.evidence} (bản {self.number})"

    @property
    def previewable(self) -> bool:
        return self.content_type in ("image/jpeg", "image/png", "application/pdf")

    @property
    def image(self) -> bool:
        return self.content_type.startswith("image/")
