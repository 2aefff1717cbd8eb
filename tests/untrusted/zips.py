"""Zips that lie: built by hand, since zipfile writes only honest ones."""

import struct
import zlib

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


def lying_zip(members: list[tuple[str, bytes | int, int | None]]) -> bytes:
    """Members (name, content, declared size): content is bytes stored deflated, or an int
    n for n zero bytes deflated in a stream; declared None is the true size."""
    body, central = b"", b""
    for name, content, declared in members:
        raw_name = name.encode()
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
        if isinstance(content, int):
            # A full flush resets the compressor, so every megabyte of zeros deflates to the
            # same bytes: compressed once and repeated, 1 GiB costs milliseconds to build.
            piece = deflater.compress(b"\0" * (1 << 20)) + deflater.flush(zlib.Z_FULL_FLUSH)
            data = piece * (content >> 20)
            size, crc = content, 0
        else:
            data, size, crc = deflater.compress(content), len(content), zlib.crc32(content)
        data += deflater.flush()
        size = size if declared is None else declared
        offset = len(body)
        body += _LOCAL.pack(
            b"PK\x03\x04", 20, 0, 0, 8, 0, 0, crc, len(data), size, len(raw_name), 0
        )
        body += raw_name + data
        central += (
            _CENTRAL.pack(
                b"PK\x01\x02",
                20,
                0,
                20,
                0,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(raw_name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw_name
        )
    count = len(members)
    return body + central + _END.pack(b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)


def docx_bomb(real: int = 1 << 30, declared: int = 2048) -> bytes:
    """A real .docx (1 MB) whose document part declares 2 kB and inflates to 1 GiB of zeros:
    every other part is as Word reads it, so a reader gets as far as the document part."""
    import io
    import zipfile

    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    with zipfile.ZipFile(out) as archive:
        members = [
            (name, archive.read(name), None)
            for name in archive.namelist()
            if name != "word/document.xml"
        ]
    return lying_zip([*members, ("word/document.xml", real, declared)])
