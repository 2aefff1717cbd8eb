"""LibreOffice cannot outlive its request, is not asked twice for the same document, and a
server converting all it may says so (a stand-in soffice plays each part)."""

import re
import time
from pathlib import Path

import pytest

from tracker.assessments.models import Assessment, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.conf import DEFAULTS
from tracker.untrusted.slots import slot

URL = "/tinh/40/bao-cao.pdf?year=2023"


def stand_in(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return script


@pytest.fixture
def counting(tmp_path, settings):
    """A soffice that writes a small PDF where asked and counts its runs."""
    settings.TRACKER_SOFFICE = str(
        stand_in(
            tmp_path,
            f'echo run >> {tmp_path}/runs\nprintf "%%PDF-1.4 gia" > "$6/van-ban.pdf"\n',
        )
    )
    return tmp_path / "runs"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_conversion_past_its_time_is_killed_with_everything_it_started(
    recognized, officer, client, tmp_path, settings
):
    # Like soffice, which starts soffice.bin: the child of the child must go too.
    settings.TRACKER_SOFFICE = str(
        stand_in(tmp_path, f"sleep 300 &\necho $! > {tmp_path}/bin.pid\nsleep 300\n")
    )
    settings.TRACKER_PDF_TIMEOUT_SECONDS = 1
    client.force_login(officer)
    response = client.get(URL)
    assert response.status_code == 404
    assert "không chuyển xong văn bản sang PDF trong 1 giây" in response.content.decode()
    grandchild = int((tmp_path / "bin.pid").read_text())
    for _ in range(50):
        if not _alive(grandchild):
            break
        time.sleep(0.1)
    assert not _alive(grandchild), "the process soffice started outlived the request"


def test_the_same_report_converts_once_and_again_after_its_data_change(
    recognized, officer, client, counting
):
    client.force_login(officer)
    first = client.get(URL)
    assert first.status_code == 200 and first.content == b"%PDF-1.4 gia"
    assert client.get(URL).content == first.content
    assert counting.read_text().count("run") == 1
    result = Assessment.objects.get(ward__code="16672", year=2023).results.get(criterion__number=22)
    criterion_result_set_status(result=result, status=ResultStatus.MET, user=None)
    assert client.get(URL).status_code == 200
    assert counting.read_text().count("run") == 2


def test_a_server_converting_all_it_may_says_to_try_again(
    recognized, officer, client, counting, settings
):
    settings.TRACKER_PDF_SLOTS = 1
    client.force_login(officer)
    with slot("soffice", 1):
        response = client.get(URL)
    assert response.status_code == 503
    assert "Hãy thử lại sau ít phút" in response.content.decode()
    assert not counting.exists()


def test_rendering_and_conversion_end_before_the_worker_timeout_that_make_serve_sets():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    worker_timeout = int(re.search(r"^WORKER_TIMEOUT \?= (\d+)$", makefile, re.M).group(1))
    assert "--timeout $(WORKER_TIMEOUT)" in makefile
    spent = DEFAULTS["TRACKER_TEMPLATE_WALL_SECONDS"] + DEFAULTS["TRACKER_PDF_TIMEOUT_SECONDS"]
    assert spent < worker_timeout
