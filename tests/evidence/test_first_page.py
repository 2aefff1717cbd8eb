"""A PDF's first page as a PNG on the ward page: drawn once per revision, nothing run."""

import struct
import zlib

from tests.evidence.conftest import PNG, pdf, upload
from tests.evidence.nested_pdf import write_pdf
from tracker.evidence import preview
from tracker.evidence.models import EvidenceRevision
from tracker.evidence.services import evidence_add
from tracker.evidence.storage import evidence_storage


def one_page_pdf(content: bytes, width: int = 595, height: int = 842) -> bytes:
    """A valid one-page PDF (with its cross-reference table) drawing `content`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>" % (width, height),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    return write_pdf(objects)


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of a PNG as the view writes it (8-bit RGB, no filter)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert png[24:26] == b"\x08\x02"
    start = png.index(b"IDAT") + 4
    length = struct.unpack(">I", png[start - 8 : start - 4])[0]
    raw = zlib.decompress(png[start : start + length])
    step = 1 + 3 * width
    return width, height, [raw[y * step + 1 : (y + 1) * step] for y in range(height)]


# A black square of 100 pt in the page's bottom left corner.
SQUARE = b"0 0 0 rg 0 0 100 100 re f"


def test_a_pdf_is_previewed_on_the_ward_page_as_its_first_page(
    storage, dong_vinh, people, client, monkeypatch
):
    (evidence,) = evidence_add(
        result=dong_vinh.results.get(criterion__number=3),
        user=None,
        files=[upload("bien-ban.pdf", one_page_pdf(SQUARE))],
        title="Biên bản",
    )
    revision = evidence.current
    client.force_login(people["viewer"])
    page = client.get("/phuong/16663/?year=2023&map=2023").content.decode()
    url = f"/minh-chung/xem/{revision.pk}/trang-1.png"
    assert f'<a href="/minh-chung/tai/{revision.pk}/"><img src="{url}"' in page
    assert "Trang đầu của “Biên bản”" in page  # the alt text
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"] == 'inline; filename="bien-ban-trang-1.png"'
    width, height, rows = pixels(response.content)
    assert height == 800 and abs(width - 595 * 800 / 842) < 1  # A4 fitted within 800 px
    assert rows[-1][:3] == b"\x00\x00\x00"  # the square, bottom left
    assert rows[0][-3:] == b"\xff\xff\xff"  # white paper, top right
    # Drawn once: the second view serves the stored PNG without PDFium.
    assert evidence_storage().exists(preview.first_page_name(revision.blob))
    monkeypatch.setattr(preview, "render_first_page", lambda data: 1 / 0)
    assert client.get(url).content == response.content


def test_a_pdf_that_cannot_be_drawn_gets_a_message_not_an_error(dong_vinh, people, client):
    broken, large, image = evidence_add(
        result=dong_vinh.results.get(criterion__number=3),
        user=None,
        files=[
            upload("hong.pdf", pdf()),
            upload("lon.pdf", pdf(seed=b"lon")),
            upload("anh.png", PNG),
        ],
    )
    client.force_login(people["ward"])
    response = client.get(f"/minh-chung/xem/{broken.current.pk}/trang-1.png")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "sandbox" in response["Content-Security-Policy"]
    assert "Không xem trước được trang đầu của tệp PDF này" in response.content.decode()
    # Above today's per-file limit the PDF is never opened.
    EvidenceRevision.objects.filter(pk=large.current.pk).update(size=21 * 1024 * 1024)
    response = client.get(f"/minh-chung/xem/{large.current.pk}/trang-1.png")
    assert "Không xem trước được" in response.content.decode()
    assert not evidence_storage().exists(preview.first_page_name(large.current.blob))
    # An image is shown as it is: it has no first page to draw.
    assert client.get(f"/minh-chung/xem/{image.current.pk}/trang-1.png").status_code == 404
