from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from tracker import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("ngon-ngu/", set_language, name="set_language"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("", views.overview, name="overview"),
    path("toan-quoc.xlsx", views.overview_export, name="overview-export"),
    path("tinh/<str:code>/", views.province, name="province"),
    path("tinh/<str:code>/bao-cao.xlsx", views.province_export, name="province-export"),
    path("tinh/<str:code>/mau-nhap-lieu.xlsx", views.province_template, name="province-template"),
    path("phuong/<str:code>/", views.ward, name="ward"),
    path("phuong/<str:code>/cong-nhan/", views.ward_workflow, name="ward-workflow"),
    path("phuong/<str:code>/ke-thua/", views.ward_carry_over, name="ward-carry-over"),
    path("tieu-chi/<int:pk>/", views.criterion, name="criterion"),
]
