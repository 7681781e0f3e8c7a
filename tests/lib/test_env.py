"""Settings read from PAPERWIRE_* variables: typed, range-checked, and a bad value names its variable."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from paperwire.lib.env import (
    SettingError,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_optional_str,
    env_path,
    env_str,
)

NAME = "PAPERWIRE_TEST_SETTING"


@pytest.fixture
def setting(monkeypatch):
    def set_to(value: str) -> None:
        monkeypatch.setenv(NAME, value)

    monkeypatch.delenv(NAME, raising=False)
    return set_to


def test_an_unset_or_blank_variable_gives_the_default(setting) -> None:
    assert env_str(NAME, "x") == "x"
    setting("   ")
    assert env_str(NAME, "x") == "x"
    assert env_optional_str(NAME) is None
    assert env_int(NAME, 7) == 7
    assert env_list(NAME, ["a"]) == ["a"]


def test_values_are_stripped(setting) -> None:
    setting("  value \n")
    assert env_str(NAME, "") == "value"


@pytest.mark.parametrize(("text", "value"), [("1", True), ("YES", True), ("on", True), ("0", False), ("Off", False)])
def test_booleans_read_every_usual_spelling(setting, text: str, value: bool) -> None:
    setting(text)
    assert env_bool(NAME, not value) is value


@pytest.mark.parametrize(
    ("reader", "text", "message"),
    [
        (lambda: env_bool(NAME, False), "maybe", "is not a boolean"),
        (lambda: env_int(NAME, 1), "ten", "is not a whole number"),
        (lambda: env_int(NAME, 1, minimum=2), "1", "below the minimum of 2"),
        (lambda: env_int(NAME, 1, maximum=5), "6", "above the maximum of 5"),
        (lambda: env_float(NAME, 1.0), "fast", "is not a number"),
        (lambda: env_float(NAME, 1.0, minimum=0.5), "0.1", "below the minimum of 0.5"),
        (lambda: env_choice(NAME, "a", ("a", "b")), "c", "must be one of: a, b"),
        (lambda: env_networks(NAME, []), "10.0.0.0/8,localhost", "'localhost' is not an IP address"),
    ],
)
def test_a_bad_value_stops_with_a_message_naming_the_variable(setting, reader, text: str, message: str) -> None:
    setting(text)
    with pytest.raises(SettingError) as error:
        reader()
    assert NAME in str(error.value) and message in str(error.value)


def test_lists_networks_and_paths(setting, tmp_path: Path) -> None:
    setting(" a, ,b ,")
    assert env_list(NAME, []) == ["a", "b"]
    setting("127.0.0.1, 10.0.0.0/8, ::1")
    assert env_networks(NAME, []) == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("::1/128"),
    )
    setting(str(tmp_path / "x" / ".." / "data"))
    assert env_path(NAME, "/") == tmp_path / "data"
    setting("2.5")
    assert env_float(NAME, 0.0) == 2.5
