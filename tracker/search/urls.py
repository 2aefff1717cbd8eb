from django.urls import path

from tracker.search import views

urlpatterns = [
    path("tim-kiem/", views.search, name="search"),
]
