"""Where things live: the project's folders and its few national settings.

Settings sit in ``pyproject.toml`` under ``[tool.werkcentrum]`` so there is one file to look in; an environment
variable may override the base domain for a staging deployment.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_BASE_DOMAIN = "werkcentrum.nl"

# Sites that are not regions; their keys are reserved so no region can take their folder or host.
NATIONAL_KEY = "www"
BRANDBOOK_KEY = "brandbook"
ADMIN_KEY = "beheer"  # the web admin's host (generator.beheer), not a built site
RESERVED_KEYS = frozenset({NATIONAL_KEY, BRANDBOOK_KEY, ADMIN_KEY, "assets", "shared", "search", "api", "mail", "static"})


@dataclass(frozen=True)
class Project:
    """The folders of one checkout; every path is absolute."""

    root: Path
    base_domain: str = DEFAULT_BASE_DOMAIN
    regions_dir: Path = field(default=None)  # type: ignore[assignment]
    build_dir: Path = field(default=None)  # type: ignore[assignment]
    site_dir: Path = field(default=None)  # type: ignore[assignment]

    def __post_init__(self):
        root = self.root.resolve()
        object.__setattr__(self, "root", root)
        for name, default in (("regions_dir", "sites/regions"), ("build_dir", "build"), ("site_dir", "site")):
            value = getattr(self, name)
            object.__setattr__(self, name, (root / default) if value is None else Path(value).resolve())

    @property
    def base_dir(self) -> Path:
        return self.root / "sites" / "base"

    @property
    def national_dir(self) -> Path:
        return self.root / "sites" / "landelijk"

    @property
    def brandbook_dir(self) -> Path:
        return self.root / "brandbook"

    @property
    def tokens_dir(self) -> Path:
        return self.brandbook_dir / "tokens"

    @property
    def fonts_dir(self) -> Path:
        return self.brandbook_dir / "fonts"

    @property
    def theme_dir(self) -> Path:
        return self.root / "themes" / "werkcentrum"

    def host(self, subdomain: str) -> str:
        return f"{subdomain}.{self.base_domain}"

    def url(self, subdomain: str) -> str:
        return f"https://{self.host(subdomain)}/"

    def display(self, path: Path) -> str:
        """A path as users see it in messages: relative to the project root when inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def with_paths(self, **paths) -> "Project":
        return replace(self, **{k: Path(v).resolve() for k, v in paths.items() if v is not None})

    @classmethod
    def find(cls, start: Path | None = None, **paths) -> "Project":
        """The project whose ``pyproject.toml`` declares ``[tool.werkcentrum]``, searching upwards from ``start``
        (the working directory), the way git and mkdocs find their root. Raises ``NotAProject`` when there is none:
        an installed ``werkcentrum`` never falls back to some other checkout."""
        start = Path(start or Path.cwd()).resolve()
        if paths.get("regions_dir") is None and os.environ.get("WERKCENTRUM_REGIONS_DIR"):
            paths["regions_dir"] = os.environ["WERKCENTRUM_REGIONS_DIR"]
        for folder in (start, *start.parents):
            pyproject = folder / "pyproject.toml"
            if pyproject.is_file():
                settings = _settings(pyproject)
                if settings is not None:
                    domain = os.environ.get("WERKCENTRUM_BASISDOMEIN") or settings.get("basisdomein", DEFAULT_BASE_DOMAIN)
                    return cls(root=folder, base_domain=domain, **paths)
        raise NotAProject(start)


class NotAProject(Exception):
    """No Werkcentrum project here: the command says so in one Dutch sentence."""

    def __init__(self, start: Path):
        self.start = start
        super().__init__(
            f"In {start} en de mappen daarboven staat geen Werkcentrum-project (een map met een pyproject.toml met "
            "[tool.werkcentrum]): ga naar de map van het project of geef die op met --project MAP."
        )


def _settings(pyproject: Path) -> dict | None:
    """The ``[tool.werkcentrum]`` table of a pyproject.toml (None when it has none)."""
    from .diagnostics import Diagnostic, UserError

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        if b"[tool.werkcentrum]" not in pyproject.read_bytes():
            return None  # someone else's broken file: keep looking upwards
        raise UserError(
            Diagnostic(str(pyproject), f"dit bestand is geen geldige TOML: {exc}.", hint="Zet het bestand terug uit git.")
        ) from None
    settings = data.get("tool", {}).get("werkcentrum")
    return settings if isinstance(settings, dict) else None
