"""The heat map reads as a table to a screen reader: a caption, every header scoped."""

import re


def test_heat_map_has_a_caption_and_scoped_headers(reader_client, nghe_an_2023):
    html = reader_client.get("/tinh/40/?year=2023").content.decode()
    table = re.search(r'<table class="report matrix">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"<caption[^>]*>Ma trận phường và tiêu chí</caption>", table)
    headers = re.findall(r"<th\b[^>]*>", table)
    assert len(headers) == 2 + 22 + 16  # Phường, Đạt, TC1..TC22; one per ward row
    assert all('scope="col"' in th or 'scope="row"' in th for th in headers)
    # Its scrolling box is a named region the keyboard can reach and scroll.
    assert re.search(
        r'<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]+">\s*'
        r'<table class="report matrix">',
        html,
    )
