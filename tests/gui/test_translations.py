"""The English UI: every message translated, the .qm current, and the widgets really switch."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from checkpoint_app.gui.labels import label
from checkpoint_app.gui.register_form import RegisterForm
from checkpoint_app.records.model import CodeColour, Disposition, NatResult
from checkpoint_app.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
TOOL = Path("tools") / "update_translations.py"
ENGLISH_QM = resource_path("translations", "checkpoint_app_en.qm")


def run_tool(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / TOOL), *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def english(qapp: QApplication) -> Iterator[QTranslator]:
    """The English translation installed for one test, removed again afterwards."""
    translator = QTranslator()
    assert translator.load(str(ENGLISH_QM)), f"cannot load {ENGLISH_QM}"
    assert qapp.installTranslator(translator)
    try:
        yield translator
    finally:
        qapp.removeTranslator(translator)


# ----- the committed translation files ----------------------------------------------
def test_every_message_is_translated_and_the_qm_is_current() -> None:
    result = run_tool(ROOT, "--check")
    assert result.returncode == 0, (
        "run `python tools/update_translations.py` and fill the glossary:\n"
        + result.stdout
        + result.stderr
    )
    assert "messages translated" in result.stdout


# ----- the translation at work --------------------------------------------------------
def test_english_translation_shows_english_register_form(english: QTranslator, qtbot) -> None:
    form = RegisterForm()
    qtbot.addWidget(form)
    ui = form.ui
    assert "Save" in ui.saveButton.text()
    assert "Enter" in ui.saveButton.text()
    assert ui.releaseButton.text() == "F1 Release"
    assert ui.releaseTestButton.text() == "F2 Release + test on arrival"
    assert ui.feverClinicButton.text() == "F7 Transfer to fever clinic"
    assert ui.healthGreenButton.text() == "Green Ctrl+1"
    assert ui.docNumberLabel.text() == "&Document number"
    assert ui.temperatureLabel.text() == "&Temperature °C"
    # Labels filled in from code go through the "labels" context.
    assert ui.docTypeCombo.itemText(0) == "Resident ID card"


def test_without_translator_register_form_stays_chinese(qapp: QApplication, qtbot) -> None:
    form = RegisterForm()
    qtbot.addWidget(form)
    assert "保存" in form.ui.saveButton.text()
    assert form.ui.releaseButton.text() == "F1 放行"
    assert form.ui.docTypeCombo.itemText(0) == "居民身份证"


def test_english_enum_labels_come_from_the_labels_context(english: QTranslator) -> None:
    assert label(Disposition.RELEASE) == "Release"
    assert label(Disposition.RELEASE_TEST) == "Release + test on arrival"
    assert label(CodeColour.GREEN) == "Green"
    assert label(NatResult.NEGATIVE) == "Negative"


def test_english_plurals_agree_with_the_count(english: QTranslator) -> None:
    def tr(n: int) -> str:
        return QCoreApplication.translate("MainWindow", "查找结果 %n 条", "", n)

    assert tr(1) == "1 result"
    assert tr(3) == "3 results"


def test_english_mnemonics_stay_unique_within_the_register_form(
    english: QTranslator, qtbot
) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    form = RegisterForm()
    qtbot.addWidget(form)
    texts = [w.text() for w in form.findChildren(QLabel) + form.findChildren(QAbstractButton)]
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t.replace("&&", "")]
    assert keys, "the form should have Alt+letter mnemonics"
    assert len(keys) == len(set(keys)), texts


# ----- the tool itself, on a scratch copy of the sources -----------------------------
PANEL_UI = """<?xml version="1.0" encoding="UTF-8"?>
<ui version="4.0">
 <class>NewPanel</class>
 <widget class="QWidget" name="NewPanel">
  <layout class="QVBoxLayout" name="layout">
   <item><widget class="QPushButton" name="checkButton">
    <property name="text"><string>核验(&amp;C)</string></property>
   </widget></item>
  </layout>
 </widget>
</ui>
"""

PANEL_PY = """from PySide6.QtWidgets import QWidget


class NewPanel(QWidget):
    def show_count(self, n):
        return self.tr("已核验 %n 人", "", n)
"""


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A tiny project with the tool: one form and one module, an empty glossary."""
    (tmp_path / "tools").mkdir()
    shutil.copy(ROOT / TOOL, tmp_path / TOOL)
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "new_panel.ui").write_text(PANEL_UI, encoding="utf-8")
    gui = tmp_path / "checkpoint_app" / "gui"
    (gui / "forms").mkdir(parents=True)
    (gui / "new_panel.py").write_text(PANEL_PY, encoding="utf-8")
    # Generated forms repeat the .ui strings; the tool must not read them.
    (gui / "forms" / "ui_new_panel.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n\n"
        'QCoreApplication.translate("NewPanel", "生成的代码", None)\n',
        encoding="utf-8",
    )
    (tmp_path / "resources" / "translations").mkdir(parents=True)
    write_glossary(tmp_path, {})
    return tmp_path


def write_glossary(root: Path, messages: dict[str, object]) -> None:
    path = root / "resources" / "translations" / "en_glossary.json"
    path.write_text(json.dumps({"messages": messages}, ensure_ascii=False), encoding="utf-8")


GOOD = {"核验(&C)": "&Check", "已核验 %n 人": ["%n traveller checked", "%n travellers checked"]}


def test_update_reports_untranslated_strings_and_fails(scratch: Path) -> None:
    result = run_tool(scratch)
    assert result.returncode == 1
    assert "0/2 messages translated" in result.stdout
    assert "核验(&C)" in result.stdout
    assert "已核验 %n 人" in result.stdout
    assert "生成的代码" not in result.stdout


def test_update_fills_strings_from_the_glossary_and_check_passes(scratch: Path) -> None:
    write_glossary(scratch, GOOD)
    updated = run_tool(scratch)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "2/2 messages translated" in updated.stdout
    ts = (scratch / "resources" / "translations" / "checkpoint_app_en.ts").read_text("utf-8")
    assert "<translation>&amp;Check</translation>" in ts
    assert "<numerusform>%n travellers checked</numerusform>" in ts
    assert (scratch / "resources" / "translations" / "checkpoint_app_en.qm").is_file()
    assert run_tool(scratch, "--check").returncode == 0
    # A second run changes nothing.
    again = run_tool(scratch)
    assert "wrote" not in again.stdout


def test_check_fails_and_changes_nothing_when_a_new_string_appears(scratch: Path) -> None:
    write_glossary(scratch, GOOD)
    assert run_tool(scratch).returncode == 0
    translations = scratch / "resources" / "translations"
    before = {p.name: p.read_bytes() for p in translations.iterdir()}
    panel = scratch / "checkpoint_app" / "gui" / "new_panel.py"
    panel.write_text(
        panel.read_text("utf-8") + '\n    def title(self):\n        return self.tr("核验站点")\n',
        encoding="utf-8",
    )
    result = run_tool(scratch, "--check")
    assert result.returncode == 1
    assert "核验站点" in result.stdout
    assert "out of date" in result.stdout
    assert {p.name: p.read_bytes() for p in translations.iterdir()} == before


def test_update_rejects_glossary_entries_that_lose_placeholders_or_mnemonics(
    scratch: Path,
) -> None:
    write_glossary(
        scratch, {"核验(&C)": "Check", "已核验 %n 人": ["one checked", "travellers checked"]}
    )
    result = run_tool(scratch)
    assert result.returncode == 1
    assert "lost the &-mnemonic" in result.stdout
    assert "lacks %n" in result.stdout
