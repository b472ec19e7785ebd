"""The council's network as a graph for one period: organizations of the directory as
nodes (with their sector), links weighted by how many records joined them, the separate
groups and the isolated organizations ("who is not yet in the network"), and the change
since the previous period of the same length.

``build_graph`` and ``compare`` are pure (no session): the tests feed them by hand, and
``load_graph`` feeds them from the records through ``app.network.sources``. The service
``network_map`` adds the permission, the period check and the previous period.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationFailed
from app.network.sources import SOURCES, Link, LinkSource
from app.security.permissions import Permission, require
from db.resource_models import Organization
from db.session import UnitOfWork

SECTORS = ("public", "partnership", "private")  # 공공, 민관협력, 민간: the order of rings and legends
PERIOD_MAX_DAYS = 366 * 5


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    sector: str


@dataclass(frozen=True)
class Edge:
    a: str                                  # the smaller id of the two
    b: str
    weight: int                             # records that joined them in the period
    kinds: tuple[tuple[str, int], ...]      # (kind, count), by kind

    @property
    def key(self) -> tuple[str, str]:
        return self.a, self.b


@dataclass(frozen=True)
class NetworkGraph:
    start: date
    end: date
    nodes: tuple[Node, ...]                 # by name
    edges: tuple[Edge, ...]                 # by (a, b)
    groups: tuple[tuple[str, ...], ...]     # linked organizations in separate groups, largest first
    isolated: tuple[str, ...]               # organizations with no link, by name

    def node(self, node_id: str) -> Node:
        return self._index()[node_id]

    def _index(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    def degree(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for edge in self.edges:
            counts[edge.a] += 1
            counts[edge.b] += 1
        return {n.id: counts.get(n.id, 0) for n in self.nodes}

    def group_of(self) -> dict[str, int]:
        """Each linked node's group number (0 = the largest); isolated nodes are absent."""
        return {node_id: index for index, group in enumerate(self.groups) for node_id in group}

    def sector_counts(self) -> dict[str, int]:
        counts = Counter(n.sector for n in self.nodes)
        return {s: counts.get(s, 0) for s in SECTORS}

    @property
    def total_weight(self) -> int:
        return sum(e.weight for e in self.edges)


@dataclass(frozen=True)
class NetworkChange:
    """What changed from the previous period to this one."""

    previous_start: date
    previous_end: date
    new_links: tuple[tuple[str, str], ...]
    lost_links: tuple[tuple[str, str], ...]
    joined: tuple[str, ...]                 # isolated (or absent) before, linked now
    dropped: tuple[str, ...]                # linked before, isolated now
    previous_link_count: int
    previous_isolated_count: int
    previous_group_count: int


@dataclass(frozen=True)
class NetworkMap:
    graph: NetworkGraph
    change: NetworkChange


def _groups(node_ids: Sequence[str], edges: Iterable[Edge], names: dict[str, str]) -> list[list[str]]:
    """Connected components by union–find, each sorted by name; largest first, then by
    the first name (so the order never depends on ids or hashing)."""
    parent = {n: n for n in node_ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for edge in edges:
        ra, rb = find(edge.a), find(edge.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for n in node_ids:
        members[find(n)].append(n)
    groups = [sorted(m, key=lambda i: (names[i], i)) for m in members.values() if len(m) > 1]
    groups.sort(key=lambda g: (-len(g), names[g[0]], g[0]))
    return groups


def build_graph(nodes: Iterable[Node], links: Iterable[Link], start: date, end: date) -> NetworkGraph:
    """The graph of ``nodes`` joined by ``links``; a link naming an unknown organization or
    the same one twice is left out (a partner deleted since, a member's own organization)."""
    by_id = {n.id: n for n in nodes}
    kinds: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for a, b, kind in links:
        if a == b or a not in by_id or b not in by_id:
            continue
        kinds[(min(a, b), max(a, b))][kind] += 1
    edges = tuple(Edge(a, b, sum(c.values()), tuple(sorted(c.items()))) for (a, b), c in sorted(kinds.items()))
    ordered = sorted(by_id.values(), key=lambda n: (n.name, n.id))
    names = {n.id: n.name for n in ordered}
    groups = _groups([n.id for n in ordered], edges, names)
    linked = {i for g in groups for i in g}
    return NetworkGraph(start, end, tuple(ordered), edges, tuple(tuple(g) for g in groups),
                        tuple(n.id for n in ordered if n.id not in linked))


def compare(previous: NetworkGraph, current: NetworkGraph) -> NetworkChange:
    before, now = {e.key for e in previous.edges}, {e.key for e in current.edges}
    linked_before = {i for g in previous.groups for i in g}
    linked_now = {i for g in current.groups for i in g}
    order = {n.id: (n.name, n.id) for n in (*previous.nodes, *current.nodes)}
    return NetworkChange(
        previous.start, previous.end, tuple(sorted(now - before)), tuple(sorted(before - now)),
        tuple(sorted(linked_now - linked_before, key=order.__getitem__)),
        tuple(sorted((linked_before - linked_now) & {n.id for n in current.nodes}, key=order.__getitem__)),
        len(previous.edges), len(previous.isolated), len(previous.groups))


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before ``start``..``end``."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def period_errors(start: date | None, end: date | None) -> list[FieldError]:
    if start is None or end is None:
        return [FieldError("period", "required")]
    if end < start:
        return [FieldError("period", "period_reversed", {"start": start.isoformat(), "end": end.isoformat()})]
    if (end - start).days + 1 > PERIOD_MAX_DAYS:
        return [FieldError("period", "period_too_long", {"max": PERIOD_MAX_DAYS})]
    return []


def load_graph(session: Session, start: date, end: date,
               sources: Sequence[LinkSource] | None = None) -> NetworkGraph:
    """The graph of the period from the records: every organization still running, and a
    closed one only if something linked it in the period."""
    rows = session.execute(select(Organization.id, Organization.name, Organization.sector, Organization.status)
                           .where(Organization.deleted_at.is_(None))).all()
    links = [link for source in (SOURCES if sources is None else sources) for link in source(session, start, end)]
    linked = {x for a, b, _ in links for x in (a, b)}
    nodes = [Node(i, name, sector) for i, name, sector, status in rows if status == "active" or i in linked]
    return build_graph(nodes, links, start, end)


def network_map(uow: UnitOfWork, start: date, end: date) -> NetworkMap:
    """The network of ``start``..``end`` with its change since the period before."""
    require(uow.actor, Permission.NETWORK_READ)
    errors = period_errors(start, end)
    if errors:
        raise ValidationFailed(errors)
    before = previous_period(start, end)
    with uow:
        current = load_graph(uow.session, start, end)
        previous = load_graph(uow.session, *before)
    return NetworkMap(current, compare(previous, current))
