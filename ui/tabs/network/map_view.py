"""The network map on screen: a ``QGraphicsView`` drawing a computed layout (links under
nodes, sector-coloured dots, names beside them), the same coordinates as the PDF.

It only draws: the graph and the layout arrive ready from the database worker
(``app.network.services.load_map_screen``). Keys: + and − zoom, 0 fits the map again.
"""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsScene, QGraphicsView, QWidget

from app import codes
from app.network import codes as ncodes
from app.network.graph import NetworkMap
from app.network.layout import RINGS, Layout
from app.resources import codes as rcodes
from ui.i18n import language

SCENE_W, SCENE_H = 1200.0, 800.0
EDGE = QColor(115, 115, 128)
NEW_EDGE = QColor(190, 40, 50)


class NetworkMapView(QGraphicsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.node_items: dict[str, QGraphicsEllipseItem] = {}
        self._zoomed = False

    def show_map(self, view: NetworkMap, placed: Layout) -> None:
        scene = self.scene()
        scene.clear()
        self.node_items = {}
        square = placed.kind == RINGS
        width, height = (SCENE_H, SCENE_H) if square else (SCENE_W, SCENE_H)

        def xy(node_id: str) -> tuple[float, float]:
            x, y = placed.positions[node_id]
            return x * width, y * height

        if square:
            pen = QPen(QColor(200, 200, 200), 1, Qt.PenStyle.DashLine)
            for _sector, radius in placed.rings:
                r = radius * width
                scene.addEllipse(width / 2 - r, height / 2 - r, 2 * r, 2 * r, pen)
        if placed.isolated_left is not None:
            x = placed.isolated_left * width
            scene.addLine(x, 0, x, height, QPen(QColor(200, 200, 200), 1, Qt.PenStyle.DashLine))
        new = set(view.change.new_links)
        for edge in view.graph.edges:
            (x1, y1), (x2, y2) = xy(edge.a), xy(edge.b)
            pen = QPen(NEW_EDGE if edge.key in new else EDGE, 1.0 + 1.5 * math.log2(edge.weight) if edge.weight > 1 else 1.0)
            scene.addLine(x1, y1, x2, y2, pen).setToolTip(str(edge.weight))
        radius = max(4.0, min(12.0, placed.node_size * min(width, height) / 2))
        font = QFont(self.font())
        font.setPointSizeF(8 if len(view.graph.nodes) <= 80 else 6)
        lang = language()
        degree = view.graph.degree()
        for node in view.graph.nodes:
            x, y = xy(node.id)
            color = QColor(ncodes.SECTOR_COLORS.get(node.sector, "#888888"))
            dot = scene.addEllipse(x - radius, y - radius, 2 * radius, 2 * radius, QPen(Qt.GlobalColor.white, 1),
                                   QBrush(color))
            dot.setToolTip(f"{node.name}\n{codes.label(rcodes.SECTOR, node.sector, lang)} · {degree[node.id]}")
            dot.setZValue(2)
            self.node_items[node.id] = dot
            label = scene.addSimpleText(node.name, font)
            label.setPos(x + radius + 2, y - label.boundingRect().height() / 2)
            label.setZValue(3)
        # The scene is what was drawn (names included), so a fitted map needs no scroll bars.
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self._zoomed = False
        self.fit()

    def fit(self) -> None:
        if self.scene().items():
            self.fitInView(self.scene().itemsBoundingRect().adjusted(-10, -10, 10, 10),
                           Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._zoomed:
            self.fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._zoomed = True
            self.scale(1.25, 1.25)
        elif key == Qt.Key.Key_Minus:
            self._zoomed = True
            self.scale(0.8, 0.8)
        elif key == Qt.Key.Key_0:
            self._zoomed = False
            self.fit()
        else:
            super().keyPressEvent(event)
