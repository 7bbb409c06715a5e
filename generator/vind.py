"""'Vind jouw Werkcentrum' on the national site: every gemeente with the site of its region, the map, and the
data the finder script reads (``gemeenten.json``).

Made from the national table (``generator.gemeenten``) and the valid regions of the build. A gemeente whose region
has no valid site in this build still links to the subdomain the CBS table gives its region, because a broken
region keeps its last published site (``--keep-going``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from . import gemeenten, kaart
from .models.region import regions_table
from .scaffold import slugify

DATA_FILE = "gemeenten.json"
DATA_VERSION = 1


@dataclass(frozen=True)
class Entry:
    """One gemeente on the A-Z page: its name, its anchor, and the Werkcentrum of its region."""

    naam: str
    anker: str
    letter: str
    werkcentrum: str
    url: str | None  # None while the region has no site
    gemeente: gemeenten.Gemeente


class FinderView:
    """What the national pages see as ``vind``: the gemeenten A-Z, the letters, the map and the credit."""

    bron = gemeenten.credit_html()
    indeling = gemeenten.INDELING
    gegevens = DATA_FILE

    def __init__(self, regions, project):
        """``regions``: the names and addresses of every listed region (``merge.RegionName``)."""
        table = gemeenten.by_region()
        # Only regions with a site in this build (or kept from the last one); not the fictional example region.
        self.regions: dict[str, tuple[str, str]] = {
            region.code: (region.site_naam, region.url) for region in regions if region.code in table
        }
        self.cbs_names = {row["code"]: row["naam"] for row in regions_table()}

    def __digest__(self) -> dict:
        # The gemeente table and the map are national data: the shared fingerprint holds them.
        return {"regions": self.regions, "cbs_names": self.cbs_names}

    @cached_property
    def gemeenten(self) -> list[Entry]:
        out = []
        for g in gemeenten.table():
            name, url = self.regions.get(g.regio, (f"Werkcentrum {self.cbs_names.get(g.regio, g.regionaam)}", None))
            letter = gemeenten.sort_key(g.naam)[:1].upper()
            out.append(Entry(g.naam, "gemeente-" + slugify(g.naam), letter, name, url, g))
        return out

    @cached_property
    def letters(self) -> list[tuple[str, list[Entry]]]:
        """(letter, gemeenten) in A-Z order, for the A-Z page's sections."""
        grouped: dict[str, list[Entry]] = {}
        for entry in self.gemeenten:
            grouped.setdefault(entry.letter, []).append(entry)
        return list(grouped.items())

    @cached_property
    def kaart(self) -> Markup:
        """The map of the 35 regions, each a link to its site, in A-Z order of the Werkcentra (the tab order)."""
        links = sorted(
            ((code, name, url) for code, (name, url) in self.regions.items() if code in kaart.geometry().paths),
            key=lambda item: item[1].casefold(),
        )
        return kaart.links_map(links, f"Kaart van Nederland met {len(links)} Werkcentra. Kies je regio.")

    def data(self) -> dict:
        """The content of ``gemeenten.json``: the table, the search keys the finder uses, every region's site."""
        return {
            "versie": DATA_VERSION,
            "indeling": gemeenten.INDELING,
            "bron": f"{gemeenten.CREDIT}, {gemeenten.LICENCE}",
            "regios": {code: {"naam": name, "url": url} for code, (name, url) in sorted(self.regions.items())},
            "gemeenten": [
                {
                    "code": e.gemeente.code,
                    "naam": e.naam,
                    "regio": e.gemeente.regio,
                    "roepnamen": [alias for alias, official in gemeenten.aliases() if official == e.naam],
                    "anker": e.anker,
                    "namen": gemeenten.search_keys(e.gemeente),
                    "woorden": gemeenten.word_keys(e.gemeente),
                }
                for e in self.gemeenten
            ],
        }

    def data_file(self) -> bytes:
        return (json.dumps(self.data(), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
