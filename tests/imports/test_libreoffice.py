"""The template filled in and saved by a real spreadsheet program: LibreOffice's .xlsx, .xls and
.ods, with a formula, a hidden row and an autofilter, import as the locality meant.

soffice is slow: the workbook is converted once per session, one soffice call a format, with
a private user profile. Skipped without soffice on a newcomer's machine, never in CI.
"""

import io
import os
import shutil
import subprocess

import openpyxl
import pytest

from tests.imports.workbooks import template_bytes, workbook_bytes
from tracker.imports.services import import_batch_apply

SOFFICE = shutil.which("soffice")
FORMATS = ("xlsx", "xls", "ods")
_converted: dict[str, bytes] = {}


def filled_in() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    sheet = book["Tiêu chí"]
    sheet["Y11"] = "Đạt"  # Đông Vĩnh, typed
    sheet["Y12"] = '=IF(D12="Đạt";"Đạt";"Đạt")'.replace(";", ",")  # Hà Huy Tập, a formula
    sheet.row_dimensions[10].hidden = True  # a row hidden, left as exported
    sheet.auto_filter.ref = "A7:Y23"
    return workbook_bytes(book)


def converted(tmp_path_factory, kind: str) -> bytes:
    if not _converted:
        if SOFFICE is None:
            if os.environ.get("CI") == "true":
                pytest.fail("soffice is missing: CI installs libreoffice-calc-nogui")
            pytest.skip("soffice (LibreOffice) is not installed")
        work = tmp_path_factory.mktemp("soffice")
        source = work / "source" / "nghe-an.xlsx"
        source.parent.mkdir()
        source.write_bytes(filled_in())
        for target in FORMATS:
            subprocess.run(
                [
                    SOFFICE,
                    f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    target,
                    "--outdir",
                    str(work / target),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            _converted[target] = (work / target / f"nghe-an.{target}").read_bytes()
    return _converted[kind]


@pytest.mark.parametrize("kind", FORMATS)
def test_a_template_saved_by_libreoffice_imports_what_the_locality_changed(
    nghe_an_2023, tmp_path_factory, kind
):
    data = converted(tmp_path_factory, kind)
    result = import_batch_apply(data=data, file_name=f"nghe-an.{kind}", user=None, dry_run=True)
    assert result.messages() == []
    assert sorted((c.ward_code, c.criterion_number, c.new_status) for c in result.changes) == [
        ("16663", 22, "dat"),
        ("16666", 22, "dat"),
    ]
    assert (result.unchanged, result.conflicts) == (350, [])
