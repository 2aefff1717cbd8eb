from django.urls import path

from tracker.help import views

urlpatterns = [path("", views.help_page, name="help")]
