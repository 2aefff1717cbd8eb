"""Loading map editions from the GSO unit lists kept in tracker/data/."""

import csv
import datetime

from django.db import transaction

from tracker.conf import DATA_DIR
from tracker.text import fold
from tracker.units.models import (
    District,
    DistrictKind,
    MapEdition,
    Province,
    ProvinceKind,
    Ward,
    WardKind,
    unit_sort_name,
)

EDITIONS = {
    "2023": {
        "name": "Bản đồ hành chính 2023 (63 tỉnh)",
        "effective_from": datetime.date(2023, 1, 1),
        "file": "units-2023.csv",
        # Island districts with no commune-level unit, absent from the list above.
        "extra_districts": "districts-2023-without-units.csv",
        "source": "Danh mục đơn vị hành chính (mã GSO), gói PyPI vietnam-provinces 0.5.0, "
        "dữ liệu ngày 07/05/2023",
    },
    "2025": {
        "name": "Bản đồ hành chính sau 01/7/2025 (34 tỉnh)",
        "effective_from": datetime.date(2025, 7, 1),
        "file": "units-2025.csv",
        "source": "Danh mục đơn vị hành chính (mã GSO), gói PyPI vietnam-provinces 2025.10.1, "
        "dữ liệu ngày 18/10/2025",
    },
}

PROVINCE_KINDS = {"tỉnh": ProvinceKind.PROVINCE, "thành phố trung ương": ProvinceKind.CITY}
DISTRICT_KINDS = {
    "quận": DistrictKind.URBAN,
    "huyện": DistrictKind.RURAL,
    "thị xã": DistrictKind.TOWN,
    "thành phố": DistrictKind.CITY,
}
WARD_KINDS = {
    "phường": WardKind.WARD,
    "xã": WardKind.COMMUNE,
    "thị trấn": WardKind.TOWNSHIP,
    "đặc khu": WardKind.SPECIAL_ZONE,
}
BATCH = 2000


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _upsert(model, edition, rows: dict[str, dict], fields: list[str]) -> tuple[dict, int, int]:
    """Create or update units of one edition keyed by code; returns (code -> unit, new, updated).

    A fixed number of queries per BATCH rows: one read, bulk inserts, bulk updates.
    """
    existing = {u.code: u for u in model.objects.filter(edition=edition)}
    new, changed = [], []
    for code, values in rows.items():
        values = {
            **values,
            "search_name": fold(values["name"]),
            "sort_name": unit_sort_name(values["name"]),
        }
        unit = existing.get(code)
        if unit is None:
            new.append(model(edition=edition, code=code, **values))
        elif any(getattr(unit, f) != values[f] for f in (*fields, "search_name", "sort_name")):
            for f, v in values.items():
                setattr(unit, f, v)
            changed.append(unit)
    model.objects.bulk_create(new, batch_size=BATCH)
    model.objects.bulk_update(changed, [*fields, "search_name", "sort_name"], batch_size=BATCH)
    if new:
        existing = {u.code: u for u in model.objects.filter(edition=edition)}
    return existing, len(new), len(changed)


@transaction.atomic
def units_load(*, edition: str, only_provinces: set[str] | None = None) -> dict[str, int]:
    """Load (or bring up to date) every unit of a map edition; running it again changes nothing.

    `only_provinces` limits the load to some province codes (tests load one province quickly).
    """
    if edition not in EDITIONS:
        raise ValueError(f"Không có bản đồ {edition}.")
    spec = EDITIONS[edition]
    map_edition, _ = MapEdition.objects.update_or_create(
        code=edition,
        defaults={k: spec[k] for k in ("name", "effective_from", "source")},
    )
    rows = _read(spec["file"])
    extra = _read(spec["extra_districts"]) if "extra_districts" in spec else []

    provinces, districts, wards = {}, {}, {}
    for row in [*extra, *rows]:
        if only_provinces is not None and row["province_code"] not in only_provinces:
            continue
        provinces[row["province_code"]] = {
            "name": row["province_name"],
            "kind": PROVINCE_KINDS[row["province_type"]],
        }
        if row.get("district_code"):
            districts[row["district_code"]] = {
                "name": row["district_name"],
                "kind": DISTRICT_KINDS[row["district_type"]],
                "province_code": row["province_code"],
            }
        if not row.get("unit_code"):
            continue
        wards[row["unit_code"]] = {
            "name": row["unit_name"],
            "kind": WARD_KINDS[row["unit_type"]],
            "province_code": row["province_code"],
            "district_code": row.get("district_code") or None,
        }

    province_by_code, p_new, p_upd = _upsert(Province, map_edition, provinces, ["name", "kind"])
    district_rows = {
        code: {
            "name": d["name"],
            "kind": d["kind"],
            "province_id": province_by_code[d["province_code"]].pk,
        }
        for code, d in districts.items()
    }
    district_by_code, d_new, d_upd = _upsert(
        District, map_edition, district_rows, ["name", "kind", "province_id"]
    )
    ward_rows = {
        code: {
            "name": w["name"],
            "kind": w["kind"],
            "province_id": province_by_code[w["province_code"]].pk,
            "district_id": district_by_code[w["district_code"]].pk if w["district_code"] else None,
        }
        for code, w in wards.items()
    }
    _, w_new, w_upd = _upsert(
        Ward, map_edition, ward_rows, ["name", "kind", "province_id", "district_id"]
    )
    return {
        "provinces": len(provinces),
        "districts": len(districts),
        "wards": len(wards),
        "phuong": sum(w["kind"] == WardKind.WARD for w in wards.values()),
        "created": p_new + d_new + w_new,
        "updated": p_upd + d_upd + w_upd,
    }
