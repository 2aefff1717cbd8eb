"""The ward page's latest 50 changes with a link to the rest, paged; our own favicon."""

import re

from tracker.assessments.models import CriterionResult, ResultStatus


def _changes(count: int) -> None:
    """`count` more history rows on ward 16663's 2023 results, each a status change."""
    results = list(CriterionResult.objects.filter(assessment__ward__code="16663"))
    cycle = [ResultStatus.IN_PROGRESS, ResultStatus.NOT_MET, ResultStatus.MET]
    for i in range(count):
        result = results[i % len(results)]
        result.status = cycle[i % 3] if result.status != cycle[i % 3] else cycle[(i + 1) % 3]
        result._change_reason = f"đổi {i}"
        result.save()


def _rows(html: str) -> list[str]:
    table = re.search(r'<table class="report history" id="history">(.*?)</table>', html, re.S)
    return re.findall(r"<tr>\s*<td>.*?</tr>", table.group(1), re.S)


def test_ward_page_shows_the_latest_50_newest_first_and_links_the_rest(reader_client, nghe_an_2023):
    _changes(40)  # 22 first rows + 40 changes = 62
    html = reader_client.get("/phuong/16663/?year=2023").content.decode()
    rows = _rows(html)
    assert len(rows) == 50
    assert "đổi 39" in rows[0]  # the newest change first
    assert not any("khởi tạo" in row for row in rows[:40])
    more = re.search(r'<p class="noprint" id="history-more"><a href="([^"]+)">([^<]+)</a>', html)
    assert more.group(2) == "Xem 12 thay đổi cũ hơn"
    older = reader_client.get(more.group(1).replace("&amp;", "&")).content.decode()
    rest = _rows(older)
    assert len(rest) == 12
    assert all("khởi tạo" in row for row in rest[-10:])  # the oldest: the results' first rows
    assert "Dòng 51–62 trong 62" in older
    assert 'rel="prev"' in older and 'rel="next"' not in older
    first = reader_client.get("/phuong/16663/lich-su/?year=2023").content.decode()
    assert _rows(first) == rows
    assert 'rel="next"' in first


def test_a_short_history_has_no_link(reader_client, nghe_an_2023):
    html = reader_client.get("/phuong/16663/?year=2023").content.decode()
    assert len(_rows(html)) == 22
    assert 'id="history-more"' not in html


def test_history_page_keeps_the_scope(client, account, nghe_an_2023):
    from tracker.accounts.models import Role
    from tracker.units.models import Ward

    other = Ward.objects.filter(province__code="40", kind="phuong").exclude(code="16663").first()
    client.force_login(account("phuong-khac", Role.WARD, ward=other.code))
    assert client.get("/phuong/16663/lich-su/?year=2023").status_code == 403


def test_favicon_is_ours_and_linked(client, reader_client, nghe_an_2023):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = reader_client.get("/tinh/40/?year=2023").content.decode()
    assert re.search(r'<link rel="icon" href="/static/tracker/favicon\.svg"', page)
    login = client.get("/dang-nhap/").content.decode()
    assert 'rel="icon" href="/static/tracker/favicon.ico"' in login
