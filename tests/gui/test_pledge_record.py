"""The pledge shown again: the record dialog says how it was signed and draws the
signature; the PDF holds the text and, for a signature on screen, ink in its box."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from checkpoint_app.gui.pledge_pdf import SIGNATURE_BOX
from checkpoint_app.gui.record_dialog import RecordDialog
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from tests.factories import make_pledge, make_record


def _saved(workstation, method: str | None) -> str:
    record = make_record(
        shift_id=workstation.shift.id,
        **({"pledge": make_pledge(method)} if method else {}),
    )
    RecordRepository(workstation.db).save(
        record, flags=RecordFlags(False, False), staff_id=workstation.registrar.id
    )
    return record.uuid


def _dialog(qtbot, workstation, uuid: str) -> RecordDialog:
    dialog = RecordDialog(
        RecordRepository(workstation.db), uuid, staff=workstation.lead, policy=default_policy()
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _ink_in_signature_box(pdf: Path, tmp_path: Path) -> float:
    """The share of dark pixels inside the signature box (its dashed border left out)."""
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    data = (tmp_path / "page.pgm").read_bytes()
    # Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
    header, _, rest = data.partition(b"\n255\n")
    width, height = (int(v) for v in header.split()[1:3])
    left, top, box_w, box_h = SIGNATURE_BOX
    x0, x1 = int(width * left) + 3, int(width * (left + box_w)) - 3
    y0, y1 = int(height * top) + 3, int(height * (top + box_h)) - 3
    dark = sum(1 for y in range(y0, y1) for x in range(x0, x1) if rest[y * width + x] < 128)
    return dark / ((x1 - x0) * (y1 - y0))


def test_the_record_dialog_draws_the_signature_and_its_pdf_has_the_text_and_the_ink(
    qtbot, workstation, tmp_path
):
    dialog = _dialog(qtbot, workstation, _saved(workstation, "screen"))
    assert "屏幕签名" in dialog.pledge_label.text() and "内置文本" in dialog.pledge_label.text()
    assert dialog.signature_view.isVisible() and not dialog.signature_view.is_empty()
    assert dialog.form.ui.pledgeStateLabel.text() == "已屏幕签名"
    pdf = tmp_path / "pledge.pdf"
    dialog.save_pledge_pdf(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "承诺书" in text and "如实申报本人14天内" in text and "屏幕签名" in text
    assert "张伟" in text and "411623199004151232" not in text  # the ID masked
    assert _ink_in_signature_box(pdf, tmp_path) > 0.005


@pytest.mark.parametrize(("method", "shown"), [("paper", "第 12 号"), ("refused", "拒签")])
def test_a_paper_slip_or_a_refusal_is_named_and_leaves_the_signature_box_empty(
    qtbot, workstation, tmp_path, method, shown
):
    dialog = _dialog(qtbot, workstation, _saved(workstation, method))
    assert shown in dialog.pledge_label.text()
    assert not dialog.signature_view.isVisible()
    pdf = tmp_path / "pledge.pdf"
    dialog.save_pledge_pdf(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert shown in text
    assert _ink_in_signature_box(pdf, tmp_path) < 0.001


def test_an_unsigned_record_says_so_and_offers_no_pledge_pdf(qtbot, workstation):
    dialog = _dialog(qtbot, workstation, _saved(workstation, None))
    assert dialog.pledge_label.text() == "承诺书：未签"
    assert not dialog.pledge_pdf_button.isEnabled()
