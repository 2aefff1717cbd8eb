"""The admin of document templates: the Ministry's administrators replace a document's layout."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tracker.accounts.admin_mixins import AuditedAdminMixin, NationalAdminEditsMixin
from tracker.documents.models import DocumentTemplate
from tracker.documents.render import template_check


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "file", "note", "active"]
        help_texts = {
            "file": _(
                "Tệp .docx có các chỗ {{ ... }} như mẫu kèm theo chương trình; chỉ được nhận "
                "khi hiển thị được với dữ liệu mẫu."
            )
        }

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        kind = cleaned.get("kind")
        # Check a new upload, or the kept file when the kind changes.
        if upload and kind and ("file" in self.changed_data or "kind" in self.changed_data):
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
            try:
                template_check(kind=kind, data=data, file_name=upload.name)
            except forms.ValidationError as error:
                self.add_error("file", error)
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(NationalAdminEditsMixin, AuditedAdminMixin, admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["kind", "active", "uploaded_at", "uploaded_by", "note"]
    list_filter = ["kind", "active"]
    readonly_fields = ["uploaded_by", "uploaded_at"]
    deletable = True  # only the Ministry's administrators see or change the templates

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        if obj.active:
            # The new active template of a kind retires the previous one.
            DocumentTemplate.objects.filter(kind=obj.kind, active=True).exclude(pk=obj.pk).update(
                active=False
            )
        super().save_model(request, obj, form, change)
