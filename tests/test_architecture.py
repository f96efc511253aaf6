"""The layers of DESIGN.md hold: ui → planner → solver | catalog, and Qt only in ui/.

Inside planner/ every sub-package is a layer of the import-linter contract, and the
README's layout lists them in that order, so neither falls behind the code.
"""

import re
import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def _planner_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [
        c["layers"]
        for c in config["tool"]["importlinter"]["contracts"]
        if c.get("containers") == ["planner"]
    ]
    return list(layers)


def test_every_planner_sub_package_is_a_layer_and_described_in_the_readme() -> None:
    packages = sorted(p.parent.name for p in (ROOT / "planner").glob("*/__init__.py"))
    assert packages, "planner/ has sub-packages"
    assert sorted(_planner_layers()) == packages, "a sub-package outside the layers is unchecked"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    listed = re.findall(r"^  (\w+)/ ", layout, flags=re.MULTILINE)
    assert listed == _planner_layers(), "the README lists the sub-packages in layer order"
