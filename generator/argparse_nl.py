"""argparse in Dutch: usage, help and every error a user can cause on the command line.

argparse writes its own texts through ``gettext`` and ships no Dutch catalogue. ``DutchArgumentParser`` swaps
argparse's translation functions for a Dutch table only while it formats help or parses arguments, so nothing
else in the process changes. Texts argparse adds later stay English until they are added to ``MESSAGES``;
``tests/test_cli_nl.py`` lists the ones a user can reach.
"""

from __future__ import annotations

import argparse
import contextlib
import threading

# argparse's message ids (Python 3.11 - 3.13) -> Dutch.
MESSAGES = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "unrecognized arguments: %s": "onbekend: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r bestaat niet (kies uit %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        "%(value)r bestaat niet; bedoel je %(closest)r? (kies uit %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "hierachter hoort een waarde",
    "expected at most one argument": "hierachter hoort hoogstens één waarde",
    "expected at least one argument": "hierachter hoort minstens één waarde",
    "invalid %(type)s value: %(value)r": "%(value)r is geen geldige waarde (%(type)s)",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s kan meer opties zijn: %(matches)s",
    "not allowed with argument %s": "mag niet samen met %s",
    "ignored explicit argument %r": "%r hoort hier niet",
    "one of the arguments %s is required": "een van deze is nodig: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "%(parser_name)r bestaat niet (kies uit: %(choices)s)",
    "unexpected option string: %s": "onverwachte optie: %s",
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"): ("hierachter hoort %s waarde", "hierachter horen %s waarden"),
}
# What a value of an argument's type looks like, for "'x' is geen ...".
TYPE_NAMES = {int: "geheel getal", float: "getal"}

_lock = threading.RLock()


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    dutch = PLURALS.get((singular, plural))
    if dutch is None:
        return singular if count == 1 else plural
    return dutch[0] if count == 1 else dutch[1]


@contextlib.contextmanager
def dutch():
    """argparse speaks Dutch inside this block (and English again after it)."""
    with _lock:
        saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
        argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
        try:
            yield
        finally:
            argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class DutchArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage, help and errors are Dutch; its subcommands' parsers are too."""

    def __init__(self, *args, **kwargs):
        with dutch():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with dutch():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with dutch():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with dutch():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with dutch():
            return super().format_usage()

    def format_help(self) -> str:
        with dutch():
            return super().format_help()

    def error(self, message: str):
        with dutch():
            super().error(message)

    def _get_value(self, action, arg_string):
        kind = TYPE_NAMES.get(action.type)
        if kind is None:
            return super()._get_value(action, arg_string)
        try:
            return action.type(arg_string)
        except ValueError:
            raise argparse.ArgumentError(action, f"'{arg_string}' is geen {kind}") from None

    def _check_value(self, action, value):
        if action.choices is None or value in action.choices:
            return
        from .models.region import did_you_mean  # only on this error path: it loads the models

        choices = [str(choice) for choice in action.choices]
        hint = did_you_mean(str(value), choices)
        message = f"'{value}' bestaat niet. Kies uit: {', '.join(choices)}." + (f" {hint}" if hint else "")
        raise argparse.ArgumentError(action, message)
