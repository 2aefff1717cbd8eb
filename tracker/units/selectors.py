"""What the old map says about a new unit: the units it went into, the old phường it took in.

Read in one query whatever the number of units, so the importer can ask it for one ward
or many. A new ward's predecessors with their assessments: tracker.assessments.predecessors.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tracker.text import fold
from tracker.units.models import MapEdition, UnitSuccession, Ward, WardKind


def phuong_count() -> Coalesce:
    """A province's phường, to annotate provinces with: counted per province on the
    (province, kind) index, where a join to every unit of the map cost PostgreSQL five times
    as much."""
    counted = (
        Ward.objects.filter(province=OuterRef("pk"), kind=WardKind.WARD)
        .order_by()
        .values("province")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


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


def main_successor_ids(ward_id: int):
    """The phường of the next map that took the main part of a ward (UnitSuccession.is_main).

    A ward split between several new units follows only this one: a ward account
    reaches it after a map change. A query of ids, to be read or used as a subquery.
    """
    return UnitSuccession.objects.filter(
        predecessor_id=ward_id, is_main=True, successor__kind=WardKind.WARD
    ).values_list("successor_id", flat=True)


@dataclass(frozen=True)
class MapWard:
    """A ward as a page links to it: its code on its map, and the province it is in."""

    pk: int
    code: str
    name: str
    edition_id: int
    edition_code: str
    province_code: str


def map_wards(ids) -> list[MapWard]:
    """The wards of these ids with their map and province codes; one query."""
    return [
        MapWard(*row)
        for row in Ward.objects.filter(pk__in=ids)
        .order_by("edition__effective_from", "code")
        .values_list("pk", "code", "name", "edition_id", "edition__code", "province__code")
    ]


@dataclass(frozen=True)
class WardOnMap:
    """Which ward an account of `own` reaches on a map: its own, or its main successor."""

    ward: MapWard
    own: MapWard

    @property
    def successor(self) -> bool:
        return self.ward.pk != self.own.pk


def ward_on_map(*, own_id: int, wards: list[MapWard], edition: MapEdition) -> WardOnMap:
    """The ward of `wards` (a ward and its main successors, map_wards) shown on `edition`.

    On the ward's own map, the ward; on a later map, its main successor there; on a map
    with neither (an earlier one, or a ward that went into no phường), the ward itself,
    on its own map.
    """
    own = next(w for w in wards if w.pk == own_id)
    if own.edition_id != edition.pk:
        for ward in wards:
            if ward.edition_id == edition.pk:
                return WardOnMap(ward=ward, own=own)
    return WardOnMap(ward=own, own=own)


# How unit names start, folded: "Nghệ An" names "Tỉnh Nghệ An".
KIND_PREFIXES = ("", "tinh ", "thanh pho ", "phuong ", "xa ", "thi tran ", "dac khu ")


def units_by_code_or_name(units: QuerySet, term: str, *, limit: int = 6) -> list:
    """The units of `units` (one map's) that `term` names: the one of that code, else those
    whose name is it (with or without diacritics and the kind: "nghe an"), else those whose
    name has it; at most `limit`, in Vietnamese order. Two queries at most."""
    term = term.strip()
    if not term:
        return []
    folded = fold(term)
    found = list(
        units.filter(
            Q(code=term) | Q(search_name__in=[prefix + folded for prefix in KIND_PREFIXES])
        ).order_by("sort_name", "code")[: limit + 1]
    )
    by_code = [u for u in found if u.code == term]
    if by_code:
        return by_code
    if found:
        return found[:limit]
    return list(units.filter(search_name__contains=folded).order_by("sort_name", "code")[:limit])


def search_terms(text: str) -> list[str]:
    """The folded words of a search box's text ("Đông  Vĩnh" -> ["dong", "vinh"])."""
    return fold(text).split()


def units_matching(units: QuerySet, text: str) -> QuerySet:
    """The units of `units` whose code is `text`, or whose folded name holds every word of it,
    in any order: "dong vinh", "Đông Vĩnh" and "vinh dong" all find Phường Đông Vĩnh."""
    text = text.strip()
    words = search_terms(text)
    if not words:
        return units.none()
    by_name = Q()
    for word in words:
        by_name &= Q(search_name__contains=word)
    return units.filter(Q(code=text) | by_name)
