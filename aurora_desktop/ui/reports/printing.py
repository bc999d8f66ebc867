"""Printing a PDF: each page rasterised at printer resolution and painted onto a QPrinter page."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from aurora_desktop.ui.reports.rasterize import PRINT_DPI, render_pages


def prepare_printer(printer: QPrinter, title: str) -> None:
    """US letter, portrait unless the user chose otherwise, document name for the queue."""
    printer.setDocName(title)
    if printer.pageLayout().pageSize().id() != QPageSize.PageSizeId.Letter:
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))


def paint_pages(printer: QPrinter, images: list[QImage]) -> int:
    """Paint *images* one per printer page, scaled to fit the printable area. Returns pages."""
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("the printer could not be opened")
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()
            area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            area.moveTo(0, 0)
            scaled = image.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(0, 0, scaled.width(), scaled.height())
            target.moveCenter(area.center())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(images)


def print_pdf(printer: QPrinter, data: bytes, title: str, dpi: int = PRINT_DPI) -> int:
    """Render *data* and print it on *printer* (already configured by a dialog or a test)."""
    prepare_printer(printer, title)
    images = render_pages(data, dpi)
    if images[0].width() > images[0].height():  # landscape document (day log, day sheet)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return paint_pages(printer, images)
