"""The ward a row names: by code or by name on the file's map, through a legacy font's
encoding, and else on an older map, to say which new ward it now belongs to."""

import datetime
import functools

from django.utils.translation import gettext as _

from tracker.units.models import Ward
from tracker.units.selectors import OldWard, old_wards_of

from .columns import WardIndex, ward_code_read
from .legacy_fonts import legacy_readings
from .sheets import SheetReader, conversion_text, shown


class OldWards:
    """The older maps' phường of the file's scope: read once, when a row first needs them."""

    def __init__(self, edition: str | None, province_id: int | None):
        self.edition, self.province_id = edition, province_id
        self.since: datetime.date | None = None

    @functools.cached_property
    def index(self) -> WardIndex:
        if self.edition is None:
            return WardIndex([])
        wards, self.since = old_wards_of(edition=self.edition, province_id=self.province_id)
        return WardIndex(wards)


def ward_find(
    reader: SheetReader,
    index: WardIndex,
    older: OldWards,
    row: int,
    code_value,
    name_value,
    has_values,
):
    """The ward a row names; a row that names none and holds no result is a note, not an error."""
    header = reader.header
    if code_value is not None:
        key = ward_code_read(code_value)
        ward = index.by_code.get(key)
        if ward is None:
            # A code of the file's map is that ward; only the others are looked up on older maps.
            old = older.index.by_code.get(key) if has_values else None
            if old is not None:
                reader.error(row, header.code, "old_ward", _old_ward_text([old], older.since))
            elif has_values:
                reader.error(
                    row,
                    header.code,
                    "unknown_ward",
                    _("không có phường mã '%(code)s' trong phạm vi của tệp.")
                    % {"code": shown(code_value)},
                )
            return None
        if (
            name_value is not None
            and ward not in index.by_name_key(name_value)
            and ward not in _legacy_ward(reader, index, row, name_value)
        ):
            reader.error(
                row,
                header.name,
                "ward_mismatch",
                _("mã %(code)s là %(ward)s, không phải '%(name)s'; hãy kiểm tra lại dòng này.")
                % {"code": ward.code, "ward": ward.name, "name": shown(name_value)},
            )
            return None
        return ward
    matches = index.by_name_key(name_value) or (
        _legacy_ward(reader, index, row, name_value) if has_values else []
    )
    if len(matches) == 1:
        return matches[0]
    if not has_values:
        return None
    old = older.index.by_name_key(name_value) if not matches else []
    if old:
        reader.error(row, header.name, "old_ward", _old_ward_text(old, older.since, name_value))
    elif not matches:
        reader.error(
            row,
            header.name,
            "unknown_ward",
            _("không tìm thấy phường '%(name)s' trong phạm vi của tệp.")
            % {"name": shown(name_value)},
        )
    else:
        reader.error(
            row,
            header.name,
            "ambiguous_ward",
            _("có %(count)s phường tên '%(name)s'; hãy ghi thêm mã phường.")
            % {"count": len(matches), "name": shown(name_value)},
        )
    return None


def _legacy_ward(reader: SheetReader, index: WardIndex, row: int, value) -> list[Ward]:
    """The one ward a name typed with a legacy font's encoding names, said in the preview."""
    if not isinstance(value, str):
        return []
    for name, text in legacy_readings(value):
        matches = index.by_name_key(text)
        if len(matches) == 1:
            reader.result.conversions.append(
                conversion_text(reader.cell_text(row, reader.header.name), name, value, text)
            )
            return matches
    return []


def _units(successors) -> str:
    """Phường A (16681, phần chính), Phường B (16690) và Phường C (16702)."""
    if len(successors) == 1:
        return f"{successors[0].name} ({successors[0].code})"
    main = _("phần chính")
    shown = [
        f"{s.name} ({s.code}, {main})" if s.is_main else f"{s.name} ({s.code})" for s in successors
    ]
    return _("%(list)s và %(last)s") % {"list": ", ".join(shown[:-1]), "last": shown[-1]}


def _old_ward_text(old: list[OldWard], since: datetime.date | None, name=None) -> str:
    """Which new ward(s) an old phường, or each old phường of a name, now belongs to."""
    date = f"{since.day:02d}/{since.month}/{since.year}" if since else ""
    if len(old) == 1:
        ward = old[0]
        verb = _("nay thuộc") if len(ward.successors) == 1 else _("nay được chia vào")
        return _(
            "%(old)s (%(code)s) thuộc bản đồ trước %(date)s; %(now)s %(new)s. "
            "Hãy dùng mã phường mới."
        ) % {
            "old": ward.name,
            "code": ward.code,
            "date": date,
            "now": verb,
            "new": _units(ward.successors),
        }
    each = "; ".join(
        _("%(old)s (%(code)s) nay thuộc %(new)s")
        % {"old": ward.name, "code": ward.code, "new": _units(ward.successors)}
        for ward in old
    )
    return _(
        "'%(name)s' là tên của %(count)s phường trên bản đồ trước %(date)s: %(each)s. "
        "Hãy dùng mã phường mới."
    ) % {"name": shown(name), "count": len(old), "date": date, "each": each}
