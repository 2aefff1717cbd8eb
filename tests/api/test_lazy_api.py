"""A process serving pages, or running an import, never loads the Web API's libraries.

Django REST framework and drf-spectacular cost about 25 MB a process; the API's addresses
are in their own URL conf, which only requests under /api/ use. Each check runs in a new
Python process, whose modules are its own.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
from django.urls import reverse
client = Client()
pages = [client.get(reverse("login")), client.get("/khong-co-trang-nay/")]
print("pages", [r.status_code for r in pages], "rest_framework.serializers" in sys.modules)
api = client.get("/api/v1/units/")
print("api", api.status_code, api["Content-Type"], "rest_framework.serializers" in sys.modules)
"""


def test_pages_leave_the_api_unloaded_until_a_request_under_api():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    pages, api = done.stdout.strip().splitlines()[-2:]
    # The login page and an unknown page: the site's URL conf alone, without DRF.
    assert pages == "pages [200, 404] False"
    # Under /api/ the API answers (a problem: no token) with its own URL conf.
    assert api == "api 401 application/problem+json True"


def test_drf_messages_stay_vietnamese_without_drf_as_an_installed_app():
    # DRF's catalogue comes through LOCALE_PATHS since it is not an installed app.
    from django.utils import translation
    from rest_framework.fields import Field

    with translation.override("vi"):
        assert str(Field.default_error_messages["required"]) == "Trường này là bắt buộc."
