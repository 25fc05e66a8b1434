"""Update the Qt translations: lupdate → fill from the glossary → lrelease.

    python tools/update_translations.py            # update .ts and .qm for every language
    python tools/update_translations.py --check    # CI: change nothing, fail if stale/unfinished
    python tools/update_translations.py --language de   # start (or update only) one language

The source strings are Simplified Chinese, in `ui/*.ui` and `checkpoint_app/gui/**/*.py`
(the generated `checkpoint_app/gui/forms/` are skipped: their strings come from the .ui
files). For each language `xx` this keeps `resources/translations/checkpoint_app_xx.ts`
(existing translations kept, obsolete ones dropped), fills every unfinished message from
`resources/translations/xx_glossary.json`, and compiles `checkpoint_app_xx.qm`.

Glossary format (all keys are the Chinese source text, exactly as in the code):

    {
      "messages": {"保存 (Enter)": "Save (Enter)", "本班 %n 人": ["%n person", "%n people"]},
      "contexts": {"SignInDialog": {"姓名(&N)": "&Name"}}
    }

`contexts` overrides `messages` for one context (the class name, or "labels"). Plural
(`%n`) messages take a list with one form per plural form of the language (English: 2).

Exit status: 0 when every message is translated (and, with --check, the committed .ts and
.qm are current); 1 otherwise, with the missing messages printed as glossary JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS_DIR = ROOT / "resources" / "translations"
APP_NAME = "checkpoint_app"
SOURCE_LANGUAGE = "zh_CN"
DEFAULT_LANGUAGES = ("en",)
UPDATE_COMMAND = "python tools/update_translations.py"

_PLACEHOLDER = re.compile(r"%(?:n|L?\d{1,2})")
_MNEMONIC = re.compile(r"&([^&\s])")


# ----- paths and tools ----------------------------------------------------------------
def ts_path(language: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / f"{APP_NAME}_{language}.ts"


def qm_path(language: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / f"{APP_NAME}_{language}.qm"


def glossary_path(language: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / f"{language}_glossary.json"


def known_languages(directory: Path = TRANSLATIONS_DIR) -> list[str]:
    """Every language with a .ts file or a glossary, plus English."""
    found = set(DEFAULT_LANGUAGES)
    found.update(p.stem.removeprefix(f"{APP_NAME}_") for p in directory.glob(f"{APP_NAME}_*.ts"))
    found.update(p.stem.removesuffix("_glossary") for p in directory.glob("*_glossary.json"))
    return sorted(found)


def source_files(root: Path = ROOT) -> list[Path]:
    """The files lupdate reads, relative to `root`, in a stable order."""
    ui = sorted((root / "ui").glob("*.ui"))
    gui = root / "checkpoint_app" / "gui"
    forms = gui / "forms"
    py = sorted(p for p in gui.rglob("*.py") if forms not in p.parents)
    return [p.relative_to(root) for p in (*ui, *py)]


def qt_tool(name: str) -> str:
    """A Qt tool from this interpreter's environment (falls back to PATH)."""
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if exe is None:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return exe


def run_lupdate(ts: Path, language: str, root: Path = ROOT) -> str:
    """Merge the current source strings into `ts` (created if absent); returns warnings."""
    result = subprocess.run(
        [
            qt_tool("pyside6-lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "relative",
            "-source-language",
            SOURCE_LANGUAGE,
            "-target-language",
            language,
            *map(str, source_files(root)),
            "-ts",
            str(ts),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"pyside6-lupdate failed:\n{result.stdout}{result.stderr}")
    return (result.stdout + result.stderr).strip()


def run_lrelease(ts: Path, qm: Path) -> None:
    result = subprocess.run(
        [qt_tool("pyside6-lrelease"), "-silent", "-nounfinished", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"pyside6-lrelease failed:\n{result.stdout}{result.stderr}")


# ----- the glossary -------------------------------------------------------------------
Translation = str | list[str]


@dataclass
class Glossary:
    messages: dict[str, Translation] = field(default_factory=dict)
    contexts: dict[str, dict[str, Translation]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Glossary:
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(messages=dict(data.get("messages", {})), contexts=data.get("contexts", {}))

    def lookup(self, context: str, source: str) -> Translation | None:
        by_context = self.contexts.get(context, {})
        if source in by_context:
            return by_context[source]
        return self.messages.get(source)

    def keys(self) -> set[tuple[str | None, str]]:
        keys: set[tuple[str | None, str]] = {(None, s) for s in self.messages}
        keys.update((c, s) for c, entries in self.contexts.items() for s in entries)
        return keys


def translation_problem(source: str, forms: list[str], numerus: bool) -> str | None:
    """Why a glossary translation cannot be used for `source`, or None if it can."""
    if any(not form.strip() for form in forms):
        return "empty translation"
    wanted = sorted(set(_PLACEHOLDER.findall(source)))
    for index, form in enumerate(forms):
        got = sorted(set(_PLACEHOLDER.findall(form)))
        if numerus and "%n" not in got and index > 0:
            return f"plural form {form!r} lacks %n"
        if [p for p in got if p != "%n"] != [p for p in wanted if p != "%n"]:
            return f"placeholders {got} do not match the source's {wanted}"
        if _MNEMONIC.search(source.replace("&&", "")) and not _MNEMONIC.search(
            form.replace("&&", "")
        ):
            return f"{form!r} lost the &-mnemonic of the source"
    return None


# ----- filling a .ts file -------------------------------------------------------------
@dataclass
class Report:
    language: str
    total: int = 0
    translated: int = 0
    filled: int = 0
    missing: list[tuple[str, str, bool, str]] = field(
        default_factory=list
    )  # ctx, src, numerus, why
    differs: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    used: set[tuple[str | None, str]] = field(default_factory=set)


def _forms_of(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if translation is None:
        return []
    if message.get("numerus") == "yes":
        return [f.text or "" for f in translation.findall("numerusform")]
    return [translation.text or ""]


def fill_ts(ts: Path, glossary: Glossary, language: str, *, prefer_glossary: bool) -> Report:
    """Fill unfinished messages of `ts` in place from `glossary`; report what is left."""
    tree = ET.parse(ts)
    report = Report(language)
    changed = False
    for context in tree.getroot().iter("context"):
        ctx = context.findtext("name") or ""
        mnemonics: dict[str, str] = {}
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            numerus = message.get("numerus") == "yes"
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation", type="unfinished")
            if translation.get("type") in ("vanished", "obsolete"):
                continue
            report.total += 1
            finished = translation.get("type") is None
            wanted = glossary.lookup(ctx, source)
            if wanted is not None:
                report.used.add((ctx if source in glossary.contexts.get(ctx, {}) else None, source))
            forms = [wanted] if isinstance(wanted, str) else list(wanted or [])
            problem = _usable(source, forms, numerus, translation, wanted)
            if finished:
                if wanted is not None and forms != _forms_of(message):
                    if problem is not None:
                        report.warnings.append(
                            f"{ctx}: {source!r}: glossary entry ignored: {problem}"
                        )
                    elif prefer_glossary:
                        _set_translation(translation, forms, numerus)
                        report.filled += 1
                        changed = True
                    else:
                        report.differs.append((ctx, source))
            elif problem is not None:
                report.missing.append((ctx, source, numerus, problem))
                continue
            else:
                _set_translation(translation, forms, numerus)
                report.filled += 1
                changed = True
            report.translated += 1
            for form in _forms_of(message)[:1]:
                found = _MNEMONIC.search(form.replace("&&", ""))
                if found:
                    key = found.group(1).lower()
                    if key in mnemonics and mnemonics[key] != form:
                        report.warnings.append(
                            f"{ctx}: {mnemonics[key]!r} and {form!r} share Alt+{key.upper()}"
                        )
                    mnemonics[key] = form
    if changed:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return report


def _usable(
    source: str,
    forms: list[str],
    numerus: bool,
    translation: ET.Element,
    wanted: Translation | None,
) -> str | None:
    if wanted is None:
        return "not in the glossary"
    if numerus:
        count = max(len(translation.findall("numerusform")), 1)
        if not isinstance(wanted, list) or len(forms) != count:
            return f"plural message: the glossary needs a list of {count} forms"
    elif not isinstance(wanted, str):
        return "not a plural message: the glossary needs a string"
    return translation_problem(source, forms, numerus)


def _set_translation(translation: ET.Element, forms: list[str], numerus: bool) -> None:
    translation.attrib.pop("type", None)
    for child in list(translation):
        translation.remove(child)
    if numerus:
        translation.text = None
        for form in forms:
            ET.SubElement(translation, "numerusform").text = form
    else:
        translation.text = forms[0]


def messages_of(ts: Path) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    """(context, source, translation forms, type) for each message, locations ignored."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        ctx = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = None if translation is None else translation.get("type")
            out.append((ctx, message.findtext("source") or "", tuple(_forms_of(message)), kind))
    return sorted(out, key=lambda m: (m[0], m[1]))


# ----- one language -------------------------------------------------------------------
def update_language(
    language: str, work_dir: Path, *, root: Path = ROOT, prefer_glossary: bool = False
) -> tuple[Report, str]:
    """lupdate + fill + lrelease for `language` into `work_dir`; returns report and warnings.

    `work_dir` holds `checkpoint_app_<language>.ts` (the existing one, or none) beforehand.
    """
    ts = ts_path(language, work_dir)
    warnings = run_lupdate(ts, language, root)
    report = fill_ts(
        ts,
        Glossary.load(glossary_path(language, root / "resources" / "translations")),
        language,
        prefer_glossary=prefer_glossary,
    )
    # lupdate once more: it rewrites the file in its own canonical layout, so reruns are no-ops.
    run_lupdate(ts, language, root)
    run_lrelease(ts, qm_path(language, work_dir))
    return report, warnings


def print_report(report: Report, glossary: Glossary, warnings: str) -> None:
    lang = report.language
    print(
        f"{lang}: {report.translated}/{report.total} messages translated"
        + (f" ({report.filled} filled from the glossary)" if report.filled else "")
    )
    if warnings:
        print(f"{lang}: pyside6-lupdate says:\n{warnings}")
    for warning in report.warnings:
        print(f"{lang}: warning: {warning}")
    if report.differs:
        print(
            f"{lang}: note: {len(report.differs)} translation(s) in the .ts differ from the"
            " glossary; the .ts wins (run with --prefer-glossary to take the glossary's):"
        )
        for ctx, source in report.differs:
            print(f"    {ctx}: {source!r}")
    unused = len(glossary.keys() - report.used)
    if unused:
        print(f"{lang}: {unused} glossary entries match no current message (kept for later)")
    if report.missing:
        print(f"{lang}: {len(report.missing)} message(s) still missing a translation:")
        for ctx, source, _numerus, why in report.missing:
            print(f"    {ctx}: {source!r} — {why}")
        stubs = {True: '["", ""]', False: '""'}
        lines = [
            f"    {json.dumps(source, ensure_ascii=False)}: {stubs[numerus]},"
            for _ctx, source, numerus, _why in report.missing
        ]
        print(
            f'  add or fix them in {glossary_path(lang).relative_to(ROOT)} under "messages":\n'
            + "\n".join(lines)
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; fail if a message is untranslated or the .ts/.qm are out of date",
    )
    parser.add_argument(
        "--language",
        action="append",
        help="only this language (repeatable); a new one is started. Default: all known",
    )
    parser.add_argument(
        "--prefer-glossary",
        action="store_true",
        help="replace finished .ts translations that differ from the glossary",
    )
    args = parser.parse_args(argv)
    languages = args.language or known_languages()
    failed = False
    for language in languages:
        if args.check:
            failed |= not check_language(language)
            continue
        TRANSLATIONS_DIR.mkdir(parents=True, exist_ok=True)
        ts, qm = ts_path(language), qm_path(language)
        before = {p: p.read_bytes() if p.exists() else None for p in (ts, qm)}
        report, warnings = update_language(
            language, TRANSLATIONS_DIR, prefer_glossary=args.prefer_glossary
        )
        print_report(report, Glossary.load(glossary_path(language)), warnings)
        failed |= bool(report.missing)
        for path, old in before.items():
            if path.read_bytes() != old:
                print(f"{language}: wrote {path.relative_to(ROOT)}")
    return 1 if failed else 0


def check_language(language: str) -> bool:
    """Redo the update in a scratch folder; True if nothing is missing and nothing would change."""
    committed_ts, committed_qm = ts_path(language), qm_path(language)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if committed_ts.exists():
            shutil.copyfile(committed_ts, ts_path(language, work))
        report, warnings = update_language(language, work)
        print_report(report, Glossary.load(glossary_path(language)), warnings)
        stale = []
        # Locations are ignored: line numbers shift with every edit and do not matter.
        if not committed_ts.exists() or messages_of(committed_ts) != messages_of(
            ts_path(language, work)
        ):
            stale.append(committed_ts)
        if not committed_qm.exists() or (
            committed_qm.read_bytes() != qm_path(language, work).read_bytes()
        ):
            stale.append(committed_qm)
    for path in stale:
        print(f"{language}: {path.relative_to(ROOT)} is out of date — run `{UPDATE_COMMAND}`")
    return not report.missing and not stale


if __name__ == "__main__":
    sys.exit(main())
