"""Benchmark: a national matrix workbook (every phường of the 2023 map x 22 criteria).

Run:  .venv/bin/python benchmarks/import_export.py
It builds a throw-away SQLite database in a temporary file (SQLITE_PATH), so
it never touches the project's database. The measuring functions take what
they measure as arguments, so a later `manage.py bench` can import them.

Goals (issue 4): import <= 2x an openpyxl read-only read of the same file;
export <= 1.5x openpyxl write-only writing the same cells; the number of
queries of an import does not grow with its rows.
"""

import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent


def setup_database() -> None:
    """A fresh database with the 2023 map and every phường registered for 2023."""
    from django.core.management import call_command
    from django.utils import timezone

    from tracker.models import Assessment, CriteriaSet, CriterionResult, Ward, WardKind
    from tracker.services.units import units_load

    call_command("migrate", verbosity=0)
    units_load(edition="2023")
    call_command("load_fixtures", "criteria_2023.json", stdout=io.StringIO())
    criteria_set = CriteriaSet.objects.get()
    criteria = list(criteria_set.criteria.all())
    wards = Ward.objects.filter(edition__code="2023", kind=WardKind.WARD)
    Assessment.objects.bulk_create(
        [Assessment(ward=w, year=2023, criteria_set=criteria_set) for w in wards]
    )
    now = timezone.now()
    results = CriterionResult.objects.bulk_create(
        [
            CriterionResult(assessment=a, criterion=c, changed_at=now)
            for a in Assessment.objects.filter(year=2023)
            for c in criteria
        ],
        batch_size=2000,
    )
    # A first history row per result, as registration writes it.
    CriterionResult.history.bulk_history_create(results, batch_size=2000)


def export_measure(*, year: int) -> dict:
    """Our template export vs openpyxl write-only writing the same cells."""
    from openpyxl import Workbook

    from tracker.exporting.template import template_build, template_scope

    started = time.perf_counter()
    out = io.BytesIO()
    template_build(scope=template_scope(year=year, all_wards=True)).save(out)
    ours = time.perf_counter() - started

    from openpyxl import load_workbook

    sheets = {
        ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
        for ws in load_workbook(io.BytesIO(out.getvalue()), read_only=True).worksheets
    }
    started = time.perf_counter()
    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(io.BytesIO())
    baseline = time.perf_counter() - started
    cells = sum(len(r) for rows in sheets.values() for r in rows)
    return {"ours": ours, "baseline": baseline, "cells": cells, "data": out.getvalue()}


def workbook_fill(data: bytes, status: str) -> bytes:
    """Every status cell of the template set to one status, as a locality would."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    ws = book["Tiêu chí"]
    header = [c.value for c in ws[7]]
    columns = [i + 1 for i, v in enumerate(header) if str(v).startswith("TC")]
    for row in range(8, ws.max_row + 1):
        for column in columns:
            ws.cell(row=row, column=column, value=status)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_measure(*, data: bytes, file_name: str) -> dict:
    """Our import (applied, history written) vs an openpyxl read-only read of the same file."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from openpyxl import load_workbook

    from tracker.services.imports import import_batch_apply

    started = time.perf_counter()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = sum(len(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True))
    book.close()
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = import_batch_apply(data=data, file_name=file_name, user=None)
    ours = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError("\n".join(result.messages()[:5]))
    return {
        "ours": ours,
        "baseline": baseline,
        "cells": cells,
        "changed": len(result.changes),
        "queries": len(queries),
        "batch": result.batch_id,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        os.environ["SQLITE_PATH"] = str(Path(directory) / "bench.sqlite3")
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
        sys.path.insert(0, str(ROOT))
        django.setup()
        from django.conf import settings

        settings.DEBUG = False  # CaptureQueriesContext counts without keeping every query

        started = time.perf_counter()
        setup_database()
        print(f"set-up: {time.perf_counter() - started:.1f} s")

        export = export_measure(year=2023)
        print(
            f"export: ours {export['ours']:.2f} s, openpyxl write-only {export['baseline']:.2f} s "
            f"({export['cells']} cells): "
            f"ratio {export['ours'] / export['baseline']:.2f} (goal <= 1.5)"
        )
        filled = workbook_fill(export["data"], "Đạt")
        first = import_measure(data=filled, file_name="toan-quoc.xlsx")
        print(
            f"import: ours {first['ours']:.2f} s, openpyxl read-only {first['baseline']:.2f} s, "
            f"{first['changed']} results changed with history, {first['queries']} queries: "
            f"ratio {first['ours'] / first['baseline']:.2f} (goal <= 2)"
        )
        # A file changing half as many rows must take the same number of queries.
        half = workbook_fill(export["data"], "Đạt")
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(half))
        ws = book["Tiêu chí"]
        for row in range(8, 8 + (ws.max_row - 7) // 2):
            ws.cell(row=row, column=5, value="Chưa đạt")
        out = io.BytesIO()
        book.save(out)
        second = import_measure(data=out.getvalue(), file_name="nua.xlsx")
        print(
            f"import of {second['changed']} changes: {second['queries']} queries "
            f"(vs {first['queries']} for {first['changed']})"
        )
        from tracker.models import ImportBatch
        from tracker.services.imports import import_batch_revert

        started = time.perf_counter()
        outcome = import_batch_revert(batch=ImportBatch.objects.get(pk=second["batch"]), user=None)
        print(f"revert of {outcome.restored} changes: {time.perf_counter() - started:.2f} s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (whole process): {peak:.0f} MB")


if __name__ == "__main__":
    main()
