"""Screenshots into the form: drop, paste, watched folder, webcam — real images, real decoders."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from checkpoint_app.records.model import CodeColour, FieldSource
from checkpoint_app.storage.records import RecordFilter, RecordRepository
from tests.scanning.corpus import make_sample

ID_1 = "411623199004151232"
OCR_TIMEOUT_MS = 60_000


def write_sample(tmp_path: Path, kind: str, index: int = 0, variant: str = "clean") -> Path:
    sample = make_sample(kind, variant, index, seed=7)
    path = tmp_path / f"{kind}-{index}.png"
    assert cv2.imwrite(str(path), sample.image)
    return path


def sample_colour(kind: str, index: int = 0) -> CodeColour:
    return make_sample(kind, "clean", index, seed=7).codes[0].colour


def first_non_green_health(tmp_path: Path) -> tuple[Path, CodeColour]:
    for index in range(8):
        colour = sample_colour("health", index)
        if colour in (CodeColour.YELLOW, CodeColour.RED):
            return write_sample(tmp_path, "health", index), colour
    pytest.fail("the corpus has no yellow or red health code in its first samples")


def test_dropped_health_code_fills_the_colour_and_saving_keeps_only_hashes(
    main_window, keyboard, qtbot, tmp_path, workstation, data_dir
):
    path, colour = first_non_green_health(tmp_path)
    with qtbot.waitSignal(main_window.screenshots.codes_read, timeout=10_000):
        main_window.read_screenshot_files([path])
    form = main_window.form
    assert form._selected(form._health_buttons) is colour
    assert not form.ui.thumbnailLabel.pixmap().isNull()
    assert "截图识别" in form.ui.screenshotStatusLabel.text()
    # Saving never waits for the OCR stage.
    keyboard.scan(ID_1)
    keyboard.type("36.6")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    record = RecordRepository(workstation.db).list_items(RecordFilter())[0].record
    assert record.health_colour is colour
    assert record.sources["health_colour"] is FieldSource.SCREENSHOT
    artefact = workstation.db.execute(
        "SELECT source, image_sha256, image_phash FROM scan_artefacts WHERE source = 'image'"
    ).fetchone()
    assert artefact[0] == "image" and len(artefact[1]) == 64 and artefact[2]
    # Privacy: the picture itself is not kept in the data folder.
    assert not [p for p in data_dir.rglob("*") if p.suffix.lower() in (".png", ".jpg", ".webp")]
    qtbot.waitUntil(lambda: not main_window.screenshots.busy, timeout=OCR_TIMEOUT_MS)


def test_ocr_fills_nat_fields_marked_as_from_screenshot(main_window, qtbot, tmp_path):
    path = write_sample(tmp_path, "nat")
    with qtbot.waitSignal(main_window.screenshots.text_read, timeout=OCR_TIMEOUT_MS):
        main_window.read_screenshot_files([path])
    form = main_window.form.ui
    assert form.natTimeEdit.text() != ""
    assert form.natTimeEdit.property("fromScreenshot") is True
    assert "置信度" in form.natTimeEdit.toolTip()


def test_pasted_image_is_read_and_text_pastes_still_work(main_window, keyboard, qtbot, tmp_path):
    path, colour = first_non_green_health(tmp_path)
    form = main_window.form
    form.ui.nameEdit.setFocus()
    QApplication.clipboard().setImage(QImage(str(path)))
    with qtbot.waitSignal(main_window.screenshots.codes_read, timeout=10_000):
        keyboard.press(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert form._selected(form._health_buttons) is colour
    assert form.ui.nameEdit.text() == ""
    QApplication.clipboard().setText("张伟")
    keyboard.press(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert form.ui.nameEdit.text() == "张伟"
    qtbot.waitUntil(lambda: not main_window.screenshots.busy, timeout=OCR_TIMEOUT_MS)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "图片"), (b"not an image at all", "图片"), (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "图片")],
)
def test_bad_file_gets_a_message_and_the_form_keeps_its_data(
    main_window, keyboard, qtbot, tmp_path, content, message
):
    keyboard.scan(ID_1)
    keyboard.type("36.5")
    bad = tmp_path / "bad.png"
    bad.write_bytes(content)
    with qtbot.waitSignal(main_window.screenshots.failed, timeout=10_000) as failed:
        main_window.read_screenshot_files([bad])
    assert message in failed.args[0]
    assert failed.args[0] in main_window.form.ui.screenshotStatusLabel.text()
    assert main_window.form._doc.value() == ID_1
    assert main_window.form.ui.temperatureEdit.text() == "36.5"


def test_payment_code_never_sets_a_health_colour(main_window, qtbot, tmp_path):
    form = main_window.form
    form.set_health_colour(CodeColour.YELLOW, FieldSource.TYPED)
    path = write_sample(tmp_path, "payment")
    with qtbot.waitSignal(main_window.screenshots.codes_read, timeout=10_000):
        main_window.read_screenshot_files([path])
    assert form._selected(form._health_buttons) is CodeColour.YELLOW
    assert "不是健康码" in form.ui.screenshotStatusLabel.text()
    qtbot.waitUntil(lambda: not main_window.screenshots.busy, timeout=OCR_TIMEOUT_MS)


def test_new_image_in_the_watched_folder_is_offered_and_read_with_f10(
    main_window, keyboard, qtbot, tmp_path
):
    folder = tmp_path / "WeChat Files"
    folder.mkdir()
    main_window.watch_folder(str(folder))
    path, colour = first_non_green_health(tmp_path)
    with qtbot.waitSignal(main_window.folder_watcher.image_arrived, timeout=10_000):
        (folder / "received.png").write_bytes(path.read_bytes())
    assert main_window.ui.readOfferedAction.isEnabled()
    with qtbot.waitSignal(main_window.screenshots.codes_read, timeout=10_000):
        keyboard.press(Qt.Key.Key_F10)
    form = main_window.form
    assert form._selected(form._health_buttons) is colour
    qtbot.waitUntil(lambda: not main_window.screenshots.busy, timeout=OCR_TIMEOUT_MS)


def test_camera_grabs_the_frame_in_which_a_code_appears(qtbot, tmp_path):
    """A video file stands in for the webcam: OpenCV opens both through VideoCapture."""
    from checkpoint_app.gui.camera import CameraDialog

    sample = make_sample("health", "photo", 0, seed=7).image
    frame = cv2.resize(sample, (480, 1040))
    video = tmp_path / "camera.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 15, (480, 1040))
    for _ in range(5):
        writer.write(frame * 0 + 40)  # the camera sees nothing useful first
    for _ in range(40):
        writer.write(frame)
    writer.release()
    dialog = CameraDialog(str(video))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.frame_captured, timeout=15_000) as captured:
        pass
    assert captured.args[0].startswith(b"\x89PNG")
    assert not dialog.running


def test_camera_that_cannot_open_says_so(qtbot, tmp_path):
    from checkpoint_app.gui.camera import CameraDialog

    dialog = CameraDialog(str(tmp_path / "no-such-camera"))
    qtbot.addWidget(dialog)
    assert "无法打开摄像头" in dialog.ui.previewLabel.text()
    assert not dialog.running


def test_screenshots_are_kept_only_when_the_setting_asks(main_window, qtbot, tmp_path, data_dir):
    from dataclasses import replace

    path, _ = first_non_green_health(tmp_path)
    with qtbot.waitSignal(main_window.screenshots.codes_read, timeout=10_000):
        main_window.read_screenshot_files([path])
    qtbot.waitUntil(lambda: not main_window.screenshots.busy, timeout=OCR_TIMEOUT_MS)
    assert not (data_dir / "images").exists()
    main_window.apply_settings(replace(main_window._settings, keep_images_days=3))
    with qtbot.waitSignal(main_window.screenshots.codes_read, timeout=10_000):
        main_window.read_screenshot_files([path])
    kept = list((data_dir / "images").rglob("*.png"))
    assert len(kept) == 1 and kept[0].read_bytes() == path.read_bytes()
    qtbot.waitUntil(lambda: not main_window.screenshots.busy, timeout=OCR_TIMEOUT_MS)
    main_window.apply_settings(replace(main_window._settings, keep_images_days=0))
    assert list((data_dir / "images").rglob("*.png")) == []


def test_a_grey_code_under_a_venue_button_fills_grey_once_the_words_say_health_code(
    main_window, qtbot, tmp_path
):
    from tests.scanning.corpus import make_covered_sample

    sample = make_covered_sample(CodeColour.GREY, "clean", 0, seed=7)
    path = tmp_path / "covered.png"
    assert cv2.imwrite(str(path), sample.image)
    form = main_window.form
    with qtbot.waitSignal(main_window.screenshots.codes_read, timeout=10_000):
        main_window.read_screenshot_files([path])
    # Nothing decoded: the colour waits for the words.
    assert form._selected(form._health_buttons) is CodeColour.UNKNOWN
    qtbot.waitUntil(lambda: not main_window.screenshots.busy, timeout=OCR_TIMEOUT_MS)
    assert form._selected(form._health_buttons) is CodeColour.GREY
    assert form._sources["health_colour"] is FieldSource.SCREENSHOT
    assert "二维码未能解码" in form.ui.screenshotStatusLabel.text()
