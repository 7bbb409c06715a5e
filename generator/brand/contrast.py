"""WCAG 2.1 contrast: the verdicts the brandbook shows, and the check that stops a build below AA.

The pairs the theme really uses are listed once, next to the theme's token mapping:
``themes/werkcentrum/contrast-pairs.yml``. Every other role pair only appears in the brandbook's matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..diagnostics import Diagnostic
from ..tokens import contrast_ratio

PAIRS_FILE = "contrast-pairs.yml"
# WCAG 2.1 thresholds: AA and AAA for normal text, AA and AAA for large text (1.4.3, 1.4.6); 3:1 for shapes (1.4.11).
AA, AAA = 4.5, 7.0
AA_LARGE, AAA_LARGE = 3.0, 4.5
MINIMUM = {"tekst": AA, "grote-tekst": AA_LARGE, "vorm": 3.0}
ROLES = "werkcentrum.color."
# Roles that are surfaces others sit on (columns of the matrix); only the first two are never drawn on others.
BACKGROUND_ROLES = ("background", "surface", "primary", "accent")
SURFACE_ONLY = ("background", "surface")


@dataclass(frozen=True)
class Pair:
    fg: str
    bg: str
    kind: str
    where: str


def ratio_text(ratio: float) -> str:
    """4.5469 -> "4,54:1": two decimals in Dutch, cut off (never rounded up past a threshold)."""
    cut = math.floor(ratio * 100) / 100
    return f"{cut:.2f}".replace(".", ",") + ":1"


def minimum_text(minimum: float) -> str:
    """4.5 -> "4,5:1": a threshold as WCAG writes it."""
    return f"{minimum:g}".replace(".", ",") + ":1"


def level(ratio: float, aa: float, aaa: float) -> str:
    return "AAA" if ratio >= aaa else "AA" if ratio >= aa else "niet"


def verdict(ratio: float) -> dict[str, str]:
    """The WCAG level reached for normal text and for large text: "AAA", "AA" or "niet"."""
    return {"normaal": level(ratio, AA, AAA), "groot": level(ratio, AA_LARGE, AAA_LARGE)}


def summary(ratio: float) -> str:
    """One phrase for a matrix cell, in words so it does not depend on colour."""
    if ratio >= AAA:
        return "AAA"
    if ratio >= AA:
        return "AA"
    if ratio >= AA_LARGE:
        return "alleen grote tekst"
    return "niet voor tekst"


# --- pairs the theme uses -------------------------------------------------------------------------------------


def pairs_path(project) -> Path:
    return project.theme_dir / PAIRS_FILE


def load_pairs(project) -> tuple[list[Pair], list[Diagnostic]]:
    """Read the pairs file; problems become diagnostics at that file."""
    path = pairs_path(project)
    shown = project.display(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], [Diagnostic(shown, "dit bestand ontbreekt.", hint="Zet het bestand terug uit git.")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Diagnostic(shown, f"dit is geen geldige YAML: {exc}", line=mark.line + 1 if mark else None)]
    pairs, diags = [], []
    for index, item in enumerate(data or []):
        complete = isinstance(item, dict) and item.get("voorgrond") and item.get("achtergrond")
        if not complete or item.get("soort") not in MINIMUM:
            diags.append(
                Diagnostic(
                    shown,
                    f"kleurpaar {index + 1} is niet compleet.",
                    expected="voorgrond, achtergrond (tokennamen), soort (" + ", ".join(MINIMUM) + ") en waar",
                )
            )
            continue
        pairs.append(Pair(item["voorgrond"], item["achtergrond"], item["soort"], str(item.get("waar", ""))))
    return pairs, diags


def token_line(file: Path, name: str) -> int | None:
    """Best effort: the line where the key ``name`` is written, if it is written once in ``file``."""
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    hits = [i + 1 for i, line in enumerate(lines) if f'"{name}":' in line.replace('" :', '":')]
    return hits[0] if len(hits) == 1 else None


def _token_file(token, project) -> Path:
    """Token files are named from ``brandbook/`` on (generator.tokens.paths): resolve them in this project."""
    path = Path(token.file)
    return path if path.is_absolute() else project.root / path


def theme_contrast_problems(tokens, project) -> list[Diagnostic]:
    """A build error for every pair the theme uses that misses its WCAG 2.1 AA minimum."""
    pairs, diags = load_pairs(project)
    shown = project.display(pairs_path(project))
    for pair in pairs:
        missing = [p for p in (pair.fg, pair.bg) if p not in tokens]
        if missing:
            diags.append(
                Diagnostic(shown, f"er is geen token '{missing[0]}'.", hint="Gebruik de naam van een kleurtoken.")
            )
            continue
        fg, bg = tokens[pair.fg], tokens[pair.bg]
        ratio = contrast_ratio(fg.value, bg.value)
        minimum = MINIMUM[pair.kind]
        if ratio >= minimum:
            continue
        source = f" (via {fg.alias_of})" if fg.alias_of else ""
        file = _token_file(fg, project)
        diags.append(
            Diagnostic(
                project.display(file),
                f"te weinig contrast voor {pair.where}: {fg.value}{source} op {pair.bg} ({bg.value}) "
                f"is {ratio_text(ratio)}, nodig is minstens {minimum_text(minimum)} (WCAG 2.1 AA).",
                line=token_line(file, fg.name),
                path=pair.fg,
                expected=f"een contrast van minstens {minimum_text(minimum)}",
                hint=f"Kies een donkerdere of lichtere kleur voor {pair.fg} of {pair.bg}. "
                "Het brandbook toont het contrast van alle kleurparen.",
            )
        )
    return diags


# --- the brandbook's matrix -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    fg: str
    bg: str
    ratio: float

    @property
    def text(self) -> str:
        return ratio_text(self.ratio)

    @property
    def normaal(self) -> str:
        return verdict(self.ratio)["normaal"]

    @property
    def groot(self) -> str:
        return verdict(self.ratio)["groot"]

    @property
    def samenvatting(self) -> str:
        return summary(self.ratio)


def role_split(tokens) -> tuple[list, list]:
    """Colour roles as (foregrounds, backgrounds); a new role token shows up as a foreground by itself."""
    roles = [t for p, t in tokens.colors().items() if p.startswith(ROLES) and "." not in p[len(ROLES) :]]
    backgrounds = [t for name in BACKGROUND_ROLES for t in roles if t.name == name]
    foregrounds = [t for t in roles if t.name not in SURFACE_ONLY]
    return foregrounds, backgrounds


def matrix(tokens) -> tuple[list, list, list[list[Cell | None]]]:
    """Every foreground role on every background role: ``(foregrounds, backgrounds, rows of cells)``.

    A colour on itself is ``None``.
    """
    foregrounds, backgrounds = role_split(tokens)
    rows = [
        [
            None if fg.path == bg.path else Cell(fg.path, bg.path, contrast_ratio(fg.value, bg.value))
            for bg in backgrounds
        ]
        for fg in foregrounds
    ]
    return foregrounds, backgrounds, rows
