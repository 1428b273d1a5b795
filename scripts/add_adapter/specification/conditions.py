"""Conditional bindings (`when` in the spec) as combinations of settings:
which components a combination binds, which combinations `check` builds the
container for, and how messages name them.

A combination maps each setting a `when` names to whether it is set.
"""

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from math import ceil, comb

from add_adapter.specification.model import Component, SettingCondition

Combination = Mapping[str, bool]

MAX_EXHAUSTIVE_SETTINGS = 8
"""Up to this many settings (256 combinations) `check` builds the container
for every combination; beyond, for a set covering every pair of them."""


def holds(component: Component, combination: Combination) -> bool:
    """Whether the component is bound in the combination (an unconditional
    one always is)."""
    return all(combination[c.setting] == c.set for c in component.when)


def exclusive(
    first: Iterable[SettingCondition], second: Iterable[SettingCondition]
) -> bool:
    """Whether two sets of conditions never hold together: a setting one
    needs set, the other needs unset."""
    needs = {(condition.setting, condition.set) for condition in first}
    return any((condition.setting, not condition.set) in needs for condition in second)


def every_combination(settings: Sequence[str]) -> list[dict[str, bool]]:
    """All 2^k combinations, the one with nothing set first (the first
    setting changes slowest)."""
    every: list[dict[str, bool]] = [{}]
    for setting in settings:
        every = [
            {**known, setting: value} for known in every for value in (False, True)
        ]
    return every


def combinations_to_build(settings: Sequence[str]) -> list[dict[str, bool]]:
    """Every combination for a few settings; for more, `pairwise_combinations`."""
    if len(settings) <= MAX_EXHAUSTIVE_SETTINGS:
        return every_combination(settings)
    return pairwise_combinations(settings)


def pairwise_combinations(settings: Sequence[str]) -> list[dict[str, bool]]:
    """Few combinations in which every pair of settings takes all four pairs
    of values, plus the one with everything set.

    Each setting gets a different set of ceil(n/2) rows out of rows 1..n-1 in
    which it is set (n as small as allows k such sets). Two such sets differ,
    so each pair is (set, unset) and (unset, set) somewhere; they overlap
    because 2*ceil(n/2) > n-1, which gives (set, set); row 0 sets nothing,
    which gives (unset, unset). 9 settings take 7 combinations, 20 take 9.
    """
    rows = 2
    while comb(rows - 1, ceil(rows / 2)) < len(settings):
        rows += 1
    set_in = list(combinations(range(1, rows), ceil(rows / 2)))
    table = [
        {
            setting: row in rows_set
            for setting, rows_set in zip(settings, set_in, strict=False)
        }
        for row in range(rows)
    ]
    return [*table, dict.fromkeys(settings, True)]


def describe(combination: Combination) -> str:
    """`CACHE_URL set, REDIS_URL unset`, by setting name."""
    return ", ".join(
        f"{name} {'set' if value else 'unset'}"
        for name, value in sorted(combination.items())
    )


def summarize(found: Iterable[Combination]) -> list[str]:
    """The combinations, described, merging two that differ in one setting
    only into one without it: `A set, B set` and `A set, B unset` read
    `A set`. An empty description means every combination."""
    terms = {frozenset(combination.items()) for combination in found}
    merged = True
    while merged:
        merged = False
        for first, second in combinations(sorted(terms, key=sorted), 2):
            difference = first ^ second
            if len(difference) == 2 and len({name for name, _ in difference}) == 1:
                terms -= {first, second}
                terms.add(first & second)
                merged = True
                break
    return sorted(describe(dict(term)) for term in terms)
