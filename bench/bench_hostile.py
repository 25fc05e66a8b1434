"""Hostile input, the long run: images, scans, bundles and policy packs, counted.

    .venv/bin/python bench/bench_hostile.py [--quick] [--markdown] [--seed N]

Prints one table (metric, value, goal, verdict):

- images: the corpus of tests/hostile/image_corpus.py plus randomly mutated PNG, JPEG,
  WebP and BMP files (2,000; 300 with --quick), each loaded by ``load_image(path)`` in a
  child process with a 5 s guard (tests/hostile/image_runner.py): crashes, hangs, the
  slowest file, the resident memory the process keeps after the run and the peak while
  one file loads. Baseline in the same child: a clean 1080×2340 screenshot;
- scans: random hostile text (every control, bidi and zero-width character, megabyte
  strings) through ``parse_payload``, against good payloads in the same run;
- free text: names and notes with every hidden character and lone surrogates mixed in
  (2% a megabyte) through ``check_free_text``, against clean text in the same run;
- bundles: a bit flip in every byte of a bundle's zip, re-sealed, and random mutations,
  through ``open_bundle``; a device-signed 100 MB records bomb (not with --quick);
- policy packs: a bit flip in every byte of a signed pack, through ``verify_policy_pack``
  and ``check_pack``, and the hostile JSON envelopes of tests/hostile/test_hostile_imports.

Nothing here is asserted; the figures go to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import io
import platform
import random
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from _table import print_table  # bench/ is on sys.path when a bench runs

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: E402

TODAY = date(2022, 4, 12)
NOW = datetime(2022, 4, 12, 9, 30, tzinfo=UTC)
GUARD_S = 5.0
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Row:
    metric: str
    value: str
    goal: str = "—"
    verdict: str = ""


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def mutate(data: bytes, rng: random.Random) -> bytes:
    """1–6 random edits: overwrite, flip, insert, delete, truncate (as tests/hostile/test_fuzz)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(max(1, len(out)))
        edit = rng.choice(["overwrite", "flip", "insert", "delete", "truncate"])
        if edit == "overwrite" and out:
            out[at] = rng.randrange(256)
        elif edit == "flip" and out:
            out[at] ^= 1 << rng.randrange(8)
        elif edit == "insert":
            out[at:at] = rng.randbytes(rng.randint(1, 16))
        elif edit == "delete":
            del out[at : at + rng.randint(1, 16)]
        else:
            del out[at:]
    return bytes(out)


# --------------------------------------------------------------------------- images


def bench_images(tmp: Path, mutations: int, rng: random.Random) -> list[Row]:
    from tests.hostile.image_corpus import LOADED, hostile_images
    from tests.hostile.image_runner import run_image_files
    from tests.scanning.test_images import encode, screenshot

    folder = tmp / "images"
    folder.mkdir()
    expected: dict[str, str] = {}
    for image in hostile_images():
        (folder / image.name).write_bytes(image.build())
        expected[image.name] = image.expected
    seeds = [
        ("png", encode(screenshot(270, 585), "PNG")),
        ("jpg", encode(screenshot(270, 585), "JPEG", quality=70)),
        ("jpg", encode(screenshot(270, 585), "JPEG", quality=70, progressive=True)),
        ("webp", encode(screenshot(270, 585), "WEBP")),
        ("bmp", encode(screenshot(96, 96), "BMP")),
    ]
    for n in range(mutations):
        suffix, seed = rng.choice(seeds)
        (folder / f"mutated-{n:05d}.{suffix}").write_bytes(mutate(seed, rng))
    baseline = "baseline-clean-screenshot.png"
    (folder / baseline).write_bytes(encode(screenshot(), "PNG"))
    names = [baseline, *sorted(p.name for p in folder.iterdir() if p.name != baseline)]
    results = run_image_files(folder, names, guard_seconds=GUARD_S)
    by_name = {r.name: r for r in results}
    hostile = [r for r in results if r.name != baseline]
    crashes = [r.name for r in hostile if r.outcome == "crash"]
    hangs = [r.name for r in hostile if r.outcome == "hang"]
    wrong = [n for n, e in expected.items() if by_name[n].outcome != e]
    slowest = max(hostile, key=lambda r: r.seconds)
    kept = max(r.kept_growth_kib for r in results) / 1024
    refused = [r for r in hostile if r.outcome not in (LOADED, "crash", "hang")]
    loaded = [r for r in hostile if r.outcome == LOADED]
    refused_peak = max(r.peak_growth_kib for r in refused) / 1024
    loaded_peak = max(loaded, key=lambda r: r.peak_growth_kib)
    clean_s = by_name[baseline].seconds
    refusal_s = statistics.median(r.seconds for r in refused)
    return [
        Row(
            "images: files loaded in a child (corpus + mutated)",
            f"{len(hostile)} ({len(expected)} + {mutations}); {len(refused)} refused, "
            f"{len(loaded)} loaded",
        ),
        Row(
            "images: crashes",
            str(len(crashes)) + (f" {crashes[:3]}" if crashes else ""),
            "0",
            _verdict(not crashes),
        ),
        Row(
            "images: hangs over 5 s",
            str(len(hangs)) + (f" {hangs[:3]}" if hangs else ""),
            "0",
            _verdict(not hangs),
        ),
        Row(
            "images: corpus files with another outcome than expected",
            str(len(wrong)),
            "0",
            _verdict(not wrong),
        ),
        Row(
            "images: slowest file",
            f"{slowest.seconds:.2f} s ({slowest.name})",
            "< 5 s",
            _verdict(slowest.seconds < GUARD_S),
        ),
        Row(
            "images: resident memory kept after any file",
            f"{kept:.1f} MB",
            "< 50 MB",
            _verdict(kept < 50),
        ),
        Row(
            "images: peak while refusing a file (bombs included)",
            f"{refused_peak:.1f} MB",
            "< 50 MB",
            _verdict(refused_peak < 50),
        ),
        Row(
            "images: peak while loading an accepted file",
            f"{loaded_peak.peak_growth_kib / 1024:.0f} MB ({loaded_peak.name})",
        ),
        Row(
            "images: median refusal / clean 1080×2340 load (same child)",
            f"{refusal_s * 1000:.2f} ms / {clean_s * 1000:.1f} ms = {refusal_s / clean_s:.3f}",
        ),
    ]


# ---------------------------------------------------------------------------- scans


def hostile_string(rng: random.Random) -> str:
    from tests.hostile.strategies import GOOD_PAYLOADS, HOSTILE_CHARS, MEGABYTE

    good = rng.choice(GOOD_PAYLOADS)
    roll = rng.random()
    if roll < 0.02:
        piece = "".join(rng.choice([*HOSTILE_CHARS, "豫", "P", "1"]) for _ in range(7))
        return (piece * (MEGABYTE // 7 + 1))[:MEGABYTE]
    chars = list(good)
    for _ in range(rng.randint(1, 4)):
        pick = rng.random()
        new = (
            rng.choice(HOSTILE_CHARS)
            if pick < 0.6
            else chr(rng.choice([rng.randrange(0x20, 0xD800), rng.randrange(0xE000, 0x110000)]))
        )
        chars.insert(rng.randrange(len(chars) + 1), new)
    return "".join(chars)


def bench_scans(count: int, rng: random.Random) -> list[Row]:
    from checkpoint_app.scanning.payload import PayloadRejected, parse_payload
    from tests.hostile.strategies import GOOD_PAYLOADS

    inputs = [hostile_string(rng) for _ in range(count)]
    crashes: list[str] = []
    refused = 0
    started = time.perf_counter()
    for text in inputs:
        try:
            parse_payload(text, today=TODAY)
        except PayloadRejected:
            refused += 1
        except Exception as exc:  # what this bench counts
            crashes.append(type(exc).__name__)
    hostile_s = (time.perf_counter() - started) / count
    started = time.perf_counter()
    for _ in range(max(1, count // len(GOOD_PAYLOADS))):
        for text in GOOD_PAYLOADS:
            parse_payload(text, today=TODAY)
    good_s = (time.perf_counter() - started) / (
        max(1, count // len(GOOD_PAYLOADS)) * len(GOOD_PAYLOADS)
    )
    return [
        Row("scans: hostile strings parsed (2% of a megabyte)", f"{count}; {refused} refused"),
        Row("scans: crashes", str(len(crashes)), "0", _verdict(not crashes)),
        Row(
            "scans: time per hostile / per good payload",
            f"{hostile_s * 1e6:.0f} µs / {good_s * 1e6:.0f} µs = {hostile_s / good_s:.1f}",
        ),
    ]


# ------------------------------------------------------------------------- free text


def hostile_free_text(rng: random.Random) -> str:
    """A name or note with hidden characters or lone surrogates mixed in (2% a megabyte)."""
    from tests.hostile.strategies import HOSTILE_CHARS, LONE_SURROGATES, MEGABYTE

    base = rng.choice(["张伟", "阿卜杜勒·艾尼", "复测正常，领导同意", "Li Na", "郑州市，上海市*"])
    hidden = [*HOSTILE_CHARS, *LONE_SURROGATES, "\u2028", "\u2029"]
    if rng.random() < 0.02:
        piece = base + rng.choice(hidden)
        return (piece * (MEGABYTE // len(piece) + 1))[:MEGABYTE]
    chars = list(base)
    for _ in range(rng.randint(1, 3)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(hidden))
    return "".join(chars)


def bench_free_text(count: int, rng: random.Random) -> list[Row]:
    from checkpoint_app.records.validation import ValidationError, check_free_text

    inputs = [hostile_free_text(rng) for _ in range(count)]
    clean = [text for text in ("张伟", "阿卜杜勒·艾尼", "复测正常，领导同意") for _ in range(count)]
    crashes: list[str] = []
    accepted = 0
    started = time.perf_counter()
    for text in inputs:
        try:
            check_free_text(text, "备注")
            accepted += 1
        except ValidationError:
            pass
        except Exception as exc:  # what this bench counts
            crashes.append(type(exc).__name__)
    hostile_s = (time.perf_counter() - started) / count
    started = time.perf_counter()
    for text in clean:
        check_free_text(text, "备注")
    clean_s = (time.perf_counter() - started) / len(clean)
    megabyte = ("复测正常 ok " * 200_000)[:1_000_000]
    started = time.perf_counter()
    check_free_text(megabyte, "备注")
    megabyte_ms = (time.perf_counter() - started) * 1000
    return [
        Row("free text: hidden characters checked (2% a megabyte)", f"{count}"),
        Row("free text: hidden text accepted", str(accepted), "0", _verdict(accepted == 0)),
        Row("free text: crashes", str(len(crashes)), "0", _verdict(not crashes)),
        Row(
            "free text: time per hostile / per clean text",
            f"{hostile_s * 1e6:.0f} µs / {clean_s * 1e6:.1f} µs = {hostile_s / clean_s:.0f}",
        ),
        Row("free text: a clean megabyte of notes accepted in", f"{megabyte_ms:.1f} ms"),
    ]


# --------------------------------------------------------------------------- bundles


def bench_bundles(mutations: int, bomb_mb: int, rng: random.Random) -> list[Row]:
    import tests.hostile.test_fuzz as fuzz
    from checkpoint_app.sync.bundle import BundleRejected, open_bundle, seal
    from tests.hostile.image_runner import _reset_peak, _status_kib
    from tests.hostile.test_fuzz import WIRE, signed_bundle

    # The fuzz module's bundle maker seals to its own county key and signs with its device.
    sealing, devices = fuzz.SEALING, fuzz.DEVICES
    genuine = signed_bundle(WIRE + b"\n")
    expected = open_bundle(genuine, sealing, devices).records
    with zipfile.ZipFile(io.BytesIO(_unsealed(genuine, sealing))) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    plaintext = fuzz._zip(members)
    public = sealing.public_key().public_bytes_raw()
    counts = {"refused": 0, "same records": 0, "other records": 0, "crash": 0}
    inputs = [bytes(_flip(plaintext, at)) for at in range(len(plaintext))]
    inputs += [mutate(plaintext, rng) for _ in range(mutations)]
    started = time.perf_counter()
    for data in inputs:
        try:
            opened = open_bundle(seal(data, public), sealing, devices)
        except BundleRejected:
            counts["refused"] += 1
        except Exception:  # what this bench counts
            counts["crash"] += 1
        else:
            counts["same records" if opened.records == expected else "other records"] += 1
    per_input = (time.perf_counter() - started) / len(inputs)
    started = time.perf_counter()
    for _ in range(200):
        open_bundle(genuine, sealing, devices)
    genuine_s = (time.perf_counter() - started) / 200
    rows = [
        Row(
            "bundles: re-sealed zips opened (every byte flipped + mutated)",
            f"{len(inputs)}; " + ", ".join(f"{k} {v}" for k, v in counts.items()),
        ),
        Row(
            "bundles: crashes, or records other than the signed ones",
            str(counts["crash"] + counts["other records"]),
            "0",
            _verdict(counts["crash"] + counts["other records"] == 0),
        ),
        Row(
            "bundles: time per hostile / per genuine bundle",
            f"{per_input * 1000:.2f} ms / {genuine_s * 1000:.2f} ms",
        ),
    ]
    if bomb_mb:
        bomb = signed_bundle(b"\n" * (bomb_mb * 1_000_000))
        _reset_peak()
        before = _status_kib("VmRSS")
        started = time.perf_counter()
        try:
            open_bundle(bomb, sealing, devices)
            outcome = "ACCEPTED"
        except BundleRejected as refused:
            outcome = f"refused ({refused.message})"
        seconds = time.perf_counter() - started
        peak = (_status_kib("VmHWM") - before) / 1024
        rows.append(
            Row(
                f"bundles: device-signed {bomb_mb} MB records bomb",
                f"{outcome} in {seconds:.2f} s, peak +{peak:.0f} MB",
            )
        )
    return rows


def _unsealed(data: bytes, key: X25519PrivateKey) -> bytes:
    from checkpoint_app.sync.bundle import unseal

    return unseal(data, key)


def _flip(data: bytes, at: int) -> bytearray:
    out = bytearray(data)
    out[at] ^= 1 << (at % 8)
    return out


# ------------------------------------------------------------------------- policies


def bench_policy_packs() -> list[Row]:
    from checkpoint_app.policy.schema import PolicyError
    from checkpoint_app.policy.store import check_pack
    from checkpoint_app.sync.protocol import WireFormatError, sign_policy_pack, verify_policy_pack
    from tests.policy.conftest import example_content

    key = Ed25519PrivateKey.generate()
    content = example_content()
    pack = sign_policy_pack(key, version=7, published_at=NOW, content=content)
    public = key.public_key()

    def attempt(data: bytes) -> str:
        try:
            check_pack(verify_policy_pack(public, data))
        except (WireFormatError, PolicyError):
            return "refused"
        except Exception as exc:  # what this bench counts
            return f"crash {type(exc).__name__}"
        return "applied"

    counts: dict[str, int] = {}
    harmful = 0
    for at in range(len(pack)):
        data = bytes(_flip(pack, at))
        outcome = attempt(data)
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome == "applied" and verify_policy_pack(public, data).content != content:
            harmful += 1
    hostile: dict[str, Callable[[], bytes]] = {
        "nested 100,000 deep": lambda: (
            b'{"format":1,"pack":' + b"[" * 100_000 + b"]" * 100_000 + b',"signature":"AA=="}'
        ),
        "NaN": lambda: b'{"format":1,"pack":{"a":NaN},"signature":"AA=="}',
        "5000-digit number": lambda: (
            b'{"format":1,"pack":{"a":' + b"9" * 5000 + b'},"signature":"AA=="}'
        ),
        "lone surrogate": lambda: b'{"format":1,"pack":{"a":"\\ud800"},"signature":"AA=="}',
    }
    envelope_crashes = [
        name for name, build in hostile.items() if attempt(build()).startswith("crash")
    ]
    crashes = sum(v for k, v in counts.items() if k.startswith("crash"))
    return [
        Row(
            "policy packs: every byte of a signed pack flipped",
            f"{len(pack)}; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
        ),
        Row(
            "policy packs: flips crashing, or applying other content than signed",
            str(crashes + harmful),
            "0",
            _verdict(crashes + harmful == 0),
        ),
        Row(
            "policy packs: hostile JSON envelopes crashing verify_policy_pack",
            f"{len(envelope_crashes)}/{len(hostile)}"
            + (f" ({', '.join(envelope_crashes)})" if envelope_crashes else ""),
            "0",
            _verdict(not envelope_crashes),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer mutations, no bomb")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--seed", type=int, default=20220412)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    image_mutations, scans, bundle_mutations, bomb_mb = (
        (300, 2_000, 500, 0) if args.quick else (2_000, 20_000, 5_000, 100)
    )
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as name:
        rows += bench_images(Path(name), image_mutations, rng)
    rows += bench_scans(scans, rng)
    rows += bench_free_text(scans, rng)
    rows += bench_bundles(bundle_mutations, bomb_mb, rng)
    rows += bench_policy_packs()
    print(f"{platform.node()} · Python {platform.python_version()} · seed {args.seed}")
    print_table(rows, markdown=args.markdown)
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
