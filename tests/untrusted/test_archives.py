"""What a zip really inflates to, whatever it declares (tracker.untrusted.archives)."""

import io
import tracemalloc
import zipfile

import pytest

from tests.untrusted.zips import docx_bomb, lying_zip
from tracker.untrusted.archives import ArchiveBroken, ArchiveTooLarge, inflated_size

MB = 1024 * 1024


def test_an_honest_zip_measures_what_its_members_hold():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "x" * 300_000)
        archive.writestr(zipfile.ZipInfo("b.bin"), b"y" * 1234)  # stored, not deflated
    assert inflated_size(out.getvalue(), limit=MB) == 301_234
    with pytest.raises(ArchiveTooLarge):
        inflated_size(out.getvalue(), limit=300_000)


def test_a_member_that_declares_2_kB_and_inflates_to_1_GiB_is_refused_at_the_cap():
    bomb = docx_bomb()
    assert len(bomb) < 2 * MB
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml").file_size == 2048
    tracemalloc.start()
    try:
        with pytest.raises(ArchiveTooLarge):
            inflated_size(bomb, limit=200 * MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * MB  # inflated a piece at a time, never held


def test_many_small_lies_add_up():
    members = [(f"p{i}.xml", 3 * MB, 10) for i in range(5)]
    with pytest.raises(ArchiveTooLarge):
        inflated_size(lying_zip(members), limit=12 * MB)
    assert inflated_size(lying_zip(members), limit=16 * MB) == 15 * MB


@pytest.mark.parametrize(
    "data",
    [b"not a zip", b"PK\x03\x04" + b"\0" * 40, lying_zip([("a", b"abc", None)])[:-30]],
)
def test_what_is_not_a_readable_zip_is_said_to_be_broken(data):
    with pytest.raises(ArchiveBroken):
        inflated_size(data, limit=MB)
