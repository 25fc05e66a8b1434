"""Just enough of a JSON Schema (draft 2020-12) validator to hold POLICY_SCHEMA to account.

The workstation has no JSON Schema library among its dependencies and the tests may not
add one, so this covers exactly the keywords POLICY_SCHEMA uses — and fails loudly on
any other, so a new keyword in the schema cannot go unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}
_ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs"}
_KNOWN = _ANNOTATIONS | {
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "items",
    "enum",
    "const",
    "minimum",
    "maximum",
    "minLength",
    "minItems",
    "uniqueItems",
    "minProperties",
    "pattern",
}


def resolve(root: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/$defs/"), ref
        schema = root["$defs"][ref.removeprefix("#/$defs/")]
    return schema


def errors(
    root: Mapping[str, Any], value: Any, schema: Mapping[str, Any] | None = None, path: str = ""
) -> list[str]:
    """Every way `value` breaks `schema` (the root when None), as "path: problem"."""
    schema = resolve(root, root if schema is None else schema)
    unknown = set(schema) - _KNOWN
    assert not unknown, f"schema_check does not know {unknown}"
    found: list[str] = []
    if "type" in schema and not _TYPES[schema["type"]](value):
        return [f"{path}: not {schema['type']}"]
    if "const" in schema and (value != schema["const"] or type(value) is not type(schema["const"])):
        found.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and not any(value == e and type(value) is type(e) for e in schema["enum"]):
        found.append(f"{path}: {value!r} not in enum")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            found.append(f"{path}: too short")
        if "pattern" in schema and re.search(schema["pattern"], value) is None:
            found.append(f"{path}: pattern")
    if _TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{path}: below minimum")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{path}: above maximum")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{path}: too few items")
        if schema.get("uniqueItems") and len({repr(v) for v in value}) != len(value):
            found.append(f"{path}: duplicate items")
        for i, item in enumerate(value):
            if "items" in schema:
                found += errors(root, item, schema["items"], f"{path}[{i}]")
    if isinstance(value, dict):
        if len(value) < schema.get("minProperties", 0):
            found.append(f"{path}: too few properties")
        found += [f"{path}: missing {k}" for k in schema.get("required", ()) if k not in value]
        for key, item in value.items():
            if key in schema.get("properties", {}):
                found += errors(root, item, schema["properties"][key], f"{path}.{key}")
            elif any(re.search(p, key) for p in schema.get("patternProperties", {})):
                pass
            elif schema.get("additionalProperties") is False:
                found.append(f"{path}: unexpected {key}")
    return found


# ----------------------------------------------------------------------- mutations

_WRONG = {
    "object": ["x", 1, None, []],
    "array": ["x", 1, None, {}],
    "string": [1, None, [], True],
    "boolean": [1, "true", None],
    "integer": [1.5, "1", None, True],
    "number": ["37.3", None, [], False],
}


def mutation_points(
    root: Mapping[str, Any],
    value: Any,
    schema: Mapping[str, Any] | None = None,
    path: tuple[Any, ...] = (),
) -> Iterator[tuple[tuple[Any, ...], str, Any]]:
    """(path, action, argument) edits, each of which makes `value` invalid under the schema.

    action is "delete" (a required key), "set" (a value of the wrong type, or outside an
    enum/const), or "add" (an unknown key where none is allowed).
    """
    schema = resolve(root, root if schema is None else schema)
    if "type" in schema:
        for wrong in _WRONG[schema["type"]]:
            yield path, "set", wrong
    if "enum" in schema or "const" in schema:
        yield path, "set", "bogus_value"
        yield path, "set", 7
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key in value:
                yield (*path, key), "delete", None
        if schema.get("additionalProperties") is False:
            yield path, "add", "bogus_key"
        for key, item in value.items():
            if key in schema.get("properties", {}):
                yield from mutation_points(root, item, schema["properties"][key], (*path, key))
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            yield from mutation_points(root, item, schema["items"], (*path, i))


def mutate(content: Any, path: tuple[Any, ...], action: str, argument: Any) -> Any:
    """A deep copy of `content` with one edit from mutation_points applied."""
    import copy

    result = copy.deepcopy(content)
    if action == "add":
        target = result
        for step in path:
            target = target[step]
        target[argument] = 1
        return result
    if not path:
        return argument
    parent = result
    for step in path[:-1]:
        parent = parent[step]
    if action == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = argument
    return result
