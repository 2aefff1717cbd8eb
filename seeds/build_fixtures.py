"""Build fixtures/*.json from the facts in this folder.

Run from the project root: python seeds/build_fixtures.py
The fixtures are committed; tests rebuild them and fail if they drift from the facts.
"""

import csv
import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"

CRITERIA_SET = ("CAP-DHKM", "2023-tt")
EDITION = "2023"


def facts() -> dict:
    with open(SEEDS / "facts.toml", "rb") as f:
        return tomllib.load(f)


def cite(fact: dict, key: str = "quote") -> str:
    return f"{fact['file']}: «{fact[key]}»"


def criteria_fixture(f: dict) -> list[dict]:
    code, version = CRITERIA_SET
    c = f["criteria"]
    objects = [
        {
            "model": "tracker.criteriaset",
            "fields": {
                "code": code,
                "version": version,
                "name": "Bộ tiêu chí tạm thời Công an phường điển hình, kiểu mẫu (bản minh họa)",
                "description": "Văn bản chính thức của Bộ tiêu chí tạm thời chưa được công bố. "
                "Tên và nội dung các tiêu chí ở đây chỉ là minh họa, "
                "nhóm theo các chủ đề công khai của chương trình; riêng tiêu chí 22 "
                "(xếp loại thi đua của Đảng ủy, UBND phường) "
                "là tiêu chí bài báo nêu tên, số thứ tự 22 là giả định.",
                "provisional": c["provisional"],
                "year_in_force": c["year_in_force"],
                "source": f"{cite(c)}; {cite(c, 'quote_count')}",
            },
        }
    ]
    with open(SEEDS / "criteria_2023.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if len(rows) != c["count"]:
        raise SystemExit(f"criteria_2023.csv has {len(rows)} rows, facts say {c['count']}")
    indicators = {i["number"]: i for i in c.get("indicators", [])}
    for row in rows:
        fields = {
            "criteria_set": list(CRITERIA_SET),
            "number": int(row["number"]),
            "short_title": row["short_title"],
            "full_text": row["full_text"],
            "group": row["group"],
            "responsible_party": row["responsible_party"],
        }
        indicator = indicators.get(int(row["number"]))
        if indicator is not None:
            fields.update({key: indicator[key] for key in INDICATOR_FIELDS if key in indicator})
            fields["threshold"] = str(indicator["threshold"])
            fields["measure_source"] = cite(indicator)
        objects.append({"model": "tracker.criterion", "fields": fields})
    return objects


# What facts.toml gives of a measured criterion (tracker.criteria.models.Criterion).
INDICATOR_FIELDS = (
    "measure",
    "measure_unit",
    "value_label",
    "numerator_label",
    "denominator_label",
    "comparison",
)


def targets_fixture(f: dict) -> list[dict]:
    return [
        {
            "model": "tracker.target",
            "fields": {
                "year": t["year"],
                "share_min": t["share_min"],
                "share_max": t["share_max"],
                "source": cite(t),
            },
        }
        for t in f["targets"]
    ]


def cohort_wards(province_code: str, district_code: str) -> list[str]:
    with open(ROOT / "tracker" / "data" / "units-2023.csv", encoding="utf-8") as fh:
        return [
            r["unit_code"]
            for r in csv.DictReader(fh)
            if r["province_code"] == province_code
            and r["district_code"] == district_code
            and r["unit_type"] == "phường"
        ]


def nghe_an_fixture(f: dict) -> list[dict]:
    n = f["nghe_an_2023"]
    emulation = f["criteria"]["emulation"]["number"]
    wards = cohort_wards(n["province_code"], n["wards_district_code"])
    if len(wards) != n["registered"]:
        raise SystemExit(f"{len(wards)} cohort wards, facts say {n['registered']}")
    objects = [
        {
            "model": "tracker.provincequota",
            "fields": {
                "province": [EDITION, n["province_code"]],
                "year": n["year"],
                "quota": n["quota"],
                "source": cite(n, "quote_registered"),
            },
        }
    ]
    for code in wards:
        objects.append(
            {
                "model": "tracker.assessment",
                "fields": {
                    "ward": [EDITION, code],
                    "year": n["year"],
                    "criteria_set": list(CRITERIA_SET),
                    "status": "dang_xay_dung",
                },
            }
        )
    for code in wards:
        for number in range(1, n["total"] + 1):
            objects.append(
                {
                    "model": "tracker.criterionresult",
                    "fields": {
                        "assessment": [EDITION, code, n["year"]],
                        "criterion": [*CRITERIA_SET, number],
                        "status": "chua_dat" if number == emulation else "dat",
                        "note": cite(n, "quote_met") if number == emulation else "",
                    },
                }
            )
    return objects


def build() -> dict[str, list[dict]]:
    f = facts()
    return {
        "criteria_2023.json": criteria_fixture(f),
        "targets.json": targets_fixture(f),
        "nghe_an_2023.json": nghe_an_fixture(f),
    }


def dump(objects: list[dict]) -> str:
    return json.dumps(objects, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    FIXTURES.mkdir(exist_ok=True)
    for name, objects in build().items():
        (FIXTURES / name).write_text(dump(objects), encoding="utf-8")
        print(f"fixtures/{name}: {len(objects)} objects")
