"""The locality template's contract: what the exporter writes and the importer reads back.

Both sides import these names from here, so a renamed sheet or a new version
changes in one place. A file whose template_version differs is refused with a
message asking for a new template.
"""

DATA_SHEET = "Tiêu chí"  # the ward x criterion matrix
CRITERIA_SHEET = "Danh mục tiêu chí"
GUIDE_SHEET = "Hướng dẫn"
META_SHEET = "_meta"  # hidden: what the file was made for
TEMPLATE_VERSION = "1"
HEADER_ROW = 7  # of the data sheet, in the exported template

# The hidden sheet's keys, one a row with its value beside it.
META_KEYS = (
    "template_version",
    "province_code",
    "year",
    "map_edition",
    "criteria_set_code",
    "criteria_set_version",
)

# After the key/value rows, the hidden sheet records what each result was
# exported with, so a returned file is compared three ways: as exported, as in
# the file, as stored now. A row [EXPORT_RECORD, "1 2 … 22"] lists the criteria
# in order, then one row per ward: [ward code, "version:status …"], one token a
# criterion, "-" where the ward has no such result. A file without these rows
# (the long format, a file made by hand) treats every filled cell as an entry.
EXPORT_RECORD = "exported"
# Short codes keep a national record small; ResultStatus values, one letter each.
_STATUS_CODES = {"chua_danh_gia": "g", "dang_thuc_hien": "t", "dat": "d", "chua_dat": "c"}
_CODE_STATUS = {code: status for status, code in _STATUS_CODES.items()}


def export_tokens(pairs) -> str:
    """(version, status) or None per criterion, as one cell."""
    return " ".join(
        "-" if pair is None else f"{pair[0]}:{_STATUS_CODES[pair[1]]}" for pair in pairs
    )


def export_tokens_read(text: str, count: int) -> list[tuple[int, str] | None] | None:
    """The pairs of export_tokens, or None if the cell is not one it wrote."""
    tokens = str(text).split()
    if len(tokens) != count:
        return None
    pairs: list[tuple[int, str] | None] = []
    for token in tokens:
        if token == "-":
            pairs.append(None)
            continue
        version, _colon, code = token.partition(":")
        if not version.isdigit() or code not in _CODE_STATUS:
            return None
        pairs.append((int(version), _CODE_STATUS[code]))
    return pairs
