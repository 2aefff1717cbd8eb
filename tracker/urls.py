from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from tracker.accounts import urls as account_urls
from tracker.api import views as api_views
from tracker.assessments import views as ward_views
from tracker.documents import views as document_views
from tracker.evidence import views as evidence_views
from tracker.favicon import FaviconView
from tracker.imports import views as import_views
from tracker.reports import views as report_views
from tracker.rounds import views as round_views
from tracker.targets import views as target_views

urlpatterns = [
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("admin/", admin.site.urls),
    path("ngon-ngu/", set_language, name="set_language"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("", report_views.overview, name="overview"),
    path("", include("tracker.search.urls")),
    path("tai-khoan/ma-truy-cap/", api_views.api_tokens, name="api-tokens"),
    path("tai-khoan/", include("tracker.accounts.urls")),
    path("quen-mat-khau/", include(account_urls.reset_patterns)),
    path("viec-can-lam/", round_views.worklist, name="worklist"),
    path("huong-dan/", include("tracker.help.urls")),
    path("chi-tieu/", target_views.quotas, name="quotas"),
    path("nhap-lieu/", include("tracker.imports.urls")),
    path("han-bao-cao/", round_views.round_due, name="round-due"),
    path("toan-quoc.xlsx", report_views.overview_export, name="overview-export"),
    path("tinh/<str:code>/", report_views.province, name="province"),
    path("tinh/<str:code>/han-bao-cao/", round_views.province_due, name="province-due"),
    path("tinh/<str:code>/dang-ky/", ward_views.province_register, name="province-register"),
    path("tinh/<str:code>/bao-cao.xlsx", report_views.province_export, name="province-export"),
    path(
        "tinh/<str:code>/mau-nhap-lieu.xlsx",
        import_views.province_template,
        name="province-template",
    ),
    path(
        "tinh/<str:code>/bao-cao.docx",
        document_views.province_document,
        {"kind": "report"},
        name="province-report-docx",
    ),
    path(
        "tinh/<str:code>/bao-cao.pdf",
        document_views.province_document,
        {"kind": "report", "pdf": True},
        name="province-report-pdf",
    ),
    path(
        "tinh/<str:code>/to-trinh.docx",
        document_views.province_document,
        {"kind": "proposal"},
        name="province-proposal-docx",
    ),
    path(
        "tinh/<str:code>/to-trinh.pdf",
        document_views.province_document,
        {"kind": "proposal", "pdf": True},
        name="province-proposal-pdf",
    ),
    path("quyet-dinh/", document_views.decision_document, name="decision-document"),
    path("", include("tracker.assessments.bulk.urls")),
    path("phuong/<str:code>/", ward_views.ward, name="ward"),
    path("phuong/<str:code>/lich-su/", report_views.ward_history_page, name="ward-history"),
    path("phuong/<str:code>/cong-nhan/", ward_views.ward_workflow, name="ward-workflow"),
    path("phuong/<str:code>/ke-thua/", ward_views.ward_carry_over, name="ward-carry-over"),
    path("tieu-chi/<int:pk>/", report_views.criterion, name="criterion"),
    # Evidence files: never at a public URL, every byte through a view that checks the scope.
    path(
        "phuong/<str:code>/minh-chung/<int:result_id>/",
        evidence_views.ward_evidence_add,
        name="ward-evidence-add",
    ),
    path("phuong/<str:code>/ho-so.zip", evidence_views.ward_dossier, name="ward-dossier"),
    path("tinh/<str:code>/ho-so.zip", evidence_views.province_dossier, name="province-dossier"),
    path(
        "minh-chung/<int:file_id>/ban-moi/",
        evidence_views.evidence_revise_view,
        name="evidence-revise",
    ),
    path(
        "minh-chung/<int:file_id>/go/", evidence_views.evidence_remove_view, name="evidence-remove"
    ),
    path(
        "minh-chung/tai/<int:revision_id>/",
        evidence_views.evidence_download,
        name="evidence-download",
    ),
    path(
        "minh-chung/xem/<int:revision_id>/",
        evidence_views.evidence_preview,
        name="evidence-preview",
    ),
    path(
        "minh-chung/xem/<int:revision_id>/trang-1.png",
        evidence_views.evidence_first_page,
        name="evidence-first-page",
    ),
]

# The error pages in the app's layout (tracker/errors.py); 500 is Django's with templates/500.html.
handler400 = "tracker.errors.bad_request"
handler403 = "tracker.errors.permission_denied"
handler404 = "tracker.errors.page_not_found"
