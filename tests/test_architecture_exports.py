"""Every package says what it exports: `__all__` lists each public name its `__init__` defines or
imports, and each listed name can be had from it (lazily loaded names included)."""

from __future__ import annotations

import importlib
import pkgutil
import types
from pathlib import Path

import pytest

import newsprism

# names an `__init__` uses for itself, not part of what the package offers
_PLUMBING = frozenset({"annotations", "TYPE_CHECKING", "Any", "import_module", "lazy_attributes"})


def _packages() -> list[str]:
    root = Path(newsprism.__file__).parent
    found = ["newsprism"]
    for info in pkgutil.walk_packages([str(root)], prefix="newsprism."):
        if info.ispkg:
            found.append(info.name)
    return found


@pytest.mark.parametrize("name", _packages())
def test_package_all_lists_every_public_name_it_defines(name: str) -> None:
    package = importlib.import_module(name)
    exported = getattr(package, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    for item in exported:
        assert getattr(package, item, None) is not None, f"{name}.__all__ names {item!r}, which it lacks"
    public = {
        key
        for key, value in vars(package).items()
        if not key.startswith("_")
        and key not in _PLUMBING
        and not isinstance(value, types.ModuleType)
        and str(getattr(value, "__module__", "newsprism")).startswith("newsprism")
    }
    assert public <= set(exported), f"{name} defines {sorted(public - set(exported))} outside __all__"
