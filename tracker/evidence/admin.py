"""Evidence files in the admin: read only, scoped; written on the ward page or by command."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tracker.accounts.admin_mixins import ReadOnlyAdminMixin, ScopedAdminMixin
from tracker.evidence.models import EvidenceFile, EvidenceRevision


class EvidenceRevisionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EvidenceRevision
    fields = ["number", "download", "size", "sha256", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("tệp"))
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("evidence-download", args=[obj.pk]), obj.file_name
        )


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    ward_path = "result__assessment__ward__"
    list_display = ["title", "result", "document_number", "created_by", "created_at", "removed_at"]
    list_filter = ["result__assessment__year", "result__criterion__number"]
    list_select_related = ["result__assessment__ward", "result__criterion", "created_by"]
    search_fields = ["title", "document_number", "result__assessment__ward__code"]
    inlines = [EvidenceRevisionInline]
    readonly_fields = [
        "result",
        "title",
        "document_number",
        "document_date",
        "created_by",
        "created_at",
        "removed_at",
        "removed_by",
        "removal_reason",
    ]
    fields = readonly_fields
