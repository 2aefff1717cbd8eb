"""The benchmark's table speaks the interface's language, like every other command."""

from django.utils.translation import override

from tracker.management.commands.bench import figures_table

FIGURES = {
    "database": "sqlite",
    "wards": 32,
    "results": 704,
    "year": 2025,
    "setup_seconds": 3.0,
    "bench_seconds": 9.0,
    "import_changed": 704,
    "import_seconds": 0.5,
    "import_floor_seconds": 0.4,
    "import_ratio": 1.25,
    "export_cells": 800,
    "export_seconds": 0.2,
    "export_floor_seconds": 0.1,
    "export_ratio": 2.0,
    "import_export_rows": 20,
    "import_export_extrapolated": True,
    "import_export_seconds_for_all": 30.0,
    "import_export_queries_per_row": 5.0,
    "speedup_vs_import_export": 60.0,
    "import_queries": 12,
    "import_queries_one_change": 12,
    "national_page_queries": 6,
    "national_page_kept_queries": 2,
    "national_page_seconds": 0.05,
    "national_page_kept_seconds": 0.01,
    "province_code": "40",
    "province_page_queries": 9,
    "province_page_kept_queries": 2,
    "province_page_seconds": 0.05,
    "province_page_kept_seconds": 0.01,
    "import_peak_rss_mb": 90.0,
}


def test_bench_table_in_vietnamese_with_each_goal_judged():
    with override("vi"):
        table = figures_table(FIGURES)
    lines = table.splitlines()
    assert lines[0].startswith("sqlite: 32 phường, 704 kết quả (năm 2025)")
    assert lines[1].split()[:2] == ["phép", "đo"]
    assert "ngoại suy từ 20 dòng" in table
    export = next(line for line in lines if line.startswith("xuất, mẫu toàn quốc (800 ô)"))
    assert export.endswith("KHÔNG ĐẠT")  # 2.0x against a goal of 1.5x
    imported = next(line for line in lines if line.startswith("nhập, ma trận toàn quốc"))
    assert imported.endswith("đạt")
    for english in ("measure", "results changed", "queries/row", "extrapolated", "faster"):
        assert english not in table


def test_evidence_bench_table_in_vietnamese():
    from benchmarks.evidence import evidence_table

    with override("vi"):
        table = evidence_table(
            {
                "evidence_files": 100,
                "evidence_file_mb": 1.0,
                "evidence_upload_rss_growth_mb": 12.0,
                "evidence_dossier_mb": 100.0,
                "evidence_dossier_rss_growth_mb": 140.0,
            }
        )
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["minh", "chứng"]
    assert lines[2].startswith("tải lên 100 tệp, mỗi tệp 1 MB") and lines[2].endswith("đạt")
    assert lines[3].startswith("truyền hồ sơ của tỉnh") and lines[3].endswith("KHÔNG ĐẠT")
