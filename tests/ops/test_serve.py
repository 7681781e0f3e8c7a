"""`paperwire serve` starts the web server and the worker; Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from tests.support.smtp import free_port

pytestmark = pytest.mark.slow


def _wait_for(url: str, timeout: float = 30.0) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_it_serves_and_stops_cleanly_on_ctrl_c(tmp_path) -> None:
    env = dict(os.environ, PAPERWIRE_DATA_DIR=str(tmp_path))
    env.pop("PAPERWIRE_DATABASE_URL", None)  # embedded mode, a throw-away SQLite file
    subprocess.run([sys.executable, "-m", "paperwire.cli", "setup", "--no-demo"], env=env, check=True)
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "paperwire.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = _wait_for(f"http://127.0.0.1:{port}/healthz")
        assert b'"status": "ok"' in body
        children = psutil.Process(serve.pid).children(recursive=True)
        commands = [" ".join(child.cmdline()) for child in children]
        assert any("gunicorn" in command for command in commands)
        assert any("paperwire.cli worker" in command for command in commands)
    finally:
        serve.send_signal(signal.SIGINT)
        output, _ = serve.communicate(timeout=30)
    assert serve.returncode == 0, output.decode()
    assert b"paperwire stopped" in output
    assert not [child for child in children if child.is_running() and child.status() != psutil.STATUS_ZOMBIE]


def test_it_refuses_a_bad_setting_with_the_variables_name(tmp_path) -> None:
    env = dict(os.environ, PAPERWIRE_DATA_DIR=str(tmp_path), PAPERWIRE_SMTP_PORT="twenty-five")
    result = subprocess.run([sys.executable, "-m", "paperwire.cli", "check"], env=env, capture_output=True, text=True)

    assert result.returncode == 2
    assert "PAPERWIRE_SMTP_PORT='twenty-five' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_exposes_prometheus_metrics_summed_over_web_processes(tmp_path) -> None:
    env = dict(os.environ, PAPERWIRE_DATA_DIR=str(tmp_path))
    env.pop("PAPERWIRE_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "paperwire.cli", "setup", "--no-demo"], env=env, check=True)
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "paperwire.cli", "serve", "--prod", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        for _ in range(10):
            _wait_for(f"http://127.0.0.1:{port}/healthz")
        metrics = _wait_for(f"http://127.0.0.1:{port}/metrics").decode()
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=30)
    healthz_count = [
        line for line in metrics.splitlines()
        if line.startswith("paperwire_http_request_duration_seconds_count") and 'route="healthz"' in line
    ]  # fmt: skip
    assert healthz_count, metrics[:2000]
    assert sum(float(line.rsplit(" ", 1)[1]) for line in healthz_count) >= 11
    assert "paperwire_papers_total 0.0" in metrics
    assert "paperwire_task_queue_depth" in metrics
