"""Hostile image files: 0 crashes, 0 hangs over 5 s, under 50 MB of memory growth.

Every file of tests/hostile/image_corpus.py goes through ``load_image(path)``, the
screenshot path's own entry, in a child process (see image_runner.py) so a hang or a
crash in a codec is reported against the file that caused it instead of taking pytest
down. tests/scanning/test_images.py states the loader's rules case by case; this suite
throws the whole corpus at it and watches time and memory.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checkpoint_app.scanning.images import ImageRejected, load_image
from tests.hostile.image_corpus import LOADED, hostile_images
from tests.hostile.image_runner import FileResult, run_image_files
from tests.hostile.special_files import not_files

GUARD_SECONDS = 5.0
MAX_KEPT_GROWTH_KIB = 50 * 1024
CORPUS = {image.name: image for image in hostile_images()}


@pytest.fixture(scope="module")
def corpus_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FileResult]:
    folder = tmp_path_factory.mktemp("hostile-images")
    for image in CORPUS.values():
        (folder / image.name).write_bytes(image.build())
    results = run_image_files(folder, list(CORPUS), guard_seconds=GUARD_SECONDS)
    return {r.name: r for r in results}


def test_every_file_of_the_corpus_was_tried(corpus_results: dict[str, FileResult]) -> None:
    assert sorted(corpus_results) == sorted(CORPUS)


def test_no_file_crashes_or_hangs_the_loader(corpus_results: dict[str, FileResult]) -> None:
    broken = {
        name: (r.outcome, r.message)
        for name, r in corpus_results.items()
        if r.outcome in ("crash", "hang")
    }
    assert broken == {}
    slowest = max(corpus_results.values(), key=lambda r: r.seconds)
    assert slowest.seconds < GUARD_SECONDS, slowest


@pytest.mark.parametrize("name", list(CORPUS))
def test_each_file_is_loaded_or_refused_as_expected(
    corpus_results: dict[str, FileResult], name: str
) -> None:
    result = corpus_results[name]
    assert result.outcome == CORPUS[name].expected, result.message
    if result.outcome != LOADED:
        # What the worker reads: Chinese, and it says what to do or what is wrong.
        assert any("\u4e00" <= char <= "\u9fff" for char in result.message)


def test_the_process_keeps_under_50_mb_after_the_whole_corpus(
    corpus_results: dict[str, FileResult],
) -> None:
    kept = {name: r.kept_growth_kib for name, r in corpus_results.items()}
    assert max(kept.values()) < MAX_KEPT_GROWTH_KIB, kept


def test_refused_files_never_cost_50_mb_even_for_a_moment(
    corpus_results: dict[str, FileResult],
) -> None:
    # A bomb must be refused from its header: its pixels never reach memory.
    peaks = {
        name: r.peak_growth_kib
        for name, r in corpus_results.items()
        if CORPUS[name].expected != LOADED
    }
    assert max(peaks.values()) < MAX_KEPT_GROWTH_KIB, peaks


def test_the_guard_reports_a_hang_against_its_file(tmp_path: Path) -> None:
    # The control: a guard so short that a real decode exceeds it must say "hang", or the
    # tests above could not fail for a slow file.
    big = next(image for image in CORPUS.values() if image.name.startswith("png-6324"))
    (tmp_path / big.name).write_bytes(big.build())
    (tmp_path / "zero-byte.png").write_bytes(b"")

    results = run_image_files(tmp_path, [big.name, "zero-byte.png"], guard_seconds=0.25)

    assert [(r.name, r.outcome) for r in results] == [
        (big.name, "hang"),
        ("zero-byte.png", "empty"),
    ]


def test_the_largest_accepted_bomb_is_shrunk_before_any_full_size_copy(
    corpus_results: dict[str, FileResult],
) -> None:
    # 40 MP of RGB is 160 MB in Pillow; decoding it and copying it twice more at full size
    # (numpy, OpenCV) peaked at 530 MB before the loader learned to shrink inside Pillow.
    peak = corpus_results["png-6324x6324-rgb-zeros.png"].peak_growth_kib
    assert peak < 400 * 1024


def test_a_large_png_shrunk_inside_pillow_keeps_its_colours_and_shape() -> None:
    from PIL import Image

    from checkpoint_app.scanning.images import DECODE_MAX_SIDE, load_image
    from tests.scanning.test_images import encode

    image = Image.new("RGB", (6000, 4000), (250, 250, 250))
    image.paste((26, 173, 25), (0, 0, 3000, 4000))  # left half green

    loaded = load_image(encode(image, "PNG"))

    assert loaded.bgr.shape == (1600, DECODE_MAX_SIDE, 3)
    assert loaded.original_size == (6000, 4000)
    assert loaded.scale == DECODE_MAX_SIDE / 6000
    assert loaded.bgr[800, 300].tolist() == [25, 173, 26]
    assert loaded.bgr[800, 2100].tolist() == [250, 250, 250]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "symlink-to-fifo"])
def test_a_chosen_image_path_that_is_not_a_file_is_refused_unread(
    tmp_path: Path, fifo: Path, kind: str
) -> None:
    # In this process: a FIFO opened for reading would block the test until released.
    with pytest.raises(ImageRejected) as refused:
        load_image(not_files(tmp_path, fifo, 40_000_000)[kind])
    assert refused.value.reason == "unreadable"
    assert refused.value.message == "不是图片文件（可能是文件夹、设备或管道）"
