"""schemathesis runs every operation of the live schema with a token of a province and one of
a ward: no server error, no response outside the schema, nothing outside the token's scope.

A few examples per operation (this is a smoke run in the suite, not a fuzzing campaign); ids
in the paths are drawn from the token's own objects and another province's, whose objects
must stay absent (404) whatever else the request says.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tracker.wsgi import application

EXAMPLES = 4
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _ids(own, hanoi):
    """Path ids per resource: (own ids, another province's ids)."""
    own_result = own.results.order_by("pk").first()
    hanoi_result = hanoi.results.order_by("pk").first()
    return {
        "/api/v1/assessments/": ([own.pk], [hanoi.pk]),
        "/api/v1/results/": ([own_result.pk], [hanoi_result.pk]),
        "/api/v1/units/": ([own.ward_id], [hanoi.ward_id]),
    }


def _run(operation, headers, ids, foreign_words):
    own, foreign = next(
        (v for prefix, v in ids.items() if operation.path.startswith(prefix)), ([], [])
    )
    picks = st.sampled_from([None, *own, *foreign])

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), pick=picks)
    def check(case, pick):
        aimed = pick is not None and "id" in (case.path_parameters or {})
        if aimed:
            case.path_parameters["id"] = pick
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)
        text = response.text
        for word in foreign_words:
            assert word not in text, (operation.label, word)
        if aimed and pick in foreign:
            assert response.status_code not in range(200, 300), operation.label

    check()


@pytest.fixture
def connection_kept():
    """The WSGI app called in the test's own transaction, as Django's test client calls it:
    without closing the connection at each request's start and end (PostgreSQL's would go,
    and the test's transaction with it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("connection_kept")
@pytest.mark.parametrize("who", ["province", "ward"])
def test_every_operation_of_the_live_schema(who, people, api, dong_vinh, hanoi_assessment):
    client = api(people[who])
    headers = {"Authorization": f"Bearer {client.raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    ids = _ids(dong_vinh, hanoi_assessment)
    # Another province's ward, and for a ward's token another ward of its own province.
    foreign = ["Phúc Xá", "Hà Nội"] + (["Hà Huy Tập"] if who == "ward" else [])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        _run(operation, headers, ids, foreign)
