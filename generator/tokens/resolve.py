"""Stage 2, resolve: follow ``{alias}`` references to the token that holds the literal value.

Checks here: unknown alias, alias to a group, circular alias (the cycle is named), missing or mismatched ``$type``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from .errors import TokenError
from .load import Loaded, RawToken

ALIAS_RE = re.compile(r"^\{([^{}]+)\}$")


def alias_target(value: Any) -> str | None:
    """ "{werkcentrum.color.palette.wit}" -> "werkcentrum.color.palette.wit"; anything else -> None."""
    if isinstance(value, str):
        m = ALIAS_RE.match(value.strip())
        if m:
            return m.group(1).strip()
    return None


@dataclass(frozen=True)
class Resolved:
    """A token after alias resolution: its final type, the token holding the literal value, and its direct alias."""

    raw: RawToken
    type: str
    source: str  # path of the token whose literal $value this token ends up with (itself when not an alias)
    alias_of: str | None


def resolve(loaded: Loaded) -> tuple[dict[str, Resolved], list[TokenError]]:
    """Resolve every alias in ``loaded``; returns resolved tokens (in load order) and the problems found."""
    raw = loaded.tokens
    errors: list[TokenError] = []
    done: dict[str, Resolved] = {}
    failed: set[str] = set()
    reported_cycles: set[frozenset[str]] = set()

    for path, token in raw.items():
        if path in done or path in failed:
            continue
        # Walk the chain from this token until a literal, a known result, or a problem.
        chain = [path]
        while True:
            current = raw[chain[-1]]
            target = alias_target(current.value)
            if target is None or chain[-1] in done or chain[-1] in failed:
                break
            if target in chain:
                cycle = chain[chain.index(target) :] + [target]
                key = frozenset(cycle)
                if key not in reported_cycles:
                    reported_cycles.add(key)
                    first = raw[cycle[0]]
                    errors.append(
                        TokenError(
                            first.file,
                            first.path,
                            "Kringverwijzing: deze tokens verwijzen naar elkaar: " + " -> ".join(cycle) + ".",
                            "Tokens verwijzen naar elkaar in een kring. Geef een van deze tokens een echte waarde.",
                        )
                    )
                for p in chain:
                    failed.add(p)
                break
            if target not in raw:
                if target in loaded.broken:
                    pass  # already reported where it is defined
                elif target in loaded.groups:
                    example = next((p for p in raw if p.startswith(target + ".")), None)
                    hint = (
                        f"Verwijs naar één token in die groep, bijvoorbeeld {{{example}}}."
                        if example
                        else "Verwijs naar een token, niet naar een groep."
                    )
                    errors.append(
                        TokenError(
                            current.file,
                            current.path,
                            f"De verwijzing {{{target}}} wijst naar een groep, niet naar een token.",
                            hint,
                        )
                    )
                else:
                    close = difflib.get_close_matches(target, list(raw), n=1, cutoff=0.9)
                    hint = (
                        f"Bedoelde u {{{close[0]}}}?"
                        if close
                        else "Controleer de schrijfwijze en het hele pad, vanaf werkcentrum."
                    )
                    errors.append(
                        TokenError(current.file, current.path, f"De verwijzing {{{target}}} bestaat niet.", hint)
                    )
                for p in chain:
                    failed.add(p)
                break
            chain.append(target)

        # Unwind from the end of the chain: each token takes its target's result.
        for p in reversed(chain):
            if p in done or p in failed:
                continue
            token = raw[p]
            target = alias_target(token.value)
            if target is None:
                if token.type is None:
                    errors.append(
                        TokenError(
                            token.file,
                            p,
                            "Dit token heeft geen type.",
                            'Zet $type op het token of op de groep erboven, bijvoorbeeld "color".',
                        )
                    )
                    failed.add(p)
                    continue
                done[p] = Resolved(token, token.type, p, None)
                continue
            if target in failed or target not in done:
                failed.add(p)
                continue
            to = done[target]
            if token.type is not None and token.type != to.type:
                errors.append(
                    TokenError(
                        token.file,
                        p,
                        f"Dit token heeft type '{token.type}', maar {{{target}}} heeft type '{to.type}'.",
                        "Verwijs naar een token van hetzelfde type.",
                    )
                )
                failed.add(p)
                continue
            done[p] = Resolved(token, to.type, to.source, target)

    ordered = {p: done[p] for p in raw if p in done}
    return ordered, errors
