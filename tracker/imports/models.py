"""Import batches: one per applied workbook, so its changes can be traced and undone.

And import previews: an uploaded workbook kept for its uploader until confirmed or expired.
"""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
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
        return f"{self.file_name} ({timezone.localtime(self.imported_at):%d/%m/%Y %H:%M})"


class ImportPreview(models.Model):
    """An uploaded workbook waiting for its uploader's confirm, until it expires.

    The bytes go through Django's file storage (STORAGES["default"]): a folder
    under MEDIA_ROOT on one server, a shared store when several app servers
    answer. No report reads these rows, so they carry no data-version trigger.
    Deleting a row, by any path, deletes its file once the deletion commits.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    # Stored as import-previews/<id>: named by the row's random id, never by the uploader.
    file = models.FileField(_("tệp"), upload_to="import-previews/")
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("kích thước (byte)"))
    # As chosen on the upload form: blank means "as the file says".
    province_code = models.CharField(_("mã tỉnh"), max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    created_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"), db_index=True)
    # Result id -> version, of each result the preview showed changing or in
    # conflict: the confirm applies only if every one is still at that version.
    versions = models.JSONField(_("phiên bản lúc xem trước"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bản xem trước nhập tệp")
        verbose_name_plural = _("bản xem trước nhập tệp")

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


@receiver(post_delete, sender=ImportPreview)
def _preview_file_delete(sender, instance, **kwargs):
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name), using=kwargs.get("using"))
