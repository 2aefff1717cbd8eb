"""The help page /huong-dan/ (issue point 8): the criteria of the set in force with their full
text and evidence rules from the data, the workbook's columns, the steps of a recognition, who
to ask; linked from every page, for everyone signed in or not."""

import datetime
import re
import zoneinfo

import pytest

from tracker.assessments.workflow import STEPS
from tracker.criteria.models import Criterion
from tracker.criteria.selectors import criteria_set_in_force
from tracker.imports.template import data_header

NOON = datetime.datetime(2023, 11, 10, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def today(clock):
    return clock(NOON)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_each_criterion_with_its_full_text_from_the_data(nghe_an_2023, client, today):
    criteria = list(criteria_set_in_force(2023).criteria.order_by("number"))
    seventh = next(c for c in criteria if c.number == 7)
    seventh.full_text = "Nội dung mới của tiêu chí bảy, sửa trong phép thử."
    seventh.requires_evidence = True
    seventh.save()
    page = client.get("/huong-dan/").content.decode()
    for c in criteria:
        assert f'id="tc-{c.number}"' in page
    shown = _text(page)
    assert "Nội dung mới của tiêu chí bảy, sửa trong phép thử." in shown
    block = _text(page.split('id="tc-7"')[1].split("</li>")[0])
    assert "Cần tệp minh chứng khi Đạt" in block
    not_required = Criterion.objects.filter(
        criteria_set=seventh.criteria_set, requires_evidence=False
    ).first()
    if not_required is not None:
        other = _text(page.split(f'id="tc-{not_required.number}"')[1].split("</li>")[0])
        assert "Không bắt buộc tệp minh chứng" in other
    assert f"{len(criteria)} tiêu chí" in shown


def test_the_workbook_columns_the_steps_and_whom_to_ask(nghe_an_2023, client, today):
    criteria = list(criteria_set_in_force(2023).criteria.order_by("number"))
    page = client.get("/huong-dan/").content.decode()
    columns = re.findall(r"<li><code>([^<]+)</code></li>", page.split('id="help-columns"')[1])
    assert columns == [str(c) for c in data_header(criteria)]
    assert "Mã phường" in columns and "TC22" in columns
    steps = re.findall(
        r"<li><strong>([^<]+)</strong>", page.split('id="help-steps"')[1].split("</ol>")[0]
    )
    assert len(steps) == len(STEPS)
    assert steps[0] == "Đề nghị công nhận" and "Chuyển Bộ" in steps
    shown = _text(page)
    assert "Chỉ Bộ Công an được quyết định công nhận." in shown  # the step's own rule
    for anchor in ("tieu-chi", "mau-nhap-lieu", "cac-buoc", "hoi-ai"):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    assert "hỏi đơn vị theo dõi phong trào của Công an tỉnh" in shown


def test_a_signed_in_ward_is_told_its_own_province_first(people, client, today):
    client.force_login(people["ward"])
    page = client.get("/huong-dan/").content.decode()
    contacts = re.findall(r"<li><strong>([^<]+)</strong>: ([^<]+)</li>", page)
    assert contacts[0][0] == "Công an phường"
    assert "Công an Tỉnh Nghệ An" in contacts[0][1]


@pytest.mark.parametrize("who", [None, "ward", "province", "viewer", "ministry"])
def test_linked_from_every_page(people, client, today, who):
    if who is not None:
        client.force_login(people[who])
    pages = (
        ["/dang-nhap/", "/huong-dan/"]
        if who is None
        else ["/huong-dan/", "/phuong/16663/?year=2023"]
        + (["/tinh/40/?year=2023"] if who != "ward" else [])
        + (["/viec-can-lam/"] if who != "viewer" else [])
        + (["/", "/chi-tieu/"] if who == "ministry" else [])
    )
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<a href="/huong-dan/" id="nav-help"' in response.content.decode(), url
