"""Diagnostics: every problem a user can cause, with file, line, field path and a hint.

One reporter collects all problems of a run so a communicatieadviseur sees every mistake at once,
the way mkdocs' ``load_config`` reports every configuration error before it stops.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "fout"
    WARNING = "waarschuwing"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file: where it is, what is wrong, what was expected and how to fix it."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    expected: str | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def format(self) -> str:
        """Render as ``file:line:column: fout: veld: message`` plus indented expectation and hint."""
        head = f"{self.location()}: {self.severity.value}: "
        if self.path:
            head += f"{self.path}: "
        lines = [head + self.message]
        if self.expected:
            lines.append(f"    verwacht: {self.expected}")
        if self.hint:
            lines.append(f"    tip: {self.hint}")
        return "\n".join(lines)

    def as_warning(self) -> "Diagnostic":
        return _replace(self, severity=Severity.WARNING)

    def as_error(self) -> "Diagnostic":
        return _replace(self, severity=Severity.ERROR)


def count(n: int, one: str, many: str) -> str:
    """``1 fout``, ``2 fouten``: the one way every message counts things."""
    return f"{n} {one if n == 1 else many}"


def count_errors(n: int) -> str:
    return count(n, "fout", "fouten")


def count_warnings(n: int) -> str:
    return count(n, "waarschuwing", "waarschuwingen")


def _replace(diag: Diagnostic, **changes) -> Diagnostic:
    from dataclasses import replace

    return replace(diag, **changes)


@dataclass
class Report:
    """Collects diagnostics of one run; counts errors and warnings (``--strict`` promotes warnings)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diag: Diagnostic) -> None:
        self.diagnostics.append(diag)

    def extend(self, diags) -> None:
        self.diagnostics.extend(diags)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def for_file(self, file: str | Path) -> list[Diagnostic]:
        name = str(file)
        return [d for d in self.diagnostics if d.file == name]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: (d.file, d.line or 0, d.column or 0, d.path))

    def strict(self) -> "Report":
        """A copy in which every warning counts as an error."""
        return Report([d.as_error() for d in self.diagnostics])


class UserError(Exception):
    """A problem caused by input, shown to the user as Dutch diagnostics and never as a traceback."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


# --- trouble with the machine ---------------------------------------------------------------------------------
#
# A full disk or a folder nobody may write to is neither the user's mistake nor a bug: it is named as what it is,
# with what to do about it.

_NO_PERMISSION = (
    "je hebt geen toestemming om hier te schrijven of te lezen.",
    "Geef je gebruiker schrijfrechten op deze map (of vraag de beheerder van de computer), "
    "of kies een andere map met --site-dir of --build-dir.",
)
_MACHINE_TROUBLE: dict[int, tuple[str, str]] = {
    errno.ENOSPC: (
        "de schijf is vol.",
        "Maak ruimte vrij op de schijf, of kies met --site-dir en --build-dir mappen op een andere schijf.",
    ),
    errno.EDQUOT: (
        "je schijfruimte (quotum) is op.",
        "Ruim bestanden op of vraag de beheerder om meer ruimte.",
    ),
    errno.EROFS: (
        "deze map staat op een schijf waarop niet geschreven mag worden (alleen lezen).",
        "Kies met --site-dir en --build-dir mappen op een schijf waarop je mag schrijven.",
    ),
    errno.EACCES: _NO_PERMISSION,
    errno.EPERM: _NO_PERMISSION,
    errno.ENOTDIR: (
        "hier hoort een map, maar er staat een bestand.",
        "Verplaats of hernoem het bestand, of kies een andere map met --site-dir of --build-dir.",
    ),
    errno.EIO: (
        "de schijf gaf een lees- of schrijffout.",
        "Controleer de schijf (of de netwerkverbinding met de schijf) en probeer het opnieuw.",
    ),
    errno.EMFILE: (
        "er zijn te veel bestanden tegelijk open.",
        "Sluit andere programma's, of bouw met minder processen tegelijk (--jobs 1).",
    ),
    errno.ENFILE: (
        "er zijn op deze computer te veel bestanden tegelijk open.",
        "Sluit andere programma's en probeer het opnieuw.",
    ),
    errno.ENOMEM: (
        "de computer heeft te weinig geheugen vrij.",
        "Sluit andere programma's, of bouw met minder processen tegelijk (--jobs 1).",
    ),
    errno.EADDRINUSE: (
        "de poort is al in gebruik, door een ander programma of een andere 'werkcentrum serve'.",
        "Stop dat andere programma, of kies een andere poort met --dev-addr, bijvoorbeeld --dev-addr 127.0.0.1:8001.",
    ),
    errno.EADDRNOTAVAIL: (
        "dit adres hoort niet bij deze computer.",
        "Gebruik --dev-addr 127.0.0.1:8000 (alleen deze computer) of een adres van deze computer.",
    ),
}


def environment_problem(exc: BaseException) -> tuple[str, str] | None:
    """(cause, fix) in Dutch when ``exc`` is trouble with the machine rather than a bug; otherwise None."""
    if not isinstance(exc, OSError):
        return None
    if exc.errno == errno.EEXIST and exc.filename and os.path.exists(exc.filename) and not os.path.isdir(exc.filename):
        return _MACHINE_TROUBLE[errno.ENOTDIR]  # a folder could not be made because a file has its name
    return _MACHINE_TROUBLE.get(exc.errno)


def environment_message(exc: OSError) -> str:
    """The Dutch message for trouble with the machine: what happened, where, and how to fix it."""
    cause, fix = environment_problem(exc) or ("er ging iets mis met de schijf of het systeem.", "Probeer het opnieuw.")
    site = getattr(exc, "site", None)
    # A copy that runs out of space names its source first; the space was needed where it was going.
    path = (exc.filename2 or exc.filename) if exc.errno in (errno.ENOSPC, errno.EDQUOT) else exc.filename
    where = f"\n    waar: {path}" if path else (f"\n    waar: bij het bouwen van de site '{site}'" if site else "")
    return f"Probleem met de computer, niet met je bestanden: {cause}{where}\n    oplossing: {fix}"


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A path as the user should see it: relative to the project root when inside it."""
    path = Path(path)
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
