"""The import's pages, included at /nhap-lieu/."""

from django.urls import path

from tracker.imports import views

urlpatterns = [
    path("", views.batches, name="imports"),
    path("xem-truoc/<str:token>/", views.preview, name="import-preview"),
    path("<int:batch_id>/hoan-tac/", views.revert, name="import-revert"),
]
