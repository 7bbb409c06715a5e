"""Typed models of everything people write: region files and site definitions."""

from .region import PARTNER_KINDS, WEEKDAYS, Contact, Inlooppunt, Openingstijden, Partner, Regio, RegioPagina
from .site import BrandbookDefinition, MerkVragen, NavItem, SiteDefinition, SiteKind, Toegankelijkheid

__all__ = [
    "PARTNER_KINDS",
    "BrandbookDefinition",
    "MerkVragen",
    "WEEKDAYS",
    "Contact",
    "Inlooppunt",
    "NavItem",
    "Openingstijden",
    "Partner",
    "Regio",
    "RegioPagina",
    "SiteDefinition",
    "SiteKind",
    "Toegankelijkheid",
]
