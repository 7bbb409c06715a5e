"""National data: the 342 gemeenten and their arbeidsmarktregio, and how a visitor's spelling finds one.

``generator/data/gemeenten.csv`` is the one source: region files list their gemeenten from it (``werkcentrum regio
gemeenten``), ``validate`` checks them against it, and the finder, the A-Z page and ``gemeenten.json`` on the
national site are made from it. ``roepnamen.csv`` holds the names people use for a gemeente whose official name
differs ("Den Haag" for 's-Gravenhage). Sources and licences: ``generator/data/BRONNEN.md``.

Matching is forgiving in one defined way (``key``): case, diacritics, hyphens, spaces, dots, apostrophes and
brackets do not count, and CBS's suffix in brackets is optional ("Hengelo" finds "Hengelo (O.)"). The finder script
on the national site gets the keys from here, so the browser and ``check`` agree on what a name means.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
TABLE = DATA_DIR / "gemeenten.csv"
ALIASES = DATA_DIR / "roepnamen.csv"
# ``WERKCENTRUM_GEMEENTETABEL`` names another table: a new CBS indeling before it is committed, or a test.
ENV_TABLE = "WERKCENTRUM_GEMEENTETABEL"
INDELING = "2025"
# Shown on the site wherever the table or the map is used (CC BY 4.0 asks for the credit).
CREDIT = "CBS / PDOK"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"


def credit_html():
    """The credit as it is shown under the map and the A-Z list: 'CBS / PDOK (CC BY 4.0)', the licence a link."""
    from markupsafe import Markup

    return Markup('{} (<a href="{}">{}</a>)').format(CREDIT, LICENCE_URL, LICENCE)

_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class Gemeente:
    """One gemeente of the CBS table: its code (GMxxxx), its name as CBS writes it, its region's code."""

    code: str
    naam: str
    regio: str
    regionaam: str

    @property
    def basisnaam(self) -> str:
        """The name without CBS's suffix: ``'Hengelo (O.)'`` -> ``'Hengelo'``."""
        return _SUFFIX.sub("", self.naam)


def key(text: str) -> str:
    """The form in which two spellings of a name count as the same: ``"'s-Hertogenbosch"`` -> ``"shertogenbosch"``."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", plain.casefold())


def table_path() -> Path:
    return Path(os.environ.get(ENV_TABLE) or TABLE)


@lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int) -> tuple[Gemeente, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Gemeente(row["gemeentecode"], row["gemeentenaam"], row["regiocode"], row["regionaam"])
        for row in sorted(rows, key=lambda r: (sort_key(r["gemeentenaam"]), r["gemeentecode"]))
    )


def table() -> tuple[Gemeente, ...]:
    """Every gemeente, sorted as people look them up (A-Z, ignoring "'s-" and accents)."""
    path = table_path()
    return _read(path, path.stat().st_mtime_ns)


def sort_key(name: str) -> str:
    """Sort order of the A-Z list: "'s-Gravenhage" under G, as Dutch lists do."""
    return key(re.sub(r"^'s-", "", name))


@lru_cache(maxsize=4)
def _aliases(path: Path, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple((row["roepnaam"], row["gemeentenaam"]) for row in csv.DictReader(handle))


def aliases() -> tuple[tuple[str, str], ...]:
    """(roepnaam, official name) pairs, such as ("Den Haag", "'s-Gravenhage")."""
    return _aliases(ALIASES, ALIASES.stat().st_mtime_ns)


def by_name() -> dict[str, Gemeente]:
    return {g.naam: g for g in table()}


def by_region() -> dict[str, list[Gemeente]]:
    """Region code -> its gemeenten, A-Z."""
    out: dict[str, list[Gemeente]] = {}
    for gemeente in table():
        out.setdefault(gemeente.regio, []).append(gemeente)
    return out


def search_keys(gemeente: Gemeente) -> list[str]:
    """The keys under which a visitor finds ``gemeente``: its full name, its name without suffix, its roepnamen."""
    keys = [key(gemeente.naam), key(gemeente.basisnaam)]
    keys += [key(alias) for alias, official in aliases() if official == gemeente.naam]
    return list(dict.fromkeys(k for k in keys if k))


def word_keys(gemeente: Gemeente) -> list[str]:
    """The keys of the separate words of the name: "Gravenhage" finds "'s-Gravenhage"."""
    return list(dict.fromkeys(key(word) for word in re.split(r"[\s\-/,']+", gemeente.naam) if key(word)))


def find(query: str, gemeenten: tuple[Gemeente, ...] | None = None) -> list[Gemeente]:
    """Gemeenten that ``query`` may mean, best first: same name, then names that start with it, then a word that
    starts with it, then names that contain it (the finder script ranks the same way)."""
    wanted = key(query)
    if not wanted:
        return []
    ranked = []
    for gemeente in gemeenten or table():
        keys = search_keys(gemeente)
        if wanted in keys:
            rank = 0
        elif any(k.startswith(wanted) for k in keys):
            rank = 1
        elif any(w.startswith(wanted) for w in word_keys(gemeente)):
            rank = 2
        elif any(wanted in k for k in keys):
            rank = 3
        else:
            continue
        ranked.append((rank, sort_key(gemeente.naam), gemeente))
    ranked.sort(key=lambda item: item[:2])
    return [g for _, _, g in ranked]


def exact(query: str) -> list[Gemeente]:
    """The gemeenten whose name, name without suffix or roepnaam is ``query`` (forgivingly): "Bergen" gives two."""
    wanted = key(query)
    return [g for g in table() if wanted and wanted in search_keys(g)]


def suggest(name: str, prefer: list[Gemeente] | None = None) -> list[Gemeente]:
    """What a name that is not in the table probably meant: the same name spelt otherwise, else a near miss.

    Gemeenten in ``prefer`` (a region's own) go first, so "Bergen" in Noord-Limburg suggests "Bergen (L.)".
    """
    same = exact(name)
    if not same:
        names = {key(g.naam): g for g in table()} | {key(g.basisnaam): g for g in table()}
        close = difflib.get_close_matches(key(name), list(names), n=3, cutoff=0.75)
        same = list(dict.fromkeys(names[k] for k in close))
    own = {g.naam for g in prefer or []}
    return sorted(same, key=lambda g: g.naam not in own)


def options_text(gemeenten: list[Gemeente]) -> str:
    """``'A'``, ``'A' of 'B'``: for a hint."""
    quoted = [f"'{g.naam}'" for g in gemeenten]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " of " + quoted[-1]


__all__ = [
    "CREDIT",
    "Gemeente",
    "aliases",
    "by_name",
    "by_region",
    "exact",
    "find",
    "key",
    "search_keys",
    "sort_key",
    "suggest",
    "table",
    "word_keys",
]
