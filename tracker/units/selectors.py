"""What the old map says about a new unit: the units it went into, the old phường it took in.

Read in one query whatever the number of units, so the importer can ask it for one ward
or many. A new ward's predecessors with their assessments: tracker.assessments.predecessors.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.units.models import UnitSuccession, WardKind


@dataclass(frozen=True)
class Successor:
    code: str
    name: str
    is_main: bool


def ward_successors(*, edition: str, codes: Iterable[str]) -> dict[str, list[Successor]]:
    """Old unit code -> the new units it went into, the main one first; one query.

    For the importer: a workbook with old codes says which new ward each row now belongs to.
    """
    found = defaultdict(list)
    for old_code, code, name, is_main in (
        UnitSuccession.objects.filter(
            predecessor__edition__code=edition, predecessor__code__in=codes
        )
        .order_by("predecessor__code", "-is_main", "successor__code")
        .values_list("predecessor__code", "successor__code", "successor__name", "is_main")
    ):
        found[old_code].append(Successor(code=code, name=name, is_main=is_main))
    return dict(found)


@dataclass
class OldWard:
    """A phường of an older map, with the units of the newer map it went into."""

    code: str
    name: str
    # The main successor first.
    successors: list[Successor] = field(default_factory=list)


def old_wards_of(
    *, edition: str, province_id: int | None
) -> tuple[list[OldWard], datetime.date | None]:
    """The older maps' phường that went into `edition`'s units, and when `edition` took effect.

    Within a province: the old phường any of whose parts is now in it, with all their
    successors. For the importer, which names the new ward of a row that uses an old code
    or name; one query, however many rows ask.
    """
    pairs = UnitSuccession.objects.filter(
        successor__edition__code=edition, predecessor__kind=WardKind.WARD
    )
    if province_id is not None:
        pairs = pairs.filter(
            predecessor_id__in=UnitSuccession.objects.filter(
                successor__province_id=province_id
            ).values("predecessor_id")
        )
    wards: dict[int, OldWard] = {}
    since = None
    for old_id, old_code, old_name, code, name, is_main, effective_from in pairs.order_by(
        "predecessor__code", "-is_main", "successor__code"
    ).values_list(
        "predecessor_id",
        "predecessor__code",
        "predecessor__name",
        "successor__code",
        "successor__name",
        "is_main",
        "successor__edition__effective_from",
    ):
        ward = wards.get(old_id)
        if ward is None:
            ward = wards[old_id] = OldWard(code=old_code, name=old_name)
        ward.successors.append(Successor(code=code, name=name, is_main=is_main))
        since = effective_from
    return list(wards.values()), since
