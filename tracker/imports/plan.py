"""From an uploaded file to the changes it would make, without writing anything.

Both the preview and the apply step call import_plan on the file's bytes, so
what is applied is what the server read, never what a browser sent back. The
steps, each in its own module:

1. safety and readers: the upload is checked, then read into sheets of values;
2. contract: the hidden sheet says what the template was made for and what each
   result was exported with;
3. sheets: which sheets hold data, and each one's header row;
4. snapshot: the scope's wards and results, read from the database once;
5. rows: each row's ward, and each cell's status read by the columns' rules;
6. compare: each status against the stored and exported ones, giving changes,
   conflicts and, against a preview's versions, stale results.
"""

import contextlib
import gc
import hashlib

from django.utils.translation import gettext as _

from .compare import Comparison, conflicts_changed_by, stale_find
from .contract import TEMPLATE_VERSION, meta_read
from .figures import rules_check
from .readers import workbook_read
from .result import ImportResult
from .rows import RowReader, headers_check
from .safety import upload_check
from .sheets import SheetReader, data_sheets, no_header, year_read
from .snapshot import snapshot_read


@contextlib.contextmanager
def collector_paused():
    """A national file makes some 100,000 small objects, none of them in a cycle.

    Python's cycle collector would walk the growing heap again and again while
    they are made (a sixth of the plan's time); it resumes when the plan is made.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@collector_paused()
def import_plan(
    *,
    data: bytes,
    file_name: str,
    province_code: str | None = None,
    year: int | None = None,
    on_conflict: str | None = None,
    resolutions: dict[int, str] | None = None,
    expected: dict[str, int] | None = None,
    user=None,
) -> ImportResult:
    """Read a file and compare it with the database; nothing is written.

    user: whose import it is, for the lock rule (None: the command line).

    on_conflict ("keep" or "file") resolves every conflict, resolutions (result id
    to "keep" or "file") each one; an unresolved conflict is left for the caller to
    refuse. expected: the versions a preview showed (ImportResult.versions); a result
    this plan would change whose version differs is listed in `stale`.
    """
    result = ImportResult(file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    kind, error = upload_check(data=data, file_name=file_name)
    if error is not None:
        result.sheet_errors.append(error)
        return result
    sheets, error = workbook_read(data=data, kind=kind, file_name=file_name)
    if error is not None:
        result.sheet_errors.append(error)
        return result
    meta, record = meta_read(sheets)

    if meta.get("template_version", TEMPLATE_VERSION) != TEMPLATE_VERSION:
        return result.refuse(
            "template_version",
            _("%(file)s: mẫu phiên bản %(version)s không được hỗ trợ; hãy tải mẫu mới.")
            % {"file": file_name, "version": meta["template_version"]},
        )
    found, result.sheets_skipped = data_sheets(sheets)
    year = year_read(result, meta=meta, year=year, found=found)
    if year is None:
        return result
    result.year = year

    if not found:
        return no_header(result, sheets)
    result.sheets_read = [sheet.name for sheet, _header in found]
    result.sheet, result.kind = found[0][0].name, found[0][1].kind

    snapshot = snapshot_read(result, meta=meta, year=year, province_code=province_code, user=user)
    if snapshot is None:
        return result

    readers = [SheetReader(result, sheet, header, csv=kind == "csv") for sheet, header in found]
    headers_check(result, readers, snapshot.numbers)
    if result.cell_errors:
        return result

    comparison = Comparison(
        result=result,
        snapshot=snapshot,
        record=record,
        on_conflict=on_conflict,
        resolutions=resolutions or {},
    )
    rows = RowReader(result=result, snapshot=snapshot, year=year, comparison=comparison)
    for reader in readers:
        rows.sheet(reader)
    rules_check(comparison, snapshot)
    comparison.finish()
    if result.conflicts:
        conflicts_changed_by(result.conflicts)
    if expected is not None:
        stale_find(result, snapshot.current, expected, comparison.where_of)
    return result
