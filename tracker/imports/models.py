"""Import batches: one per applied workbook, so its changes can be traced and undone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tracker.units.models import Province


class ImportBatch(models.Model):
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    imported_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("tỉnh")
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True)
    created = models.PositiveIntegerField(_("mới"), default=0)
    changed = models.PositiveIntegerField(_("thay đổi"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    skipped = models.PositiveIntegerField(_("bỏ qua"), default=0)
    reverted_at = models.DateTimeField(_("hoàn tác lúc"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người hoàn tác"),
    )

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("lần nhập")
        verbose_name_plural = _("lần nhập")

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%d/%m/%Y %H:%M})"


class ChangeChannel(models.Model):
    """Extra columns of every history row: the import a change came through, if any."""

    # Like simple-history's own links on history rows, no database constraint:
    # PostgreSQL would check it once per row when an import commits 39,000 of
    # them. Django still refuses to delete a batch that history rows point to.
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lần nhập"),
        db_constraint=False,
    )

    class Meta:
        abstract = True
