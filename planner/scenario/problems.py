"""Where a scenario field lives (`FieldPath`) and what is wrong with it (`Problem`).

The reader reports problems as values, so the GUI marks the field a problem names without
parsing text, and the CLI prints each as one line, `FILE: path: reason`.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from planner.errors import PlannerError

Step = str | int
"""A key of a TOML table, or the 0-based index of an entry of an array of tables."""

SHOWN_IN_MESSAGE = 3
"""Problems quoted in the one-line message of a ScenarioError; the rest are counted."""


@dataclass(frozen=True, slots=True)
class FieldPath:
    """The steps from the top of a scenario to one value: `workloads`, 2, `tokens_per_day`."""

    steps: tuple[Step, ...] = ()

    def __truediv__(self, step: Step) -> "FieldPath":
        return FieldPath((*self.steps, step))

    def text(self) -> str:
        """The dotted form of files and messages: `workloads[2].min_seal.SOV-2`."""
        out = ""
        for step in self.steps:
            if isinstance(step, int):
                out += f"[{step}]"
            else:
                out += f".{step}" if out else step
        return out

    def __str__(self) -> str:
        return self.text()

    @classmethod
    def parse(cls, text: str) -> "FieldPath":
        """The path a dotted form names; the inverse of `text()`, for paths written by hand."""
        steps: list[Step] = []
        for part in text.split(".") if text else []:
            key, *indexes = part.split("[")
            if key:
                steps.append(key)
            steps += [int(index.rstrip("]")) for index in indexes]
        return cls(tuple(steps))

    def startswith(self, prefix: "FieldPath") -> bool:
        return self.steps[: len(prefix.steps)] == prefix.steps


ROOT = FieldPath()


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason the scenario cannot be planned, at one field (ROOT: the file as a whole)."""

    path: FieldPath
    reason: str

    def text(self, file: str = "") -> str:
        """The one-line form the CLI prints: `FILE: path: reason`."""
        return ": ".join(part for part in (file, self.path.text(), self.reason) if part)


class ScenarioError(PlannerError):
    """The scenario has problems; each names the field and the reason."""

    def __init__(
        self, file: str, problems: Sequence[Problem], *, document: str = "the scenario"
    ) -> None:
        self.file = file
        self.problems = tuple(problems)
        shown = "; ".join(self.lines()[:SHOWN_IN_MESSAGE])
        more = len(self.problems) - SHOWN_IN_MESSAGE
        super().__init__(
            f"{len(self.problems)} problem(s) in {document}: {shown}"
            + (f" (and {more} more)" if more > 0 else "")
        )

    @classmethod
    def of_file(cls, file: str, reason: str, *, document: str = "the scenario") -> "ScenarioError":
        """The file as a whole cannot be used (missing, unreadable, not TOML)."""
        return cls(file, [Problem(ROOT, reason)], document=document)

    def lines(self) -> list[str]:
        return [problem.text(self.file) for problem in self.problems]
