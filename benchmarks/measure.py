"""What `manage.py bench` measures, each against a reference taken in the same run.

Every function works on whatever database Django is connected to: the bench
command calls them in a child process connected to a throw-away database.
"""

import io
import re
import resource
import time
import warnings

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from import_export import fields, resources, widgets
from openpyxl import Workbook, load_workbook

from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.imports.services import import_batch_apply
from tracker.imports.template import template_build, template_scope
from tracker.units.loading import units_load
from tracker.units.models import Province

# The national data set of issue 7: every phường of the 2023 map, registered for 2024.
YEAR = 2024
SEED = 1
STATUS_CELLS_FROM_ROW = 8  # the template's first ward row


def statistics_refresh() -> None:
    """ANALYZE after a bulk load, as autovacuum would within a minute or so.

    Without statistics PostgreSQL takes the freshly filled tables for empty
    and plans the national page's aggregate as nested loops: 2.5 s, not 40 ms.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def dataset_build(*, provinces: set[str] | None = None) -> dict:
    """Migrate, load the 2023 map (or some provinces of it), the criteria, and generate_national."""
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    units_load(edition="2023", only_provinces=provinces)
    call_command("load_fixtures", "criteria_2023.json", stdout=io.StringIO())
    call_command(
        "generate_national", "--year", str(YEAR), "--seed", str(SEED), stdout=io.StringIO()
    )
    statistics_refresh()
    return {
        "setup_seconds": time.perf_counter() - started,
        "wards": CriterionResult.objects.filter(assessment__year=YEAR)
        .values("assessment")
        .distinct()
        .count(),
        "results": CriterionResult.objects.filter(assessment__year=YEAR).count(),
    }


def export_measure(*, year: int = YEAR) -> dict:
    """Our national template vs openpyxl's write-only mode writing the same cells."""
    started = time.perf_counter()
    out = io.BytesIO()
    template_build(scope=template_scope(year=year, all_wards=True)).save(out)
    ours = time.perf_counter() - started

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
    floor = time.perf_counter() - started
    return {
        "export_seconds": ours,
        "export_floor_seconds": floor,
        "export_cells": sum(len(r) for rows in sheets.values() for r in rows),
        "data": out.getvalue(),
    }


def workbook_all_changed(data: bytes) -> bytes:
    """The template with every status cell set to another status, as a locality might return it."""
    labels = [str(label) for label in ResultStatus.labels]
    following = {label: labels[(i + 1) % len(labels)] for i, label in enumerate(labels)}
    book = load_workbook(io.BytesIO(data))
    ws = book["Tiêu chí"]
    header = [c.value for c in ws[STATUS_CELLS_FROM_ROW - 1]]
    # A measured criterion's figure columns ("TC7 Tử số", "TC1 Giá trị"): a figure for every
    # result, its status cell left empty for the figures to decide.
    figures = {
        i + 1: (int(m.group(1)), m.group(2))
        for i, v in enumerate(header)
        if (m := re.match(r"^TC(\d+) (Tử số|Mẫu số|Giá trị)$", str(v)))
    }
    measured = {f"TC{number}" for number, _part in figures.values()}
    columns = [i + 1 for i, v in enumerate(header) if re.match(r"^TC\d+$", str(v))]
    for row in range(STATUS_CELLS_FROM_ROW, ws.max_row + 1):
        for column in columns:
            cell = ws.cell(row=row, column=column)
            if header[column - 1] in measured:
                cell.value = None
            else:
                cell.value = following.get(cell.value, labels[0])
        denominator = 10 + row % 7
        for column, (_number, part) in figures.items():
            ws.cell(row=row, column=column).value = {
                "Tử số": (row * 3) % (denominator + 1),
                "Mẫu số": denominator,
                "Giá trị": row % 9,
            }[part]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_one_changed(data: bytes) -> bytes:
    """The template with one status cell changed: an import that must take as many queries."""
    book = load_workbook(io.BytesIO(data))
    ws = book["Tiêu chí"]
    header = [c.value for c in ws[STATUS_CELLS_FROM_ROW - 1]]
    # A criterion without figures: a measured one's status is its figures' to decide.
    measured = {str(v).split()[0] for v in header if re.match(r"^TC\d+ ", str(v))}
    column = next(
        i + 1 for i, v in enumerate(header) if re.match(r"^TC\d+$", str(v)) and v not in measured
    )
    cell = ws.cell(row=STATUS_CELLS_FROM_ROW, column=column)
    cell.value = str(
        ResultStatus.NOT_MET.label
        if cell.value == ResultStatus.MET.label
        else ResultStatus.MET.label
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_measure(*, data: bytes, file_name: str) -> dict:
    """Our import (applied, history written) vs openpyxl's read-only mode reading the same file.

    Run it in a process of its own: the peak RSS it reports is that process's.
    """
    started = time.perf_counter()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = sum(len(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True))
    book.close()
    floor = time.perf_counter() - started

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = import_batch_apply(data=data, file_name=file_name, user=None)
    ours = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError("\n".join(result.messages()[:5]))
    return {
        "import_seconds": ours,
        "import_floor_seconds": floor,
        "import_cells": cells,
        "import_changed": len(result.changes),
        "import_queries": len(queries),
        "import_peak_rss_mb": peak_rss_mb(),
    }


def import_queries(*, data: bytes, file_name: str) -> tuple[int, int]:
    """(results changed, queries) of one applied import."""
    with CaptureQueriesContext(connection) as queries:
        result = import_batch_apply(data=data, file_name=file_name, user=None)
    if not result.ok:
        raise RuntimeError("\n".join(result.messages()[:5]))
    return len(result.changes), len(queries)


def peak_rss_mb() -> float:
    """The peak resident set size of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _StatusWidget(widgets.Widget):
    _values = {str(label): value for value, label in ResultStatus.choices}

    def clean(self, value, row=None, **kwargs):
        return self._values[value]

    def render(self, value, obj=None, **kwargs):
        return str(ResultStatus(value).label)


class LongFormatResultImport(resources.ModelResource):
    """Results in the long format through the library's own per-row path, for comparison only.

    What a plain django-import-export admin does on "confirm": find each row's
    result, save it (simple-history writes its history row), one row at a time.
    """

    ward_code = fields.Field(
        attribute="assessment__ward__code", column_name="Mã phường", readonly=True
    )
    year = fields.Field(attribute="assessment__year", column_name="Năm", readonly=True)
    number = fields.Field(attribute="criterion__number", column_name="Số tiêu chí", readonly=True)
    status = fields.Field(attribute="status", column_name="Kết quả", widget=_StatusWidget())

    class Meta:
        model = CriterionResult
        fields = ["ward_code", "year", "number", "status"]
        import_id_fields = ["ward_code", "year", "number"]


def import_export_measure(*, year: int = YEAR, sample: int | None) -> dict:
    """The library's import of `sample` results (all of them if None), every status changed."""
    import tablib

    labels = [str(label) for label in ResultStatus.labels]
    values = list(ResultStatus.values)
    rows = (
        CriterionResult.objects.filter(assessment__year=year)
        .order_by("assessment__ward__code", "criterion__number")
        .values_list("assessment__ward__code", "criterion__number", "status")
    )
    total = rows.count()
    if sample is not None:
        rows = rows[:sample]
    dataset = tablib.Dataset(headers=["Mã phường", "Năm", "Số tiêu chí", "Kết quả"])
    for code, number, status in rows:
        dataset.append([code, year, number, labels[(values.index(status) + 1) % len(values)]])
    queries = []  # counted, not kept: Django keeps only the last 9,000 queries

    def count(execute, sql, params, many, context):
        queries.append(None)
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        result = LongFormatResultImport().import_data(
            dataset, dry_run=False, use_transactions=True, raise_errors=True
        )
    elapsed = time.perf_counter() - started
    if result.has_errors() or result.has_validation_errors():
        raise RuntimeError("django-import-export refused the sample")
    count = len(dataset)
    return {
        "import_export_rows": count,
        "import_export_seconds": elapsed,
        "import_export_queries_per_row": len(queries) / count,
        "import_export_seconds_per_row": elapsed / count,
        # The library's path is linear in its rows: each costs the same queries.
        "import_export_seconds_for_all": elapsed / count * total,
        "import_export_extrapolated": count < total,
        "import_export_total_rows": total,
    }


# The pages each role is measured on: {province} and {ward} are filled in by page_queries.
ROLE_PAGES = {
    "bo": ["/?year={year}", "/tinh/{province}/?year={year}"],
    "tinh": ["/tinh/{province}/?year={year}"],
    "phuong": ["/phuong/{ward}/?year={year}"],
}
REPEAT = 5


def _timed(client: Client, url: str) -> tuple[int, float]:
    """(queries, median seconds) of REPEAT requests after one that fills the caches."""
    client.get(url, secure=True)  # as over HTTPS, which production requires
    times, count = [], 0
    for _ in range(REPEAT):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
        count = len(queries)
    return count, sorted(times)[REPEAT // 2]


def _role_clients(province_code: str, year: int) -> tuple[dict[str, Client], str]:
    """A logged-in client for the Ministry, the province's police and one of its wards."""
    from tracker.accounts.models import Role
    from tracker.accounts.services import user_add
    from tracker.units.models import Ward

    ward = (
        Ward.objects.filter(province__code=province_code, assessments__year=year)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    users = {
        "bo": get_user_model().objects.create_superuser(username="bench", password=None),
        "tinh": user_add(
            username="bench-tinh", role=Role.PROVINCE, province_code=province_code, map_code="2023"
        )[0],
        "phuong": user_add(
            username="bench-phuong", role=Role.WARD, ward_code=ward, map_code="2023"
        )[0],
    }
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return clients, ward


def page_queries(*, province_code: str | None = None, year: int = YEAR) -> dict:
    """Queries and median time of each role's pages, computed afresh and kept.

    Computed: every part of the page computed again (as on the first view after a
    write, or with the cache off). Kept: served under the data versions
    (`pages[role][path]`). Then one result changes in another province: the
    province page is still kept (`after_other_province_*`) and the overview
    computes that province's row only (`overview_after_write_*`). The Ministry's
    figures are also the flat `national_page_*` and `province_page_*` keys.
    """
    province_code = (
        province_code
        or (
            Province.objects.filter(edition__code="2023")
            .order_by("code")
            .values_list("code", flat=True)
        ).first()
    )
    clients, ward = _role_clients(province_code, year)
    out: dict = {"province_code": province_code, "ward_code": ward, "pages": {}}
    # Static files are served from STATIC_ROOT; a throw-away database has no collectstatic.
    warnings.filterwarnings("ignore", message="No directory at")
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    for kept, suffix in ((0, "computed"), (600, "kept")):
        with override_settings(ALLOWED_HOSTS=hosts, TRACKER_REPORT_CACHE_SECONDS=kept):
            for role, paths in ROLE_PAGES.items():
                for path in paths:
                    url = path.format(year=year, province=province_code, ward=ward)
                    queries, seconds = _timed(clients[role], url)
                    page = out["pages"].setdefault(role, {}).setdefault(url, {})
                    page[f"{suffix}_queries"], page[f"{suffix}_seconds"] = queries, seconds
    with override_settings(ALLOWED_HOSTS=hosts, TRACKER_REPORT_CACHE_SECONDS=600):
        out.update(_after_a_write_elsewhere(clients, province_code, year))
    ministry = out["pages"]["bo"]
    for name, url in (
        ("national_page", f"/?year={year}"),
        ("province_page", f"/tinh/{province_code}/?year={year}"),
    ):
        out[f"{name}_queries"] = ministry[url]["computed_queries"]
        out[f"{name}_seconds"] = ministry[url]["computed_seconds"]
        out[f"{name}_kept_queries"] = ministry[url]["kept_queries"]
        out[f"{name}_kept_seconds"] = ministry[url]["kept_seconds"]
    return out


def _after_a_write_elsewhere(clients: dict, province_code: str, year: int) -> dict:
    """One result changes in another province (QuerySet.update: only the triggers see it)."""
    other = (
        CriterionResult.objects.filter(assessment__year=year)
        .exclude(assessment__ward__province__code=province_code)
        .order_by("pk")
        .first()
    )
    out = {}
    if other is None:  # one province loaded: nothing elsewhere to change
        return out
    province_url = f"/tinh/{province_code}/?year={year}"
    clients["tinh"].get(province_url, secure=True)
    clients["bo"].get(f"/?year={year}", secure=True)
    following = {s: ResultStatus.values[(i + 1) % 4] for i, s in enumerate(ResultStatus.values)}
    CriterionResult.objects.filter(pk=other.pk).update(status=following[other.status])
    for key, client, url in (
        ("after_other_province", clients["tinh"], province_url),
        ("overview_after_write", clients["bo"], f"/?year={year}"),
    ):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            client.get(url, secure=True)
        out[f"{key}_seconds"] = time.perf_counter() - started
        out[f"{key}_queries"] = len(queries)
    return out
