"""The main window: a shell with clinic switcher, navigation, pages and a status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from aurora_desktop.ui.pages import Page, default_pages
from aurora_desktop.ui.ui_context import UiContext

# The window's size before any saved geometry: the day view's eight chairs without a
# horizontal scroll bar, within a 1366 x 768 laptop screen's width (never larger than the
# screen). Every page and view fits 1280 px wide (tested), so a smaller window still works.
DEFAULT_SIZE = QSize(1360, 860)


class MainWindow(QMainWindow):
    def __init__(
        self, ui: UiContext, pages: list[Page] | None = None, qsettings: QSettings | None = None
    ) -> None:
        super().__init__()
        self.ui = ui
        self.qsettings = qsettings or QSettings()
        self.setWindowTitle("Aurora Desktop — SPRAVATO® treatment sessions")
        self.resize(DEFAULT_SIZE.boundedTo(self.screen().availableGeometry().size()))
        self.clinics = ui.services.clinics.list_clinics()
        self._pages = pages if pages is not None else default_pages()
        self._build_toolbar()
        self._build_body()
        self._build_status_bar()
        self._restore_state()
        ui.events.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))

    # construction -----------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(" Clinic: "))
        self.clinic_combo = QComboBox()
        self.clinic_combo.setObjectName("clinic_switcher")
        self.clinic_combo.setMinimumWidth(260)
        for clinic in self.clinics:
            self.clinic_combo.addItem(clinic.name, clinic.id)
        self.clinic_combo.currentIndexChanged.connect(self._on_clinic_index)
        bar.addWidget(self.clinic_combo)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_body(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(180)
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px; }")
        self.stack = QStackedWidget()
        # Pages are built when first shown (sign-in paints the first page without importing
        # and loading the others); page_widgets[key] builds one on demand too.
        self.page_widgets: dict[str, QWidget] = _LazyPages(self._build_page)
        for index, page in enumerate(self._pages):
            self.nav.addItem(QListWidgetItem(page.title))
            self.stack.addWidget(QWidget())  # placeholder until the page is first shown
            action = QAction(page.title, self)
            action.setShortcut(QKeySequence(page.shortcut))
            action.triggered.connect(lambda _=False, i=index: self.nav.setCurrentRow(i))
            self.addAction(action)
        self.nav.currentRowChanged.connect(self._show_index)
        # side by side in a plain row: the navigation has a fixed width, so a splitter had
        # nothing to resize - it gave the list a 256 px slot and left 76 px of it empty
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)

    def _build_status_bar(self) -> None:
        self.backend_label = QLabel(self.ui.settings.describe_backend())
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.backend_label)
        self.refresh_user_label()

    def _build_page(self, key: str) -> QWidget:
        index = next((i for i, page in enumerate(self._pages) if page.key == key), None)
        if index is None:
            raise KeyError(key)
        widget = self._pages[index].factory(self.ui)
        placeholder = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, widget)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        return widget

    def _show_index(self, index: int) -> None:
        if 0 <= index < len(self._pages):
            self.page_widgets[self._pages[index].key]  # noqa: B018 - builds it on first show
        self.stack.setCurrentIndex(index)

    # behaviour --------------------------------------------------------------------
    def refresh_user_label(self) -> None:
        actor = self.ui.actor
        clinic = self.current_clinic_name()
        who = f"Signed in: {actor.full_name} ({actor.username})" if actor else "Not signed in"
        if actor is not None and actor.break_glass:
            who += " — ⚠ EMERGENCY ACCESS (every action is flagged)"
        self.user_label.setText(f"{who} — {clinic}")

    def current_clinic_name(self) -> str:
        return self.clinic_combo.currentText()

    def show_page(self, key: str) -> None:
        for index, page in enumerate(self._pages):
            if page.key == key:
                self.nav.setCurrentRow(index)
                return
        raise KeyError(key)

    def current_page_key(self) -> str:
        return self._pages[self.stack.currentIndex()].key

    def select_clinic(self, clinic_id: int) -> None:
        index = self.clinic_combo.findData(clinic_id)
        if index >= 0:
            self.clinic_combo.setCurrentIndex(index)

    def _on_clinic_index(self, index: int) -> None:
        clinic_id = self.clinic_combo.itemData(index)
        if clinic_id is None:
            return
        self.ui.clinic_id = int(clinic_id)
        self.qsettings.setValue("main/last_clinic_id", int(clinic_id))
        self.refresh_user_label()
        self.ui.events.clinic_changed.emit(int(clinic_id))

    def _restore_state(self) -> None:
        geometry = self.qsettings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        last = self.qsettings.value("main/last_clinic_id")
        start_index = 0
        if last is not None:
            found = self.clinic_combo.findData(int(last))
            start_index = max(found, 0)
        if self.clinic_combo.count():
            self.clinic_combo.setCurrentIndex(start_index)
            self._on_clinic_index(start_index)
        self.nav.setCurrentRow(0)

    def closeEvent(self, event) -> None:  # noqa: ANN001
        self.qsettings.setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)


class _LazyPages(dict):
    """key -> page widget; a missing key is built (and kept) by *build*."""

    def __init__(self, build) -> None:  # noqa: ANN001 - Callable[[str], QWidget]
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> QWidget:
        if not isinstance(key, str):
            raise KeyError(key)
        widget = self[key] = self._build(key)
        return widget
