"""The account pages, included at "tai-khoan/"; the forgotten-password pages (reset_patterns)
at "quen-mat-khau/"."""

from django.contrib.auth import views as auth_views
from django.urls import path

from tracker.accounts import views

urlpatterns = [
    path("", views.account_page, name="account"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

# Django's names, which its views reverse.
reset_patterns = [
    path("", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
