"""Where the shipped .docx templates are: apart from their layout, which needs python-docx."""

from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
KINDS = ("report", "proposal", "decision")


def template_path(kind: str) -> Path:
    return TEMPLATES_DIR / f"{kind}.docx"
