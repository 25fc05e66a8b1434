"""Edits that make a policy pack invalid under POLICY_SCHEMA, for the refusal tests.

Whether content follows the schema is judged by `jsonschema` against the published file
(tests/policy/test_schema.py); this module only walks the schema to find what to break.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def resolve(root: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/$defs/"), ref
        schema = root["$defs"][ref.removeprefix("#/$defs/")]
    return schema


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
