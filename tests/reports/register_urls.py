"""URL confs for the empty year's invitation: with a register page and without one, whichever
the app has (the register page is added by another part of the app)."""

from django.http import HttpResponse
from django.urls import path

from tracker.urls import urlpatterns as app_patterns

without_register = [p for p in app_patterns if getattr(p, "name", None) != "province-register"]


def _register(request, code):
    return HttpResponse()


class WithRegister:
    urlpatterns = [
        *without_register,
        path("tinh/<str:code>/dang-ky/", _register, name="province-register"),
    ]


class WithoutRegister:
    urlpatterns = without_register
