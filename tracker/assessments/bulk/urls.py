from django.urls import path

from tracker.assessments.bulk import views

urlpatterns = [
    path("cong-nhan/", views.bulk_recognize, name="bulk-recognize"),
    path("tinh/<str:code>/chuyen-de-nghi/", views.province_forward, name="province-forward"),
]
