"""The definition of a site skeleton: ``sites/base/site.yml``, ``sites/landelijk/site.yml``, ``brandbook/site.yml``.

These files are national: they fix the navigation and the footer's legal pages for every site of their kind.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .fields import Email, PageSlug, PlainText, Telefoon, fail


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class NavItem(_Model):
    """One page in the navigation or the footer."""

    titel: PlainText(60, "Titel in het menu.")
    pagina: str = Field(description="Bestandsnaam van de pagina in de map 'pages', bijvoorbeeld 'werkgevers.md'.")

    @field_validator("pagina")
    @classmethod
    def _markdown_file(cls, value: str) -> str:
        if not value.endswith(".md") or "/" in value or "\\" in value or value.startswith("."):
            raise fail("pagina", f"'{value}' is geen paginabestand.", expected="een bestandsnaam zoals 'werkgevers.md'")
        return value

    @property
    def slug(self) -> str:
        return self.pagina[:-3]


class Toegankelijkheid(_Model):
    """Facts for the accessibility statement (toegankelijkheidsverklaring), filled in by the national team."""

    status: Literal["A", "B", "C", "D", "E"] = Field(
        "C",
        description=(
            "Status volgens het model van de overheid: A = voldoet volledig, B = voldoet gedeeltelijk, "
            "C = eerste maatregelen genomen, D = eerste maatregelen gepland, E = geen inzicht."
        ),
    )
    onderzoek: PlainText(200, "Hoe de toegankelijkheid is onderzocht.") = "Automatische controle van alle pagina's"
    datum_onderzoek: PlainText(40, "Datum van het laatste onderzoek, bijvoorbeeld '1 november 2026'.") | None = None
    datum_verklaring: PlainText(40, "Datum waarop deze verklaring is opgesteld.") | None = None
    contact_email: Email | None = Field(None, description="E-mailadres voor meldingen over toegankelijkheid.")


class Privacy(_Model):
    """Who is responsible for the personal data a site's web server logs, filled in by the national team."""

    verantwoordelijke: PlainText(
        150, "De organisatie die verantwoordelijk is voor de gegevens van deze websites, zoals die in de AVG heet."
    )
    email: Email | None = Field(None, description="E-mailadres voor vragen over privacy.")
    functionaris: PlainText(150, "De functionaris gegevensbescherming (FG) van die organisatie, als die er is.") | None = None


class MerkVragen(_Model):
    """Who answers questions about the house style (brandbook only): shown in the brandbook and in every zip."""

    naam: PlainText(100, "Wie vragen over de huisstijl beantwoordt, bijvoorbeeld 'Landelijke werkgroep communicatie'.")
    email: Email | None = Field(None, description="E-mailadres voor vragen over de huisstijl.")
    telefoon: Telefoon | None = None

    @model_validator(mode="after")
    def _reachable(self):
        if self.email is None and self.telefoon is None:
            raise fail(
                "contact",
                "bij 'merkvragen' staat geen e-mailadres en geen telefoonnummer.",
                expected="'email' of 'telefoon' (of allebei)",
                hint="Vul een echt adres of nummer in, of haal 'merkvragen' weg: het brandbook zegt dan waar je het vraagt.",
            )
        return self


class SiteDefinition(_Model):
    """Navigation, footer and description of one kind of site."""

    beschrijving: PlainText(200, "Korte beschrijving voor zoekmachines; {naam} wordt de naam van de site.")
    navigatie: list[NavItem] = Field(min_length=1, description="De pagina's in het menu, in deze volgorde.")
    voettekst: list[NavItem] = Field(
        default_factory=list, description="Wettelijke pagina's die in de voettekst van elke site staan."
    )
    regio_paginas_titel: PlainText(60, "Titel van de menugroep met extra pagina's van een regio.") = "Meer in de regio"
    toegankelijkheid: Toegankelijkheid = Field(default_factory=Toegankelijkheid)
    privacy: Privacy | None = Field(
        None, description="Wie verantwoordelijk is voor de privacy op deze websites. Laat weg zolang het niet vaststaat."
    )

    def all_pages(self) -> list[NavItem]:
        """Navigation pages followed by footer pages, without repeats."""
        seen, out = set(), []
        for item in [*self.navigatie, *self.voettekst]:
            if item.pagina not in seen:
                seen.add(item.pagina)
                out.append(item)
        return out

    def slugs(self) -> set[str]:
        return {item.slug for item in self.all_pages()}


class BrandbookDefinition(SiteDefinition):
    """``brandbook/site.yml``: a site definition plus the contact for questions about the brand."""

    merkvragen: MerkVragen | None = Field(
        None, description="Wie vragen over de huisstijl beantwoordt. Vul dit pas in als het echt vaststaat."
    )


SiteKind = Literal["regio", "landelijk", "brandbook"]

__all__ = ["BrandbookDefinition", "MerkVragen", "NavItem", "SiteDefinition", "SiteKind", "Toegankelijkheid", "PageSlug"]
