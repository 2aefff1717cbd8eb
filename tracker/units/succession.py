"""Loading which 2025-map units each 2023-map unit went into (tracker/data/succession-*.csv).

The file is derived by seeds/build_succession.py from the package vietnamadminunits; its
first comment line names the source, which each loaded pair keeps.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from tracker.conf import DATA_DIR
from tracker.units.models import MapEdition, UnitSuccession, Ward

OLD, NEW = "2023", "2025"
FILE = "succession-2023-2025.csv"
BATCH = 2000


@dataclass(frozen=True)
class Unlinked:
    """A loaded old unit that leads to no loaded new unit, and why."""

    code: str
    name: str
    place: str
    reason: str


@dataclass
class SuccessionLoad:
    old_units: int = 0
    linked: int = 0
    pairs: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    # Rows for units of provinces that are not loaded (tests load one province).
    skipped_rows: int = 0
    unlinked: list[Unlinked] = field(default_factory=list)
    new_without_predecessor: list[str] = field(default_factory=list)


def _read(path: Path) -> tuple[str, list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().splitlines()
    comments = [line.lstrip("# ").strip() for line in lines if line.startswith("#")]
    source = comments[0].removeprefix("Nguồn:").strip() if comments else path.name
    return source, list(csv.DictReader(line for line in lines if not line.startswith("#")))


def _edition(code: str) -> MapEdition:
    edition = MapEdition.objects.filter(code=code).first()
    if edition is None:
        raise ValueError(f"Chưa nạp bản đồ {code}: chạy load_units --map {code} trước.")
    return edition


def _place(district: str | None, province: str) -> str:
    return f"{district}, {province}" if district else province


@transaction.atomic
def succession_load(*, path: Path | None = None) -> SuccessionLoad:
    """Bring UnitSuccession in line with the file for the loaded units, in bounded queries.

    Running it again changes nothing; a pair the file no longer has is removed.
    """
    source, rows = _read(path or DATA_DIR / FILE)
    old_edition, new_edition = _edition(OLD), _edition(NEW)
    old = {
        code: (pk, name, _place(district, province))
        for pk, code, name, district, province in Ward.objects.filter(
            edition=old_edition
        ).values_list("pk", "code", "name", "district__name", "province__name")
    }
    new = dict(Ward.objects.filter(edition=new_edition).values_list("code", "pk"))

    report = SuccessionLoad(old_units=len(old))
    wanted: dict[tuple[int, int], tuple[bool, str]] = {}
    reasons: dict[str, str] = {}
    for row in rows:
        if row["old_code"] not in old:
            report.skipped_rows += 1
            continue
        if not row["new_code"]:
            reasons[row["old_code"]] = row["note"]
            continue
        if row["new_code"] not in new:
            reasons.setdefault(
                row["old_code"], f"mã mới {row['new_code']} không có trên bản đồ {NEW} đã nạp"
            )
            continue
        via = f"; qua {row['via']}" if row["via"] else ""
        key = (old[row["old_code"]][0], new[row["new_code"]])
        wanted[key] = (row["is_main"] == "1", f"{source}{via}")

    existing = {
        (s.predecessor_id, s.successor_id): s
        for s in UnitSuccession.objects.filter(
            predecessor__edition=old_edition, successor__edition=new_edition
        )
    }
    created, changed = [], []
    for (old_pk, new_pk), (is_main, src) in wanted.items():
        current = existing.get((old_pk, new_pk))
        if current is None:
            created.append(
                UnitSuccession(
                    predecessor_id=old_pk, successor_id=new_pk, is_main=is_main, source=src
                )
            )
        elif (current.is_main, current.source) != (is_main, src):
            current.is_main, current.source = is_main, src
            changed.append(current)
    stale = [s.pk for key, s in existing.items() if key not in wanted]
    UnitSuccession.objects.bulk_create(created, batch_size=BATCH)
    UnitSuccession.objects.bulk_update(changed, ["is_main", "source"], batch_size=BATCH)
    for start in range(0, len(stale), BATCH):
        UnitSuccession.objects.filter(pk__in=stale[start : start + BATCH]).delete()

    linked = {old_pk for old_pk, _ in wanted}
    report.pairs, report.linked = len(wanted), len(linked)
    report.created, report.updated, report.deleted = len(created), len(changed), len(stale)
    not_in_file = f"không có trong tệp {FILE}"
    report.unlinked = [
        Unlinked(code, name, place, reasons.get(code, not_in_file))
        for code, (pk, name, place) in sorted(old.items())
        if pk not in linked
    ]
    report.new_without_predecessor = [
        f"{name} ({code})"
        for code, name in Ward.objects.filter(edition=new_edition)
        .exclude(Q(formed_from__predecessor__edition=old_edition))
        .order_by("code")
        .values_list("code", "name")
    ]
    return report
