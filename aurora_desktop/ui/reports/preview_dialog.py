"""The in-app print preview: page images on a grey desk, with Print…, Save PDF… and zoom."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


class PreviewDialog(QDialog):
    print_requested = Signal()
    save_requested = Signal()

    def __init__(self, title: str, images: list[QImage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Preview — {title}")
        self.resize(900, 1000)
        self.images = images
        self.zoom = 1.0
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = QLabel(f"{len(images)} page{'s' if len(images) != 1 else ''}")
        self.zoom_out = QPushButton("Zoom out")
        self.zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_out.setToolTip("Zoom out (Ctrl+-)")
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in = QPushButton("Zoom in")
        self.zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        self.zoom_in.setToolTip("Zoom in (Ctrl++)")
        self.print_button = QPushButton("Print…")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip("Print (Ctrl+P)")
        self.save_button = QPushButton("Save PDF…")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip("Save as a PDF file (Ctrl+S)")
        close = QPushButton("Close")
        close.setToolTip("Close the preview (Esc)")
        for widget in (heading, self.count_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.print_button,
                       self.save_button, close):
            bar.addWidget(widget)
        layout.addLayout(bar)

        self.desk = QWidget()
        self.desk.setObjectName("preview_desk")
        self.desk.setStyleSheet("#preview_desk { background: #8a939e; }")
        self.pages_layout = QVBoxLayout(self.desk)
        self.pages_layout.setSpacing(16)
        self.pages_layout.setContentsMargins(24, 24, 24, 24)
        self.page_labels: list[QLabel] = []
        for number, _ in enumerate(images, 1):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAccessibleName(f"Page {number} of {len(images)}")
            label.setStyleSheet("background: white; border: 1px solid #5a6370;")
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.desk)
        self.scroll.setWidgetResizable(True)
        layout.addWidget(self.scroll, 1)

        self.zoom_out.clicked.connect(lambda: self._step(-1))
        self.zoom_in.clicked.connect(lambda: self._step(1))
        self.print_button.clicked.connect(self.print_requested)
        self.save_button.clicked.connect(self.save_requested)
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+0"), self, activated=lambda: self.set_zoom(1.0))
        self.set_zoom(1.0)

    def _step(self, direction: int) -> None:
        steps = list(ZOOM_STEPS)
        index = min(range(len(steps)), key=lambda i: abs(steps[i] - self.zoom))
        self.set_zoom(steps[max(0, min(len(steps) - 1, index + direction))])

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self.zoom_label.setText(f"{round(zoom * 100)} %")
        self.zoom_out.setEnabled(zoom > ZOOM_STEPS[0])
        self.zoom_in.setEnabled(zoom < ZOOM_STEPS[-1])
        for label, image in zip(self.page_labels, self.images, strict=True):
            pixmap = QPixmap.fromImage(image)
            if zoom != 1.0:
                pixmap = pixmap.scaledToWidth(round(image.width() * zoom),
                                              Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())
