"""One data set, one set of figures: every output asks the same rule homes.

Completion (tracker/assessments/completion.py), the map in force
(tracker/units/maps.py), the target standing (tracker/targets/standing.py) and
the workflow's steps (tracker/assessments/workflow.py) each have one home. Here
one province is built for programme year 2025, the year of the 2025 target
(30-50%), with every edge case of those rules in it, and the figures are read
back from each output: the `progress` command's JSON, the national overview
page and workbook, the province page, its workbook, its charts and its
report document (.docx), and the services behind them. Each output gives a
dict of what it shows; one assertion compares them all with the figures expected from the data, so a
disagreement names the output that differs.

Province 01, 20 phường, 6 registered for 2025 (exactly the 30% minimum):

    01000  21/22  registered      TC22 not met
    01001  21/22  building        TC22 not met
    01002  22/22  proposed        (proposed through the workflow)
    01003  22/22  recognised      (proposed, forwarded, recognised)
    01004   0/0   registered      no results yet: meets nothing
    01005  21/22  registered      TC22 not met

Ministry quota 8 (a figure unlike every other, so a column swap shows).
"""

import datetime
import io
import json
import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from tests.clock import LOCAL
from tests.conftest import CRITERIA
from tracker.accounts.models import Role
from tracker.assessments.models import Assessment, AssessmentStatus, ResultStatus
from tracker.assessments.services import assessment_register, assessment_set_status
from tracker.assessments.workflow import (
    assessment_forward,
    assessment_propose,
    assessment_recognize,
    workflow_steps,
)
from tracker.criteria.models import CriteriaSet
from tracker.reports.national import national_overview
from tracker.reports.progress import national_progress, province_progress
from tracker.reports.province import province_report
from tracker.targets.models import ProvinceQuota
from tracker.units.maps import map_in_force
from tracker.units.models import MapEdition, Ward

YEAR = 2025
# The commands' trend runs from the pilot to today's year.
TODAY = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=LOCAL)
ALL_MET = {n: ResultStatus.MET for n in range(1, CRITERIA + 1)}

# What the data set gives, worked out by hand from the table above.
EXPECTED = {
    "map": "2023",  # the only map, in force on 1 January 2025
    "wards_total": 20,
    "registered": 6,
    "meeting_all": 2,  # 01002 and 01003; not the 21/22 wards, not the 0/0 ward
    "recognized": 1,
    "quota": 8,
    "registered_share": 30.0,  # 6 of 20: exactly the 2025 minimum
    "recognized_share": 5.0,  # 1 of 20
    "standing_2025": "Đúng tiến độ",  # the target year itself, at the minimum: on track
    "standing_2030": "Chậm tiến độ",  # 100% by 2030: 30% registered is far off
    "behind": {2025: 0, 2030: 1},  # provinces behind each target, of the one province
}
WARDS = {
    # code: (met/total, criteria not met)
    "01000": ("21/22", [22]),
    "01001": ("21/22", [22]),
    "01002": ("22/22", []),
    "01003": ("22/22", []),
    "01004": ("0/0", []),
    "01005": ("21/22", [22]),
}
MEETING_ALL_WARDS = ["01002", "01003"]
# Completion per criterion, bottlenecks first: 5 wards have results (not the 0/0 one).
CRITERIA_COMPLETION = [("TC22", "2/5")] + [(f"TC{n}", "5/5") for n in range(1, CRITERIA)]
BOTTLENECKS = [("TC22", "2/5")]


@pytest.fixture
def one_data_set(build, programme, account, national_admin):
    """Province 01 for 2025 as in the module's table, the steps taken through the workflow."""
    criteria_set, statuses = programme  # statuses: 21/22, TC22 not met
    province = build(code="01", phuong=20, registered=0, quota=None)
    ProvinceQuota.objects.create(province=province, year=YEAR, quota=8)
    wards = {w.code: w for w in Ward.objects.filter(province=province)}
    empty = CriteriaSet.objects.create(
        code="CAP-TRONG", version="t", name="Bộ tiêu chí chưa nạp", year_in_force=2023
    )
    plan = {
        "01000": (criteria_set, statuses),
        "01001": (criteria_set, statuses),
        "01002": (criteria_set, ALL_MET),
        "01003": (criteria_set, ALL_MET),
        "01004": (empty, None),  # registered, no result yet: 0/0
        "01005": (criteria_set, statuses),
    }
    assessments = {
        code: assessment_register(
            ward=wards[code], year=YEAR, criteria_set=cs, user=None, statuses=st
        )
        for code, (cs, st) in plan.items()
    }
    assessment_set_status(
        assessment=assessments["01001"], user=None, status=AssessmentStatus.BUILDING
    )
    people = {code: account(f"phuong{code}", Role.WARD, ward=code) for code in ("01002", "01003")}
    people["province"] = account("tinh01", Role.PROVINCE, province="01")
    people["ministry"] = national_admin
    for code in ("01002", "01003"):
        assessment_propose(assessment=assessments[code], user=people[code])
    assessment_forward(assessment=assessments["01003"], user=people["province"])
    assessment_recognize(
        assessment=assessments["01003"],
        user=people["ministry"],
        decision_number="25/QĐ-BCA",
        decision_date=datetime.date(2025, 6, 1),
    )
    return province


# --- Reading each output ------------------------------------------------------------


def _text(html: str) -> str:
    """Text without tags, spaces collapsed, as a user reads it."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _value(text: str):
    """A figure as shown: '—' none, '30,0%' 30.0, '6' 6, anything else as is."""
    if text in ("—", "", None):
        return None
    number = text.removesuffix("%").replace(",", ".")
    if re.fullmatch(r"\d+", number):
        return int(number)
    if re.fullmatch(r"\d+\.\d+", number):
        return float(number)
    return text


def _cells(row_html: str) -> list:
    """The text of each cell of a table row."""
    return [_text(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row_html, re.S)]


def _tr(html: str, attribute: str) -> str:
    match = re.search(rf"<tr[^>]*{attribute}[^>]*>(.*?)</tr>", html, re.S)
    assert match, attribute
    return match.group(1)


def _figure(html: str, label: str) -> str:
    """The value beside a label in a page's figures (<dt>label</dt><dd>value</dd>)."""
    match = re.search(rf"<dt>{re.escape(label)}[^<]*</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    assert match, label
    return _text(match.group(1))


def _desc(html: str, chart: str) -> str:
    match = re.search(rf'<svg class="chart {chart}".*?<desc>(.*?)</desc>', html, re.S)
    assert match, chart
    return match.group(1)


def _command(*args) -> dict:
    out = io.StringIO()
    call_command("progress", "--year", str(YEAR), "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def _workbook(response):
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _counts(p) -> dict:
    """The figures a ProvinceProgress-like object (or JSON dict) carries."""
    get = p.get if isinstance(p, dict) else lambda k: getattr(p, k)
    return {k: get(k) for k in ("wards_total", "registered", "meeting_all", "recognized", "quota")}


def _overview_page(html: str) -> dict:
    """The province's row of the overview table: code, name, figures, shares, standings."""
    code, _name, *figures = _cells(_tr(html, 'data-province="01"'))
    assert code == "01"
    keys = (
        "wards_total",
        "registered",
        "meeting_all",
        "recognized",
        "quota",
        "registered_share",
        "recognized_share",
        "standing_2025",
        "standing_2030",
    )
    return dict(zip(keys, map(_value, figures), strict=True))


def _map_code(name: str) -> str:
    """The code of the map a page or workbook names ('Bản đồ 2023' is map 2023)."""
    return MapEdition.objects.get(name=name.removeprefix("Bản đồ hành chính: ")).code


def _overview_totals(html: str) -> dict:
    """The national totals above the table, and how many provinces are behind each target."""
    behind = {}
    for target in (2025, 2030):
        count, of = _figure(html, f"Chậm so với mục tiêu {target}").split(" / ")
        assert of == "1"
        behind[target] = int(count)
    return {
        "wards_total": _value(_figure(html, "Số phường")),
        "registered": _value(_figure(html, "Đăng ký")),
        "meeting_all": _value(_figure(html, "Đạt đủ tiêu chí")),
        "recognized": _value(_figure(html, "Đã công nhận")),
        "behind": behind,
        "map": _map_code(_text(re.search(r'<p class="muted">(.*?)</p>', html, re.S).group(1))),
    }


def _overview_footer(html: str) -> dict:
    tfoot = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    _blank, name, *figures = _cells(tfoot)
    assert name == "Cả nước"
    keys = (
        "wards_total",
        "registered",
        "meeting_all",
        "recognized",
        "quota",
        "registered_share",
        "recognized_share",
    )
    return dict(zip(keys, map(_value, figures[: len(keys)]), strict=True))


def _province_page(html: str) -> dict:
    return {
        "map": _map_code(_text(re.search(r'id="map-name">(.*?)</p>', html, re.S).group(1))),
        "wards_total": _value(_figure(html, "Số phường")),
        "registered": _value(_figure(html, "Đăng ký")),
        "meeting_all": _value(_figure(html, "Đạt đủ tiêu chí")),
        "recognized": _value(_figure(html, "Đã công nhận")),
        "quota": _value(_figure(html, "Chỉ tiêu của Bộ")),
        "standing_2025": _figure(html, "Mục tiêu 2025"),
        "standing_2030": _figure(html, "Mục tiêu 2030"),
    }


def _years_table(html: str) -> dict:
    """The table of years (the province page's, the overview's for the country): the 2025 row's
    first three figures (its last cell is the target's share)."""
    row = re.search(rf'<tr data-year="{YEAR}"><th scope="row">{YEAR}</th>(.*?)</tr>', html, re.S)
    assert row, "years table"
    registered, meeting_all, recognized, _target = map(_value, _cells(row.group(1)))
    return {"registered": registered, "meeting_all": meeting_all, "recognized": recognized}


def _years_of_provinces(html: str) -> dict:
    """The overview's provinces x years table: province 01's 2025 cell, 'đăng ký / đạt / cn'."""
    row = _tr(html, 'data-years-province="01"')
    cell = re.search(rf'<td class="num" data-year="{YEAR}">([^<]*)</td>', row).group(1)
    registered, meeting_all, recognized = (int(n) for n in cell.split(" / "))
    return {"registered": registered, "meeting_all": meeting_all, "recognized": recognized}


def _years_json(data: dict) -> dict:
    """The `progress` JSON's trend, its 2025 entry."""
    (entry,) = [y for y in data["years"] if y["year"] == YEAR]
    return {k: entry[k] for k in ("registered", "meeting_all", "recognized")}


def _yearly_chart(html: str) -> dict:
    """The yearly chart's <desc>: '2025: đăng ký 6, công nhận 1 trên 20 phường', one entry
    per programme year from the pilot's (2022) to the one shown; the 2025 entry."""
    found = re.findall(
        r"(\d{4}): đăng ký (\d+), công nhận (\d+) trên (\d+) phường", _desc(html, "chart-years")
    )
    assert [y for y, *_ in found] == [str(y) for y in range(2022, YEAR + 1)]
    _, registered, recognized, total = found[-1]
    return {"registered": int(registered), "recognized": int(recognized), "wards_total": int(total)}


def _page_matrix(html: str) -> dict:
    """Per ward of the page's matrix: met/total, and the criteria whose cell is not Đạt."""
    wards = {}
    for code, row in re.findall(r'<tr data-ward="(\d+)">(.*?)</tr>', html, re.S):
        completion = re.search(r'<td class="num completion">([^<]*)</td>', row).group(1)
        missing = [
            int(n) for n, label in re.findall(r'title="TC(\d+): ([^"]*)"', row) if label != "Đạt"
        ]
        wards[code] = (completion, missing)
    return wards


def _workbook_matrix(book) -> dict:
    rows = book["Ma trận"].iter_rows(values_only=True)
    header = next(rows)
    assert header[:3] == ("Mã", "Phường", "Đạt")
    numbers = [int(title.removeprefix("TC")) for title in header[3:]]
    return {
        row[0]: (
            row[2],
            [n for n, label in zip(numbers, row[3:], strict=True) if label not in (None, "Đạt")],
        )
        for row in rows
    }


def _json_wards(data: dict) -> dict:
    return {w["code"]: (f"{w['met']}/{w['total']}", w["missing"]) for w in data["wards"]}


def _disagreements(outputs: dict, expected: dict) -> str:
    """The message of a failed comparison: one line per output that differs, and how."""
    lines = []
    for name in outputs.keys() | expected.keys():
        got, want = outputs.get(name), expected.get(name)
        if got == want:
            continue
        if isinstance(got, dict) and isinstance(want, dict):
            differ = ", ".join(
                f"{k}: {got.get(k, '(absent)')!r} (expected {want.get(k, '(absent)')!r})"
                for k in sorted(got.keys() | want.keys(), key=str)
                if got.get(k, "(absent)") != want.get(k, "(absent)")
            )
        else:
            differ = f"{got!r} (expected {want!r})"
        lines.append(f"{name} -> {differ}")
    return "outputs that disagree:\n" + "\n".join(sorted(lines))


def _report_document(client):
    response = client.get(f"/tinh/01/bao-cao.docx?year={YEAR}")
    assert response.status_code == 200
    return Document(BytesIO(response.content))


def _document_figures(doc) -> dict:
    """The province report's figures table, its shares and its targets' standing."""
    figures = {row.cells[0].text: _value(row.cells[1].text) for row in doc.tables[1].rows[1:]}
    text = "\n".join(p.text for p in doc.paragraphs)
    registered = re.search(r"phường đăng ký xây dựng năm \d+ \(([\d,]+%) số phường\)", text)
    recognized = re.search(r"phường đã được Bộ Công an công nhận \(([\d,]+%) số phường\)", text)
    standings = dict(re.findall(r"- Mục tiêu năm (\d+) \([^)]*\): ([^.]+)\.", text))
    return {
        "wards_total": figures["Số phường"],
        "registered": figures["Đăng ký"],
        "meeting_all": figures["Đạt đủ tiêu chí"],
        "recognized": figures["Đã công nhận"],
        "quota": figures["Chỉ tiêu của Bộ"],
        "registered_share": _value(registered.group(1)),
        "recognized_share": _value(recognized.group(1)),
        "standing_2025": standings["2025"],
        "standing_2030": standings["2030"],
    }


def _document_wards(doc) -> dict:
    """The report's table of wards: code, met/total and the criteria not met."""
    return {
        row.cells[1].text: (
            row.cells[4].text,
            [int(n) for n in re.findall(r"TC(\d+)", row.cells[5].text)],
        )
        for row in doc.tables[2].rows[1:]
    }


# --- The outputs, side by side ------------------------------------------------------


def _pages(client):
    overview = client.get(f"/?year={YEAR}")
    page = client.get(f"/tinh/01/?year={YEAR}")
    assert overview.status_code == page.status_code == 200
    return overview.content.decode(), page.content.decode()


def _expected(*keys) -> dict:
    return {k: EXPECTED[k] for k in keys}


FIGURES = ("wards_total", "registered", "meeting_all", "recognized", "quota")
SHARES = ("registered_share", "recognized_share")
STANDINGS = ("standing_2025", "standing_2030")


def test_every_output_gives_the_same_figures_and_standings(reader_client, one_data_set, clock):
    clock(TODAY)  # the commands' trend runs to today's year
    overview, page = _pages(reader_client)
    national = _command()
    province = _command("--province", "01")
    overview_book = _workbook(reader_client.get(f"/toan-quoc.xlsx?year={YEAR}"))["Toàn quốc"]
    overview_rows = list(overview_book.iter_rows(min_row=5, values_only=True))
    summary_sheet = _workbook(reader_client.get(f"/tinh/01/bao-cao.xlsx?year={YEAR}"))["Tổng hợp"]
    summary = dict(summary_sheet.iter_rows(min_row=3, values_only=True))
    edition = map_in_force(YEAR)
    service_overview = national_overview(year=YEAR, edition=edition)
    (service_row,) = service_overview.rows
    report = province_report(province=one_data_set, year=YEAR)
    yearly = report.yearly[-1]
    assert [y.year for y in report.yearly] == list(range(2022, YEAR + 1))

    def _book_row(row, keys=FIGURES + SHARES + STANDINGS):
        return dict(zip(keys, row[2 : 2 + len(keys)], strict=True))

    (book_row,) = [r for r in overview_rows if r[0] == "01"]
    book_totals = overview_rows[-1]
    assert book_totals[1] == "Cả nước"

    outputs = {
        "progress --format json (national row)": _counts(
            next(p for p in national["provinces"] if p["province"]["code"] == "01")
        ),
        "progress --province 01 --format json": _counts(province) | {"map": province["map"]},
        "overview page, the province's row": _overview_page(overview),
        "overview page, national figures": _overview_totals(overview),
        "overview page, national totals row": _overview_footer(overview),
        "overview workbook, the province's row": _book_row(book_row)
        | {"map": _map_code(overview_book["A2"].value)},
        "overview workbook, national totals row": _book_row(book_totals, FIGURES + SHARES),
        "province page, figures and standings": _province_page(page),
        "province page, years table": _years_table(page),
        "province page, yearly chart": _yearly_chart(page),
        "overview page, the country's years table": _years_table(overview),
        "overview page, the country's yearly chart": _yearly_chart(overview),
        "overview page, the provinces' years table": _years_of_provinces(overview),
        "progress --format json, the country's years": _years_json(national),
        "progress --province 01 --format json, its years": _years_json(province),
        "province workbook, summary": {
            "wards_total": summary["Số phường"],
            "registered": summary["Đăng ký"],
            "meeting_all": summary["Đạt đủ tiêu chí"],
            "recognized": summary["Đã công nhận"],
            "quota": summary["Chỉ tiêu của Bộ"],
            "registered_share": summary["Tỉ lệ đăng ký (%)"],
            "recognized_share": summary["Tỉ lệ công nhận (%)"],
            "map": _map_code(summary_sheet["A2"].value),
        },
        "service national_progress": _counts(national_progress(year=YEAR, edition=edition)[0])
        | {"map": edition.code},
        "service national_overview": _counts(service_row.progress)
        | {
            "registered_share": service_row.registered_share,
            "recognized_share": service_row.recognized_share,
            "standing_2025": service_row.standings[0].label,
            "standing_2030": service_row.standings[1].label,
            "behind": service_overview.behind_count,
        },
        "service province_report": _counts(report.progress)
        | {
            "map": report.edition.code,
            "registered_share": report.progress.share(report.progress.registered),
            "recognized_share": report.progress.share(report.progress.recognized),
            "standing_2025": report.standings[0].label,
            "standing_2030": report.standings[1].label,
        },
        "service province_yearly_progress": {
            "registered": yearly.registered,
            "meeting_all": yearly.meeting_all,
            "recognized": yearly.recognized,
        },
        "province report document (.docx)": _document_figures(_report_document(reader_client)),
    }
    expected = {
        "progress --format json (national row)": _expected(*FIGURES),
        "progress --province 01 --format json": _expected(*FIGURES, "map"),
        "overview page, the province's row": _expected(*FIGURES, *SHARES, *STANDINGS),
        "overview page, national figures": _expected(
            "wards_total", "registered", "meeting_all", "recognized", "behind", "map"
        ),
        "overview page, national totals row": _expected(*FIGURES, *SHARES),
        "overview workbook, the province's row": _expected(*FIGURES, *SHARES, *STANDINGS, "map"),
        "overview workbook, national totals row": _expected(*FIGURES, *SHARES),
        "province page, figures and standings": _expected(*FIGURES, *STANDINGS, "map"),
        "province page, years table": _expected("registered", "meeting_all", "recognized"),
        "province page, yearly chart": _expected("registered", "recognized", "wards_total"),
        "overview page, the country's years table": _expected(
            "registered", "meeting_all", "recognized"
        ),
        "overview page, the country's yearly chart": _expected(
            "registered", "recognized", "wards_total"
        ),
        "overview page, the provinces' years table": _expected(
            "registered", "meeting_all", "recognized"
        ),
        "progress --format json, the country's years": _expected(
            "registered", "meeting_all", "recognized"
        ),
        "progress --province 01 --format json, its years": _expected(
            "registered", "meeting_all", "recognized"
        ),
        "province workbook, summary": _expected(*FIGURES, *SHARES, "map"),
        "service national_progress": _expected(*FIGURES, "map"),
        "service national_overview": _expected(*FIGURES, *SHARES, *STANDINGS, "behind"),
        "service province_report": _expected(*FIGURES, *SHARES, *STANDINGS, "map"),
        "service province_yearly_progress": _expected("registered", "meeting_all", "recognized"),
        "province report document (.docx)": _expected(*FIGURES, *SHARES, *STANDINGS),
    }
    assert outputs == expected, _disagreements(outputs, expected)


def test_every_output_gives_the_same_completion_for_each_ward(reader_client, one_data_set):
    _, page = _pages(reader_client)
    book = _workbook(reader_client.get(f"/tinh/01/bao-cao.xlsx?year={YEAR}"))
    progress = province_progress(province=one_data_set, year=YEAR)
    outputs = {
        "progress --province 01 --format json": _json_wards(_command("--province", "01")),
        "province page, matrix": _page_matrix(page),
        "province workbook, matrix": _workbook_matrix(book),
        "service province_progress": {
            w.code: (f"{w.met}/{w.total}", w.missing) for w in progress.wards
        },
        "service province_progress, meeting every criterion": [
            w.code for w in progress.wards if w.meets_all
        ],
        "province report document (.docx), wards": _document_wards(_report_document(reader_client)),
    }
    expected = {
        "progress --province 01 --format json": WARDS,
        "province page, matrix": WARDS,
        "province workbook, matrix": WARDS,
        "service province_progress": WARDS,
        "service province_progress, meeting every criterion": MEETING_ALL_WARDS,
        "province report document (.docx), wards": WARDS,
    }
    assert outputs == expected, _disagreements(outputs, expected)


def test_every_output_gives_the_same_completion_for_each_criterion(reader_client, one_data_set):
    _, page = _pages(reader_client)
    book = _workbook(reader_client.get(f"/tinh/01/bao-cao.xlsx?year={YEAR}"))
    report = province_report(province=one_data_set, year=YEAR)
    completion_list = re.search(r'<ol class="completion"[^>]*>(.*?)</ol>', page, re.S).group(1)
    bottleneck = re.search(r'<p class="bottleneck"[^>]*>(.*?)</p>', page, re.S)
    assert bottleneck, "bottleneck"
    outputs = {
        "province page, criterion chart": re.findall(
            r"(TC\d+): (\d+/\d+)", _desc(page, "chart-criteria")
        ),
        "province page, completion list": [
            (tc, f"{met}/{total}")
            for tc, met, total in re.findall(r">(TC\d+)</a>: (\d+)/(\d+) Đạt", completion_list)
        ],
        "province page, bottlenecks": [
            (f"TC{n}", f"{met}/{total}")
            for n, met, total in re.findall(
                r"TC(\d+)\. [^(]*\((\d+)/(\d+) Đạt\)", _text(bottleneck.group(1))
            )
        ],
        "province workbook, by criterion": [
            (tc, f"{met}/{total}")
            for tc, _title, met, total in book["Theo tiêu chí"].iter_rows(
                min_row=2, values_only=True
            )
        ],
        "service province_report": [
            (f"TC{c.criterion.number}", f"{c.met}/{c.total}") for c in report.completion
        ],
        "service province_report, bottlenecks": [
            (f"TC{c.criterion.number}", f"{c.met}/{c.total}") for c in report.bottlenecks
        ],
        "service province_report, met by every ward": [
            f"TC{c.criterion.number}" for c in report.completion if c.all_met
        ],
    }
    expected = {
        "province page, criterion chart": CRITERIA_COMPLETION,
        "province page, completion list": CRITERIA_COMPLETION,
        "province page, bottlenecks": BOTTLENECKS,
        "province workbook, by criterion": CRITERIA_COMPLETION,
        "service province_report": CRITERIA_COMPLETION,
        "service province_report, bottlenecks": BOTTLENECKS,
        "service province_report, met by every ward": [tc for tc, _ in CRITERIA_COMPLETION[1:]],
    }
    assert outputs == expected, _disagreements(outputs, expected)


def test_the_workflow_proposes_only_a_ward_meeting_every_criterion(one_data_set, account):
    """Proposing needs every criterion met: 21/22 and 0/0 are refused, as the figures count them.

    The button is offered (STEPS checks the status only); assessment_propose refuses.
    """
    refused = {}
    for code in ("01000", "01004"):
        user = account(f"phuong{code}", Role.WARD, ward=code)
        assessment = Assessment.objects.get(ward__code=code, year=YEAR)
        assert workflow_steps(user=user, assessment=assessment) == ["propose"]
        with pytest.raises(ValidationError) as error:
            assessment_propose(assessment=assessment, user=user)
        refused[code] = (error.value.code, Assessment.objects.get(pk=assessment.pk).status)
    statuses = dict(
        Assessment.objects.filter(year=YEAR).values_list("ward__code", "status").order_by("ward")
    )
    assert (refused, statuses) == (
        {
            "01000": ("criteria_not_met", AssessmentStatus.REGISTERED),
            "01004": ("criteria_not_met", AssessmentStatus.REGISTERED),
        },
        {
            "01000": AssessmentStatus.REGISTERED,
            "01001": AssessmentStatus.BUILDING,
            "01002": AssessmentStatus.PROPOSED,
            "01003": AssessmentStatus.RECOGNIZED,
            "01004": AssessmentStatus.REGISTERED,
            "01005": AssessmentStatus.REGISTERED,
        },
    )
