"""Vietnamese alphabetical order, from ICU's collation for "vi" rather than a table of our own.

ICU's CLDR rules put đ after d, ă and â after a, tones after the letter, and so on;
a unit is looked for by its own name ("Nghệ An"), so the kind that opens the stored
name ("Tỉnh", "Phường" ...) is left out of the order. The key is stored as the hex of
ICU's sort key: its plain byte order is the Vietnamese order, on SQLite as on PostgreSQL.
"""

import unicodedata
from functools import cache

# Longest first: "Thành phố" must be tried before a shorter kind that could start it.
KIND_PREFIXES = sorted(
    [
        "Tỉnh",
        "Thành phố",
        "Quận",
        "Huyện",
        "Thị xã",
        "Phường",
        "Xã",
        "Thị trấn",
        "Đặc khu",
    ],
    key=len,
    reverse=True,
)


@cache
def _collator():
    # Imported on first use: ICU costs a process about 9 MB, and only writing a unit's name
    # needs a key (the pages sort by the stored one).
    import icu

    collator = icu.Collator.createInstance(icu.Locale("vi"))
    # "Phường 2" before "Phường 10", as a reader expects.
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return collator


def without_kind(name: str) -> str:
    """The unit's own name: "Tỉnh Nghệ An" -> "Nghệ An"; "Phường 1" -> "1"."""
    # NFC: a name typed with combining marks still starts with the kind as written here.
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    for prefix in KIND_PREFIXES:
        if name.lower().startswith(prefix.lower() + " "):
            return name[len(prefix) + 1 :]
    return name


def sort_key(name: str) -> str:
    """The text that sorts units by name in Vietnamese order, kind left out."""
    return _collator().getSortKey(without_kind(name)).hex()
