"""tracker/locale/vi: written by hand, compiled as committed, never rewritten by makemessages."""

import gettext
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

VI = Path(settings.BASE_DIR) / "tracker" / "locale" / "vi" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_catalogue_is_compiled_from_its_source(domain, tmp_path):
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (gettext) không có: không biên dịch lại được để so sánh.")
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", compiled, VI / f"{domain}.po"], check=True)
    with compiled.open("rb") as fresh, (VI / f"{domain}.mo").open("rb") as committed:
        assert (
            gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
        ), (
            f"tracker/locale/vi/LC_MESSAGES/{domain}.mo is older than its .po: "
            "run manage.py compilemessages -l vi"
        )


def test_makemessages_leaves_the_vietnamese_catalogue_alone():
    before = {p.name: p.read_bytes() for p in VI.iterdir()}
    out = io.StringIO()
    call_command("makemessages", locale=["vi"], ignore_patterns=[".venv"], stdout=out)
    assert "vi: left alone" in out.getvalue()
    assert {p.name: p.read_bytes() for p in VI.iterdir()} == before


def test_our_catalogue_comes_before_the_packages():
    """The strings of the report: Django's, axes' and simple-history's, now Vietnamese."""
    with translation.override("vi"):
        assert translation.gettext("Show counts") == "Hiện số lượng"
        assert translation.gettext("Access attempts") == "Các lượt thử đăng nhập"
        assert translation.gettext("Password-based authentication") == "Đăng nhập bằng mật khẩu"
        assert translation.ngettext("entry", "entries", 3) == "mục"
        # Django's own Vietnamese stays where it has one.
        assert translation.gettext("Log out") == "Thoát"
