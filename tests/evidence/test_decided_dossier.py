"""A province's dossier after the Ministry's decision, and with no ward to hold (issue 26)."""

import datetime
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests.evidence.conftest import pdf, upload
from tracker.assessments.models import Assessment, AssessmentStatus
from tracker.evidence.dossier import TOC_NAME
from tracker.evidence.services import evidence_add

URL = "/tinh/40/ho-so.zip?year=2023"
EMPTY = "Tỉnh Nghệ An chưa có phường nào đề nghị công nhận năm 2023"


def decide(code: str, status, **decision):
    Assessment.objects.filter(ward__code=code, year=2023).update(
        status=status, forwarded_at=datetime.datetime(2023, 12, 20, tzinfo=datetime.UTC), **decision
    )


def test_decided_wards_stay_in_the_province_dossier(dong_vinh, people, client):
    evidence_add(
        result=dong_vinh.results.get(criterion__number=22),
        user=None,
        files=[upload("a.pdf", pdf())],
    )
    decide(
        "16663",
        AssessmentStatus.RECOGNIZED,
        decision_number="15/QĐ-BCA",
        decision_date=datetime.date(2024, 1, 5),
    )
    decide("16666", AssessmentStatus.REFUSED)
    client.force_login(people["province"])
    response = client.get(URL)
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert {n.split("/")[0].split(" - ")[0] for n in names} == {"16663", "16666"}
    assert any(n.startswith("16663 - ") and n.endswith("/01 - a.pdf") for n in names)
    assert any(n.startswith("16666 - ") and n.endswith(TOC_NAME) for n in names)


def test_an_empty_province_dossier_is_a_page_saying_why(people, client, tmp_path):
    client.force_login(people["province"])
    response = client.get(URL)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert EMPTY in response.content.decode()
    target = tmp_path / "tinh.zip"
    with pytest.raises(CommandError, match=EMPTY):
        call_command("dossier", province="40", year=2023, output=str(target), stdout=io.StringIO())
    assert not target.exists()
