import pytest

from tests.imports.workbooks import template_bytes, template_filled


@pytest.fixture
def template(nghe_an_2023) -> bytes:
    return template_bytes()


@pytest.fixture
def filled(nghe_an_2023):
    return template_filled()
