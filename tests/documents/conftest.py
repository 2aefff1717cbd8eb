"""Documents read back with python-docx: helpers to find a paragraph and its runs."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from docx import Document

from tracker.assessments.models import Assessment, AssessmentStatus

DECISION = "15/QĐ-BCA"
DECISION_DATE = datetime.date(2024, 1, 5)


def read(data: bytes):
    return Document(io.BytesIO(data))


def paragraphs(doc):
    """Every paragraph of the body, those in tables included, in order."""

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        yield from walk(cell)
            else:
                yield block

    return list(walk(doc))


def paragraph(doc, text: str):
    """The paragraph whose text is exactly `text`."""
    found = [p for p in paragraphs(doc) if p.text == text]
    assert found, f"{text!r} not among {[p.text for p in paragraphs(doc)][:40]}"
    return found[0]


def text_of(doc) -> str:
    return "\n".join(p.text for p in paragraphs(doc))


def runs(paragraph):
    return [r for r in paragraph.runs if r.text]


def progress_json(**options) -> dict:
    out = io.StringIO()
    call_command("progress", format="json", stdout=out, **options)
    return json.loads(out.getvalue())


def document(tmp_path, kind, *args, **options) -> bytes:
    target = tmp_path / f"{kind}.docx"
    call_command("document", kind, *args, output=str(target), stdout=io.StringIO(), **options)
    return target.read_bytes()


@pytest.fixture
def recognized(nghe_an_2023):
    """Two Nghệ An wards recognised by decision 15/QĐ-BCA, a third forwarded and waiting."""
    Assessment.objects.filter(ward__code__in=["16663", "16666"], year=2023).update(
        status=AssessmentStatus.RECOGNIZED, decision_number=DECISION, decision_date=DECISION_DATE
    )
    Assessment.objects.filter(ward__code="16669", year=2023).update(
        status=AssessmentStatus.PROPOSED,
        forwarded_at=datetime.datetime(2023, 12, 20, tzinfo=datetime.UTC),
    )
