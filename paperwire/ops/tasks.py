from django_tasks import task

from paperwire.ops.heartbeat import record_heartbeat
from paperwire.ops.work_classes import WorkClass


# Urgent: one row written; behind a bulk backlog /healthz would call a busy worker dead.
@task(queue_name=WorkClass.URGENT)
def heartbeat_task() -> None:
    record_heartbeat()
