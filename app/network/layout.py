"""Where each organization of the network map goes: deterministic layouts in pure Python
(no Qt, no numpy), so the screen, the PDF and the tests see the same coordinates.

Coordinates are in a unit square (x right, y down, both 0..1); the screen and the PDF
scale them to their own size. Two layouts:

- ``ring_layout``: one ring per sector (공공 inside, 민관협력, 민간 outside), each ring
  ordered by group, so organizations that work together sit near each other;
- ``force_layout``: a seeded Fruchterman–Reingold layout of the linked organizations
  (links pull, everyone pushes within a neighbourhood grid, a weak pull to the centre keeps
  separate groups on the page), with the isolated organizations set apart in a column on
  the right, where "who is not yet in the network" is seen at a glance.

Same graph and seed, same coordinates: nodes are visited in name order, the only random
numbers come from ``random.Random(seed)``, and nothing depends on hashing.
"""
from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.network.graph import SECTORS, NetworkGraph

RINGS = "rings"
FORCE = "force"
LAYOUTS = (FORCE, RINGS)
_MARGIN = 0.04
_COLUMN_ROWS = 24
_COLUMN_WIDTH = 0.16


@dataclass(frozen=True)
class Layout:
    kind: str
    positions: Mapping[str, tuple[float, float]]
    node_size: float                                  # a node's diameter that leaves room between nodes
    rings: tuple[tuple[str, float], ...] = ()         # (sector, radius) of the ring layout, centred at .5,.5
    isolated_left: float | None = None                # x where the force layout's isolated column starts


def _node_size(points: Sequence[tuple[float, float]]) -> float:
    """About 60 % of the closest distance between two nodes, within sensible bounds."""
    if len(points) < 2:
        return 0.05
    closest = _closest_distance(points)
    return max(0.006, min(0.05, closest * 0.6))


def _closest_distance(points: Sequence[tuple[float, float]]) -> float:
    """The smallest distance between two points: sorted by x, compared within the best so
    far (n log n in practice; 200 points take about a millisecond)."""
    ordered = sorted(points)
    best = math.inf
    for i, (x1, y1) in enumerate(ordered):
        for x2, y2 in ordered[i + 1:]:
            if x2 - x1 >= best:
                break
            best = min(best, math.hypot(x2 - x1, y2 - y1))
    return best


def layout(graph: NetworkGraph, kind: str = FORCE, seed: int = 1) -> Layout:
    return ring_layout(graph) if kind == RINGS else force_layout(graph, seed)


# ---------------------------------------------------------------- sector rings

def ring_layout(graph: NetworkGraph) -> Layout:
    group = graph.group_of()
    degree = graph.degree()
    by_sector: dict[str, list[str]] = {s: [] for s in SECTORS}
    for node in graph.nodes:
        by_sector.setdefault(node.sector if node.sector in by_sector else "private", []).append(node.id)
    names = {n.id: n.name for n in graph.nodes}
    filled = [s for s in SECTORS if by_sector[s]]
    count = max(len(filled), 1)
    positions: dict[str, tuple[float, float]] = {}
    rings: list[tuple[str, float]] = []
    outer = 0.5 - _MARGIN
    for index, sector in enumerate(filled):
        # The inner ring at 40 % of the outer one: room for its names, and for the links
        # that cross the middle.
        radius = outer * (0.4 + 0.6 * index / (count - 1)) if count > 1 else outer * 0.8
        rings.append((sector, radius))
        members = sorted(by_sector[sector], key=lambda i: (group.get(i, len(graph.groups)), -degree[i], names[i], i))
        # Each ring starts at a slightly different angle, so spokes do not line up.
        offset = -math.pi / 2 + index * 0.37
        for k, node_id in enumerate(members):
            angle = offset + 2 * math.pi * k / len(members)
            positions[node_id] = (0.5 + radius * math.cos(angle), 0.5 + radius * math.sin(angle))
    return Layout(RINGS, positions, _node_size(list(positions.values())), tuple(rings))


# ---------------------------------------------------------------- seeded force layout

def force_layout(graph: NetworkGraph, seed: int = 1, iterations: int = 90) -> Layout:
    isolated = list(graph.isolated)
    linked = [n.id for n in graph.nodes if n.id not in set(isolated)]
    # The isolated organizations stand in columns of at most _COLUMN_ROWS, each wide
    # enough for a name beside its dot.
    columns = math.ceil(len(isolated) / _COLUMN_ROWS)
    side = 0.0 if not isolated else (1.0 if not linked else min(0.5, 0.03 + _COLUMN_WIDTH * columns))
    positions: dict[str, tuple[float, float]] = {}
    main_right = 1.0 - side
    if linked:
        raw = _fruchterman_reingold(linked, [(e.a, e.b, e.weight) for e in graph.edges], seed, iterations)
        positions.update(_fit(raw, _MARGIN, _MARGIN, main_right - _MARGIN, 1 - _MARGIN))
    if isolated:
        left = main_right if linked else 0.0
        positions.update(_grid(isolated, left + _MARGIN / 2, _MARGIN * 2, 1 - _MARGIN, 1 - _MARGIN,
                               rows=min(len(isolated), _COLUMN_ROWS)))
    return Layout(FORCE, positions, _node_size(list(positions.values())),
                  isolated_left=(main_right if linked and isolated else None))


def _fruchterman_reingold(ids: Sequence[str], edges: Sequence[tuple[str, str, int]], seed: int,
                          iterations: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(seed)
    n = len(ids)
    index = {node_id: i for i, node_id in enumerate(ids)}
    k = math.sqrt(1.0 / n)
    # Start on a circle (in name order) with a little seeded jitter: converges faster than
    # a uniform scatter and never starts two nodes on the same spot.
    xs = [0.5 + 0.4 * math.cos(2 * math.pi * i / n) + rng.uniform(-k, k) * 0.3 for i in range(n)]
    ys = [0.5 + 0.4 * math.sin(2 * math.pi * i / n) + rng.uniform(-k, k) * 0.3 for i in range(n)]
    links = [(index[a], index[b], 1.0 + math.log(w)) for a, b, w in edges if a in index and b in index]
    cell = 2 * k
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        k2 = k * k
        for (cx, cy), members in grid.items():
            near = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in grid.get((cx + ox, cy + oy), ())]
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 < 1e-12:
                        # Two nodes on one spot: part them along a direction fixed by their order.
                        ddx, ddy, d2 = (1e-3 if i < j else -1e-3), 0.0, 1e-6
                    if d2 < cell * cell:
                        f = k2 / d2
                        fx += ddx * f
                        fy += ddy * f
                dx[i] += fx
                dy[i] += fy
        for i, j, w in links:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 1e-6
            f = d * w / k
            dx[i] -= ddx * f
            dy[i] -= ddy * f
            dx[j] += ddx * f
            dy[j] += ddy * f
        for i in range(n):
            # A weak pull to the centre keeps separate groups from drifting off the page.
            dx[i] -= (xs[i] - 0.5) * 0.08 * n * k
            dy[i] -= (ys[i] - 0.5) * 0.08 * n * k
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if length > 0:
                step = min(length, temperature)
                xs[i] += dx[i] / length * step
                ys[i] += dy[i] / length * step
        temperature -= cooling
    return {node_id: (xs[i], ys[i]) for node_id, i in index.items()}


def _fit(points: Mapping[str, tuple[float, float]], left: float, top: float, right: float,
         bottom: float) -> dict[str, tuple[float, float]]:
    """Scale ``points`` into the box, keeping their proportions, centred."""
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    box_w, box_h = right - left, bottom - top
    scale = min(box_w / width if width > 1e-9 else math.inf, box_h / height if height > 1e-9 else math.inf)
    if scale == math.inf:
        scale = 0.0
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {i: (left + box_w / 2 + (x - cx) * scale, top + box_h / 2 + (y - cy) * scale) for i, (x, y) in points.items()}


def _grid(ids: Sequence[str], left: float, top: float, right: float, bottom: float,
          rows: int) -> dict[str, tuple[float, float]]:
    """``ids`` in columns of ``rows``, top to bottom then left to right, in the order given;
    the dot at the left of its column, its name to the right."""
    width, height = max(right - left, 1e-6), max(bottom - top, 1e-6)
    columns = math.ceil(len(ids) / rows)
    step_x, step_y = width / columns, height / rows
    return {node_id: (left + step_x * (i // rows) + 0.01, top + step_y * (i % rows + 0.5))
            for i, node_id in enumerate(ids)}
