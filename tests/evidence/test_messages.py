"""After each evidence action, the message says what happened to what: the file, the
criterion, the ward (issue point 7)."""

from tests.evidence.conftest import pdf, upload
from tracker.evidence.models import EvidenceFile


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_adding_a_new_version_and_removing_say_which_file_criterion_and_ward(
    dong_vinh, people, client
):
    client.force_login(people["ward"])
    result = dong_vinh.results.get(criterion__number=7)
    response = client.post(
        f"/phuong/16663/minh-chung/{result.pk}/?year=2023&map=2023",
        {"files": [upload("bien-ban.pdf", pdf(seed=b"1"))]},
        follow=True,
    )
    assert _messages(response) == [
        "Đã thêm tệp minh chứng “bien-ban” cho tiêu chí 7 của Phường Đông Vĩnh."
    ]
    evidence = EvidenceFile.objects.get()
    response = client.post(
        f"/minh-chung/{evidence.pk}/ban-moi/",
        {"file": upload("bien-ban-2.pdf", pdf(seed=b"2"))},
        follow=True,
    )
    assert _messages(response) == [
        "Đã lưu bản 2 của tệp minh chứng “bien-ban” (tiêu chí 7 của Phường Đông Vĩnh)."
    ]
    response = client.post(f"/minh-chung/{evidence.pk}/ban-moi/", {}, follow=True)
    assert _messages(response) == [
        "Chưa lưu bản mới của tệp minh chứng “bien-ban”: Chưa chọn tệp nào để tải lên."
    ]
    response = client.post(
        f"/minh-chung/{evidence.pk}/go/", {"reason": "Nhầm biên bản"}, follow=True
    )
    assert _messages(response) == [
        "Đã gỡ tệp minh chứng “bien-ban” khỏi tiêu chí 7 của Phường Đông Vĩnh."
    ]


def test_a_refused_upload_says_nothing_was_added_where(dong_vinh, people, client):
    client.force_login(people["ward"])
    result = dong_vinh.results.get(criterion__number=7)
    response = client.post(
        f"/phuong/16663/minh-chung/{result.pk}/?year=2023&map=2023",
        {"files": [upload("virus.exe", b"MZ\x90\x00" + b"\x00" * 64)]},
        follow=True,
    )
    (message,) = _messages(response)
    assert message.startswith("Chưa thêm tệp minh chứng nào cho tiêu chí 7 của Phường Đông Vĩnh: ")
    assert not EvidenceFile.objects.exists()
