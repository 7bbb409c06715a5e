"""Errors of the token pipeline: one problem (TokenError) and all problems of a run (TokenErrors)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..diagnostics import count_errors


class TokenError(Exception):
    """One problem in one token file, told in plain Dutch.

    ``str(e)`` gives ``"<file>: <token_path>: <message> (<hint>)"``; an empty part is left out.
    """

    def __init__(self, file: str, token_path: str, message: str, hint: str = "", line: int | None = None) -> None:
        self.file = file
        self.token_path = token_path
        self.message = message
        self.hint = hint
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.token_path) if p]
        text = ": ".join([*parts, self.message])
        return f"{text} ({self.hint})" if self.hint else text

    def __repr__(self) -> str:
        return f"TokenError({self.file!r}, {self.token_path!r}, {self.message!r}, {self.hint!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TokenError) and (self.file, self.token_path, self.message, self.hint) == (
            other.file,
            other.token_path,
            other.message,
            other.hint,
        )

    def __hash__(self) -> int:
        return hash((self.file, self.token_path, self.message, self.hint))


class TokenErrors(Exception):
    """All problems found while loading the tokens; ``errors`` is the list of ``TokenError``."""

    def __init__(self, errors: Iterable[TokenError]) -> None:
        self.errors: list[TokenError] = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.errors)
        head = f"{count_errors(n)} in de design tokens:"
        return "\n".join([head, *(f"- {e}" for e in self.errors)])

    def __iter__(self) -> Iterator[TokenError]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)


class TransformError(ValueError):
    """A value that a transform cannot handle; the pipeline turns it into a ``TokenError``."""

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(message)
