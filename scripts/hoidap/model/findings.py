"""Findings: what the parser and the checks report about a file, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file, told in Vietnamese, at a 1-based line."""

    path: str
    line: int
    code: str
    severity: Severity
    message: str

    def format(self) -> str:
        """Render as ``path:line: code: message``, the form editors and CI understand."""
        return f"{self.path}:{self.line}: {self.code}: {self.message}"


class BookletError(Exception):
    """Raised when a file cannot be read as a booklet; carries every error found."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings)
        super().__init__("\n".join(f.format() for f in self.findings))
