"""An import's plan (tracker.imports.result.ImportResult) as the API's JSON."""

from django.utils import timezone


def _when(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def plan_json(result, *, dry_run: bool) -> dict:
    return {
        "dry_run": dry_run,
        "applied": result.batch_id is not None,
        "batch": result.batch_id,
        "file_name": result.file_name,
        "sheet": result.sheet,
        "kind": result.kind,
        "province": {"code": result.province_code, "name": result.province_name}
        if result.province_code
        else None,
        "year": result.year,
        "sha256": result.sha256,
        "summary": result.summary(),
        "notice": result.notice,
        "counts": {
            "created": result.created,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "skipped": result.skipped,
            "kept": result.kept,
            "conflicts": len(result.conflicts),
        },
        "changes": [
            {
                "result": c.result_id,
                "version": c.version,
                "ward_code": c.ward_code,
                "ward_name": c.ward_name,
                "criterion": c.criterion_number,
                "old_status": c.old_status,
                "new_status": c.new_status,
                "old_note": c.old_note,
                "new_note": c.new_note,
            }
            for c in result.changes
        ],
        "conflicts": [
            {
                "result": c.result_id,
                "version": c.version,
                "where": c.where,
                "ward_code": c.ward_code,
                "ward_name": c.ward_name,
                "criterion": c.criterion_number,
                "exported_status": c.exported_status,
                "file_status": c.file_status,
                "current_status": c.current_status,
                "changed_by": c.changed_by,
                "changed_at": _when(c.changed_at),
                "resolution": c.resolution,
            }
            for c in result.conflicts
        ],
        "errors": {
            "sheets": [{"code": e.code, "message": e.message} for e in result.sheet_errors],
            "cells": [
                {"row": e.row, "column": e.column, "code": e.code, "message": e.message}
                for e in result.cell_errors
            ],
        },
        # What a confirm may send back as `expected`: nothing may change in between.
        "versions": result.versions(),
        "sheets_read": result.sheets_read,
        "sheets_skipped": [{"sheet": s, "reason": r} for s, r in result.sheets_skipped],
        "rows_ignored": result.rows_ignored,
        "conversions": result.conversions,
    }
