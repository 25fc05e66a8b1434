"""Views are dumb: no module under checkpoint_app/gui/ opens a write transaction, writes
an audit row or hashes and checks a PIN (Argon2) itself.

Those are use cases of checkpoint_app/workstation/, which the widgets run on a worker
(gui/background.py). The check reads each module's syntax tree: an import of one of
these names, or a call of it through a storage module, fails the test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import checkpoint_app

GUI = Path(checkpoint_app.__file__).parent / "gui"

#: What a view must leave to the workstation layer, by the storage module defining it.
FORBIDDEN: dict[str, frozenset[str]] = {
    "checkpoint_app.storage.database": frozenset({"write_transaction"}),
    "checkpoint_app.storage.audit": frozenset({"append_audit"}),
    "checkpoint_app.storage.staff": frozenset(
        {
            # Argon2 hashing or checking of a PIN
            "sign_in",
            "verify_pin",
            "pin_matches",
            "set_pin",
            "add_staff",
            "set_up_checkpoint",
            # audit writers
            "update_checkpoint",
            "close_shift",
            "note_screen_locked",
            "note_screen_unlocked",
        }
    ),
    "checkpoint_app.storage.unlock": frozenset(
        {
            "check_sign_in",
            "unlock_and_sign_in",
            "change_own_pin",
            "reset_pin",
            "ensure_pin_wrapped",
            "set_pin_wrap",
            "unlock_with_admin",
        }
    ),
}

#: Calls still made by a view, each for a stated reason; (module file, name).
ALLOWED: dict[tuple[str, str], str] = {
    # Start-up, before any window exists: the store is unlocked with the admin secret of a
    # brand-new store (or the published demo secret) while nothing else is on screen.
    ("application.py", "unlock_with_admin"): "start-up unlock, no window shown yet",
    ("application.py", "ensure_pin_wrapped"): "demo start-up, no window shown yet",
    # The self-test's throw-away checkpoint in a temporary folder, no window shown.
    ("application.py", "set_up_checkpoint"): "self-test's temporary checkpoint",
    # The screen lock's own audit rows, written by the window as it hides the travellers.
    ("main_window.py", "note_screen_locked"): "screen lock audit, written by the window",
    ("main_window.py", "note_screen_unlocked"): "screen unlock audit, written by the window",
}


def forbidden_uses(source: str) -> list[tuple[int, str]]:
    """(line, name) of every import or call in `source` that a view must not make."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    module_aliases: dict[str, str] = {}  # local name → forbidden storage module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "argon2":
                    found.append((node.lineno, alias.name))
                if alias.name in FORBIDDEN:
                    module_aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.split(".")[0] == "argon2":
                found.append((node.lineno, module))
            for alias in node.names:
                if alias.name in FORBIDDEN.get(module, ()):
                    found.append((node.lineno, alias.name))
                full = f"{module}.{alias.name}"
                if full in FORBIDDEN:
                    module_aliases[alias.asname or alias.name] = full
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.attr in FORBIDDEN.get(module_aliases.get(node.func.value.id, ""), ())
        ):
            found.append((node.lineno, node.func.attr))
    return found


def test_no_view_writes_a_transaction_an_audit_row_or_checks_a_pin_itself():
    offending = [
        f"gui/{path.relative_to(GUI)}:{line} {name}"
        for path in sorted(GUI.rglob("*.py"))
        for line, name in forbidden_uses(path.read_text(encoding="utf-8"))
        if (path.name, name) not in ALLOWED
    ]
    assert offending == [], "use a checkpoint_app/workstation/ use case instead"


def test_the_check_sees_imports_calls_through_a_module_and_argon2():
    source = """
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage import unlock
import checkpoint_app.storage.database as database
from argon2 import PasswordHasher

def save(db):
    unlock.reset_pin(db, "a", "1", by=None)
    with database.write_transaction(db):
        pass
"""
    names = [name for _, name in forbidden_uses(source)]
    assert sorted(names) == ["append_audit", "argon2", "reset_pin", "write_transaction"]


def test_a_workstation_use_case_of_the_same_name_is_not_mistaken_for_storage():
    source = """
from checkpoint_app.workstation import staff as staff_cases
staff_cases.sign_in(data_dir, "王建国", pin)
"""
    assert forbidden_uses(source) == []


def test_every_allowance_is_still_needed():
    used = {
        (path.name, name)
        for path in GUI.rglob("*.py")
        for _, name in forbidden_uses(path.read_text(encoding="utf-8"))
    }
    assert sorted(set(ALLOWED) - used) == []
