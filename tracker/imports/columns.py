"""The template's columns, each written and read back in one place: a criterion's status,
a ward's code and name. The template (tracker.imports.template) writes with these; the
import reads with them whatever a locality typed, as import-export's widgets render and
clean a field.

Text is compared after NFC normalisation, with case and surrounding spaces
ignored; ward names are also compared without diacritics, since "hung binh" is
what a keyboard without Telex produces.
"""

import functools
import re
import unicodedata

from tracker.assessments.models import ResultStatus
from tracker.text import fold
from tracker.units.models import Ward


def normalise(value) -> str:
    """NFC, lower case, single spaces; numbers as Excel shows them (16663.0 -> "16663")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).casefold().split())


# --- A criterion's status --------------------------------------------------------------


def status_write(status: str) -> str:
    """What the template writes for a status: its label, one of the drop-down's choices."""
    return str(ResultStatus(status).label)


def status_choices() -> list[str]:
    """The drop-down's choices, in ResultStatus order; status_read reads each back."""
    return [status_write(status) for status in ResultStatus.values]


# Accepted spellings of each result status. Any spelling is also accepted
# without diacritics ("dat", "chua dat") and in any case. Documented for users
# on the "Hướng dẫn" sheet of the template and in the README.
STATUS_SPELLINGS: dict[str, tuple[str, ...]] = {
    ResultStatus.MET: (
        "Đạt",
        "Đã đạt",
        "Hoàn thành",
        "Đã hoàn thành",
        "Đ",
        "x",
        "✓",
        "✔",
        "☑",
        "v",
        "Có",
        "1",
        "Yes",
        "OK",
        "TRUE",
        "Đúng",
    ),
    ResultStatus.NOT_MET: (
        "Chưa đạt",
        "Không đạt",
        "Chưa hoàn thành",
        "Không hoàn thành",
        "CĐ",
        "KĐ",
        "0",
        "✗",
        "✘",
        "No",
        "FALSE",
        "Sai",
    ),
    ResultStatus.IN_PROGRESS: ("Đang thực hiện", "Đang làm", "ĐTH", "Đang"),
    ResultStatus.NOT_ASSESSED: ("Chưa đánh giá", "CĐG"),
}

_STATUS_EXACT = {
    normalise(spelling): status
    for status, spellings in STATUS_SPELLINGS.items()
    for spelling in spellings
}
_STATUS_FOLDED = {
    fold(spelling): status
    for status, spellings in STATUS_SPELLINGS.items()
    for spelling in spellings
    if fold(spelling)
}


def status_read(value) -> str | None:
    """The ResultStatus a cell means, or None if it means none of them.

    A spreadsheet's TRUE/FALSE cell is Đạt/Chưa đạt, whatever the other cells hold.
    """
    if isinstance(value, bool):
        return ResultStatus.MET if value else ResultStatus.NOT_MET
    # "Đạt." with the dot a sentence ends with.
    text = normalise(value).rstrip(" .")
    status = _STATUS_EXACT.get(text)
    if status is None and not status_ambiguous(text):
        # unidecode drops symbols such as ✓, so they only match exactly.
        status = _STATUS_FOLDED.get(fold(text))
    return status


def status_ambiguous(value) -> bool:
    """A mark that folds to a spelling without being one: "×" folds to "x" (Đạt), but
    whoever wrote it may have meant a cross (Chưa đạt)."""
    text = normalise(value).rstrip(" .")
    return (
        text not in _STATUS_EXACT
        and fold(text) in _STATUS_FOLDED
        and any(unicodedata.category(ch).startswith(("S", "P")) for ch in text)
    )


# --- A ward's code and name ------------------------------------------------------------


def ward_write(code: str, name: str) -> list[str]:
    """The template's first two cells of a ward's row: the code as text, which keeps its zeros."""
    return [code, name]


# What localities put before a ward's name; stripped before comparing names.
WARD_PREFIX = re.compile(r"^(?:phuong|p\s*\.|p\s+)\s*")


def ward_name_key(value) -> str:
    if isinstance(value, str):
        return _text_name_key(value)
    return WARD_PREFIX.sub("", fold(normalise(value)))


@functools.lru_cache(maxsize=16384)
def _text_name_key(value: str) -> str:
    # Folding costs more than the rest of a row: the same 1,771 names come back in every file.
    return WARD_PREFIX.sub("", fold(normalise(value)))


def ward_code_read(value) -> str:
    """GSO codes have five digits; a spreadsheet that took one for a number drops the zeros."""
    text = normalise(value)
    return text.zfill(5) if text.isdigit() else text


class WardIndex:
    """The wards an import may touch, found by GSO code or by name."""

    def __init__(self, wards: list[Ward]):
        self.by_code = {w.code: w for w in wards}
        self.by_name: dict[str, list[Ward]] = {}
        for ward in wards:
            self.by_name.setdefault(ward_name_key(ward.name), []).append(ward)

    def by_name_key(self, value) -> list[Ward]:
        # "Phương Sơn" loses its first word to the prefix rule; its full text still matches.
        matches = self.by_name.get(ward_name_key(value)) or self.by_name.get(
            fold(normalise(value)), []
        )
        if len(matches) > 1:
            # The name as written, diacritics included, wins over a folded match:
            # "Phường Sa Pả" is Sa Pả, not also Sa Pa.
            exact = _exact_name(value)
            written = [w for w in matches if _exact_name(w.name) == exact]
            if len(written) == 1:
                return written
        return matches


_EXACT_PREFIX = re.compile(r"^(?:phường|p\s*\.|p\s+)\s*")


def _exact_name(value) -> str:
    return _EXACT_PREFIX.sub("", normalise(value))
