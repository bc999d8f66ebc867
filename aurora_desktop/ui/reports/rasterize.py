"""PDF pages as images for preview and printing (QtPdf is not in PySide6-Essentials: pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtGui import QImage

PREVIEW_DPI = 96
PRINT_DPI = 300
TIMEOUT_SECONDS = 120


class RenderUnavailable(RuntimeError):
    """Page images cannot be made on this PC (pdftoppm from poppler-utils is missing)."""


def renderer_path() -> str | None:
    return shutil.which("pdftoppm")


def can_render() -> bool:
    return renderer_path() is not None


def render_pages(data: bytes, dpi: int = PREVIEW_DPI) -> list[QImage]:
    """Rasterise every page of the PDF *data* at *dpi*; raises RenderUnavailable or RuntimeError."""
    tool = renderer_path()
    if tool is None:
        raise RenderUnavailable(
            "Page images need pdftoppm (poppler-utils), which is not installed on this PC. "
            "Use Save PDF… and open the file in a PDF viewer instead.")
    with tempfile.TemporaryDirectory(prefix="aurora-render-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(data)
        result = subprocess.run(
            [tool, "-png", "-r", str(dpi), str(source), str(Path(folder) / "page")],
            capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"pdftoppm failed (exit {result.returncode})")
        files = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        images = []
        for file in files:
            image = QImage(str(file))
            if image.isNull():
                raise RuntimeError(f"page image {file.name} could not be read")
            images.append(image)
    if not images:
        raise RuntimeError("the document has no pages")
    return images
