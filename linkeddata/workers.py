"""Articles through worker processes in their order, past a worker that dies under one of them.

Each article goes through two stages in the workers (extract, then map, validate and write), with a step
in this process between them that must see the articles in their order (resolution, which gives out keys).
A worker can die under an article: killed for its memory, or a crash in native code. A `multiprocessing`
pool would lose that task and wait for it forever. Here, when a worker dies, the articles that were in the
workers are run again one at a time in a worker of their own; the one under which that worker dies too is
refused, and the build goes on with the others.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")
Middle = TypeVar("Middle")
Outcome = TypeVar("Outcome")

IN_FLIGHT_PER_WORKER = 16  # enough that no worker waits while the oldest article is still in the other


@dataclass
class _Task(Generic[Item]):
    item: Item
    first: Future
    passed: bool = False  # through the middle step, which is done once only
    middle: object = None  # what the middle step gave, kept to run the second stage again after a worker died
    second: Future | None = None


class InOrder(Generic[Item, Middle, Outcome]):
    """`second(item, middle(first(item)))` for each item, in the items' order, with `first` and `second` in
    worker processes from `workers(n)` and `middle` here. `middle` may return an outcome instead of what
    `second` takes (`finished` says which); then `second` is not run."""

    def __init__(self, workers: Callable[[int], ProcessPoolExecutor], jobs: int,
                 first: Callable[[Item], object], middle: Callable[[Item, object], Middle | Outcome],
                 second: Callable[[tuple[Item, Middle]], Outcome], finished: Callable[[object], bool],
                 died: Callable[[str], Outcome]) -> None:
        self.workers, self.jobs = workers, jobs
        self.first, self.middle, self.second = first, middle, second
        self.finished, self.died = finished, died

    def run(self, items: Sequence[Item]) -> Iterator[Outcome]:
        if not items:
            return
        waiting = collections.deque(items)
        flight: collections.deque[_Task[Item]] = collections.deque()
        executor = self.workers(min(self.jobs, len(items)))
        try:
            while waiting or flight:
                while waiting and len(flight) < self.jobs * IN_FLIGHT_PER_WORKER:
                    item = waiting.popleft()
                    flight.append(_Task(item, executor.submit(self.first, item)))
                try:
                    self._advance(flight, executor)
                    head = flight[0]
                    if head.second is not None and head.second.done():
                        outcome = head.second.result()  # before it leaves the flight: a dead worker raises here
                        flight.popleft()
                        yield outcome
                        continue
                    self._wait(flight)
                except BrokenProcessPool:
                    executor.shutdown(wait=False, cancel_futures=True)
                    yield from self._one_at_a_time(list(flight))
                    flight.clear()
                    executor = self.workers(min(self.jobs, max(len(waiting), 1)))
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    def _advance(self, flight: collections.deque[_Task[Item]], executor: ProcessPoolExecutor) -> None:
        """Take every task whose first stage is done, in order, through the middle step to the second."""
        for task in flight:
            if task.second is not None:
                continue
            if not task.passed:
                if not task.first.done():
                    return
                task.middle, task.passed = self.middle(task.item, task.first.result()), True
            task.second = self._second(task, executor)

    def _second(self, task: _Task[Item], executor: ProcessPoolExecutor) -> Future:
        if self.finished(task.middle):
            done: Future = Future()
            done.set_result(task.middle)
            return done
        return executor.submit(self.second, (task.item, task.middle))

    @staticmethod
    def _wait(flight: collections.deque[_Task[Item]]) -> None:
        """Until the head task or the next one waiting for the middle step can go on."""
        head = flight[0]
        watched = [head.second or head.first]
        later = next((task for task in flight if task.second is None and task is not head), None)
        if later is not None:
            watched.append(later.first)
        wait(watched, return_when=FIRST_COMPLETED)

    def _one_at_a_time(self, tasks: list[_Task[Item]]) -> Iterator[Outcome]:
        """The tasks a dead worker left, each alone in a worker, in order; where it dies again, `died`."""
        solo = self.workers(1)
        try:
            for task in tasks:
                try:
                    if not task.passed:
                        first = solo.submit(self.first, task.item).result()
                        task.middle, task.passed = self.middle(task.item, first), True
                    if self.finished(task.middle):
                        yield task.middle  # type: ignore[misc]
                    else:
                        yield solo.submit(self.second, (task.item, task.middle)).result()
                except BrokenProcessPool:
                    yield self.died("building its graph" if task.passed else "extracting it")
                    solo.shutdown(wait=False, cancel_futures=True)
                    solo = self.workers(1)
        finally:
            solo.shutdown(wait=True, cancel_futures=True)
