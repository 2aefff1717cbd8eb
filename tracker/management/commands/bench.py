"""Benchmark at national scale, on a throw-away database, printed as a table (and JSON).

    python manage.py bench [--json FILE] [--provinces 40,01] [--sample 1000 | --full]
    python manage.py bench --evidence [--json FILE]   (evidence memory only, on Nghệ An)

The command itself only creates the throw-away database (a temporary SQLite
file, or `<name>_bench` on the PostgreSQL server of DATABASE_URL) and runs the
work in a child process connected to it; the import runs in a grandchild of
its own, so the peak RSS it reports is the import's. The database the
settings name is never touched.
"""

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benchmarks.databases import django_command, run_child, throwaway_database

GOALS = {
    "import_ratio": 2.0,  # at most, x openpyxl read-only
    "export_ratio": 1.5,  # at most, x openpyxl write-only
    "speedup_vs_import_export": 40.0,  # at least
    "import_peak_rss_mb": 150.0,  # at most
}


KEPT_PAGE_QUERIES = 6  # at most, whatever the role

ROLES = {
    "bo": gettext_lazy("Bộ"),
    "tinh": gettext_lazy("Công an tỉnh"),
    "phuong": gettext_lazy("Công an phường"),
}


def _page_rows(f: dict, mark: dict) -> list[tuple]:
    """Each role's pages, computed afresh and kept: queries and median time."""

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    if "pages" not in f:  # figures of an older run
        return [
            (
                _("số truy vấn SQL trang toàn quốc / (tính mới; bản lưu)"),
                f"{f['national_page_queries']}; {f['national_page_kept_queries']}",
                f"{ms(f['national_page_seconds'])}; {ms(f['national_page_kept_seconds'])}",
                "",
                _("cố định"),
                "",
            )
        ]
    rows = []
    for role, pages in f["pages"].items():
        for path, p in pages.items():
            # The ward page holds the ward's forms: only its parts are kept.
            kept_page = role != "phuong"
            rows.append(
                (
                    _("truy vấn SQL %(path)s, %(role)s (tính mới; bản lưu)")
                    % {"path": path, "role": ROLES[role]},
                    f"{p['computed_queries']}; {p['kept_queries']}",
                    f"{ms(p['computed_seconds'])}; {ms(p['kept_seconds'])}",
                    "",
                    f"<= {KEPT_PAGE_QUERIES}" if kept_page else "",
                    mark[p["kept_queries"] <= KEPT_PAGE_QUERIES] if kept_page else "",
                )
            )
    if "after_other_province_queries" in f:
        rows.append(
            (
                _("truy vấn SQL trang tỉnh sau một lần ghi ở tỉnh khác (%(role)s)")
                % {"role": ROLES["tinh"]},
                f"{f['after_other_province_queries']}",
                ms(f["after_other_province_seconds"]),
                "",
                f"<= {KEPT_PAGE_QUERIES}",
                mark[f["after_other_province_queries"] <= KEPT_PAGE_QUERIES],
            )
        )
        rows.append(
            (
                _("truy vấn SQL trang toàn quốc sau một lần ghi ở tỉnh khác (tính lại một dòng)"),
                f"{f['overview_after_write_queries']}",
                ms(f["overview_after_write_seconds"]),
                "",
                "",
                "",
            )
        )
    return rows


def figures_table(figures: dict) -> str:
    """The bench's figures as a plain-text table, with each goal and whether it holds.

    In the interface's language, like every other command's output.
    """
    f = figures
    rows_count = {"rows": f"{f['import_export_rows']:,}"}
    sample = (
        _("ngoại suy từ %(rows)s dòng") % rows_count
        if f["import_export_extrapolated"]
        else _("cả %(rows)s dòng") % rows_count
    )
    ok = {
        "import_ratio": f["import_ratio"] <= GOALS["import_ratio"],
        "export_ratio": f["export_ratio"] <= GOALS["export_ratio"],
        "speedup_vs_import_export": f["speedup_vs_import_export"]
        >= GOALS["speedup_vs_import_export"],
        "import_peak_rss_mb": f["import_peak_rss_mb"] <= GOALS["import_peak_rss_mb"],
        "import_queries": f["import_queries"] == f["import_queries_one_change"],
    }
    mark = {True: _("đạt"), False: _("KHÔNG ĐẠT")}
    fixed = _("cố định")
    rows = [
        (
            _("nhập, ma trận toàn quốc (%(changed)s kết quả thay đổi, có lịch sử)")
            % {"changed": f"{f['import_changed']:,}"},
            f"{f['import_seconds']:.2f} s",
            _("openpyxl chỉ đọc %(seconds)s s") % {"seconds": f"{f['import_floor_seconds']:.2f}"},
            f"{f['import_ratio']:.2f}x",
            "<= 2x",
            mark[ok["import_ratio"]],
        ),
        (
            _("xuất, mẫu toàn quốc (%(cells)s ô)") % {"cells": f"{f['export_cells']:,}"},
            f"{f['export_seconds']:.2f} s",
            _("openpyxl chỉ ghi %(seconds)s s") % {"seconds": f"{f['export_floor_seconds']:.2f}"},
            f"{f['export_ratio']:.2f}x",
            "<= 1.5x",
            mark[ok["export_ratio"]],
        ),
        (
            _("nhập so với django-import-export, dạng dọc (%(sample)s)") % {"sample": sample},
            f"{f['import_seconds']:.2f} s",
            _("import-export %(seconds)s s (%(queries)s truy vấn/dòng)")
            % {
                "seconds": f"{f['import_export_seconds_for_all']:.1f}",
                "queries": f"{f['import_export_queries_per_row']:.1f}",
            },
            _("nhanh hơn %(times)sx") % {"times": f"{f['speedup_vs_import_export']:.0f}"},
            ">= 40x",
            mark[ok["speedup_vs_import_export"]],
        ),
        (
            _("số truy vấn SQL của một lần nhập"),
            f"{f['import_queries']}",
            _("%(queries)s khi đổi 1 ô") % {"queries": f["import_queries_one_change"]},
            "",
            fixed,
            mark[ok["import_queries"]],
        ),
        *_page_rows(f, mark),
        (
            _("bộ nhớ RSS cao nhất của tiến trình nhập"),
            f"{f['import_peak_rss_mb']:.0f} MB",
            "",
            "",
            "<= 150 MB",
            mark[ok["import_peak_rss_mb"]],
        ),
    ]
    head = (_("phép đo"), _("của ta"), _("đối chiếu"), _("tỉ số"), _("mục tiêu"), "")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = [
        _(
            "%(database)s: %(wards)s phường, %(results)s kết quả (năm %(year)s), "
            "chuẩn bị %(setup)s s, đo %(bench)s s"
        )
        % {
            "database": f["database"],
            "wards": f"{f['wards']:,}",
            "results": f"{f['results']:,}",
            "year": f["year"],
            "setup": f"{f['setup_seconds']:.0f}",
            "bench": f"{f['bench_seconds']:.0f}",
        },
    ]
    for row in [head, *rows]:
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    lines.insert(2, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Đo tốc độ nhập/xuất bảng tính và số truy vấn ở quy mô toàn quốc, "
        "trên một CSDL dùng một lần (không động đến CSDL đang dùng)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_file", help="ghi kết quả ra tệp JSON")
        parser.add_argument(
            "--provinces", help="chỉ các tỉnh này (mã, cách nhau bởi dấu phẩy); mặc định cả nước"
        )
        parser.add_argument(
            "--sample",
            type=int,
            default=1000,
            help="số kết quả nhập qua django-import-export để ngoại suy (mặc định 1000)",
        )
        parser.add_argument(
            "--full", action="store_true", help="nhập mọi kết quả qua django-import-export"
        )
        parser.add_argument(
            "--evidence",
            action="store_true",
            help="chỉ đo bộ nhớ khi tải lên 100 tệp minh chứng 1 MB và tải hồ sơ 100 MB của tỉnh",
        )
        # The child processes' side of the command.
        parser.add_argument(
            "--worker", choices=["run", "import", "evidence", "dossier"], help=argparse.SUPPRESS
        )
        parser.add_argument("--file", help=argparse.SUPPRESS)
        parser.add_argument("--out", help=argparse.SUPPRESS)

    def handle(self, *args, worker, **options):
        if worker == "run":
            return self._run(**options)
        if worker == "import":
            return self._import(**options)
        if worker in ("evidence", "dossier"):
            return self._evidence(worker, **options)
        if options["evidence"]:
            return self._evidence_bench(options["json_file"])
        started = time.perf_counter()
        with throwaway_database("bench") as (env, where), tempfile.TemporaryDirectory() as tmp:
            self.stderr.write(f"CSDL dùng một lần: {where}")
            out = Path(tmp) / "figures.json"
            command = django_command("bench", "--worker", "run", "--out", str(out))
            command += ["--sample", str(options["sample"])]
            if options["full"]:
                command.append("--full")
            if options["provinces"]:
                command += ["--provinces", options["provinces"]]
            try:
                run_child(command, env)
            except Exception as exc:
                raise CommandError(f"Đo không thành công: {exc}") from exc
            figures = json.loads(out.read_text())
        figures["database"] = where.split(" ")[0]
        figures["bench_seconds"] = time.perf_counter() - started
        figures["goals"] = GOALS
        self.stdout.write(figures_table(figures))
        if options["json_file"]:
            Path(options["json_file"]).write_text(json.dumps(figures, indent=2, ensure_ascii=False))

    def _run(self, *, out, sample, full, provinces, **options):
        from benchmarks import measure

        settings.DEBUG = False  # count queries without keeping each one
        wanted = {code.strip() for code in provinces.split(",")} if provinces else None
        figures = {"year": measure.YEAR, **measure.dataset_build(provinces=wanted)}
        export = measure.export_measure()
        data = export.pop("data")
        figures.update(export)
        with tempfile.TemporaryDirectory() as tmp:
            national, imported = Path(tmp) / "toan-quoc.xlsx", Path(tmp) / "import.json"
            national.write_bytes(measure.workbook_all_changed(data))
            command = django_command("bench", "--worker", "import")
            run_child(command + ["--file", str(national), "--out", str(imported)], dict(os.environ))
            figures.update(json.loads(imported.read_text()))
        now = measure.export_measure()["data"]
        _changed, figures["import_queries_one_change"] = measure.import_queries(
            data=measure.workbook_one_changed(now), file_name="mot-o.xlsx"
        )
        figures.update(measure.import_export_measure(sample=None if full else sample))
        province = "40" if wanted is None or "40" in wanted else None
        figures.update(measure.page_queries(province_code=province))
        figures["import_ratio"] = figures["import_seconds"] / figures["import_floor_seconds"]
        figures["export_ratio"] = figures["export_seconds"] / figures["export_floor_seconds"]
        figures["speedup_vs_import_export"] = (
            figures["import_export_seconds_for_all"] / figures["import_seconds"]
        )
        Path(out).write_text(json.dumps(figures))

    def _evidence_bench(self, json_file):
        from benchmarks.evidence import evidence_table

        with (
            throwaway_database("bench_evidence") as (env, where),
            tempfile.TemporaryDirectory(prefix="tracker-bench-media-") as media,
        ):
            self.stderr.write(f"CSDL dùng một lần: {where}")
            out = Path(media) / "figures.json"
            env = {**env, "TRACKER_MEDIA_ROOT": str(Path(media) / "media")}
            try:
                run_child(django_command("bench", "--worker", "evidence", "--out", str(out)), env)
            except Exception as exc:
                raise CommandError(f"Đo không thành công: {exc}") from exc
            figures = json.loads(out.read_text())
        figures["database"] = where.split(" ")[0]
        self.stdout.write(evidence_table(figures))
        if json_file:
            Path(json_file).write_text(json.dumps(figures, indent=2, ensure_ascii=False))

    def _evidence(self, worker, *, out, **options):
        from benchmarks import evidence

        settings.DEBUG = False
        if worker == "dossier":
            Path(out).write_text(json.dumps(evidence.dossier_measure()))
            return
        figures = evidence.upload_measure()
        # The dossier in a process of its own, so its peak is not the uploads'.
        dossier = Path(out).with_suffix(".dossier.json")
        run_child(
            django_command("bench", "--worker", "dossier", "--out", str(dossier)),
            dict(os.environ),
        )
        figures.update(json.loads(dossier.read_text()))
        Path(out).write_text(json.dumps(figures))

    def _import(self, *, file, out, **options):
        from benchmarks import measure

        settings.DEBUG = False
        path = Path(file)
        figures = measure.import_measure(data=path.read_bytes(), file_name=path.name)
        Path(out).write_text(json.dumps(figures))
