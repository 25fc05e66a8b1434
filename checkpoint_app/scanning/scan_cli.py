"""`checkpoint-app scan IMAGE... [--json] [--no-ocr]`: read screenshots headless.

For batch work and testing. With --json, one JSON object per image on its own line:
page kind, every QR payload with its corners (in the original image's pixels), the
code colour with its confidence, text fields with confidences, the warnings that need
no typed data, and timings per stage in ms. A file that cannot be read gives an object
with an "error" message (Chinese, as the worker would see it) and the exit code is 1
once every image has been tried; never a traceback.

Only argparse definitions live at module level, so `checkpoint-app` starts fast; OpenCV
and the OCR models load when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import IO, Any

__all__ = ["add_scan_command", "main", "run_scan"]

_DEFAULT_MAX_AGE_MINUTES = 30  # as Settings.screenshot_max_age_minutes


def add_scan_command(subparsers: Any) -> None:
    """Register `scan` on the main parser's subparsers (dest="command")."""
    parser = subparsers.add_parser(
        "scan",
        help="读取截图：二维码、码的颜色、页面类型与文字（离线）",
        description="读取健康码、行程卡、核酸报告截图中的二维码、颜色和文字。",
    )
    _add_arguments(parser)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("images", nargs="+", type=Path, metavar="IMAGE", help="图片文件")
    parser.add_argument("--json", action="store_true", help="每张图片输出一行 JSON")
    parser.add_argument("--no-ocr", action="store_true", help="只读二维码和颜色，不识别文字")
    parser.add_argument(
        "--max-age-minutes",
        type=int,
        default=_DEFAULT_MAX_AGE_MINUTES,
        help=f"截图时间早于此分钟数即提示过期（默认 {_DEFAULT_MAX_AGE_MINUTES}）",
    )


def run_scan(args: argparse.Namespace, *, out: IO[str] | None = None) -> int:
    """Scan every image in ``args.images``; 0 when all were read, 1 when any failed."""
    from checkpoint_app.scanning.images import ImageRejected
    from checkpoint_app.scanning.screenshot import (
        ScreenshotCodes,
        ScreenshotText,
        read_codes,
        read_text,
        screenshot_warnings,
    )

    stream = out if out is not None else sys.stdout
    if not args.no_ocr:
        from checkpoint_app.scanning.ocr import warm_up

        warm_up()  # so the first image's timings are like the others
    failures = 0
    # Fingerprints of the images before this one: the same screenshot twice in one batch
    # is flagged like one re-used during the day.
    seen: list[str] = []
    for path in args.images:
        started = time.perf_counter()
        try:
            codes: ScreenshotCodes = read_codes(path)
            text: ScreenshotText | None = None if args.no_ocr else read_text(codes)
            warnings = screenshot_warnings(
                codes,
                text,
                now=datetime.now(),
                max_age_minutes=args.max_age_minutes,
                recent_phashes=seen,
            )
        except ImageRejected as rejected:
            failures += 1
            _emit(
                stream,
                args.json,
                {"file": str(path), "error": rejected.message, "reason": rejected.reason},
            )
            continue
        except Exception as error:  # one bad file must not end the batch, nor print a traceback
            failures += 1
            _emit(
                stream,
                args.json,
                {
                    "file": str(path),
                    "error": f"处理图片时出错：{error}",
                    "reason": type(error).__name__,
                },
            )
            continue
        seen.append(codes.fingerprint)
        report = _report(path, codes, text, warnings)
        report["timings_ms"]["total"] = round((time.perf_counter() - started) * 1000.0, 2)
        _emit(stream, args.json, report)
    return 1 if failures else 0


def _report(path: Path, codes: Any, text: Any, warnings: Any) -> dict[str, Any]:
    image = codes.image
    scale = image.scale or 1.0
    code_reports = []
    for code, reading in zip(codes.codes, codes.code_colours, strict=True):
        code_reports.append(
            {
                "text": code.text,
                "corners": [[round(x / scale, 1), round(y / scale, 1)] for x, y in code.corners],
                "colour": reading.colour.value,
                "colour_confidence": round(reading.confidence, 3),
                "decoder": code.decoder,
                "step": code.step,
                "main": code is codes.main_code,
            }
        )
    timings = {key: round(value, 2) for key, value in codes.timings_ms.items()}
    report: dict[str, Any] = {
        "file": str(path),
        "page_kind": (text.page_kind if text is not None else codes.page_kind).value,
        "page_kind_from_codes": codes.page_kind.value,
        "codes": code_reports,
        "colour": codes.colour.value,
        "colour_confidence": round(codes.colour_confidence, 3),
        "colour_basis": codes.colour_basis,
        "issuer": codes.issuer,
        "image": {
            "format": image.format,
            "width": image.original_size[0],
            "height": image.original_size[1],
            "sha256": image.sha256,
            "fingerprint": codes.fingerprint,
        },
        "fields": {},
        "travel_cities": [],
        "warnings": [{"code": w.code, "message": w.message} for w in warnings],
        "notices": list(codes.notices),
        "ocr": text is not None,
        "timings_ms": timings,
    }
    if text is not None:
        report["fields"] = {
            key: {"value": field.value, "confidence": field.confidence}
            for key, field in text.fields.items()
        }
        report["travel_cities"] = list(text.travel_cities)
        timings.update({key: round(value, 2) for key, value in text.timings_ms.items()})
    return report


def _emit(stream: IO[str], as_json: bool, report: dict[str, Any]) -> None:
    if as_json:
        stream.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        stream.write(_human(report) + "\n")
    stream.flush()


def _human(report: dict[str, Any]) -> str:
    if "error" in report:
        return f"{report['file']}: 错误：{report['error']}"
    lines = [
        f"{report['file']}: {report['page_kind']}，码色 {report['colour']}"
        f"（{report['colour_confidence']:.2f}）"
    ]
    lines += [f"  二维码：{code['text']}" for code in report["codes"]]
    lines += [
        f"  {key}：{f['value']}（{f['confidence']:.2f}）" for key, f in report["fields"].items()
    ]
    lines += [f"  ⚠ {w['message']}" for w in report["warnings"]]
    timings = "，".join(f"{k} {v:.0f}" for k, v in report["timings_ms"].items())
    lines.append(f"  耗时 ms：{timings}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m checkpoint_app.scanning.scan_cli IMAGE...` (same as `checkpoint-app scan`)."""
    parser = argparse.ArgumentParser(
        prog="checkpoint-app scan", description="读取健康码、行程卡、核酸报告截图（离线）"
    )
    _add_arguments(parser)
    return run_scan(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
