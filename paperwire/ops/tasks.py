from django_tasks import task

from paperwire.ops.heartbeat import record_heartbeat


@task()
def heartbeat_task() -> None:
    record_heartbeat()
