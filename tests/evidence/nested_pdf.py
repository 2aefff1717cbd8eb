"""A PDF of a few kilobytes that asks PDFium for fanout**levels fills: forms drawing forms."""


def nested_forms_pdf(levels: int, fanout: int = 10) -> bytes:
    """A small PDF whose page draws a form that draws the one below it `fanout` times,
    `levels` deep: fanout**levels fills from a file of a few kilobytes."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    ]
    first_form = 5
    page_content = b"/F%d Do" % levels
    objects.append(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /F%d %d 0 R >> >> >>" % (levels, first_form + levels)
    )
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page_content), page_content))
    for level in range(levels + 1):
        if level == 0:
            content = b"0 0 0 rg 10 10 50 50 re f"
            resources = b""
        else:
            content = b" ".join(
                b"q 0.9 0 0 0.9 1 1 cm /F%d Do Q" % (level - 1) for _ in range(fanout)
            )
            resources = b"/Resources << /XObject << /F%d %d 0 R >> >>" % (
                level - 1,
                first_form + level - 1,
            )
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] %s /Length %d >>\n"
            b"stream\n%s\nendstream" % (resources, len(content), content)
        )
    return write_pdf(objects)


def write_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1, 2, ... in order, the first the catalog) with its
    cross-reference table, as PDFium reads it."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out
