"""The import's pages at /nhap-lieu/, as the tests drive them."""

from django.core.files.uploadedfile import SimpleUploadedFile

IMPORTS = "/nhap-lieu/"
# Where a confirm leads: the list, in the import's year (Nghệ An's data is 2023's).
IMPORTED = "/nhap-lieu/?year=2023"


def preview_url(token) -> str:
    return f"/nhap-lieu/xem-truoc/{token}/"


def revert_url(pk) -> str:
    return f"/nhap-lieu/{pk}/hoan-tac/"


def upload(client, data: bytes, name="nghe-an.xlsx", **fields):
    return client.post(
        IMPORTS,
        {"file": SimpleUploadedFile(name, data), "province": "", "year": "", **fields},
    )


def confirm(client, token, **choices):
    return client.post(preview_url(token), choices)
