"""Text folding shared by search and name matching."""

import unicodedata

from unidecode import unidecode


def fold(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced form of a Vietnamese text.

    "Phường Đông Vĩnh" and "phuong  dong vinh" fold to the same string; đ
    becomes d, which plain NFD stripping would miss.
    """
    text = unicodedata.normalize("NFC", str(text))
    return " ".join(unidecode(text).lower().split())
