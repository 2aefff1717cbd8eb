"""What a zip really inflates to: every member read in a stream and stopped at the cap.

The sizes a zip declares are the attacker's to write: a member declaring 2 kB can
inflate to 1 GiB, and zipfile's read() inflates all of it before it notices the lie.
Here each member's raw data is inflated in small pieces and counted, whatever its
header says, so a bomb costs one piece of memory and stops at the cap. Every zip
the app opens from a user (workbooks, document templates, Office evidence) is
measured here first.
"""

import io
import struct
import zipfile
import zlib

_PIECE = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


class ArchiveTooLarge(Exception):
    """The members inflate past the cap."""


class ArchiveBroken(Exception):
    """Not a zip we can read: its directory, a member's header or its data is damaged."""


def _member_data_offset(raw: io.BytesIO, info: zipfile.ZipInfo) -> int:
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise ArchiveBroken(info.filename)
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    return info.header_offset + _LOCAL_HEADER.size + name_length + extra_length


def _inflated(data: bytes, start: int, info: zipfile.ZipInfo, budget: int) -> int:
    """The bytes the member inflates to, counting at most `budget` + one piece."""
    # The compressed length is bounded by the file itself, whatever the header claims.
    stream = memoryview(data)[start : min(len(data), start + info.compress_size)]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(stream)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ArchiveBroken(info.filename)
    inflater = zlib.decompressobj(-15)
    total = 0
    try:
        for at in range(0, len(stream), _PIECE):
            pending = stream[at : at + _PIECE]
            while pending:
                total += len(inflater.decompress(pending, _PIECE))
                if total > budget:
                    return total
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        while not inflater.eof and (out := inflater.decompress(b"", _PIECE)):
            total += len(out)
            if total > budget:
                return total
    except zlib.error as error:
        raise ArchiveBroken(info.filename) from error
    return total


def inflated_size(data: bytes, *, limit: int) -> int:
    """The bytes all members of the zip `data` inflate to; ArchiveTooLarge past `limit`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise ArchiveBroken("") from error
    with archive:
        raw = io.BytesIO(data)
        total = 0
        for info in archive.infolist():
            start = _member_data_offset(raw, info)
            total += _inflated(data, start, info, limit - total)
            if total > limit:
                raise ArchiveTooLarge(info.filename)
    return total
