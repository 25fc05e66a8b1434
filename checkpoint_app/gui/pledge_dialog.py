"""The pledge screen (承诺书): the pack's text and a signature pad for the traveller.

Shown on the second screen when one is connected (the one facing the traveller), else
over the form. 确认签名 records the strokes, 拒签 a refusal; Escape, 取消 and closing the
window record nothing — a pledge is never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from checkpoint_app.gui.signature_pad import SignaturePad
from checkpoint_app.policy.schema import PledgeText
from checkpoint_app.records.pledge import PledgeMethod, SignatureError


@dataclass(frozen=True, slots=True)
class PledgeAnswer:
    """What the traveller did on the pledge screen."""

    method: PledgeMethod  # SCREEN or REFUSED
    strokes: str = ""


class PledgeDialog(QDialog):
    """Text, pad, 清除 (Alt+C) / 确认签名 (Alt+S) / 拒签 (Alt+R) / 取消 (Esc)."""

    def __init__(self, text: PledgeText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(text.title)
        self.answer: PledgeAnswer | None = None
        layout = QVBoxLayout(self)
        title = QLabel(text.title)
        # The county's words, shown as typed: a "<" in a title is not markup.
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        layout.addWidget(title)
        self.body = QTextBrowser()
        self.body.setPlainText(text.text)
        self.body.setStyleSheet("font-size: 16px;")
        self.body.setAccessibleName(self.tr("承诺书正文"))
        # Read, not edited: the keys stay with the buttons (Alt+S, Alt+R, Esc).
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.body, 2)
        self.pad = SignaturePad()
        layout.addWidget(self.pad, 3)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828;")
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.clear_button = QPushButton(self.tr("清除 (Alt+C)"))
        self.refuse_button = QPushButton(self.tr("拒签 (Alt+R)"))
        self.cancel_button = QPushButton(self.tr("取消 (Esc)"))
        self.confirm_button = QPushButton(self.tr("确认签名 (Alt+S)"))
        for button in (self.clear_button, self.refuse_button, self.cancel_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        layout.addLayout(buttons)
        self.confirm_button.setDefault(True)
        self.confirm_button.setEnabled(False)
        self.clear_button.clicked.connect(self.pad.clear)
        self.refuse_button.clicked.connect(self._refuse)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button.clicked.connect(self._confirm)
        self.pad.changed.connect(self._pad_changed)
        # Shortcuts of their own rather than mnemonics: they work on every platform theme.
        for keys, slot in (
            ("Alt+C", self.pad.clear),
            ("Delete", self.pad.clear),
            ("Alt+R", self._refuse),
            ("Alt+S", self._confirm),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        self.resize(820, 620)

    def _pad_changed(self) -> None:
        self.problem.clear()
        self.confirm_button.setEnabled(not self.pad.is_empty())

    def _confirm(self) -> None:
        if self.pad.is_empty():
            self.problem.setText(self.tr("请先在签字区签名"))
            return
        try:
            strokes = self.pad.encoded()
        except SignatureError:
            self.problem.setText(self.tr("签名笔画太多，请清除后重签"))
            return
        self.answer = PledgeAnswer(PledgeMethod.SCREEN, strokes)
        self.accept()

    def _refuse(self) -> None:
        self.answer = PledgeAnswer(PledgeMethod.REFUSED)
        self.accept()

    def place_for_traveller(self) -> None:
        """On the second screen when there is one (the traveller's), centred, else over
        the parent window."""
        screens = QGuiApplication.screens()
        parent = self.parentWidget()
        own = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not own]
        if not others:
            return
        area = others[0].availableGeometry()
        self.setScreen(others[0])
        size = self.size().boundedTo(area.size())
        self.resize(size)
        self.move(
            area.x() + (area.width() - size.width()) // 2,
            area.y() + (area.height() - size.height()) // 2,
        )


def ask_pledge(text: PledgeText, parent: QWidget | None = None) -> PledgeAnswer | None:
    """Show the pledge screen modally; the traveller's answer, None when nothing was recorded."""
    dialog = PledgeDialog(text, parent)
    dialog.place_for_traveller()
    dialog.exec()
    return dialog.answer
