"""The resolved token set: what the pipeline hands to formats, the brandbook and the logo renderer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Token:
    """One resolved design token.

    ``value`` is final: colours ``"#rrggbb"`` (``"#rrggbbaa"`` with alpha), dimensions and durations
    ``"1rem"``/``"16px"``/``"200ms"``, fontFamily a list of names, fontWeight an int, numbers int or float.
    ``alias_of`` is the path this token referred to directly, or None.
    """

    path: str
    type: str
    value: Any
    description: str | None = None
    alias_of: str | None = None
    file: str = ""

    @property
    def name(self) -> str:
        """Last segment of the path: ``werkcentrum.color.text`` -> ``text``."""
        return self.path.rsplit(".", 1)[-1]

    @property
    def css_name(self) -> str:
        """CSS custom property name: ``werkcentrum.color.text`` -> ``--werkcentrum-color-text``."""
        return "--" + self.path.replace(".", "-")


@dataclass(frozen=True)
class TokenSet:
    """Resolved tokens keyed by dotted path, in a stable order, plus the files they came from."""

    tokens: dict[str, Token]
    files: tuple[str, ...] = field(default=())

    def get(self, path: str) -> Token:
        """The token at ``path``; raises ``KeyError`` (with a Dutch message) when there is none."""
        try:
            return self.tokens[path]
        except KeyError:
            raise KeyError(f"Er is geen token '{path}'.") from None

    def value(self, path: str) -> Any:
        """Shortcut for ``get(path).value``."""
        return self.get(path).value

    def colors(self) -> dict[str, Token]:
        """All colour tokens, palette and roles."""
        return {p: t for p, t in self.tokens.items() if t.type == "color"}

    def by_prefix(self, prefix: str) -> dict[str, Token]:
        """Tokens at or below a group: ``by_prefix("werkcentrum.color.palette")``."""
        prefix = prefix.rstrip(".")
        return {p: t for p, t in self.tokens.items() if p == prefix or p.startswith(prefix + ".")}

    def __getitem__(self, path: str) -> Token:
        return self.get(path)

    def __contains__(self, path: object) -> bool:
        return path in self.tokens

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens.values())

    def __len__(self) -> int:
        return len(self.tokens)
