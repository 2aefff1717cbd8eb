"""One path from a request or a command to a document's bytes: context, template, PDF."""

from datetime import date

from tracker.documents.context import (
    Signer,
    decision_context,
    proposal_context,
    report_context,
)
from tracker.documents.render import docx_render, pdf_convert


def document_context(
    *,
    kind: str,
    provinces: list,
    year: int,
    day: date | None = None,
    signer: Signer | None = None,
    number: str = "",
    draft: bool = False,
) -> dict:
    if kind == "decision":
        return decision_context(
            year=year, provinces=provinces, number=number, day=day, draft=draft, signer=signer
        )
    build = report_context if kind == "report" else proposal_context
    (province,) = provinces
    return build(province=province, year=year, day=day, signer=signer)


def document_bytes(*, kind: str, pdf: bool = False, **options) -> bytes:
    """The .docx (or its PDF) of a document; DocumentError when the data cannot make it."""
    docx = docx_render(kind, document_context(kind=kind, **options))
    return pdf_convert(docx) if pdf else docx


def document_name(kind: str, *, year: int, code: str = "", pdf: bool = False) -> str:
    stem = {"report": "bao-cao", "proposal": "to-trinh", "decision": "quyet-dinh"}[kind]
    stem = f"{stem}-{code}-{year}" if code else f"{stem}-{year}"
    return f"{stem}.{'pdf' if pdf else 'docx'}"
