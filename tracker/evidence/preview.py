"""The first page of a PDF evidence file as a PNG, shown on the ward page in an <img>.

PDFium (pypdfium2) draws page 1 only, without forms, so nothing in the PDF runs
(PDFium runs PDF scripts only through forms); what the browser gets is pixels.
Each revision is drawn once: the PNG is kept in the evidence storage beside its
file, so every app server finds it, and an empty file there marks a PDF that
cannot be drawn (broken, or locked by a password).
"""

import struct
import threading
import zlib

from django.core.files.base import ContentFile

from tracker.evidence.services import max_file_bytes
from tracker.evidence.storage import evidence_storage

# The longer side of the image, in pixels: legible on the page, about 100 kB stored.
FIT = 800
# PDFium is not thread-safe (runserver and threaded workers serve requests at once).
_LOCK = threading.Lock()


def first_page_name(blob: str) -> str:
    return f"{blob}.trang-1.png"


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png_rgb(width: int, height: int, stride: int, pixels) -> bytes:
    """An 8-bit RGB PNG from rows of `stride` bytes: zlib is all a PNG needs, no image library."""
    raw = memoryview(pixels).cast("B")
    row = width * 3
    rows = b"".join(b"\x00" + raw[y * stride : y * stride + row] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 6))
        + _chunk(b"IEND", b"")
    )


def render_first_page(data: bytes) -> bytes | None:
    """Page 1 fitted within FIT × FIT pixels as a PNG, or None if PDFium cannot draw it."""
    # Imported here: PDFium costs every process about 8 MB, and only previews need it.
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with _LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return None
        try:
            if len(document) == 0:
                return None
            page = document[0]
            try:
                width, height = page.get_size()
                if min(width, height) <= 0:
                    return None
                bitmap = page.render(
                    scale=FIT / max(width, height),
                    may_draw_forms=False,
                    force_bitmap_format=pdfium_c.FPDFBitmap_BGR,
                    rev_byteorder=True,  # BGR read backwards: RGB, as PNG wants
                )
                try:
                    return png_rgb(bitmap.width, bitmap.height, bitmap.stride, bitmap.buffer)
                finally:
                    bitmap.close()
            finally:
                page.close()
        except pdfium.PdfiumError:
            return None
        finally:
            document.close()


def first_page_png(revision) -> bytes | None:
    """The stored PNG of the revision's first page, drawn on first asking; None if it has none."""
    if revision.size > max_file_bytes():
        return None  # never drawn: larger than any upload may be today
    storage = evidence_storage()
    name = first_page_name(revision.blob)
    if storage.exists(name):
        with storage.open(name, "rb") as f:
            return f.read() or None
    with storage.open(revision.blob, "rb") as f:
        png = render_first_page(f.read())
    storage.save(name, ContentFile(png or b""))
    return png
