"""``python -m generator.tokens [FOLDER]``: check the token files and print the CSS variables.

Exit code 1 (with every problem listed in Dutch) when the tokens have errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import TOKENS_DIR, TokenErrors, css_variables, load_tokens


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else TOKENS_DIR
    try:
        tokens = load_tokens(folder)
    except TokenErrors as errs:
        print(errs, file=sys.stderr)
        return 1
    sys.stdout.write(css_variables(tokens))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
