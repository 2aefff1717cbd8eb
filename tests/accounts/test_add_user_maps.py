"""add_user finds a ward on either map, says which it took, and names --map when it cannot."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from tests.accounts.test_accounts import add_user


def test_a_2023_ward_code_is_found_on_the_2023_map_and_said(nghe_an_both_maps, monkeypatch):
    monkeypatch.setenv("TRACKER_PASSWORD", "mot-mat-khau-dai-du")
    # 16663 (Đông Vĩnh) is on the 2023 map only; the newest map is 2025.
    text = add_user("dongvinh", "--role", "phuong", "--ward", "16663")
    scope = get_user_model().objects.get(username="dongvinh").scope
    assert (scope.ward.name, scope.ward.edition.code) == ("Phường Đông Vĩnh", "2023")
    assert "(bản đồ 2023)" in text


def test_a_ward_on_another_map_than_the_one_given_names_that_map(nghe_an_both_maps):
    with pytest.raises(CommandError) as error:
        add_user("x", "--role", "phuong", "--ward", "16663", "--map", "2025")
    message = str(error.value)
    assert "Không có phường mã '16663' trên bản đồ 2025." in message
    assert "dùng --map 2023" in message
    assert not get_user_model().objects.filter(username="x").exists()


def test_a_code_on_no_map_says_how_to_choose_one(nghe_an_both_maps):
    with pytest.raises(CommandError) as error:
        add_user("x", "--role", "phuong", "--ward", "99999")
    assert "chọn bản đồ bằng --map" in str(error.value)
