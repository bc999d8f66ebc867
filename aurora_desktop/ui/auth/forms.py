"""Small building blocks shared by the account dialogs: password fields and error text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

ERROR_STYLE = (
    "QLabel { color: #8a1c1c; background: #fdecea; border: 1px solid #e3a6a1;"
    " border-radius: 4px; padding: 6px; }"
)
HEADING_STYLE = "font-size: 16pt; font-weight: 600; color: #2d3b4e;"
HINT_STYLE = "color: #4a5566;"


def password_field(name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(280)
    return field


def text_field(name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(280)
    return field


class ErrorLabel(QLabel):
    """A wrapped error message with a warning sign (colour is never the only signal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error")
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(f"⚠  {text}")
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(HEADING_STYLE)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label
