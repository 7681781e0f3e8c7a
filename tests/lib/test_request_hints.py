"""Who sent a request, whether it wants JSON, and where a form may go back to (never off the site)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory

from paperwire.lib.request_hints import safe_next, signed_in_user, wants_json


def test_a_script_asking_for_json_is_told_apart_from_a_form() -> None:
    factory = RequestFactory()
    assert wants_json(factory.post("/x", HTTP_ACCEPT="application/json"))
    assert not wants_json(factory.post("/x", HTTP_ACCEPT="text/html,application/xhtml+xml"))


@pytest.mark.parametrize("target", ["/papers/2401.00001", "/library?tag=3", "http://testserver/u/me"])
def test_next_on_this_site_is_followed(target: str) -> None:
    assert safe_next(RequestFactory().post("/x", {"next": target}), "/fallback") == target
    assert safe_next(RequestFactory().get("/x", {"next": target}), "/fallback") == target


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example", ""]
)
def test_next_elsewhere_falls_back(target: str) -> None:
    assert safe_next(RequestFactory().post("/x", {"next": target}), "/fallback") == "/fallback"


def test_a_view_for_signed_in_people_gets_the_person() -> None:
    request = RequestFactory().get("/library")
    request.user = User(username="reader")
    assert signed_in_user(request).username == "reader"
    request.user = AnonymousUser()
    with pytest.raises(AssertionError):
        signed_in_user(request)
