"""Typed models of everything people write: region files and site definitions."""

from .region import (
    OP_AFSPRAAK,
    PARTNER_KINDS,
    WEEKDAYS,
    Contact,
    Inlooppunt,
    Melding,
    Openingstijden,
    Partner,
    Regio,
    RegioPagina,
)
from .site import BrandbookDefinition, MerkVragen, NavItem, SiteDefinition, SiteKind, Toegankelijkheid

__all__ = [
    "PARTNER_KINDS",
    "BrandbookDefinition",
    "MerkVragen",
    "WEEKDAYS",
    "Contact",
    "Inlooppunt",
    "Melding",
    "OP_AFSPRAAK",
    "NavItem",
    "Openingstijden",
    "Partner",
    "Regio",
    "RegioPagina",
    "SiteDefinition",
    "SiteKind",
    "Toegankelijkheid",
]
