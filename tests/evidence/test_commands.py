"""evidence_add, evidence_list and dossier: the service, the list and the ZIP, from a script."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests.evidence.conftest import pdf
from tracker.evidence.dossier import TOC_NAME


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_add_list_and_write_the_dossier(dong_vinh, people, tmp_path):
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(pdf(seed=b"cmd"))
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    said = run(
        "evidence_add", "--ward", "16663", "--year", "2023", "--criterion", "7", str(scan),
        "--title", "Biên bản kiểm tra", "--user", "phuong16663",
    )  # fmt: skip
    assert digest in said
    listed = json.loads(
        run("evidence_list", "--ward", "16663", "--year", "2023", "--format", "json")
    )
    (row,) = listed
    assert set(row) == {
        "criterion", "title", "file_name", "size", "sha256", "uploaded_by", "uploaded_at", "url",
    }  # fmt: skip
    assert (row["criterion"], row["title"], row["file_name"]) == (7, "Biên bản kiểm tra", scan.name)
    assert (row["size"], row["sha256"], row["uploaded_by"]) == (
        len(pdf(seed=b"cmd")),
        digest,
        "phuong16663",
    )
    assert row["url"].startswith("/minh-chung/tai/")
    target = tmp_path / "ho-so.zip"
    run("dossier", "--ward", "16663", "--year", "2023", "-o", str(target))
    archive = zipfile.ZipFile(target)
    (stored,) = [n for n in archive.namelist() if n != TOC_NAME]
    assert (
        stored.startswith("TC07 - ") and hashlib.sha256(archive.read(stored)).hexdigest() == digest
    )
    # No ward of Nghệ An is proposed yet: no empty ZIP, the reason instead.
    with pytest.raises(CommandError, match="chưa có phường nào đề nghị công nhận năm 2023"):
        run("dossier", "--province", "40", "--year", "2023", "-o", str(tmp_path / "tinh.zip"))
    assert not (tmp_path / "tinh.zip").exists()


def test_the_command_refuses_with_the_reason(dong_vinh, people, tmp_path):
    page = tmp_path / "trang.pdf"
    page.write_bytes(b"<!doctype html><p>x</p>")
    with pytest.raises(CommandError, match="Tệp 'trang.pdf' không được nhận: là một trang HTML"):
        run("evidence_add", "--ward", "16663", "--year", "2023", "--criterion", "7", str(page))
    with pytest.raises(CommandError, match="không có quyền"):
        run(
            "evidence_add", "--ward", "16663", "--year", "2023", "--criterion", "7",
            str(page), "--user", "xem40",
        )  # fmt: skip
