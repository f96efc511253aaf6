"""The example scenarios shipped inside the package, found by name.

They are package data (`planner/examples/*.toml`), so a user who installed a wheel can plan
one without the source tree: `sovplan plan --example eu-bank`, or the GUI's File ▸ Open
example. `importlib.resources` finds them wherever the package is installed.
"""

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from planner.errors import PlannerError

EXAMPLES_PACKAGE = "planner"
EXAMPLES_FOLDER = "examples"
"""The folder inside `EXAMPLES_PACKAGE` that holds the examples (see pyproject's package-data)."""
EXAMPLE_SUFFIX = ".toml"


class UnknownExampleError(PlannerError):
    """An example name that is not shipped; the message lists the names that are."""


@dataclass(frozen=True)
class Example:
    name: str
    """The file name without `.toml`, what `--example` takes."""
    title: str
    """The scenario's own `name`."""
    path: Path


def examples_dir() -> Path:
    """The installed folder of the examples, a real folder (pip unpacks wheels)."""
    folder = resources.files(EXAMPLES_PACKAGE) / EXAMPLES_FOLDER
    if not isinstance(folder, Path):  # a zipped package: pip never installs one
        raise PlannerError(f"the shipped examples are not a folder on disk: {folder}")
    return folder


def example_names() -> list[str]:
    return sorted(p.stem for p in examples_dir().glob(f"*{EXAMPLE_SUFFIX}"))


def example_path(name: str) -> Path:
    """The file of the example `name`; an unknown name is refused with the known ones."""
    names = example_names()
    if name not in names:
        raise UnknownExampleError(
            f"--example: no example named {name!r}; the shipped examples are {', '.join(names)}"
        )
    return _file(name)


def _file(name: str) -> Path:
    return examples_dir() / f"{name}{EXAMPLE_SUFFIX}"


def examples() -> list[Example]:
    """Every shipped example with the title it gives itself."""
    found = []
    for name in example_names():
        with _file(name).open("rb") as file:
            title = str(tomllib.load(file).get("name", name))
        found.append(Example(name, title, _file(name)))
    return found
