"""``paperwire serve``: the web server and the background worker in one command.

Embedded mode (default): one gunicorn process with threads plus one worker
process. Rate limits are shared by every process in either mode: in Redis
when there is one, otherwise in a database table (``paperwire.lib.ratelimit``).
``--prod``: gunicorn with several worker processes
(``PAPERWIRE_WEB_WORKERS``), static files collected for whitenoise, and no
embedded worker unless ``--with-worker`` is given (run ``paperwire worker``
separately, as many as you like). Ctrl-C stops everything cleanly.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from paperwire.lib.loopback import is_loopback_host
from paperwire.lib.secret_key import HOW_TO_MAKE_ONE, key_weakness
from paperwire.lib.site_address import record_site_url


class Command(BaseCommand):
    help = "Start the web server and the background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--prod", action="store_true", help="production: several gunicorn workers, no worker")
        parser.add_argument("--with-worker", action="store_true", help="with --prod, also start one worker")
        parser.add_argument("--workers", type=int, default=None, help="gunicorn worker processes (--prod)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            raise CommandError(f"--port {options['port']} is not a TCP port (1–65535)")
        self._refuse_debug_on_network(options["host"])
        prod: bool = options["prod"]
        if prod:
            call_command("collectstatic", interactive=False, verbosity=0)
            workers = options["workers"] or settings.WEB_WORKERS
            web_args = ["--workers", str(workers), "--worker-class", "gthread", "--threads", "4"]
        else:
            web_args = ["--workers", "1", "--worker-class", "gthread", "--threads", "8"]
        bind = (
            f"[{options['host']}]:{options['port']}"
            if ":" in options["host"]
            else f"{options['host']}:{options['port']}"
        )
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="paperwire.settings")
        address = self._address(options["host"], options["port"])
        if not settings.SITE_URL_SET:
            # Emails, digests and unsubscribe links are absolute: without the
            # setting they must lead back to this server, not to the default port.
            env["PAPERWIRE_SITE_URL"] = address
            # …and so must those rendered by processes started later, elsewhere.
            record_site_url(Path(settings.DATA_DIR), address)
        # Each gunicorn process writes its metric samples here; /metrics sums them.
        metrics_dir = Path(settings.DATA_DIR) / "prometheus" / str(options["port"])
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        web = [
            sys.executable, "-m", "gunicorn", "paperwire.wsgi:application",
            "--bind", bind, "--graceful-timeout", "10", "--timeout", "60", "--no-control-socket",
            "--access-logfile", "-" if settings.DEBUG or prod else "/dev/null",
            *web_args,
        ]  # fmt: skip
        children: list[subprocess.Popen[bytes]] = [subprocess.Popen(web, env=env)]
        if not prod or options["with_worker"]:
            children.append(subprocess.Popen([sys.executable, "-m", "paperwire.cli", "worker"], env=env))
        self.stdout.write(f"paperwire is running at {address}/ — press Ctrl-C to stop")

        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.3)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [child for child in children if child.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not stopping:
            raise CommandError("a paperwire process stopped unexpectedly; see the messages above")
        self.stdout.write("paperwire stopped")

    @staticmethod
    def _address(host: str, port: int) -> str:
        """The URL a browser on this machine reaches the server at."""
        if host in ("0.0.0.0", "::"):  # noqa: S104 - every interface: this machine is one of them
            host = "127.0.0.1"
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def _refuse_debug_on_network(self, host: str) -> None:
        # Debug mode shows tracebacks with settings and serves /dev/mail; on an
        # address others can reach, that is a leak, so it takes an explicit yes.
        if not settings.DEBUG or is_loopback_host(host):
            return
        if settings.ALLOW_DEBUG_ON_NETWORK:
            weakness = key_weakness(settings.SECRET_KEY)
            if weakness is not None:
                # Others can reach it: a guessable key would let them forge sessions and email links.
                raise CommandError(
                    f"refusing to serve at --host {host}: PAPERWIRE_SECRET_KEY {weakness}.\n"
                    f"  Leave it unset (a random key is kept in the data directory) or use: {HOW_TO_MAKE_ONE}"
                )
            self.stderr.write(
                f"warning: debug mode on {host}, reachable from other machines (PAPERWIRE_ALLOW_DEBUG_ON_NETWORK=true)"
            )
            return
        raise CommandError(
            f"refusing to serve with debug on at --host {host}: other machines could read debug pages.\n"
            "  For a server others use, turn debug off: PAPERWIRE_DEBUG=false with PAPERWIRE_SECRET_KEY and\n"
            "  PAPERWIRE_ALLOWED_HOSTS set (see docs/deploy.md).\n"
            "  To try paperwire from this machine only, leave --host at 127.0.0.1 (make run without HOST=).\n"
            "  If you really want debug on the network, say so: PAPERWIRE_ALLOW_DEBUG_ON_NETWORK=true."
        )
