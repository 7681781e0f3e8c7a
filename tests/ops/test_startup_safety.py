"""Start-up refuses what would expose a server: debug on the network, a short key, any Host."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from paperwire.lib.loopback import is_loopback_address
from paperwire.lib.secret_key import key_weakness
from tests.support.smtp import free_port

LONG_KEY = "Qx7vR2mN9pL4kT8wZ3cY6hJ1bF5gD0sA-eU_iO7nM2rK9tW4yV8xC3zB6"


def paperwire_env(data_dir: Path, **variables: str) -> dict[str, str]:
    env = dict(os.environ, PAPERWIRE_DATA_DIR=str(data_dir), **variables)
    env.pop("PAPERWIRE_DATABASE_URL", None)  # embedded mode, a throw-away SQLite file
    return env


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperwire.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def this_machines_network_address() -> str | None:
    """An address of this machine that is not loopback (no packet is sent to find it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if is_loopback_address(address) or address == "0.0.0.0" else address  # noqa: S104


def status_of(url: str, host: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            status_of(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])  # noqa: S104 - what is refused
def test_it_refuses_debug_on_a_network_address_and_says_what_to_do(tmp_path: Path, host: str) -> None:
    port = free_port()

    result = run_cli(paperwire_env(tmp_path), "serve", "--host", host, "--port", str(port))

    assert result.returncode != 0
    assert f"refusing to serve with debug on at --host {host}" in result.stderr
    assert "PAPERWIRE_DEBUG=false" in result.stderr
    assert "PAPERWIRE_ALLOW_DEBUG_ON_NETWORK=true" in result.stderr
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0  # nothing was started


@pytest.mark.slow
def test_it_serves_debug_on_the_network_when_asked_but_keeps_dev_mail_and_metrics_local(tmp_path: Path) -> None:
    address = this_machines_network_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    env = paperwire_env(
        tmp_path, PAPERWIRE_ALLOW_DEBUG_ON_NETWORK="true", PAPERWIRE_ALLOWED_HOSTS=f"127.0.0.1,localhost,{address}"
    )
    run_cli(env, "setup", "--no-demo").check_returncode()
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "paperwire.cli", "serve", "--host", "0.0.0.0", "--port", str(port)],  # noqa: S104
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz")
        local = {path: status_of(f"http://127.0.0.1:{port}{path}") for path in ("/dev/mail", "/metrics")}
        # The same server, reached over the network interface: the peer is not loopback.
        remote = {path: status_of(f"http://{address}:{port}{path}") for path in ("/dev/mail", "/metrics", "/about")}
        # What the review sent: a Host header naming this machine, from elsewhere.
        claims_local = status_of(f"http://{address}:{port}/dev/mail", host="localhost")
    finally:
        serve.send_signal(signal.SIGINT)
        _, errors = serve.communicate(timeout=30)

    assert local == {"/dev/mail": 200, "/metrics": 200}
    assert remote == {"/dev/mail": 404, "/metrics": 403, "/about": 200}
    assert claims_local == 404
    assert "warning: debug mode on 0.0.0.0" in errors


def test_it_stops_on_a_short_secret_key_with_debug_off(tmp_path: Path) -> None:
    env = paperwire_env(tmp_path, PAPERWIRE_DEBUG="false", PAPERWIRE_SECRET_KEY="changeme-but-never-changed")

    result = run_cli(env, "check")

    assert result.returncode == 2
    assert "PAPERWIRE_SECRET_KEY is only 26 characters; use at least 50" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_stops_on_any_host_allowed_with_debug_off(tmp_path: Path) -> None:
    env = paperwire_env(
        tmp_path, PAPERWIRE_DEBUG="false", PAPERWIRE_SECRET_KEY=LONG_KEY, PAPERWIRE_ALLOWED_HOSTS="papers.example.org,*"
    )

    result = run_cli(env, "check")

    assert result.returncode == 2
    assert "PAPERWIRE_ALLOWED_HOSTS=* accepts any Host header" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_starts_with_a_long_key_and_named_hosts(tmp_path: Path) -> None:
    env = paperwire_env(
        tmp_path, PAPERWIRE_DEBUG="false", PAPERWIRE_SECRET_KEY=LONG_KEY, PAPERWIRE_ALLOWED_HOSTS="papers.example.org"
    )

    result = run_cli(env, "check")

    assert result.returncode == 0, result.stderr


def test_it_stops_on_a_long_key_that_repeats_itself_with_debug_off(tmp_path: Path) -> None:
    env = paperwire_env(
        tmp_path, PAPERWIRE_DEBUG="false", PAPERWIRE_SECRET_KEY="a" * 50, PAPERWIRE_ALLOWED_HOSTS="papers.example.org"
    )

    result = run_cli(env, "check")

    assert result.returncode == 2
    assert "PAPERWIRE_SECRET_KEY repeats itself, so it can be guessed" in result.stderr
    assert "Traceback" not in result.stderr


def _signing_key(data_dir: Path) -> str:
    env = paperwire_env(data_dir)
    env.pop("PAPERWIRE_SECRET_KEY", None)
    result = run_cli(env, "shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_a_key_each_instance_signs_with_its_own_random_key_kept_across_restarts(tmp_path: Path) -> None:
    first, again, other = _signing_key(tmp_path / "a"), _signing_key(tmp_path / "a"), _signing_key(tmp_path / "b")

    assert first == again  # sessions and email links survive a restart
    assert first != other  # nobody can sign for another instance
    assert key_weakness(first) is None
    assert (tmp_path / "a" / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


def test_it_refuses_debug_on_the_network_with_a_guessable_key(tmp_path: Path) -> None:
    env = paperwire_env(tmp_path, PAPERWIRE_ALLOW_DEBUG_ON_NETWORK="true", PAPERWIRE_SECRET_KEY="b" * 60)
    port = free_port()

    result = run_cli(env, "serve", "--host", "0.0.0.0", "--port", str(port))  # noqa: S104 - what is refused

    assert result.returncode != 0
    assert "PAPERWIRE_SECRET_KEY repeats itself" in result.stderr
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0  # nothing was started


def test_random_keys_pass_and_keys_made_of_repeats_do_not() -> None:
    assert all(key_weakness(secrets.token_hex(25)) is None for _ in range(500))
    assert all(key_weakness(secrets.token_urlsafe(50)) is None for _ in range(500))
    for guessable in ("a" * 50, "abcdefghij" * 5, "k" * 20 + "-production-secret-of-fifty-characters-or-more"):
        assert key_weakness(guessable) is not None
