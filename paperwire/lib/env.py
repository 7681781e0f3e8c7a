"""Typed readers for ``PAPERWIRE_*`` environment variables.

Every setting comes from the environment through one of these helpers. A bad
value stops start-up with a message that names the variable, so an admin
never has to guess which of thirty variables is wrong.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class SettingError(Exception):
    """A PAPERWIRE_* variable holds a value that cannot be used."""


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_optional_str(name: str) -> str | None:
    return _raw(name)


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"{name}={value!r} is not a boolean; use true/false, yes/no, on/off or 1/0")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name}={number} is below the minimum of {minimum}")
    if maximum is not None and number > maximum:
        raise SettingError(f"{name}={number} is above the maximum of {maximum}")
    return number


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise SettingError(f"{name}={value!r} is not a number") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name}={number} is below the minimum of {minimum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: str) -> Path:
    return Path(env_str(name, default)).expanduser().resolve()


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise SettingError(f"{name}={value!r} must be one of: {', '.join(choices)}")
    return value


def env_networks(name: str, default: list[str]) -> tuple[IPNetwork, ...]:
    """Comma-separated addresses or CIDR networks (``127.0.0.1,10.0.0.0/8,::1``)."""
    networks = []
    for item in env_list(name, default):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise SettingError(f"{name}: {item!r} is not an IP address or network (e.g. 10.0.0.0/8)") from None
    return tuple(networks)
