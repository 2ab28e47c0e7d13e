"""What runs beside the web server, or alone in `amparo worker`: the worker (queue → core →
outbox → provider), the escalation clock, the re-queueing of messages a queue outage left
behind, and the console's event subscription."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from amparo.casework.escalation import Escalator
from amparo.casework.privacy import Privacy
from amparo.casework.sla import Deadlines
from amparo.runtime.limits import SendPace
from amparo.runtime.worker import Worker
from amparo.service import Service

ESCALATION_SECONDS = 60
log = logging.getLogger(__name__)


def make_worker(service: Service) -> Worker:
    return Worker(
        service.store,
        service.runner,
        service.queue,
        service.adapters,
        outbox=service.outbox,
        traffic=service.traffic,
        events=service.events,
        pace=SendPace(service.settings.send_rates()),
    )


def make_escalator(service: Service) -> Escalator:
    assert service.outbox is not None  # made by Service.__post_init__
    settings = service.settings
    return Escalator(
        service.store,
        service.directory,
        Deadlines.parse(settings.ack_deadlines_minutes, settings.distress_ack_minutes),
        service.outbox,
        channels=service.adapters.keys(),
        events=service.events,
        public_url=settings.public_url,
    )


async def purge_forever(service: Service) -> None:
    """The retention period, applied every PURGE_EVERY_HOURS."""
    privacy = Privacy(service.store)
    while True:
        try:
            done = await asyncio.to_thread(privacy.purge, service.settings.retention_days)
            log.info("purge: %s cases anonymised, %s conversations deleted", *done.values())
        except Exception:
            log.exception("purge failed; trying again next time")
        await asyncio.sleep(service.settings.purge_every_hours * 3600)


@contextlib.asynccontextmanager
async def background(
    service: Service, *, handle_messages: bool
) -> AsyncIterator[tuple[Worker | None, Escalator]]:
    """Start the background tasks of this process; stop them on the way out."""
    await service.events.start()
    tasks = [asyncio.create_task(service.intake.requeue_forever())]
    worker = make_worker(service) if handle_messages else None
    escalator = make_escalator(service)
    if worker is not None:
        await worker.start()
        # Escalation runs where messages are handled: one clock per deployment's workers.
        tasks.append(asyncio.create_task(escalator.run_forever(ESCALATION_SECONDS)))
        tasks.append(asyncio.create_task(purge_forever(service)))
    try:
        yield worker, escalator
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if worker is not None:
            await worker.stop()
        release = getattr(service.queue, "release", None)
        if release is not None:
            with contextlib.suppress(Exception):
                await release()
        await service.events.stop()
