"""The token pipeline, Style Dictionary style: load -> resolve -> transform; formats live in ``formats``."""

from __future__ import annotations

from pathlib import Path

from .errors import TokenError, TokenErrors, TransformError
from .load import load
from .model import Token, TokenSet
from .paths import TOKENS_DIR
from .resolve import resolve
from .transforms import VALUE_TRANSFORMS, transform


def load_tokens(folder: Path = TOKENS_DIR) -> TokenSet:
    """Read, merge, resolve and transform every ``*.tokens.json`` in ``folder``.

    Raises ``TokenErrors`` listing every problem found (not just the first).
    """
    loaded = load(Path(folder))
    resolved, resolve_errors = resolve(loaded)
    errors: list[TokenError] = [*loaded.errors, *resolve_errors]

    # Stage 3, transform: each literal value once, by its type; aliases take their source's value.
    values: dict[str, object] = {}
    for path, res in resolved.items():
        if res.source != path:
            continue
        try:
            values[path] = transform(VALUE_TRANSFORMS[res.type], res.raw.value)
        except TransformError as err:
            errors.append(TokenError(res.raw.file, path, err.message, err.hint))
    if errors:
        # Group per file (stable: within a file, the stage order is kept).
        raise TokenErrors(sorted(errors, key=lambda e: e.file))

    tokens = {
        path: Token(
            path=path,
            type=res.type,
            value=_copy(values[res.source]),
            description=res.raw.description,
            alias_of=res.alias_of,
            file=res.raw.file,
        )
        for path, res in resolved.items()
    }
    return TokenSet(tokens=tokens, files=tuple(loaded.files))


def _copy(value: object) -> object:
    # Aliases must not share a mutable list (fontFamily, cubicBezier) with their source.
    return list(value) if isinstance(value, list) else value
