"""Node positions computed before the page opens, so large views need no physics.

Each connected component is laid out on its own: small ones with a
force-directed layout (plain Python, no numpy needed), large ones with a
radial tree around their best-connected node.  Components are then packed in rows,
largest first.  Positions are deterministic (fixed seed) and in pixels.

>>> import networkx as nx
>>> pos = layout(nx.MultiDiGraph([("a", "b"), ("c", "d")]))
>>> sorted(pos), all(isinstance(v, float) for xy in pos.values() for v in xy)
(['a', 'b', 'c', 'd'], True)
>>> layout(nx.MultiDiGraph())
{}
"""
from __future__ import annotations

import math
import random

import networkx as nx

SPACING = 70.0          # pixels between neighbouring nodes
FORCE_LIMIT = 80        # components larger than this get the radial tree layout


def _force(H: nx.Graph, seed: int, iterations: int = 60) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold in plain Python (small components only: O(n²) a step)."""
    nodes = sorted(H, key=str)
    rng = random.Random(seed)
    side = SPACING * math.sqrt(len(nodes))
    pos = {n: [rng.uniform(0, side), rng.uniform(0, side)] for n in nodes}
    k2 = SPACING * SPACING
    temp = side / 4
    for _ in range(iterations):
        disp = {n: [0.0, 0.0] for n in nodes}
        for i, a in enumerate(nodes):
            pa, da = pos[a], disp[a]
            for b in nodes[i + 1:]:
                dx, dy = pa[0] - pos[b][0], pa[1] - pos[b][1]
                d2 = dx * dx + dy * dy or 0.01
                f = k2 / d2
                da[0] += dx * f
                da[1] += dy * f
                disp[b][0] -= dx * f
                disp[b][1] -= dy * f
        for a, b in H.edges():
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = math.hypot(dx, dy) or 0.1
            f = d / SPACING
            disp[a][0] -= dx * f
            disp[a][1] -= dy * f
            disp[b][0] += dx * f
            disp[b][1] += dy * f
        for n in nodes:
            dx, dy = disp[n]
            d = math.hypot(dx, dy) or 1.0
            step = min(d, temp)
            pos[n][0] += dx / d * step
            pos[n][1] += dy / d * step
        temp = max(temp * 0.93, 1.0)
    return {n: (p[0], p[1]) for n, p in pos.items()}


def _radial(H: nx.Graph) -> dict[str, tuple[float, float]]:
    """Radial tree: the root in the middle, each BFS level on a ring, subtrees in sectors."""
    root = max(H, key=lambda n: (H.degree(n), str(n)))
    tree = nx.bfs_tree(H, root, sort_neighbors=lambda ns: sorted(ns, key=str))
    leaves: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(tree))):
        leaves[node] = sum(leaves[c] for c in tree.successors(node)) or 1
    pos = {root: (0.0, 0.0)}
    stack = [(root, 0, 0.0, 2 * math.pi)]
    while stack:
        node, depth, start, width = stack.pop()
        angle = start
        for child in tree.successors(node):
            share = width * leaves[child] / leaves[node]
            mid = angle + share / 2
            radius = SPACING * 1.6 * (depth + 1) ** 1.3
            pos[child] = (radius * math.cos(mid), radius * math.sin(mid))
            stack.append((child, depth + 1, angle, share))
            angle += share
    return pos


def _component_layout(H: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    return _force(H, seed) if len(H) <= FORCE_LIMIT else _radial(H)


def layout(G: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Pixel positions of every node: components laid out apart, packed in rows."""
    simple = nx.Graph(G.to_undirected(as_view=True)) if G.is_directed() else nx.Graph(G)
    comps = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    placed = [_component_layout(simple.subgraph(c), seed) for c in comps]
    total = sum(_box(p)[0] * _box(p)[1] for p in placed) or 1.0
    row_width = max(math.sqrt(total) * 1.6, max((_box(p)[0] for p in placed), default=0))
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part in placed:
        w, h = _box(part)
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        min_x = min(p[0] for p in part.values())
        min_y = min(p[1] for p in part.values())
        for node, (px, py) in part.items():
            pos[node] = (round(x + px - min_x, 1), round(y + py - min_y, 1))
        x += w
        row_height = max(row_height, h)
    return _centred(pos)


def _centred(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Shift positions so that the drawing's centre is (0, 0), where vis-network's gravity pulls."""
    if not pos:
        return pos
    cx = (min(p[0] for p in pos.values()) + max(p[0] for p in pos.values())) / 2
    cy = (min(p[1] for p in pos.values()) + max(p[1] for p in pos.values())) / 2
    return {n: (round(x - cx, 1), round(y - cy, 1)) for n, (x, y) in pos.items()}


def _box(part: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """Width and height of a component's layout, with a margin."""
    xs = [p[0] for p in part.values()]
    ys = [p[1] for p in part.values()]
    return max(xs) - min(xs) + SPACING * 1.5, max(ys) - min(ys) + SPACING * 1.5
