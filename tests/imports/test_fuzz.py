"""Fuzzing the importer: whatever the bytes, a clear refusal or a correct import.

Issue 6, point 6. Hypothesis feeds import_batch_apply (dry_run=False, so every
write is really attempted) random bytes under random file names, the exported
template truncated or with bytes flipped, inserted or deleted, the template's
archive with members removed, replaced or broken, sheets claiming or holding
cells out to XFD1048576, random Unicode in the cells of a filled template, and
CSV files in random encodings with random delimiters. For every example:

- import_batch_apply returns: any exception is a failure;
- a refused file changed nothing (every result's status, version and note,
  the history and the batches are as before), and each message is Vietnamese
  text that starts with the file's name;
- an accepted file changed exactly what its result lists, with one history row
  per change pointing to the new batch, and nothing else; one that changes
  nothing recorded no batch and says so, starting with the file's name.

Nghệ An's 2023 data set (nghe_an_2023) is loaded once per test; each example
runs inside a savepoint that is rolled back, so every example starts from the
same data.

Runs are random locally and derandomized when CI=true (the "ci" profile below),
so CI fails the same way on every run; CI tries every example on SQLite and a tenth on
PostgreSQL (the files' parsing is the same on both), as TRACKER_QUICK_TESTS=1 (make
test-quick) does. `--hypothesis-show-statistics` prints
how many examples each test tried and what they came to (the events).
"""

import csv
import io
import os
import re
import unicodedata
import warnings
import zipfile

import openpyxl
import pytest
import xlwt
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.imports.workbooks import template_bytes, workbook_bytes
from tracker.assessments.models import CriterionResult
from tracker.imports.columns import STATUS_SPELLINGS
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_apply

settings.register_profile(
    "fuzz",
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.register_profile("fuzz-ci", settings.get_profile("fuzz"), derandomize=True, database=None)
FUZZ = settings.get_profile("fuzz-ci" if os.environ.get("CI") == "true" else "fuzz")
# `make test-quick` (TRACKER_QUICK_TESTS=1) tries a tenth of the examples, as CI's second run.
QUICK = os.environ.get("TRACKER_QUICK_TESTS") == "1"


def examples(n: int) -> int:
    return max(10, n // 10) if QUICK else n


SHEET = "xl/worksheets/sheet1.xml"
DATA_SHEET = "Tiêu chí"
HEADER_ROW = 6  # index of the template's header row (row 7)
STATUS_COLUMNS = range(3, 25)  # D..Y: TC1..TC22
# Letters Vietnamese has and English does not: every message holds some.
VIETNAMESE = re.compile(r"[ăâđêôơưàáạảãầấậẩẫằắặẳẵèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]")

SPELLINGS = [spelling for spellings in STATUS_SPELLINGS.values() for spelling in spellings]


# --- The data every strategy starts from, built once per module -----------------------

_built: dict[str, object] = {}


def template() -> bytes:
    """The exported Nghệ An 2023 template (the same bytes in every test of the module)."""
    if "template" not in _built:
        _built["template"] = template_bytes()
    return _built["template"]


def template_shared() -> bytes:
    """The template saved again by openpyxl's normal mode: its text in xl/sharedStrings.xml."""
    if "shared" not in _built:
        workbook = openpyxl.load_workbook(io.BytesIO(template()))
        workbook[DATA_SHEET]["Y8"] = "Đạt"
        _built["shared"] = workbook_bytes(workbook)
    return _built["shared"]


def template_sheets() -> dict[str, list[list]]:
    """The template's data sheet and _meta sheet as values, to be filled and written again."""
    if "sheets" not in _built:
        workbook = openpyxl.load_workbook(io.BytesIO(template()), read_only=True)
        _built["sheets"] = {
            name: [list(row) for row in workbook[name].iter_rows(values_only=True)]
            for name in (DATA_SHEET, "_meta")
        }
        workbook.close()
    return _built["sheets"]


def ward_codes() -> list[str]:
    return [row[0] for row in template_sheets()[DATA_SHEET][HEADER_ROW + 1 :]]


# --- Checking one example ---------------------------------------------------------------


def outcome(text: str) -> None:
    """What an example came to, counted in --hypothesis-show-statistics."""
    if currently_in_test_context():
        event(text)


def snapshot():
    return (
        {
            pk: (status, version, note)
            for pk, status, version, note in CriterionResult.objects.values_list(
                "pk", "status", "version", "note"
            )
        },
        ImportBatch.objects.count(),
        CriterionResult.history.count(),
    )


def _check_refused(result, file_name, before, after) -> None:
    assert after == before, "a refused file changed the database"
    assert result.batch_id is None
    messages = result.messages()
    assert messages, "refused without a message"
    assert result.sheet_errors[0].code == "not_applied"
    for message in messages:
        assert message.startswith(file_name), f"message does not name the file: {message!r}"
        rest = message[len(file_name) :]
        assert VIETNAMESE.search(rest), f"message is not Vietnamese text: {message!r}"
    outcome(f"refused: {result.sheet_errors[1].code if len(result.sheet_errors) > 1 else 'cells'}")


def _check_applied(result, file_name, before, after) -> None:
    if not result.changes:
        # Nothing to change: no batch is recorded, and the user is told so.
        assert after == before, "a file that changes nothing changed the database"
        assert result.batch_id is None
        assert result.notice.startswith(file_name) and VIETNAMESE.search(result.notice)
        outcome("applied: no change, no batch")
        return
    results_before, batches_before, history_before = before
    results_after, batches_after, history_after = after
    assert result.batch_id is not None
    assert batches_after == batches_before + 1
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert batch.file_name == file_name[:255]
    assert (batch.created, batch.changed) == (result.created, result.changed)
    ids = [c.result_id for c in result.changes]
    assert len(set(ids)) == len(ids), "one result changed twice"
    expected = dict(results_before)
    for change in result.changes:
        status, version, note = results_before[change.result_id]
        assert (change.old_status, change.version, change.old_note) == (status, version, note)
        new_note = note if change.new_note is None else change.new_note
        expected[change.result_id] = (change.new_status, version + 1, new_note)
    assert results_after == expected, "the database differs from what the result said"
    assert history_after == history_before + len(ids)
    history = CriterionResult.history.filter(import_batch_id=batch.pk)
    assert sorted(history.values_list("id", "status", "version", "note")) == sorted(
        (pk, *expected[pk]) for pk in ids
    )
    outcome("applied: changes")


def attempt(data: bytes, file_name: str, **kwargs):
    """Import for real inside a savepoint, check the outcome, and roll it back."""
    with transaction.atomic():
        before = snapshot()
        result = import_batch_apply(data=data, file_name=file_name, dry_run=False, **kwargs)
        after = snapshot()
        if result.ok:
            _check_applied(result, file_name, before, after)
        else:
            _check_refused(result, file_name, before, after)
        transaction.set_rollback(True)
    return result


# --- Strategies -------------------------------------------------------------------------

# Odd characters a cell or a name may hold: controls, bidi marks, zero widths, emoji, NFD.
ODD = st.sampled_from(
    [
        "\x00",
        "\x0b",
        "\x1f",
        "\x7f",
        "\x85",
        "\r\n",
        "\t",
        "\u202e",  # right-to-left override
        "\u200f",
        "\u200b",
        "\ufeff",
        "\u2028",
        "\ufffd",
        "עברית",
        "العربية",
        "👮‍♀️",
        "🇻🇳",
        "Đ\u0323",
        "_x0000_",
        "_x000D_",
        "=1+1",
        "'",
        '"',
        "%s",
        "%(file)s",
        "<t>",
        "&amp;",
        "]]>",
    ]
)
FRAGMENT = st.one_of(
    st.text(max_size=12),
    st.characters(max_codepoint=0x9F).map(str),
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF).map(str),
    ODD,
    st.sampled_from(SPELLINGS),
    st.sampled_from(SPELLINGS).map(lambda s: unicodedata.normalize("NFD", s)),
    st.sampled_from(SPELLINGS).map(str.upper),
)
TEXT = st.one_of(
    st.lists(FRAGMENT, min_size=1, max_size=4).map("".join),
    st.text(),
    # Very long: a repeated piece, up to some 30,000 characters.
    st.builds(lambda piece, times: piece * times, FRAGMENT.filter(bool), st.integers(200, 3000)),
)
CELL = st.one_of(
    TEXT,
    TEXT.map(lambda s: unicodedata.normalize("NFD", s)),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
)
EXTENSIONS = ["xlsx", "xls", "ods", "csv", "txt", "XLSX", "Csv", ""]
# Names as Django hands them over: it drops the non-printable characters of an upload's
# name (MultiPartParser.sanitize_file_name); the command line passes a path.
PRINTABLE = st.characters(
    exclude_categories=["Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"], include_characters=" "
)
FILE_NAMES = st.builds(
    lambda stem, extension: f"{stem}.{extension}" if extension else stem,
    st.one_of(
        st.text(PRINTABLE, min_size=1, max_size=30).filter(lambda s: s.strip() and s.isprintable()),
        st.text(PRINTABLE, min_size=250, max_size=300).filter(str.isprintable),
        st.just("nghe-an"),
    ),
    st.sampled_from(EXTENSIONS),
)
SCOPES = st.fixed_dictionaries(
    {},
    optional={
        "province_code": st.sampled_from(["40", "01"]),
        "year": st.sampled_from([2023, 2024]),
    },
)


def _excel_text(value):
    """What Excel stores for a character XML cannot hold: _xHHHH_."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append([_excel_text(v) for v in row])
    return workbook_bytes(workbook)


def xls(sheets: dict[str, list[list]]) -> bytes:
    workbook = xlwt.Workbook()
    for name, rows in sheets.items():
        worksheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    value = value[:32767]  # the format's limit
                elif isinstance(value, int) and abs(value) >= 2**53:
                    value = float(value)
                if value is not None:
                    worksheet.write(r, c, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_text(rows: list[list], delimiter: str, line_end: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()


def rezip(data: bytes, members: dict[str, bytes | None], *, add: dict | None = None) -> bytes:
    """The archive with some members replaced (bytes) or removed (None)."""
    out = io.BytesIO()
    with (
        warnings.catch_warnings(),
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        warnings.simplefilter("ignore")  # duplicate names are part of the game
        for item in source.infolist():
            content = members.get(item.filename, source.read(item.filename))
            if content is not None:
                target.writestr(item.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


# --- The tests --------------------------------------------------------------------------


@settings(FUZZ, max_examples=examples(150))
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.builds(
            bytes.__add__,
            st.sampled_from(
                [
                    b"PK\x03\x04",
                    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                    b"\xef\xbb\xbf",
                    b"\xff\xfe",
                    b"<?xml version='1.0'?>",
                    b"Ma phuong,So tieu chi,Ket qua\n",
                ]
            ),
            st.binary(max_size=2048),
        ),
    ),
    name=FILE_NAMES,
    scope=SCOPES,
)
def test_random_bytes(nghe_an_2023, data, name, scope):
    attempt(data, name, user=None, **scope)


def _truncated(data, cut):
    return data[: cut % len(data)]


def _flipped(data, flips):
    out = bytearray(data)
    for position, mask in flips:
        out[position % len(out)] ^= mask
    return bytes(out)


def _inserted(data, position, extra):
    position %= len(data)
    return data[:position] + extra + data[position:]


def _deleted(data, position, length):
    position %= len(data)
    return data[:position] + data[position + length :]


MUTATIONS = st.one_of(
    st.builds(lambda cut: lambda d: _truncated(d, cut), st.integers(0, 2**20)),
    st.builds(
        lambda flips: lambda d: _flipped(d, flips),
        st.lists(st.tuples(st.integers(0, 2**20), st.integers(1, 255)), min_size=1, max_size=8),
    ),
    st.builds(
        lambda p, extra: lambda d: _inserted(d, p, extra),
        st.integers(0, 2**20),
        st.binary(min_size=1, max_size=64),
    ),
    st.builds(
        lambda p, n: lambda d: _deleted(d, p, n), st.integers(0, 2**20), st.integers(1, 4096)
    ),
)


@settings(FUZZ, max_examples=examples(150))
@given(
    base=st.sampled_from(["template", "shared"]),
    mutations=st.lists(MUTATIONS, min_size=1, max_size=3),
    name=st.sampled_from(["nghe-an.xlsx", "nghe-an.xls", "nghe-an.ods", "nghe-an"]),
)
def test_truncated_and_corrupted_bytes(nghe_an_2023, base, mutations, name):
    data = template() if base == "template" else template_shared()
    for mutate in mutations:
        data = mutate(data) if data else data
    attempt(data, name, user=None)


GARBAGE = st.one_of(
    st.binary(max_size=512),
    st.text(max_size=200).map(str.encode),
    st.builds(lambda s: f"<{s}>".encode(), st.text(max_size=50)),
    st.just(b""),
)


@st.composite
def broken_archives(draw):
    base = template() if draw(st.booleans()) else template_shared()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        names = archive.namelist()
        contents = {n: archive.read(n) for n in names}
    members: dict[str, bytes | None] = {}
    add: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, 3))):
        action = draw(
            st.sampled_from(
                [
                    "remove",
                    "garbage",
                    "truncate",
                    "splice",
                    "no content types",
                    "shared strings",
                    "duplicate",
                ]
            )
        )
        name = draw(st.sampled_from(names))
        content = contents[name]
        if action == "remove":
            members[name] = None
        elif action == "garbage":
            members[name] = draw(GARBAGE)
        elif action == "truncate":
            members[name] = content[: draw(st.integers(0, max(len(content) - 1, 0)))]
        elif action == "splice":
            start = draw(st.integers(0, len(content)))
            end = draw(st.integers(start, min(len(content), start + 200)))
            members[name] = content[:start] + draw(GARBAGE) + content[end:]
        elif action == "no content types":
            members["[Content_Types].xml"] = None
        elif action == "shared strings" and "xl/sharedStrings.xml" in contents:
            strings = contents["xl/sharedStrings.xml"]
            members["xl/sharedStrings.xml"] = draw(
                st.sampled_from(
                    [
                        strings[: len(strings) // 2],
                        re.sub(rb'count="\d+"', b'count="99999999"', strings),
                        re.sub(rb"<si>.*?</si>", b"", strings, count=5),
                        b"<sst/>",
                    ]
                )
            )
            # Cells pointing past the table.
            sheet = contents[SHEET]
            members[SHEET] = re.sub(rb'(t="s"[^>]*><v>)\d+', rb"\g<1>987654", sheet, count=3)
        elif action == "duplicate":
            add[name] = draw(GARBAGE)
    return rezip(base, members, add=add)


@settings(FUZZ, max_examples=examples(150))
@given(data=broken_archives())
def test_broken_archive_members(nghe_an_2023, data):
    attempt(data, "nghe-an.xlsx", user=None)


COLUMNS = st.one_of(
    st.sampled_from(["A", "Z", "AA", "ZZ", "XFD", "XFE", "ZZZ"]), st.integers(1, 16384)
)
# The template holds 743 cells (A1:Z23 and three small sheets).
CELL_LIMIT = 100_000
ROWS = st.one_of(st.sampled_from([24, 1048576, 1048577, 9999999]), st.integers(24, 1048576))


def _letters(column) -> str:
    if isinstance(column, str):
        return column
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(text: str) -> bytes:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


@st.composite
def huge_sheets(draw):
    base = template_shared()  # Đông Vĩnh reports TC22: an accepted file changes one result
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        sheet_names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        part = draw(st.sampled_from([SHEET, SHEET, *sheet_names]))
        xml = archive.read(part)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(
            st.sampled_from(["dimension", "far cell", "last row", "no references", "merge", "cols"])
        )
        if action == "dimension":
            ref = f"A1:{_letters(draw(COLUMNS))}{draw(ROWS)}".encode()
            if b"<dimension" in xml:
                xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', xml)
            else:
                xml = xml.replace(b"<sheetViews>", b'<dimension ref="' + ref + b'"/><sheetViews>')
        elif action == "far cell":
            row = draw(ROWS)
            ref = f"{_letters(draw(COLUMNS))}{row}".encode() if draw(st.booleans()) else None
            value = draw(st.one_of(st.sampled_from(SPELLINGS), TEXT))
            cell = b'<c t="inlineStr"' + (b' r="' + ref + b'"' if ref else b"")
            cell += b"><is><t>" + _xml_text(value) + b"</t></is></c>"
            xml = xml.replace(
                b"</sheetData>", f'<row r="{row}">'.encode() + cell + b"</row></sheetData>"
            )
        elif action == "last row":
            rows = re.findall(rb'<row r="(\d+)"', xml)
            if rows:
                last = rows[-1]
                row = str(draw(ROWS)).encode()
                head, tail = xml.rsplit(b'<row r="' + last + b'"', 1)
                tail = re.sub(rb'(<c r="[A-Z]+)' + last + rb'"', rb"\g<1>" + row + b'"', tail)
                xml = head + b'<row r="' + row + b'"' + tail
        elif action == "no references":
            xml = re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", xml, count=draw(st.integers(1, 50)))
        elif action == "merge":
            ref = f"A1:{_letters(draw(COLUMNS))}{draw(ROWS)}".encode()
            merge = b'<mergeCells count="1"><mergeCell ref="' + ref + b'"/></mergeCells>'
            xml = xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
        else:
            xml = xml.replace(
                b"<sheetData", b'<cols><col min="1" max="16384" width="9"/></cols><sheetData', 1
            )
    return rezip(base, {part: xml})


@settings(FUZZ, max_examples=examples(100))
@given(data=huge_sheets())
def test_huge_dimensions(nghe_an_2023, data):
    # A smaller cell limit keeps each example cheap; what is refused and why is the same.
    with override_settings(TRACKER_IMPORT_MAX_CELLS=CELL_LIMIT):
        attempt(data, "rong.xlsx", user=None)


@st.composite
def filled_matrices(draw):
    """The template's rows with valid statuses, random text and numbers in chosen cells."""
    rows = [list(row) for row in template_sheets()[DATA_SHEET]]
    meta = [list(row) for row in template_sheets()["_meta"]]
    width = len(rows[HEADER_ROW])
    # Where random values go: statuses (refused unless they happen to mean one), the
    # reading-only columns and the title block (ignored), ward codes and names, headers.
    status_rate = draw(st.sampled_from([0.0, 0.0, 0.01, 0.1, 1.0]))
    ignored_rate = draw(st.sampled_from([0.0, 0.2, 1.0]))
    ward_rate = draw(st.sampled_from([0.0, 0.0, 0.05, 1.0]))
    header_rate = draw(st.sampled_from([0.0, 0.0, 0.0, 0.1, 1.0]))
    rng = draw(st.randoms(use_true_random=False))
    # A handful of random values, spread over however many cells the rates pick.
    pool = draw(st.lists(CELL, min_size=1, max_size=12))
    valid = [None, None, *SPELLINGS]
    for r, row in enumerate(rows):
        row.extend([None] * (width + 1 - len(row)))  # one extra column past Ghi chú
        for c in range(len(row)):
            if r < HEADER_ROW:
                rate = ignored_rate
            elif r == HEADER_ROW:
                rate = header_rate
            elif c in STATUS_COLUMNS:
                if rng.random() >= status_rate:
                    row[c] = rng.choice(valid)
                    continue
                rate = 1.0
            elif c < 2:
                rate = ward_rate
            else:
                rate = ignored_rate
            if rng.random() < rate:
                row[c] = rng.choice(pool)
    return {DATA_SHEET: rows, "_meta": meta}


@settings(FUZZ, max_examples=examples(150))
@given(
    sheets=filled_matrices(),
    form=st.sampled_from(["xlsx", "xlsx", "xls", "csv"]),
    name=FILE_NAMES,
    as_officer=st.booleans(),
)
def test_random_unicode_in_cells(nghe_an_2023, officer, sheets, form, name, as_officer):
    kwargs = {"user": officer if as_officer else None}
    if form == "xlsx":
        data = xlsx(sheets)
    elif form == "xls":
        data = xls(sheets)
    else:
        data = csv_text(sheets[DATA_SHEET], ",", "\n").encode()
        kwargs["year"] = 2023
    attempt(data, name, **kwargs)


LONG_HEADERS = {
    "code": ["Mã phường", "ma phuong", "MÃ ĐƠN VỊ", "Mã GSO"],
    "name": ["Tên phường", "ten phuong", "Đơn vị"],
    "number": ["Số tiêu chí", "so tieu chi", "TC", "Tiêu chí"],
    "result": ["Kết quả", "ket qua", "Đánh giá"],
    "note": ["Ghi chú", "ghi chu", "GHI CHÚ"],
}
ENCODINGS = [
    "utf-8",
    "utf-8",
    "utf-8",
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "cp1258",
    "cp1252",
    "latin-1",
]


@st.composite
def long_rows(draw):
    """A long-format sheet: ward, criterion number, result and a note per row."""
    # Mostly the columns a long sheet needs, in any order; sometimes any subset.
    wanted = draw(st.sampled_from([["code"], ["name"], ["code", "name"]]))
    wanted += ["number", "result", *(["note"] if draw(st.booleans()) else [])]
    any_columns = st.lists(st.sampled_from(list(LONG_HEADERS)), min_size=1, max_size=5, unique=True)
    columns = draw(
        st.sampled_from([True, True, True, False]).flatmap(
            lambda needed: st.permutations(wanted) if needed else any_columns
        )
    )
    header = [draw(st.sampled_from(LONG_HEADERS[c])) for c in columns]
    if draw(st.sampled_from([False, False, False, True])):
        header[draw(st.integers(0, len(header) - 1))] = draw(TEXT)
    codes = ward_codes()
    names = [row[1] for row in template_sheets()[DATA_SHEET][HEADER_ROW + 1 :]]
    # Clean files (random text in the notes only, which are stored) or noisy ones.
    noise = [] if draw(st.booleans()) else [CELL]
    values = {
        "code": lambda ward: st.one_of(st.just(codes[ward]), st.just(int(codes[ward])), *noise),
        "name": lambda ward: st.one_of(st.none(), st.just(names[ward]), *noise),
        "number": lambda number: st.one_of(st.just(number), st.just(f"TC{number}"), *noise),
        "result": lambda ward: st.one_of(st.sampled_from(SPELLINGS), st.none(), *noise),
        "note": lambda ward: st.one_of(st.none(), TEXT),
    }
    # Each (ward, criterion) once: a repeated one is refused as a duplicate.
    keys = st.tuples(st.integers(0, len(codes) - 1), st.integers(1, 22))
    lines = []
    for ward, number in draw(st.lists(keys, max_size=20, unique=True)):
        lines.append(
            [draw(values[column](number if column == "number" else ward)) for column in columns]
        )
    return [header, *lines]


@settings(FUZZ, max_examples=examples(200))
@given(
    rows=long_rows(),
    form=st.sampled_from(["csv", "csv", "csv", "xlsx", "xls"]),
    # The three the reader knows, mostly; any other is read as one column.
    delimiter=st.one_of(
        st.sampled_from([",", ";", "\t"]),
        st.sampled_from(["|", " "]),
        st.characters(max_codepoint=0x7E),
    ),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(ENCODINGS),
    tail=st.one_of(st.just(b""), st.binary(max_size=64)),
    name=st.sampled_from(["ket-qua.csv", "ket-qua.CSV", "ket-qua.txt"]),
    scope=SCOPES,
    as_officer=st.booleans(),
)
def test_long_format_files(
    nghe_an_2023, officer, rows, form, delimiter, line_end, encoding, tail, name, scope, as_officer
):
    if form == "xlsx":
        data, name = xlsx({"Kết quả": rows}), name.rsplit(".", 1)[0] + ".xlsx"
    elif form == "xls":
        data, name = xls({"Kết quả": rows}), name.rsplit(".", 1)[0] + ".xls"
    else:
        try:
            text = csv_text(rows, delimiter, line_end)
        except csv.Error:  # a delimiter the csv module refuses to write with
            text = line_end.join(delimiter.join(map(str, row)) for row in rows)
        data = text.encode(encoding, "replace") + tail
    scope.setdefault("year", 2023)
    attempt(data, name, user=officer if as_officer else None, **scope)


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_a_clean_long_file_is_applied(nghe_an_2023, form):
    """The oracle's own check: a file the fuzzers build from valid values is accepted."""
    codes = ward_codes()
    rows = [["Mã phường", "Số tiêu chí", "Kết quả", "Ghi chú"], [codes[0], 3, "Đạt", "ghi chú"]]
    data = xlsx({"Kết quả": rows}) if form == "xlsx" else csv_text(rows, ";", "\n").encode()
    result = attempt(data, f"ket-qua.{form}", user=None, year=2023)
    assert (result.ok, len(result.changes)) == (True, 1)
