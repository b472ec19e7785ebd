"""The network map's core: links and weights counted from the records they come from,
separate groups and isolated organizations, the change since the previous period, the
matching of members' affiliations to the directory, and layouts that are deterministic
(same input, same coordinates) and keep nodes apart."""
from __future__ import annotations

import math
from datetime import date

import pytest

from app.errors import ValidationFailed
from app.network.graph import Node, build_graph, compare, network_map, previous_period
from app.network.layout import FORCE, RINGS, force_layout, layout, ring_layout
from app.network.sources import organization_key
from tests.app.network_support import member, org, project, subcommittee

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _graph(n: int, links: list[tuple[int, int]], sectors: tuple[str, ...] = ("public", "private", "partnership")):
    nodes = [Node(f"n{i:03d}", f"기관{i:03d}", sectors[i % len(sectors)]) for i in range(n)]
    return build_graph(nodes, [(f"n{a:03d}", f"n{b:03d}", "joint_project") for a, b in links], *YEAR)


def test_weights_groups_and_isolated_from_links() -> None:
    g = _graph(7, [(0, 1), (1, 0), (1, 2), (3, 4), (5, 5), (0, 99)])
    assert [(e.a, e.b, e.weight) for e in g.edges] == [("n000", "n001", 2), ("n001", "n002", 1), ("n003", "n004", 1)]
    assert g.groups == (("n000", "n001", "n002"), ("n003", "n004"))  # largest first
    assert g.isolated == ("n005", "n006")  # a link to itself or to an unknown one does not count
    assert g.degree()["n001"] == 2 and g.total_weight == 4


def test_change_since_the_previous_period() -> None:
    before = _graph(5, [(0, 1), (2, 3)])
    now = _graph(5, [(0, 1), (1, 4)])
    change = compare(before, now)
    assert change.new_links == (("n001", "n004"),) and change.lost_links == (("n002", "n003"),)
    assert change.joined == ("n004",) and change.dropped == ("n002", "n003")
    assert (change.previous_link_count, change.previous_isolated_count, change.previous_group_count) == (2, 1, 2)
    assert previous_period(date(2026, 1, 1), date(2026, 12, 31)) == (date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize("a, b, same", [
    ("햇살면 보건지소", "햇살보건지소", True),
    ("햇살군 노인복지관", "햇살노인복지관", True),
    ("햇살 약국", "햇살약국", True),
    ("햇살교회", "햇살성당", False),
    ("햇살면 노인회 분회", "햇살면 노인회", False),
])
def test_affiliations_match_organizations_by_name(a: str, b: str, same: bool) -> None:
    assert (organization_key(a) == organization_key(b)) is same


def test_links_are_counted_from_projects_and_subcommittees_of_the_period(db) -> None:  # type: ignore[no-untyped-def]
    centre, health = org(db, "햇살면 행정복지센터", "public"), org(db, "햇살면 보건지소", "public")
    volunteers, church = org(db, "햇살면 자원봉사회"), org(db, "햇살교회")
    alone = org(db, "햇살 약국")
    project(db, "행복 도시락", [centre, volunteers, church], start=date(2026, 3, 1))
    project(db, "김장 나눔", [centre, volunteers], start=date(2026, 11, 1), end=date(2026, 11, 30))
    project(db, "지난해 사업", [health, church], start=date(2025, 3, 1), end=date(2025, 6, 30))
    # Members of the same subcommittee: their organizations are linked (one link a subcommittee).
    a = member(db, "윤하늘", "햇살보건지소")
    b = member(db, "이민지", "햇살면 행정복지센터")
    c = member(db, "홍길동", "상촌리")  # no organization of that name: no node, no link
    subcommittee(db, "보건·의료분과", [a, b, c])
    view = network_map(db.uow(), *YEAR)
    g, names = view.graph, {n.id: n.name for n in view.graph.nodes}
    weights = {(names[e.a], names[e.b]) if names[e.a] < names[e.b] else (names[e.b], names[e.a]): e.weight
               for e in g.edges}
    assert weights == {("햇살면 자원봉사회", "햇살면 행정복지센터"): 2, ("햇살교회", "햇살면 자원봉사회"): 1,
                       ("햇살교회", "햇살면 행정복지센터"): 1, ("햇살면 보건지소", "햇살면 행정복지센터"): 1}
    kinds = {k for e in g.edges for k, _ in e.kinds}
    assert kinds == {"joint_project", "subcommittee"}
    assert [names[i] for i in g.isolated] == ["햇살 약국"]
    assert len(g.groups) == 1
    # 2025: only the project of the health post and the church (the seats began in 2025-02,
    # so the subcommittee links them too).
    assert {names[i] for i in view.change.joined} == {"햇살면 자원봉사회"}
    assert view.change.previous_link_count == 2


def test_a_reversed_or_too_long_period_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed):
        network_map(db.uow(), date(2026, 12, 31), date(2026, 1, 1))
    with pytest.raises(ValidationFailed):
        network_map(db.uow(), date(2016, 1, 1), date(2026, 1, 1))


def _close(p: tuple[float, float], q: tuple[float, float]) -> bool:
    return abs(p[0] - q[0]) < 1e-9 and abs(p[1] - q[1]) < 1e-9


def test_layouts_are_deterministic_and_inside_the_page() -> None:
    g = _graph(40, [(i, (i * 7 + 3) % 30) for i in range(30)] + [(30, 31)])
    for kind in (FORCE, RINGS):
        first, again = layout(g, kind, seed=3), layout(g, kind, seed=3)
        assert first.positions == again.positions
        assert set(first.positions) == {n.id for n in g.nodes}
        assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.positions.values())
    # Recorded coordinates: a change to the layout is a deliberate one.
    rings = ring_layout(g)
    assert [s for s, _ in rings.rings] == ["public", "partnership", "private"]
    x, y = rings.positions["n000"]
    assert math.isclose(math.hypot(x - 0.5, y - 0.5), rings.rings[0][1])
    assert force_layout(g, seed=3).positions != force_layout(g, seed=4).positions


def test_the_force_layout_sets_isolated_organizations_apart_and_keeps_nodes_apart() -> None:
    g = _graph(60, [(i, (i + 1) % 45) for i in range(45)])
    result = force_layout(g)
    assert result.isolated_left is not None
    assert all(result.positions[i][0] > result.isolated_left for i in g.isolated)
    assert all(result.positions[i][0] < result.isolated_left for grp in g.groups for i in grp)
    points = list(result.positions.values())
    closest = min(math.dist(p, q) for k, p in enumerate(points) for q in points[k + 1:])
    assert closest >= result.node_size  # circles of the suggested size never overlap
    assert closest > 0.02


def test_linked_neighbours_sit_closer_than_strangers_in_the_force_layout() -> None:
    # Two separate chains: on average, a link is shorter than the distance between chains.
    g = _graph(20, [(i, i + 1) for i in range(9)] + [(i, i + 1) for i in range(10, 19)])
    pos = force_layout(g).positions
    linked = [math.dist(pos[e.a], pos[e.b]) for e in g.edges]
    strangers = [math.dist(pos[f"n{a:03d}"], pos[f"n{b:03d}"]) for a in range(10) for b in range(10, 20)]
    assert sum(linked) / len(linked) < sum(strangers) / len(strangers)
