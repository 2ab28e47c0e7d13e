"""Group commit: items that coroutines hand in together are written in one transaction.

Each caller still waits for its own item's result, so nothing is acknowledged before it is
stored; under load one transaction (one trip through SQLite's write lock, one commit) serves
many callers instead of one each, and when it is quiet a batch is a single item, at once.
"""

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class GroupCommit(Generic[Item, Result]):
    """Calls `write(items)` (results in the same order) in a thread of its own, with whatever
    items arrived while the previous batch was being written, up to `max_batch`."""

    def __init__(
        self,
        write: Callable[[list[Item]], Sequence[Result]],
        name: str,
        max_batch: int = 256,
    ) -> None:
        self.write = write
        self.max_batch = max_batch
        # Its own thread: in the shared pool it would queue behind the worker's jobs.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending: asyncio.Queue[tuple[Item, asyncio.Future[Result]]] | None = None
        self._task: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        """`item` written; its result, or the batch's exception."""
        if self._pending is None or self._task is None or self._task.done():
            self._pending = asyncio.Queue()
            self._task = asyncio.create_task(self._run(self._pending))
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.put_nowait((item, future))
        return await future

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self, pending: asyncio.Queue[tuple[Item, asyncio.Future[Result]]]) -> None:
        while True:
            batch = [await pending.get()]
            while not pending.empty() and len(batch) < self.max_batch:
                batch.append(pending.get_nowait())
            try:
                results = await asyncio.get_running_loop().run_in_executor(
                    self._thread, self.write, [item for item, _ in batch]
                )
            except Exception as exc:  # every caller of the batch sees it, and may retry
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)
