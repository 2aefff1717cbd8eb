import pytest
from django.contrib.auth import get_user_model

from tracker.models import Role, UserScope


@pytest.fixture
def reader_client(client, db):
    """A Ministry reader: sees every province, writes none."""
    user = get_user_model().objects.create_user(username="xem", password="mat-khau-thu-nghiem")
    UserScope.objects.create(user=user, role=Role.VIEWER)
    client.force_login(user)
    return client
