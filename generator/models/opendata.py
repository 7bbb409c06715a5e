"""The published ``inlooppunten.json``: its shape, for partners, apps and journalists.

One model for the file and its JSON Schema (``schema/inlooppunten.schema.json``, written by ``werkcentrum
schema``): ``generator.opendata`` builds the file through these models, so the file cannot drift from the schema.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .region import INLOOPPUNT_STATUS, OP_AFSPRAAK


def _dutch(description: str) -> ConfigDict:
    return ConfigDict(extra="forbid", frozen=True, json_schema_extra={"description": description})


class Tijdvak(BaseModel):
    model_config = _dutch("Een tijdvak waarin je zonder afspraak binnenloopt.")

    van: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$", description="Begintijd, HH:MM.", examples=["09:00"])
    tot: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$", description="Eindtijd, HH:MM.", examples=["17:00"])


Dag = list[Tijdvak] | Literal["gesloten", OP_AFSPRAAK] | None
_DAG = "Tijdvakken van deze dag, 'gesloten', 'op afspraak' of null (niet bekend)."


class Openingstijden(BaseModel):
    model_config = _dutch("Openingstijden per dag (Nederlandse tijd).")

    maandag: Dag = Field(None, description=_DAG)
    dinsdag: Dag = Field(None, description=_DAG)
    woensdag: Dag = Field(None, description=_DAG)
    donderdag: Dag = Field(None, description=_DAG)
    vrijdag: Dag = Field(None, description=_DAG)
    zaterdag: Dag = Field(None, description=_DAG)
    zondag: Dag = Field(None, description=_DAG)


class Inlooppunt(BaseModel):
    model_config = _dutch("Een inlooppunt. Velden die de regio (nog) niet kent, ontbreken.")

    naam: str = Field(description="Naam van het inlooppunt.")
    status: Literal[INLOOPPUNT_STATUS] = Field(
        description="'open', of 'gepland': het inlooppunt is er nog niet; je kunt er nog niet binnenlopen."
    )
    gemeente: str = Field(description="Gemeente, zoals het CBS haar schrijft.")
    adres: str | None = Field(None, description="Straat en huisnummer.")
    postcode: str | None = Field(None, description="Postcode, zoals '7511 JM'.")
    plaats: str | None = Field(None, description="Plaatsnaam.")
    telefoon: str | None = Field(None, description="Telefoonnummer in internationale vorm, zoals '+31531234567'.")
    email: str | None = Field(None, description="E-mailadres.")
    gids: bool | None = Field(None, description="Of er een gids is die bezoekers ontvangt.")
    openingstijden: Openingstijden | None = Field(None, description="Openingstijden per dag; ontbreekt als ze niet bekend zijn.")


class Melding(BaseModel):
    model_config = _dutch("Een tijdelijke melding van de regio, bijvoorbeeld over een sluiting.")

    tekst: str = Field(description="Tekst van de melding.")
    van: date | None = Field(None, description="Eerste dag waarop de melding geldt; ontbreekt: vanaf nu.")
    tot: date = Field(description="Laatste dag waarop de melding geldt.")


class Contact(BaseModel):
    model_config = _dutch("Algemene contactgegevens van het Werkcentrum.")

    telefoon: str | None = Field(None, description="Telefoonnummer in internationale vorm.")
    email: str | None = Field(None, description="E-mailadres.")
    website: str | None = Field(None, description="Website.")


class Regio(BaseModel):
    model_config = _dutch("Een arbeidsmarktregio met haar Werkcentrum.")

    code: str = Field(pattern=r"^AM[0-9]{2}$", description="CBS-code van de arbeidsmarktregio.", examples=["AM05"])
    naam: str = Field(description="Naam van het Werkcentrum.", examples=["Werkcentrum Twente"])
    url: str = Field(description="Website van het Werkcentrum.", examples=["https://twente.werkcentrum.nl/"])
    gemeenten: list[str] = Field(description="De gemeenten van de regio, zoals het CBS ze schrijft.")
    contact: Contact | None = Field(None, description="Contactgegevens; ontbreekt als ze niet bekend zijn.")
    meldingen: list[Melding] = Field(description="Meldingen die nog niet verlopen waren toen de site werd gebouwd.")
    inlooppunten: list[Inlooppunt] = Field(description="De inlooppunten, ook de geplande (status 'gepland').")


class InlooppuntenBestand(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="inlooppunten.json van de Werkcentrum-sites",
        json_schema_extra={
            "description": (
                "De inlooppunten van de Werkcentra: per regio op https://<regio>.werkcentrum.nl/inlooppunten.json, "
                "voor heel Nederland op https://www.werkcentrum.nl/inlooppunten.json. Alleen gegevens die de regio "
                "zelf heeft ingevuld; een veld dat niet bekend is, ontbreekt."
            )
        },
    )

    versie: Literal[1] = Field(description="Versie van de vorm van dit bestand.")
    regios: list[Regio] = Field(description="De regio's in dit bestand.")
