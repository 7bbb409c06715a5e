"""The corpus of broken region files: each file says in its header what `werkcentrum check` must report.

A header line reads ``# verwacht: LINE[:COLUMN] fout|waarschuwing FIELD|- "text"``. The check must report
exactly these problems for the file (no more, no fewer), at that line and column, with that severity and field
path, and with the text somewhere in the message, expectation or hint.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO
from generator import check
from generator.project import Project

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*.yaml"))
_EXPECTATION = re.compile(r'^# verwacht: (\d+)(?::(\d+))? (fout|waarschuwing) (\S+) "(.+)"$')


@dataclass(frozen=True)
class Expected:
    line: int
    column: int | None
    severity: str
    path: str
    text: str

    def matches(self, diag) -> bool:
        told = " ".join(filter(None, [diag.message, diag.expected, diag.hint]))
        return (
            diag.line == self.line
            and (self.column is None or diag.column == self.column)
            and diag.severity.value == self.severity
            and diag.path == ("" if self.path == "-" else self.path)
            and self.text in told
        )


def expectations(path: Path) -> list[Expected]:
    """The header of a corpus file; read leniently because some files are deliberately not UTF-8."""
    text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    out = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _EXPECTATION.match(line)
        if match:
            number, column, severity, field, words = match.groups()
            out.append(Expected(int(number), int(column) if column else None, severity, field, words))
    return out


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.find(REPO)


def test_the_corpus_is_large_enough():
    assert len(FILES) >= 40
    assert all(expectations(path) for path in FILES), "every corpus file declares what it expects"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_check_reports_exactly_what_the_file_expects(path: Path, project: Project, tmp_path: Path):
    # Alone in its own folder, so the rules between regions compare it with nothing else.
    region = tmp_path / path.name
    shutil.copyfile(path, region)
    result = check.run(project, [region])
    found = [d for d in result.report.diagnostics]
    wanted = expectations(path)
    shown = "\n".join(d.format() for d in found)
    for expected in wanted:
        assert any(expected.matches(d) for d in found), f"missing {expected}\nfound:\n{shown}"
    assert len(found) == len(wanted), f"expected {len(wanted)} problems, found:\n{shown}"
    assert all(d.file == project.display(region) for d in found)
    assert result.exit_code == (1 if any(e.severity == "fout" for e in wanted) else 0)
