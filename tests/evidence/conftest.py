"""Evidence fixtures: small files of each kind, the accounts, and a local S3 server.

The S3 server is moto's, on 127.0.0.1, started once per session: the tests
marked with the `storage` fixture run on the local folder and, through
django-storages, on that server, the code path production takes.
"""

import io
import socket
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tracker.accounts.models import Role
from tracker.assessments.models import Assessment
from tracker.units.models import MapEdition, Province


def pdf(size: int = 200, seed: bytes = b"") -> bytes:
    body = b"%PDF-1.4\n%" + seed + b"\n"
    return body + b"0" * max(0, size - len(body) - 6) + b"\n%%EOF"


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def zip_with(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name), data)
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def dong_vinh(nghe_an_2023):
    """A ward's 2023 assessment: every criterion at Đạt but TC22."""
    return Assessment.objects.select_related("ward").get(ward__code="16663", year=2023)


@pytest.fixture
def people(nghe_an_2023, account, national_admin):
    hanoi = Province(edition=MapEdition.objects.get(code="2023"), code="01", name="Hà Nội")
    hanoi.kind = "thanh_pho_tw"
    hanoi.save()
    return {
        "ward": account("phuong16663", Role.WARD, ward="16663"),
        "other_ward": account("phuong16666", Role.WARD, ward="16666"),
        "province": account("tinh40", Role.PROVINCE, province="40"),
        "other_province": account("tinh01", Role.PROVINCE, province="01"),
        "viewer": account("xem40", Role.VIEWER, province="40"),
        "ministry": national_admin,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3-compatible server on 127.0.0.1, for the whole session."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


S3_KEYS = {"access_key": "tests-only", "secret_key": "tests-only", "region_name": "us-east-1"}


@pytest.fixture
def s3_storage(s3_server, settings):
    """The evidence storage pointed at a fresh bucket of the local S3 server."""
    import boto3

    bucket = f"minh-chung-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=S3_KEYS["access_key"],
        aws_secret_access_key=S3_KEYS["secret_key"],
        region_name=S3_KEYS["region_name"],
    ).create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server,
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_expire": 60,
                **S3_KEYS,
            },
        },
    }
    return bucket


@pytest.fixture(params=["local", "s3"])
def storage(request):
    """Each test using it runs twice: on the local folder, and on the local S3 server."""
    if request.param == "s3":
        return request.getfixturevalue("s3_storage")
    return None
