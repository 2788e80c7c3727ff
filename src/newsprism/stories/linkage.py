"""Average-link agglomerative clustering over a sparse graph of scored pairs.

Two clusters merge while the mean of the scores of all pairs across them is at least the
threshold, best pair of clusters first; a pair without an edge counts 0. So a cluster of ten
articles takes in an eleventh only when that article scores high with most of the ten, not with
one of them: the chaining of single link (one false link joins two events, and false links add up
in a dense stream) cannot happen. The cost is that of the edges: each merge adds the two
clusters' edge sums, never a matrix.

Deterministic: ties go to the pair whose smallest members' keys sort first, and a merged cluster
is new (its pairs with the others are summed once), so the result depends only on the edges and
the keys, never on the order they were given in.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

__all__ = ["average_link"]


def average_link(
    keys: Sequence[str], edges: Mapping[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Clusters of nodes 0..len(keys)-1 (each sorted, clusters by their first node's key) under
    average link at `threshold`; `edges` maps (a, b), a < b, to the pair's score."""
    count = len(keys)
    sums: dict[int, dict[int, float]] = {node: {} for node in range(count)}
    for (a, b), weight in edges.items():
        sums[a][b] = sums[a].get(b, 0.0) + weight
        sums[b][a] = sums[b].get(a, 0.0) + weight
    members: dict[int, list[int]] = {node: [node] for node in range(count)}
    label: dict[int, str] = dict(enumerate(keys))  # the smallest key of the cluster's members
    heap: list[tuple[float, str, str, int, int]] = []

    def push(a: int, b: int) -> None:
        mean = sums[a][b] / (len(members[a]) * len(members[b]))
        if mean >= threshold:
            first, second = sorted((a, b), key=label.__getitem__)
            heapq.heappush(heap, (-mean, label[first], label[second], first, second))

    for a, b in edges:
        push(a, b)
    following = count
    while heap:
        _, _, _, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # one of them was merged since: its pairs were pushed anew
        merged = following
        following += 1
        members[merged] = sorted(members.pop(a) + members.pop(b))
        label[merged] = min(label[a], label[b])
        neighbours: dict[int, float] = {}
        for old in (a, b):
            for other, weight in sums.pop(old).items():
                if other in (a, b):
                    continue
                neighbours[other] = neighbours.get(other, 0.0) + weight
                del sums[other][old]
        sums[merged] = neighbours
        for other, weight in neighbours.items():
            sums[other][merged] = weight
            push(merged, other)
    clusters = list(members.values())
    clusters.sort(key=lambda nodes: min(keys[node] for node in nodes))
    return [sorted(nodes, key=keys.__getitem__) for nodes in clusters]
