"""One error shape (RFC 9457, in Vietnamese) for every error under /api/; throttling per token."""

from django.core.cache import cache


def test_an_unknown_address_and_a_control_character_answer_problems(people, api):
    client = api(people["province"])
    for path, status in (("/api/v1/khong-co/", 404), ("/api/v1/units/?year=%01", 400)):
        response = client.get(path)
        assert response.status_code == status
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == status and body["type"].startswith("urn:tracker:problem:")


def test_a_method_the_address_does_not_take_is_405_in_vietnamese(people, api):
    response = api(people["province"]).client.delete("/api/v1/units/")
    assert response.status_code == 405
    assert response.json()["title"] == "Phương thức không được hỗ trợ"


def test_a_token_over_its_rate_gets_429_with_retry_after(people, api, settings):
    settings.TRACKER_API_RATE = "2/min"
    cache.clear()
    client = api(people["province"])
    other = api(people["viewer"])
    assert [client.get("/api/v1/units/").status_code for _ in range(3)] == [200, 200, 429]
    limited = client.get("/api/v1/units/")
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    assert "quá nhiều yêu cầu" in limited.json()["detail"]
    # The rate is per token: another token is not held back.
    assert other.get("/api/v1/units/").status_code == 200
    cache.clear()


def test_the_schema_and_its_page_are_served_from_our_own_files(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"].startswith("API Theo dõi")
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page
