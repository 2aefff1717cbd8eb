"""Drawing a PDF's first page as a PNG: run in a bounded child (tracker.untrusted), no Django.

PDFium (pypdfium2) draws page 1 only, without forms, so nothing in the PDF runs
(PDFium runs PDF scripts only through forms); what the browser gets is pixels.
A PDF can still be built to draw for minutes and take gigabytes (a form that draws
a form ten times, five levels deep), which is why this runs only in the child.
"""

import struct
import zlib

# The longer side of the image, in pixels: legible on the page, about 100 kB stored.
FIT = 800


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


def render_first_page(*, data: bytes) -> bytes:
    """Page 1 fitted within FIT × FIT pixels as a PNG, or b"" if PDFium cannot draw it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return b""
    try:
        if len(document) == 0:
            return b""
        page = document[0]
        try:
            width, height = page.get_size()
            if min(width, height) <= 0:
                return b""
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
        return b""
    finally:
        document.close()
