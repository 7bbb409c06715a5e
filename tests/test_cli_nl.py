"""The command line speaks Dutch: argparse's usage, help and errors included, and English again outside it."""

from __future__ import annotations

import argparse
import re

import pytest

from generator.argparse_nl import DutchArgumentParser
from generator.cli import main, parser

# argparse's own English words; none may reach a user of the werkcentrum command.
ENGLISH = re.compile(
    r"\b(usage|error|options|optional arguments|positional arguments|show this help|required|unrecognized|"
    r"invalid|choose from|expected|argument|ambiguous|not allowed)\b",
    re.IGNORECASE,
)


def run(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    out = capsys.readouterr()
    return stop.value.code, out.out + out.err


@pytest.mark.parametrize(
    "args, dutch",
    [
        ((), "werkcentrum: fout: dit ontbreekt nog: opdracht"),
        (("chek",), "'chek' bestaat niet. Kies uit: build, serve"),
        (("chek",), "Bedoel je 'check'?"),
        (("build", "--jobs", "veel"), "werkcentrum build: fout: --jobs: 'veel' is geen geheel getal"),
        (("build", "--onbekend"), "werkcentrum: fout: onbekend: --onbekend"),
        (("regio",), "werkcentrum regio: fout: dit ontbreekt nog: opdracht"),
        (("regio", "nieuw"), "dit ontbreekt nog: naam"),
        (("server-config", "nginx"), "dit ontbreekt nog: --root"),
        (("server-config", "apache", "--root", "/srv"), "'apache' bestaat niet. Kies uit: nginx."),
        (("audit", "--regio"), "--regio: hierachter hoort minstens één waarde"),
        (("check", "--regions"), "--regions: hierachter hoort een waarde"),
    ],
)
def test_usage_errors_are_dutch(capsys, args, dutch):
    code, out = run(capsys, *args)
    assert code == 2
    assert dutch in out
    assert out.startswith("gebruik: werkcentrum")
    assert not ENGLISH.search(out), out


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("regio", "nieuw", "--help"), ("check", "-h")])
def test_help_is_dutch(capsys, args):
    code, out = run(capsys, *args)
    assert code == 0
    assert out.startswith("gebruik: werkcentrum")
    assert "opties:" in out and "toon deze hulp en stop" in out
    assert not ENGLISH.search(out), out


def test_every_subcommand_parser_is_dutch():
    subparsers = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        assert isinstance(sub, DutchArgumentParser), name
        assert not ENGLISH.search(sub.format_help()), name


def test_argparse_is_english_again_outside_the_dutch_parser(capsys):
    plain = argparse.ArgumentParser(prog="ander")
    plain.add_argument("--n", type=int)
    with pytest.raises(SystemExit):
        plain.parse_args(["--n", "x"])
    assert "ander: error: argument --n: invalid int value: 'x'" in capsys.readouterr().err
    assert plain.format_usage().startswith("usage: ")
