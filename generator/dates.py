"""The days a build and a check stand for. Light on purpose: the build cache asks before anything heavy loads."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


def today() -> date:
    """Today's date in the Netherlands (``check`` runs anywhere; a notice ends at the end of a Dutch day)."""
    return datetime.now(DUTCH_TIME).date()


def build_date() -> date | None:
    """The day a build stands for: ``SOURCE_DATE_EPOCH`` (reproducible builds), or None when it is not set.

    Used only to leave out notices that had already ended on that day; which notices show today is decided in
    the visitor's browser (``werkcentrum-meldingen.js``), because a reproducible site is not rebuilt every day.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.isdigit() or int(epoch) == 0:
        return None
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()


def report_day() -> date:
    """The day the brandbook's report judges notices on: the build's day, else today in the Netherlands."""
    return build_date() or today()
