"""Text typed with the legacy Vietnamese fonts, as it reads in Unicode, converted to Unicode.

Provincial offices still type with TCVN3 (ABC: .VnTime, .VnArial) and VNI
(VNI-Times) fonts: the workbook stores the font's byte codes as Windows
characters, so "Đạt" typed in .VnTime reads "§¹t" anywhere else, and in
VNI-Times "Ñaït". No well-kept Python library converts them (the PyPI
packages found are unmaintained one-offs), so the code tables live here,
written as the standards publish them, byte code by byte code, and tested
against those tables (tests/imports/test_legacy_fonts.py).

The importer asks for a conversion only of a cell that matches nothing as
written, and uses it only when the converted text matches something; the
preview says so per cell. What converts to nothing known stays an error.
"""

import re
import unicodedata

# TCVN 5712:1993 (VN3, "ABC"), the single-byte table of the .Vn fonts: byte
# code -> letter. Capitals with tones live in separate fonts (.VnTimeH) that
# reuse the lower-case codes, so only the seven plain capitals are here.
TCVN3_CODES: dict[int, str] = {
    0xB5: "à", 0xB8: "á", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ",
    0xA8: "ă", 0xBB: "ằ", 0xBE: "ắ", 0xBC: "ẳ", 0xBD: "ẵ", 0xC6: "ặ",
    0xA9: "â", 0xC7: "ầ", 0xCA: "ấ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCB: "ậ",
    0xAE: "đ",
    0xCC: "è", 0xD0: "é", 0xCE: "ẻ", 0xCF: "ẽ", 0xD1: "ẹ",
    0xAA: "ê", 0xD2: "ề", 0xD5: "ế", 0xD3: "ể", 0xD4: "ễ", 0xD6: "ệ",
    0xD7: "ì", 0xDD: "í", 0xD8: "ỉ", 0xDC: "ĩ", 0xDE: "ị",
    0xDF: "ò", 0xE3: "ó", 0xE1: "ỏ", 0xE2: "õ", 0xE4: "ọ",
    0xAB: "ô", 0xE5: "ồ", 0xE8: "ố", 0xE6: "ổ", 0xE7: "ỗ", 0xE9: "ộ",
    0xAC: "ơ", 0xEA: "ờ", 0xED: "ớ", 0xEB: "ở", 0xEC: "ỡ", 0xEE: "ợ",
    0xEF: "ù", 0xF3: "ú", 0xF1: "ủ", 0xF2: "ũ", 0xF4: "ụ",
    0xAD: "ư", 0xF5: "ừ", 0xF8: "ứ", 0xF6: "ử", 0xF7: "ữ", 0xF9: "ự",
    0xFA: "ỳ", 0xFD: "ý", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ",
    0xA1: "Ă", 0xA2: "Â", 0xA7: "Đ", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư",
}  # fmt: skip

# VNI for Windows: a letter, then a mark byte. Mark -> combining marks it adds,
# lower case; the capital marks are the same bytes' capitals (ù -> Ù, 0xF9 -> 0xD9).
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
VNI_MARKS: dict[int, str] = {
    0xF9: _ACUTE, 0xF8: _GRAVE, 0xFB: _HOOK, 0xF5: _TILDE, 0xEF: _DOT,
    0xE2: _CIRCUMFLEX, 0xE1: _CIRCUMFLEX + _ACUTE, 0xE0: _CIRCUMFLEX + _GRAVE,
    0xE5: _CIRCUMFLEX + _HOOK, 0xE3: _CIRCUMFLEX + _TILDE, 0xE4: _CIRCUMFLEX + _DOT,
    0xEA: _BREVE, 0xE9: _BREVE + _ACUTE, 0xE8: _BREVE + _GRAVE,
    0xFA: _BREVE + _HOOK, 0xFC: _BREVE + _TILDE, 0xEB: _BREVE + _DOT,
}  # fmt: skip
# Letters VNI writes as one byte: the i's, y with a dot, ơ, ư, đ (lower case; capitals likewise).
VNI_SINGLE: dict[int, str] = {
    0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị",
    0xEE: "ỵ", 0xF4: "ơ", 0xF6: "ư", 0xF1: "đ",
}  # fmt: skip
# Breve and circumflex marks (and their toned forms) go on a; circumflex on e and o too.
_BREVE_MARKS = {0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB}


def _capital(code: int) -> int:
    return code - 0x20


def _windows(code: int) -> str:
    """How a byte of the legacy font reads once stored as a Windows (cp1252) character."""
    return bytes([code]).decode("cp1252")


_TCVN3 = {_windows(code): letter for code, letter in TCVN3_CODES.items()}

_VNI_PAIRS: dict[str, str] = {}
for _base in "aeiouyAEIOUY":
    for _code, _marks in VNI_MARKS.items():
        if _code in _BREVE_MARKS and _base not in "aA":
            continue
        if _CIRCUMFLEX in _marks and _base not in "aeoAEO":
            continue
        if _base in "iyIY" and _code not in (0xF9, 0xF8, 0xFB, 0xF5, 0xEF):
            continue
        mark = _windows(_code if _base.islower() else _capital(_code))
        _VNI_PAIRS[_base + mark] = unicodedata.normalize("NFC", _base + _marks)
# ơ and ư are one byte each, and take a tone mark after them.
for _code, _letter in ((0xF4, "ơ"), (0xF6, "ư")):
    for _mark in (0xF9, 0xF8, 0xFB, 0xF5, 0xEF):
        _VNI_PAIRS[_windows(_code) + _windows(_mark)] = unicodedata.normalize(
            "NFC", _letter + VNI_MARKS[_mark]
        )
        _VNI_PAIRS[_windows(_capital(_code)) + _windows(_capital(_mark))] = unicodedata.normalize(
            "NFC", _letter.upper() + VNI_MARKS[_mark]
        )
_VNI_SINGLES = {_windows(code): letter for code, letter in VNI_SINGLE.items()}
_VNI_SINGLES.update(
    {_windows(_capital(code)): letter.upper() for code, letter in VNI_SINGLE.items()}
)
_VNI = re.compile(
    "|".join(re.escape(key) for key in sorted([*_VNI_PAIRS, *_VNI_SINGLES], key=len, reverse=True))
)

# What legacy text has and Unicode Vietnamese does not: a character past U+00FF.
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


def tcvn3_read(text: str) -> str | None:
    """The Unicode text of TCVN3 text read as Windows characters; None if it has none of
    TCVN3's letters or holds a character TCVN3 cannot have produced."""
    if _BEYOND_LATIN1.search(text) or not any(ch in _TCVN3 for ch in text):
        return None
    return "".join(_TCVN3.get(ch, ch) for ch in text)


def vni_read(text: str) -> str | None:
    """The Unicode text of VNI text read as Windows characters (the same text when it holds
    no VNI letter: í, ì are the same codes in both), or None if VNI cannot have produced it."""
    if _BEYOND_LATIN1.search(text):
        return None
    return _VNI.sub(lambda m: _VNI_PAIRS.get(m.group(0)) or _VNI_SINGLES[m.group(0)], text)


def legacy_readings(text: str) -> list[tuple[str, str]]:
    """(encoding, converted text) for each legacy encoding the text may be in."""
    readings = []
    for name, read in (("TCVN3", tcvn3_read), ("VNI", vni_read)):
        converted = read(text)
        if converted is not None and converted != text:
            readings.append((name, converted))
    return readings


def looks_legacy(text: str) -> tuple[str, str] | None:
    """For a note, which no list can confirm: a reading only when the text holds a sign
    that Vietnamese in Unicode never has (TCVN3's µ, ¹, §...; VNI's 'aï', 'Ñ'...)."""
    if _BEYOND_LATIN1.search(text):
        return None
    # VNI first: its letter-and-mark pairs are specific, while a VNI text also holds
    # bytes that TCVN3 would read as letters (Ñ is đ in VNI, ẹ in TCVN3).
    if _VNI_SIGNS.search(text):
        converted = vni_read(text)
        if converted is not None and converted != text:
            return ("VNI", converted)
    if any(ch in _TCVN3_SIGNS for ch in text):
        converted = tcvn3_read(text)
        if converted is not None:
            return ("TCVN3", converted)
    return None


# Letters Vietnamese uses that Latin-1 has: a Unicode text may hold them, so they prove nothing.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_SIGNS = {ch for ch in _TCVN3 if ch not in _VIETNAMESE_LATIN1}
_VNI_SIGNS = re.compile(
    "|".join(
        re.escape(key)
        for key in [*_VNI_PAIRS, "ñ", "Ñ"]
        if not all(ch in _VIETNAMESE_LATIN1 or ch.isascii() for ch in key)
        or key[-1] in "ùøûõïÙØÛÕÏ"
    )
)
