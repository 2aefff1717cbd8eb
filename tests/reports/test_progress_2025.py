"""`progress --map 2025`: Nghệ An's new phường with their predecessors (issue 8, point 4)."""

import io
import json

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import CUA_LO, THANH_VINH, TRUONG_VINH
from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
)


def progress(*args) -> str:
    out = io.StringIO()
    call_command("progress", "--province", "40", *args, stdout=out)
    return out.getvalue()


def as_json(*args) -> dict:
    return json.loads(progress("--format", "json", "--all-wards", *args))


def test_lists_the_eleven_new_phuong_with_their_predecessors(nghe_an_both_maps):
    data = as_json("--map", "2025", "--year", "2023")
    assert (data["map"], data["wards_total"], len(data["wards"])) == ("2025", 11, 11)
    wards = {w["code"]: w for w in data["wards"]}
    assert wards[THANH_VINH]["name"] == "Phường Thành Vinh"
    assert wards[THANH_VINH]["predecessors"] == [
        "16663",
        "16669",
        "16672",
        "16678",
        "16681",
        "16684",
        "16687",
        "18013",
    ]
    assert wards[CUA_LO]["predecessors"] == [f"167{n}" for n in (17, 20, 23, 26, 29, 32, 35)]
    assert all(w["predecessors"] for w in data["wards"])
    # The keys the 2023 output has are all there.
    assert set(wards[THANH_VINH]) == {
        "code",
        "name",
        "status",
        "met",
        "total",
        "missing",
        "predecessors",
        "complete_at",
        "late_days",
    }


def test_the_2023_output_stays_as_it_was(nghe_an_both_maps):
    data = as_json("--map", "2023", "--year", "2023")
    assert (data["wards_total"], data["registered"]) == (32, 16)
    assert not any("predecessors" in w for w in data["wards"])


def test_carried_over_wards_count_on_the_new_map(nghe_an_both_maps, new_ward, registrar):
    def carry_over_and_count(code):
        proposal = assessment_carry_over_propose(ward=new_ward(code), year=2025)
        assessment_carry_over_confirm(proposal=proposal, user=registrar)
        with CaptureQueriesContext(connection) as queries:
            data = as_json("--map", "2025", "--year", "2025")
        return data, len(queries)

    one, queries_one = carry_over_and_count(THANH_VINH)
    (thanh_vinh,) = [w for w in one["wards"] if w["status"]]
    assert (thanh_vinh["code"], thanh_vinh["met"], thanh_vinh["missing"]) == (THANH_VINH, 21, [22])
    two, queries_two = carry_over_and_count(TRUONG_VINH)
    assert (two["wards_total"], two["registered"]) == (11, 2)
    assert queries_two == queries_one  # predecessors: one query, whatever the wards


def test_table_shows_what_each_new_ward_was_formed_from(nghe_an_both_maps):
    text = progress("--map", "2025", "--year", "2023", "--all-wards")
    assert "Phường: 11  Đăng ký: 0" in text
    assert "lập từ đơn vị cũ: 16717, 16720, 16723, 16726, 16729, 16732, 16735" in text
