"""Reproducible zip files: fixed dates, fixed permissions, a fixed order, so the same files give the same bytes."""

from __future__ import annotations

import io
import zipfile

# The earliest date a zip can hold: no build time ends up in the file.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Already compressed formats are stored; compressing them again costs time and saves nothing.
_STORED = (".png", ".ico", ".zip", ".woff2")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` (archive path -> bytes), identical for identical input."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3  # Unix, whatever machine builds
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name.endswith(_STORED) else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name], compresslevel=9 if info.compress_type == zipfile.ZIP_DEFLATED else None)
    return out.getvalue()
