"""Problems found in a dataset, collected into one report that people can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from dashboard.i18n import Locale

Severity = Literal["error", "warning"]

# Beyond this many problems of one kind in one column, the report says "and N more".
MAX_PER_CHECK = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the dataset, located as precisely as the input allows."""

    severity: Severity
    table: str
    where: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def describe(self) -> str:
        place = self.where
        if self.row is not None:
            place += f", row {self.row}"
        if self.column:
            place += f", column '{self.column}'"
        text = f"{self.severity.upper()} {place}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            text += f" (value: {shown!r})"
        return text


@dataclass
class Report:
    """Every problem found, errors and warnings, in the order found."""

    problems: list[Problem] = field(default_factory=list)
    omitted_errors: int = 0
    omitted_warnings: int = 0

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems.extend(problems)
        if problems and total is not None and total > len(problems):
            if problems[0].severity == "error":
                self.omitted_errors += total - len(problems)
            else:
                self.omitted_warnings += total - len(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.omitted_errors

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + self.omitted_warnings

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def lines(self) -> str:
        """Every problem, one a line (in English, as the validator words them)."""
        lines = [p.describe() for p in self.problems]
        omitted = self.omitted_errors + self.omitted_warnings
        if omitted:
            lines.append(f"... and {omitted} more problems of the same kinds (not listed).")
        return "\n".join(lines)

    def summary(self, locale: Locale | None = None) -> str:
        """How many errors and warnings, in the language's grammatical numbers."""
        return summary(locale or Locale("en"), self.error_count, self.warning_count)

    def render(self) -> str:
        return "\n".join(line for line in (self.lines(), self.summary() + ".") if line)

    def counts(self) -> dict[str, object]:
        """The report as a message's values: its lines and its counts (see `summary`)."""
        return {"report": self.lines(), "errors": self.error_count, "warnings": self.warning_count}


def summary(locale: Locale, errors: int, warnings: int) -> str:
    """'1 error, 3 warnings' / 'خطأ واحد، 3 تحذيرات'."""
    return locale.t(
        "report.summary",
        errors=locale.plural("report.errors", errors),
        warnings=locale.plural("report.warnings", warnings),
    )
