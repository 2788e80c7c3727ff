"""Names a package exports but imports only when first asked for (PEP 562's module `__getattr__`).

    _HOME = {"ExtractQuotes": "quotes", "Pipeline": "pipeline"}
    __getattr__ = lazy_attributes(__name__, _HOME)

Then `from newsprism.analyse import Pipeline` imports `newsprism.analyse.pipeline` alone, and a
module that needs one step does not load every step and its libraries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(package: str, home: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` that finds each name of `home` in its module (a path
    relative to the package) on first use."""

    def attribute(name: str) -> Any:
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{home[name]}"), name)

    return attribute
