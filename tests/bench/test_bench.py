"""`manage.py bench` on one province: the figures it promises, as numbers. Never timings."""

import io
import json
import numbers

from django.core.management import call_command

from tracker.management.commands.bench import figures_table

KEYS = [
    "import_ratio",
    "export_ratio",
    "speedup_vs_import_export",
    "import_queries",
    "national_page_queries",
    "province_page_queries",
    "import_peak_rss_mb",
]


def test_bench_on_one_province_writes_every_figure(tmp_path):
    target = tmp_path / "bench.json"
    out = io.StringIO()
    call_command("bench", "--provinces", "40", "--sample", "20", "--json", str(target), stdout=out)
    figures = json.loads(target.read_text())
    for key in KEYS:
        assert isinstance(figures[key], numbers.Real) and figures[key] > 0, key
    # Nghệ An's 32 phường, 22 results each, every one changed by the imported file.
    assert (figures["wards"], figures["results"], figures["import_changed"]) == (32, 704, 704)
    assert figures["import_queries"] == figures["import_queries_one_change"]
    assert figures["import_export_extrapolated"] is True
    assert figures["import_export_rows"] == 20
    assert figures["province_code"] == "40"
    # A page kept under the data versions reads none of the report's data.
    for page in ("national_page", "province_page"):
        assert 0 < figures[f"{page}_kept_queries"] < figures[f"{page}_queries"], page
    # Each role's pages: the Ministry's and the province's kept in at most 6 queries; the
    # ward's page (its forms are the user's own) keeps only its parts.
    assert set(figures["pages"]) == {"bo", "tinh", "phuong"}
    for role, pages in figures["pages"].items():
        for path, page in pages.items():
            assert page["kept_queries"] < page["computed_queries"], path
            if role != "phuong":
                assert page["kept_queries"] <= 6, path
    assert "/phuong/16663/?year=2024" in figures["pages"]["phuong"]
    assert "ngoại suy từ 20 dòng" in out.getvalue()
    assert figures_table(figures) in out.getvalue()
