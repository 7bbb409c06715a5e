"""Inlooppunten for machines: schema.org JSON-LD on the inlooppunten page, and ``inlooppunten.json``.

Only what a region wrote goes out: a field it left empty is left out, never guessed. A planned inlooppunt
(``status: gepland``) is in ``inlooppunten.json`` with its status, but gets no JSON-LD: search engines and map
apps would show it as a place to go. The JSON's shape is ``generator.models.opendata`` (and its JSON Schema in
``schema/``).
"""

from __future__ import annotations

import json

from markupsafe import Markup

from .escaping import json_for_html
from .models import WEEKDAYS
from .models import opendata as shape
from .models.fields import tel_uri

FILE = "inlooppunten.json"
SCHEMA_FILE = "inlooppunten.schema.json"
_SCHEMA_DAYS = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))


def _e164(number: str | None) -> str | None:
    return tel_uri(number).removeprefix("tel:") if number else None


def _hours(point) -> dict | None:
    if point.openingstijden is None:
        return None
    out = {}
    for day, value in point.openingstijden.days():
        if isinstance(value, list):
            value = [{"van": r.split("-")[0], "tot": r.split("-")[1]} for r in value] or "gesloten"
        out[day] = value
    return out


def region_data(region) -> shape.Regio:
    """One region (a ``merge.RegionContext``) in the shape of ``inlooppunten.json``."""
    contact = region.contact
    return shape.Regio(
        code=region.code,
        naam=region.site_naam,
        url=region.url,
        gemeenten=list(region.gemeenten),
        contact=shape.Contact(telefoon=_e164(contact.telefoon), email=contact.email, website=contact.website)
        if contact and (contact.telefoon or contact.email or contact.website)
        else None,
        meldingen=[shape.Melding(tekst=m.tekst, van=m.van, tot=m.tot) for m in region.meldingen],
        inlooppunten=[
            shape.Inlooppunt(
                naam=p.naam,
                status=p.status,
                gemeente=p.gemeente,
                adres=p.adres,
                postcode=p.postcode,
                plaats=p.plaats,
                telefoon=_e164(p.telefoon),
                email=p.email,
                gids=p.gids,
                openingstijden=_hours(p),
            )
            for p in region.inlooppunten
        ],
    )


def inlooppunten_file(regions) -> bytes:
    """``inlooppunten.json`` for these regions (one on a regional site, all of them on www)."""
    data = shape.InlooppuntenBestand(versie=1, regios=[region_data(r) for r in regions])
    return (json.dumps(data.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=1) + "\n").encode()


def schema_text() -> str:
    """The JSON Schema of ``inlooppunten.json`` (draft 2020-12), as written to ``schema/`` and published on www."""
    from .schema import DIALECT

    schema = shape.InlooppuntenBestand.model_json_schema()
    return json.dumps({"$schema": DIALECT, **schema}, indent=2, ensure_ascii=False) + "\n"


def jsonld(point, region) -> dict:
    """One open inlooppunt as a schema.org ``GovernmentOffice``, with only the fields the region filled in."""
    office: dict = {"@context": "https://schema.org", "@type": "GovernmentOffice", "name": point.naam}
    office["url"] = region.url + "inlooppunten/"
    if point.adres or point.postcode or point.plaats:
        address = {"@type": "PostalAddress", "streetAddress": point.adres, "postalCode": point.postcode}
        address |= {"addressLocality": point.plaats, "addressCountry": "NL"}
        office["address"] = {k: v for k, v in address.items() if v}
    if point.telefoon:
        office["telephone"] = _e164(point.telefoon)
    if point.email:
        office["email"] = point.email
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{_SCHEMA_DAYS[day]}",
            "opens": r.split("-")[0],
            "closes": r.split("-")[1],
        }
        for day, ranges in (point.openingstijden.days() if point.openingstijden else [])
        if isinstance(ranges, list)
        for r in ranges
    ]
    if hours:
        office["openingHoursSpecification"] = hours
    if region.gemeenten:
        office["areaServed"] = [{"@type": "AdministrativeArea", "name": name} for name in region.gemeenten]
    office["parentOrganization"] = {"@type": "Organization", "name": region.site_naam, "url": region.url}
    return office


def jsonld_scripts(region) -> Markup:
    """A ``<script type="application/ld+json">`` per open inlooppunt, for the inlooppunten page."""
    return Markup("\n").join(
        Markup('<script type="application/ld+json">{}</script>').format(json_for_html(jsonld(p, region)))
        for p in region.inlooppunten
        if not p.gepland
    )
