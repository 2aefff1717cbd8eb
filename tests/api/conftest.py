"""The API's clients: a token of an account, sent as Authorization: Bearer."""

import pytest
from django.test import Client

from tracker.api.tokens import api_token_create
from tracker.assessments.models import Assessment
from tracker.assessments.services import assessment_register
from tracker.units.models import District, Province, Ward, WardKind


class Api:
    """A test client that sends one token with every request."""

    def __init__(self, raw: str):
        self.raw = raw
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def get(self, path, data=None, **kwargs):
        return self.client.get(path, data, **kwargs)

    def patch(self, path, data, **headers):
        return self.client.patch(path, data, content_type="application/json", headers=headers)

    def post(self, path, data=None, **kwargs):
        return self.client.post(path, data or {}, **kwargs)


@pytest.fixture
def api():
    """api(user) -> a client with a new token of the user."""

    def make(user, days=30) -> Api:
        _token, raw = api_token_create(owner=user, name="Hệ thống thử", days=days)
        return Api(raw)

    return make


@pytest.fixture
def hanoi_assessment(nghe_an_2023) -> Assessment:
    """A ward of another province (Hà Nội, 01) on the 2023 map, registered for 2023."""
    nghe_an = Province.objects.get(edition__code="2023", code="40")
    edition = nghe_an.edition
    hanoi = Province.objects.create(edition=edition, code="01", name="Thành phố Hà Nội", kind="tp")
    district = District.objects.create(
        edition=edition, province=hanoi, code="001", name="Quận Ba Đình", kind="quan"
    )
    ward = Ward.objects.create(
        edition=edition,
        province=hanoi,
        district=district,
        code="00001",
        name="Phường Phúc Xá",
        kind=WardKind.WARD,
    )
    criteria_set = Assessment.objects.filter(year=2023).first().criteria_set
    return assessment_register(ward=ward, year=2023, criteria_set=criteria_set, user=None)
