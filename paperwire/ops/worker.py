"""The background worker loop: periodic jobs plus the task queue.

One loop, safe to run as many times as you like on as many hosts as you
like: periodic occurrences are claimed through a unique row
(:mod:`paperwire.ops.schedule`) and queued tasks through django-tasks-db's
locked claim (SKIP LOCKED on PostgreSQL, an exclusive transaction on SQLite).

Before every task it starts, a worker looks at the work classes in order
(:mod:`paperwire.ops.work_classes`): urgent, then interactive, then bulk.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from types import FrameType

import django_rq
from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_rq.backend import Job

from paperwire.ops.schedule import run_due_jobs
from paperwire.ops.work_classes import QUEUES_IN_ORDER

logger = logging.getLogger("paperwire.worker")


class WorkerLoop:
    def __init__(self, *, interval: float = 2.0, worker_id: str | None = None) -> None:
        self.interval = interval
        self.worker_id = worker_id or f"{socket.gethostname()}-{os.getpid()}"
        self.running = True
        self._db_worker: object | None = None

    def stop(self, signum: int, frame: FrameType | None) -> None:
        if not self.running:
            # Second Ctrl-C: stop now, the claimed task will be retried by lease.
            raise SystemExit(1)
        logger.warning("worker %s: stopping after the current task (Ctrl-C again to force)", self.worker_id)
        self.running = False
        if self._db_worker is not None:
            self._db_worker.running = False  # type: ignore[attr-defined]

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)

    def run_once(self) -> None:
        """Claim due periodic jobs, then run every queued task that is ready, most urgent class first."""
        close_old_connections()
        run_due_jobs()
        if settings.REDIS_URL:
            self._rq_worker().work(burst=True)  # type: ignore[attr-defined]
        elif settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
            self._run_db_tasks()

    def _run_db_tasks(self) -> None:
        last_claim = time.monotonic()
        while self.running and self._run_next_db_task():
            # A long queue of slices must not starve the periodic jobs (the heartbeat, digests).
            if time.monotonic() - last_claim >= self.interval:
                close_old_connections()
                run_due_jobs()
                last_claim = time.monotonic()

    def _run_next_db_task(self) -> bool:
        """Run one task from the most urgent work class that has one; False when every queue is empty.

        django-tasks-db orders a claim by priority, not by queue, so the
        classes are asked one queue at a time with its own claim (one task
        each): urgent work queued during a task runs right after it.
        """
        for queue_name in QUEUES_IN_ORDER:
            worker = Worker(
                queue_names=[queue_name],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=1,
                worker_id=self.worker_id,
                excluded_queue_names=[],
            )
            self._db_worker = worker
            worker.running = self.running
            worker.run()
            self._db_worker = None
            if worker._run_tasks:  # the library's own count of the tasks this claim loop ran
                return True
        return False

    def _rq_worker(self) -> object:
        # django-tasks-rq's Job class maps RQ jobs back to django-tasks results.
        # rq takes the queues in the order given: the work classes, most urgent first.
        return django_rq.get_worker(*QUEUES_IN_ORDER, job_class=Job, name=self.worker_id)

    def _schedule_forever(self) -> None:
        while self.running:
            close_old_connections()
            try:
                run_due_jobs()
            except Exception:  # keep the scheduler thread alive; the next loop retries
                logger.exception("worker %s: claiming periodic jobs failed", self.worker_id)
            time.sleep(self.interval)

    def run_rq_forever(self) -> None:
        """Scale-out mode: RQ runs queued tasks, a thread claims periodic jobs in the database."""
        logger.info("worker %s started (RQ on %s)", self.worker_id, settings.REDIS_URL)
        scheduler = threading.Thread(target=self._schedule_forever, name="paperwire-scheduler", daemon=True)
        scheduler.start()
        try:
            # RQ installs its own SIGINT/SIGTERM handling: warm shutdown after the current job.
            self._rq_worker().work(with_scheduler=False)  # type: ignore[attr-defined]
        finally:
            self.running = False

    def run_forever(self) -> None:
        if settings.REDIS_URL:
            self.run_rq_forever()
            return
        logger.info("worker %s started", self.worker_id)
        while self.running:
            self.run_once()
            # Sleep in short steps so a stop request is honoured quickly.
            deadline = time.monotonic() + self.interval
            while self.running and time.monotonic() < deadline:
                time.sleep(0.2)
        logger.info("worker %s stopped", self.worker_id)
