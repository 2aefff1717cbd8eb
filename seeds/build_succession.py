"""Build tracker/data/succession-2023-2025.csv: which 2025-map units each 2023-map unit went into.

Source: the PyPI package vietnamadminunits (MIT, by Hieu Tran; 1.0.4 was used for the
committed file). Its data is read, its code is not run: importing it pulls in shapely and
geopy and sets up a geocoder, none of which the tracker needs. So the package is a tool of
this script only, not a dependency of the app. Run from the project root with the package
installed anywhere Python finds it (pip install vietnamadminunits==1.0.4, or PYTHONPATH
pointing at its unpacked wheel):

    python seeds/build_succession.py

Two steps, chained:
1. 2023 map -> the map just before the reform (the package's admin_units_legacy table,
   after the 2023-2025 mergers). Same GSO code first: a merged unit keeps the code of one
   of the units it absorbed. A 2023 code that is gone is looked up in the aliases the table
   keeps for former names (Đội Cung and Lê Mao are aliases of Quang Trung), within the
   province and, when a name recurs there, within the 2023 district.
2. Pre-reform map -> 2025 map, by the package's converter tables: an old unit that was not
   split goes wholly into one new unit; a split one into several, one marked as the main.

The package's 2025 codes predate the final code list (a few dozen differ from the GSO list
in units-2025.csv), so its new units are matched to ours by province and exact name.

Every 2023-map unit gets at least one row; those with no successor get a row with an
empty new_code and the reason in `note`, which load_succession reports.
"""

import csv
import importlib.metadata
import importlib.util
import json
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from unidecode import unidecode

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tracker" / "data"
OUT = DATA / "succession-2023-2025.csv"
PACKAGE = "vietnamadminunits"
KIND_WORDS = {"phường": "Phường", "xã": "Xã", "thị trấn": "Thị trấn"}
COLUMNS = ["old_code", "new_code", "is_main", "via", "note"]
# Vietnamese tone marks; written on different vowels by old and new spelling (Hoà, Hòa).
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

NOT_IN_PACKAGE = (
    "không có trong danh mục trước cải cách của gói {package}, "
    "kể cả trong các tên cũ (bí danh) của đơn vị sáp nhập"
)
NOT_CONVERTED = "đơn vị trước cải cách {via} không có trong bảng chuyển đổi 2025 của gói"


def package_data() -> tuple[Path, str]:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{PACKAGE} not found: pip install {PACKAGE}==1.0.4 (or set PYTHONPATH)")
    return Path(spec.submodule_search_locations[0]) / "data", importlib.metadata.version(PACKAGE)


def ascii_key(name: str) -> str:
    """The package's keys: diacritic-free, no spaces, numbers without leading zeros."""
    key = re.sub(r"[^a-z0-9]", "", unidecode(name).lower())
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", key)


def name_key(name: str) -> str:
    """Exact name, blind to case, spacing, punctuation and tone-mark placement only.

    ASCII keys would merge Xã Tân Thành and Xã Tân Thạnh, two units of one province.
    """
    words = []
    for word in unicodedata.normalize("NFD", name.lower()).split():
        letters = [c for c in word if unicodedata.category(c)[0] in "LMN"]
        words.append(
            "".join(c for c in letters if c not in TONES)
            + "".join(c for c in letters if c in TONES)
        )
    return " ".join(w for w in words if w)


def alias_key(alias: str) -> str:
    """Most aliases are ASCII keys; the few written with diacritics are compared with them."""
    return alias if alias.isascii() else name_key(alias).replace(" ", "")


def known_as(legacy: dict, name: str) -> bool:
    """Whether a pre-reform unit lists this name among its former names."""
    aliases = legacy["aliases"]
    return ascii_key(name) in aliases or name_key(name).replace(" ", "") in aliases


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def legacy_units(db: sqlite3.Connection) -> dict[str, dict]:
    rows = db.execute(
        "SELECT provinceCode, provinceKey, districtCode, district, districtKey, districtAlias, "
        "wardCode, ward, wardKey, wardAlias FROM admin_units_legacy WHERE wardCode IS NOT NULL"
    )
    units = {}
    for pcode, pkey, dcode, dname, dkey, dalias, code, name, wkey, walias in rows:
        units[code] = {
            "province": pcode,
            "district": dcode,
            "code": code,
            "name": name,
            "converter_key": f"{pkey}_{dkey}_{wkey}",
            "aliases": set(map(alias_key, json.loads(walias or "[]"))),
            "key": ascii_key(name),
            "district_names": {ascii_key(dname), *map(ascii_key, json.loads(dalias or "[]"))},
        }
    return units


def new_unit_codes(db: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(package province key, package ward key) -> GSO code in our units-2025.csv."""
    ours = {}
    for row in read_csv("units-2025.csv"):
        key = (row["province_code"], name_key(row["unit_name"]))
        if key in ours:
            raise SystemExit(f"units-2025.csv: two units named {row['unit_name']}")
        ours[key] = row["unit_code"]
    codes = {}
    for pcode, pkey, name, wkey in db.execute(
        "SELECT provinceCode, provinceKey, ward, wardKey FROM admin_units"
    ):
        code = ours.get((pcode, name_key(name)))
        if code is None:
            raise SystemExit(f"{name} ({pcode}) of the package is not in units-2025.csv")
        codes[(pkey, wkey)] = code
    if len(set(codes.values())) != len(ours):
        raise SystemExit("the package's 2025 units and units-2025.csv do not match one to one")
    return codes


def converter(data: Path, new_codes: dict) -> dict[str, list[tuple[str, bool]]]:
    """Pre-reform converter key -> [(new GSO code, is main successor)]."""
    with open(data / "converter_2025.json", encoding="utf-8") as f:
        tables = json.load(f)
    successors = {}
    for pkey, wards in tables["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in wards.items():
            for old in olds:
                successors[old] = [(new_codes[(pkey, wkey)], True)]
    for pkey, olds in tables["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            successors[old] = [
                (new_codes[(pkey, p["newWardKey"])], p["isDefaultNewWard"]) for p in parts
            ]
    return successors


def in_district(unit: dict, legacy: dict) -> bool:
    return legacy["district"] == unit["district_code"] or (
        ascii_key(unit["district_name"]) in legacy["district_names"]
    )


def pre_reform_units(units: list[dict], legacy: dict[str, dict]) -> dict[str, list[dict]]:
    """2023 code -> the pre-reform units it lies in, the one holding most of it first."""
    by_province = defaultdict(list)
    for unit in legacy.values():
        by_province[unit["province"]].append(unit)
    # A name two 2023 units of one district share (Sa Pa, Sa Pả) says nothing in an alias.
    names_in_district = defaultdict(int)
    for u in units:
        names_in_district[(u["district_code"], ascii_key(u["unit_name"]))] += 1

    found = {}
    for u in units:
        key = ascii_key(u["unit_name"])
        named = [
            x
            for x in by_province[u["province_code"]]
            if key == x["key"] or known_as(x, u["unit_name"])
        ]
        if u["unit_code"] in legacy:
            primary = legacy[u["unit_code"]]
        else:
            if len(named) > 1:
                named = [x for x in named if in_district(u, x)]
            if not named:
                # Aliases keep short forms too ("mocnam" beside a misspelt "xaamocnam").
                short = u["unit_name"].removeprefix(KIND_WORDS[u["unit_type"]])
                named = [
                    x
                    for x in by_province[u["province_code"]]
                    if known_as(x, short) and in_district(u, x)
                ]
            if len(named) != 1:
                continue
            primary = named[0]
        # A unit split before the reform (Trung Tự between Phương Liên - Trung Tự and Kim
        # Liên) is named in the aliases of each unit that took a part.
        parts = []
        if names_in_district[(u["district_code"], key)] == 1:
            parts = [
                x
                for x in named
                if x is not primary and known_as(x, u["unit_name"]) and in_district(u, x)
            ]
        found[u["unit_code"]] = [primary, *parts]
    return found


def via(unit: dict, legacy: dict) -> str:
    """The pre-reform unit a 2023 unit went through, when it is not simply the same one."""
    if legacy["code"] == unit["unit_code"] and name_key(legacy["name"]) == name_key(
        unit["unit_name"]
    ):
        return ""
    return f"{legacy['name']} ({legacy['code']})"


def build() -> tuple[list[dict], str]:
    data, version = package_data()
    db = sqlite3.connect(data / "dataset.db")
    legacy = legacy_units(db)
    successors_of = converter(data, new_unit_codes(db))
    units = read_csv("units-2023.csv")
    found = pre_reform_units(units, legacy)

    rows = []
    for u in units:
        code = u["unit_code"]
        if code not in found:
            note = NOT_IN_PACKAGE.format(package=PACKAGE)
            rows.append({"old_code": code, "new_code": "", "is_main": "", "via": "", "note": note})
            continue
        primary, *parts = found[code]
        if primary["converter_key"] not in successors_of:
            note = NOT_CONVERTED.format(via=f"{primary['name']} ({primary['code']})")
            rows.append({"old_code": code, "new_code": "", "is_main": "", "via": "", "note": note})
            continue
        seen = set()
        for legacy_unit in (primary, *parts):
            for new_code, main in successors_of.get(legacy_unit["converter_key"], []):
                if new_code in seen:
                    continue
                seen.add(new_code)
                rows.append(
                    {
                        "old_code": code,
                        "new_code": new_code,
                        "is_main": "1" if main and legacy_unit is primary else "0",
                        "via": via(u, legacy_unit),
                        "note": "",
                    }
                )
    return rows, version


def main() -> None:
    rows, version = build()
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        f.write(
            f"# Nguồn: gói PyPI {PACKAGE} {version} (MIT), "
            "https://github.com/tranngocminhhieu/vietnamadminunits\n"
            "# Dẫn xuất bởi seeds/build_succession.py: mã GSO bản đồ 2023 -> danh mục trước "
            "01/7/2025 (mã, tên cũ) -> bảng chuyển đổi 2025 -> mã GSO bản đồ 2025\n"
        )
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    linked = {r["old_code"] for r in rows if r["new_code"]}
    unlinked = [r for r in rows if not r["new_code"]]
    split = defaultdict(set)
    for r in rows:
        if r["new_code"]:
            split[r["old_code"]].add(r["new_code"])
    print(
        f"{OUT.relative_to(ROOT)}: {len(rows)} rows, {len(linked)} 2023 units linked, "
        f"{sum(len(s) > 1 for s in split.values())} with several successors, "
        f"{len(unlinked)} without a successor",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
