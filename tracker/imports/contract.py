"""The locality template's contract: what the exporter writes and the importer reads back.

Both sides import these names from here, so a renamed sheet or a new version
changes in one place. A file whose template_version differs is refused with a
message asking for a new template.
"""

from decimal import Decimal, InvalidOperation

from tracker.criteria.indicators import NO_FIGURES, Figures

from .columns import normalise, ward_code_read

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


# A ward's row of the record has a third cell: the figures each measured criterion was
# exported with, "7:12/15/ 1://6" (number: numerator/denominator/value, empty where none). A
# file without it treats every filled figure cell as an entry.


def figure_tokens(items) -> str:
    """(number, Figures) of a ward's measured results, as one cell; "-" when none."""
    return (
        " ".join(
            f"{number}:"
            + "/".join("" if v is None else str(v) for v in (f.numerator, f.denominator, f.value))
            for number, f in items
        )
        or "-"
    )


def figure_tokens_read(text) -> dict[int, Figures]:
    figures: dict[int, Figures] = {}
    for token in str(text or "").split():
        if token == "-":
            continue
        number, _colon, parts = token.partition(":")
        values = parts.split("/")
        if not number.isdigit() or len(values) != 3:
            return {}
        try:
            figures[int(number)] = Figures(*(Decimal(v) if v else None for v in values))
        except InvalidOperation:
            return {}
    return figures


def meta_read(sheets) -> tuple[dict[str, str], dict[tuple[str, int], tuple[int, str]]]:
    """The hidden sheet's keys, and what each (ward code, criterion) was exported with:
    (version, status), and (version, status, Figures) where figures were recorded."""
    for sheet in sheets:
        if sheet.name != META_SHEET:
            continue
        meta: dict[str, str] = {}
        record: dict[tuple[str, int], tuple[int, str]] = {}
        numbers: list[int] | None = None
        for row in sheet.rows:
            if not row or row[0] is None:
                continue
            value = row[1] if len(row) > 1 else None
            if numbers is None:
                if str(row[0]) == EXPORT_RECORD:
                    numbers = [int(n) for n in str(value or "").split() if n.isdigit()]
                    continue
                meta[str(row[0])] = "" if value is None else normalise(value)
                continue
            pairs = export_tokens_read(value, len(numbers)) if value is not None else None
            if pairs is None:
                continue  # a row someone typed into the hidden sheet: not the record
            code = ward_code_read(row[0])
            # The figures cell ("-" when none): every criterion of the row was exported with
            # the figures it names, or none.
            with_figures = len(row) > 2 and row[2] is not None
            figures = figure_tokens_read(row[2]) if with_figures else {}
            for number, pair in zip(numbers, pairs, strict=True):
                if pair is not None:
                    record[code, number] = (
                        (*pair, figures.get(number, NO_FIGURES)) if with_figures else pair
                    )
        return meta, record
    return {}, {}
