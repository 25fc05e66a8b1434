"""Sound cues after a save: one for "all clear", another for "attention"."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import QApplication

from checkpoint_app.resources import resource_path

log = logging.getLogger(__name__)


class SoundCues(QObject):
    """Plays the cue files; `played(name)` lets tests and the status bar know which one.

    QtMultimedia needs the platform's audio libraries (PulseAudio on Linux); without
    them the cues fall back to the system beep rather than stopping the app.
    """

    played = Signal(str)

    def __init__(self, enabled: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._effects: dict[str, Any] = {}
        self._loaded = False

    def load(self) -> None:
        """Open the audio backend (tens of ms), ideally once the window is already up."""
        if self._loaded:
            return
        self._loaded = True
        try:
            from PySide6.QtMultimedia import (
                QSoundEffect,  # optional backend: see the class docstring
            )
        except ImportError as exc:
            log.warning("sound cues fall back to the system beep: %s", exc)
            return
        for name in ("ok", "attention"):
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resource_path("sounds", f"{name}.wav"))))
            effect.setVolume(0.8)
            self._effects[name] = effect

    @property
    def available(self) -> bool:
        self.load()
        return bool(self._effects)

    def play(self, name: str) -> None:
        if not self.enabled:
            return
        self.load()
        effect = self._effects.get(name)
        if effect is not None:
            effect.play()  # silently a no-op on a machine without audio output
        else:
            QApplication.beep()
        self.played.emit(name)
