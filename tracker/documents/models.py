"""Replacement templates of the official documents, uploaded by the Ministry's administrators."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Báo cáo kết quả của tỉnh")
    PROPOSAL = "proposal", _("Tờ trình đề nghị công nhận")
    DECISION = "decision", _("Quyết định công nhận")


class DocumentTemplate(models.Model):
    """A .docx template with docxtpl placeholders; the active one of a kind replaces the
    template shipped with the project. Accepted only if it renders with sample data."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(
        _("tệp mẫu (.docx)"),
        upload_to="documents/templates/",
        validators=[FileExtensionValidator(["docx"])],
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        constraints = [
            # The documents of a kind come from one template at a time.
            models.UniqueConstraint(
                fields=["kind"], condition=Q(active=True), name="document_template_one_active"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({timezone.localtime(self.uploaded_at):%d/%m/%Y %H:%M})"

    def validate_constraints(self, exclude=None):
        # "One active per kind" is kept by the saving (DocumentTemplateAdmin.save_model
        # retires the active one in the same transaction), so an upload that replaces the
        # active template is not refused for it; the database still enforces the rule.
        exclude = {*(exclude or ()), "kind"}
        super().validate_constraints(exclude=exclude)
