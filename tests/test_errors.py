"""`newsprism.errors`: the tree drawn in its docstring is the tree of its classes, the old homes
of each class still give the same class, and the module depends on nothing else in the package."""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import re
import types
from pathlib import Path

import pytest

from newsprism import errors

# a line of the drawing: the tree's lines and branches, a class name, a built-in second base
_LINE = re.compile(r"^(?P<branch>[ │├└─]*)(?P<name>[A-Z]\w*)(?: \[(?P<extra>\w+)\])?(?:\s|$)")


def drawn_tree(doc: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each class drawn under `Exception` in `doc`, with the class drawn above it and the bases
    given in brackets."""
    lines = doc.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Exception")
    indent = len(lines[start]) - len(lines[start].lstrip())
    parents = ["Exception"]
    drawn: dict[str, tuple[str, tuple[str, ...]]] = {}
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        match = _LINE.match(line[indent:])
        assert match, f"cannot read the drawing's line {line!r}"
        depth = len(match["branch"]) // 4
        del parents[depth:]
        extra = (match["extra"],) if match["extra"] else ()
        drawn[match["name"]] = (parents[-1], extra)
        parents.append(match["name"])
    return drawn


def tree_problems(doc: str, module: types.ModuleType) -> list[str]:
    """Where the drawing in `doc` and the exception classes of `module` differ."""
    drawn = drawn_tree(doc)
    defined = {
        name: value
        for name, value in vars(module).items()
        if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.__name__
    }
    problems = [f"{name} is not drawn" for name in sorted(defined.keys() - drawn.keys())]
    problems += [f"{name} is drawn but not defined" for name in sorted(drawn.keys() - defined.keys())]
    for name in sorted(defined.keys() & drawn.keys()):
        parent, extra = drawn[name]
        expected = tuple(defined.get(base) or getattr(builtins, base) for base in (parent, *extra))
        if defined[name].__bases__ != expected:
            bases = ", ".join(base.__name__ for base in defined[name].__bases__)
            problems.append(f"{name} is drawn under {parent} {list(extra)}, its bases are {bases}")
    return problems


def test_errors_tree_in_the_docstring_is_the_tree_of_the_classes() -> None:
    assert errors.__doc__ is not None
    assert tree_problems(errors.__doc__, errors) == []
    assert len(drawn_tree(errors.__doc__)) == len(errors.__all__)


def test_errors_tree_check_sees_a_class_left_out_of_the_drawing() -> None:
    assert errors.__doc__ is not None
    without = "\n".join(line for line in errors.__doc__.splitlines() if "Disallowed" not in line)
    assert tree_problems(without, errors) == ["Disallowed is not drawn"]


def test_errors_tree_check_sees_a_wrong_parent_or_a_missing_builtin_base() -> None:
    assert errors.__doc__ is not None
    moved = errors.__doc__.replace("│   └── StoreVersionError  ", "├── StoreVersionError      ")
    assert tree_problems(moved, errors) == [
        "StoreVersionError is drawn under NewsprismError [], its bases are StoreError"
    ]
    plain = errors.__doc__.replace("PipelineError [ValueError]", "PipelineError             ")
    assert tree_problems(plain, errors) == [
        "PipelineError is drawn under NewsprismError [], its bases are NewsprismError, ValueError"
    ]


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("newsprism.present.report_file", "ReportError"),
        ("newsprism.web.groups", "GroupsError"),
        ("newsprism.web", "GroupsError"),
        ("newsprism.analyse.pipeline", "PipelineError"),
        ("newsprism.analyse", "PipelineError"),
        ("newsprism.fetch.client", "FetchError"),
        ("newsprism.fetch.client", "Disallowed"),
        ("newsprism.fetch", "FetchError"),
        ("newsprism.fetch.sources_file", "SourcesFileError"),
        ("newsprism.compare.record", "SchemaError"),
        ("newsprism.ingest.decode", "DecodeError"),
        ("newsprism.store.base", "StoreError"),
        ("newsprism.store.base", "StoreVersionError"),
        ("newsprism.store", "StoreError"),
        ("newsprism.run.dask", "ClusterError"),
    ],
)
def test_errors_old_homes_give_the_same_class(module: str, name: str) -> None:
    assert getattr(importlib.import_module(module), name) is getattr(errors, name)


def test_errors_builtin_bases_still_catch_what_they_caught() -> None:
    with pytest.raises(ValueError, match="bad order"):
        raise errors.PipelineError("bad order")
    with pytest.raises(RuntimeError, match="newer"):
        raise errors.StoreVersionError("newer")
    with pytest.raises(errors.NewsprismError):
        raise errors.Disallowed("https://example.invalid/a", "robots.txt")


def test_errors_fetch_error_keeps_its_attributes() -> None:
    error = errors.FetchError("https://example.invalid/a", "HTTP 503", later=True)
    assert (str(error), error.url, error.reason, error.later) == (
        "https://example.invalid/a: HTTP 503",
        "https://example.invalid/a",
        "HTTP 503",
        True,
    )


def test_errors_imports_nothing_from_the_package() -> None:
    tree = ast.parse(Path(errors.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    ]
    assert imported == ["__future__"]
