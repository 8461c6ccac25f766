"""Items through worker processes in order, past workers that die under some of them."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from linkeddata.workers import InOrder

DIES_FIRST, DIES_SECOND = 3, 7


def _first(item: int) -> int:
    if item == DIES_FIRST:
        os._exit(9)
    return item * 10


def _second(job: tuple[int, int]) -> int:
    item, middle = job
    if item == DIES_SECOND:
        os._exit(9)
    return middle * 2


def _workers(count: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"))


def test_outcomes_come_in_order_each_item_passes_the_middle_once_and_only_the_dying_ones_are_refused() -> None:
    passed: list[int] = []

    def middle(item: int, first: int) -> int | str:
        passed.append(item)
        return "refused here" if item == 5 else first + 1

    stages = InOrder(_workers, 2, _first, middle, _second, finished=lambda middle: isinstance(middle, str),
                     died=lambda stage: f"died while {stage}")
    outcomes = list(stages.run(list(range(12))))
    assert outcomes == [2, 22, 42, "died while extracting it", 82, "refused here", 122,
                        "died while building its graph", 162, 182, 202, 222]
    assert passed == [n for n in range(12) if n != DIES_FIRST]  # in order, once each
    assert list(stages.run([])) == []
