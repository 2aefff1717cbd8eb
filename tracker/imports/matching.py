"""Recognising what localities write: headers, wards and statuses, however they are spelled.

Text is compared after NFC normalisation, with case and surrounding spaces
ignored; headers and ward names are also compared without diacritics, since
"Ma phuong" and "hung binh" are what a keyboard without Telex produces.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

from tracker.models import ResultStatus, Ward
from tracker.text import fold

from .legacy_fonts import legacy_readings


def normalise(value) -> str:
    """NFC, lower case, single spaces; numbers as Excel shows them (16663.0 -> "16663")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).casefold().split())


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


def status_match(value) -> str | None:
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


# Header texts, folded. The first of each is what the template writes.
CODE_HEADERS = ("ma phuong", "ma", "ma don vi", "ma gso", "ma xa", "ma dvhc", "ma phuong/xa")
NAME_HEADERS = ("ten phuong", "ten", "ten don vi", "phuong", "don vi", "ten phuong/xa")
NOTE_HEADERS = ("ghi chu",)
NUMBER_HEADERS = ("so tieu chi", "tieu chi", "so tc", "tc", "stt tieu chi")
YEAR_HEADERS = ("nam", "nam danh gia")
RESULT_HEADERS = ("ket qua", "ket qua danh gia", "danh gia")
# "TC22", "TC 22", "TC.22", "TC-22", "Tiêu chí 22", "Tiêu chí số 22" (folded).
CRITERION_HEADER = re.compile(r"^(?:tc|tieu chi)\s*(?:so\s*)?[.:\-]?\s*0*(\d{1,3})\b")
# How far down the header row may be: a letterhead and a title take a dozen rows or more.
HEADER_SCAN = 50
# A total row's first text, folded: "Tổng cộng", "Cộng", "Tổng", "Tổng số".
TOTAL_ROW = re.compile(r"^(?:tong cong|cong|tong|tong so)\b\s*:?")
# What the signature block under a table says, folded.
SIGNATURE_ROW = re.compile(
    r"^(?:nguoi lap|nguoi ky|thu truong|truong cong an|truong phong|giam doc|chi huy|"
    r"xac nhan|ky ten|noi nhan|can bo)|ngay\s*\.*\s*\d*\s*\.*\s*thang"
)


def criterion_number(value) -> int | None:
    """A criterion number as written: 22, "22", "22.0", "TC22", "TC.22", "Tiêu chí 22"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, int):
        return value
    text = fold(normalise(value))
    match = CRITERION_HEADER.match(text)
    if match and match.end() == len(text):
        return int(match.group(1))
    text = text.removesuffix(".0")
    return int(text) if text.isdigit() else None


@dataclass(frozen=True)
class Header:
    row: int  # index into the sheet's rows
    kind: str  # "matrix" or "long"
    code: int | None
    name: int | None
    note: int | None
    number: int | None = None
    result: int | None = None
    year: int | None = None
    # column index -> criterion number, and header text for messages
    criteria: tuple[tuple[int, int], ...] = ()
    texts: tuple[str, ...] = ()
    # (column, encoding, converted text) of the header cells typed with a legacy font.
    legacy: tuple[tuple[int, str, str], ...] = ()


def _first(cells: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in cells:
            return cells.index(name)
    return None


_KNOWN_HEADERS = frozenset(
    CODE_HEADERS + NAME_HEADERS + NOTE_HEADERS + NUMBER_HEADERS + RESULT_HEADERS + YEAR_HEADERS
)


def _header_fold(text: str) -> tuple[str, tuple[str, str] | None]:
    """A header cell folded, and (encoding, text) if it was typed with a legacy font."""
    folded = fold(text)
    if not text or text.isascii() or folded in _KNOWN_HEADERS:
        return folded, None
    for name, converted in legacy_readings(text):
        candidate = fold(converted)
        if candidate in _KNOWN_HEADERS:
            return candidate, (name, converted)
    return folded, None


def header_closest(sheets, *, scan: int) -> tuple[str, int, tuple[str, ...]] | None:
    """(sheet, row, texts) of the row most like a header, for the message when none is found."""
    best, best_score = None, 0
    wanted = set(CODE_HEADERS + NAME_HEADERS + NUMBER_HEADERS + RESULT_HEADERS)
    for sheet in sheets:
        for index, row in enumerate(sheet.rows[:scan]):
            texts = tuple(" ".join(str(v).split()) for v in row if v is not None and str(v).strip())
            score = sum(fold(t) in wanted or bool(CRITERION_HEADER.match(fold(t))) for t in texts)
            if score > best_score:
                best, best_score = (sheet.name, index, texts[:8]), score
    return best


def header_find(rows: list[list], *, scan: int = HEADER_SCAN) -> Header | None:
    """The header row among the first `scan` rows, in whatever column order."""
    for index, row in enumerate(rows[:scan]):
        texts = tuple("" if v is None else " ".join(str(v).split()) for v in row)
        read = [_header_fold(t) for t in texts]
        cells = [folded for folded, _reading in read]
        legacy = tuple(
            (column, *reading) for column, (_f, reading) in enumerate(read) if reading is not None
        )
        code, name = _first(cells, CODE_HEADERS), _first(cells, NAME_HEADERS)
        if code is None and name is None:
            continue
        number, result = _first(cells, NUMBER_HEADERS), _first(cells, RESULT_HEADERS)
        if number is not None and result is not None:
            return Header(
                row=index,
                kind="long",
                code=code,
                name=name,
                note=_first(cells, NOTE_HEADERS),
                number=number,
                result=result,
                year=_first(cells, YEAR_HEADERS),
                texts=texts,
                legacy=legacy,
            )
        criteria = tuple(
            (column, int(match.group(1)))
            for column, cell in enumerate(cells)
            if (match := CRITERION_HEADER.match(cell))
        )
        if criteria:
            return Header(
                row=index,
                kind="matrix",
                code=code,
                name=name,
                note=_first(cells, NOTE_HEADERS),
                criteria=criteria,
                texts=texts,
                legacy=legacy,
            )
    return None


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


def ward_code_key(value) -> str:
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
