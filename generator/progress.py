"""Progress while building: a bar on a terminal, one line per site in CI logs."""

from __future__ import annotations

import sys
from typing import Callable


class BuildProgress:
    """A ``progress`` callback for ``build.build``: call it with the number of sites, then once per finished site."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self._bar = None

    def __call__(self, total: int) -> Callable[[str], None]:
        if self.stream.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            # No auto-refresh thread: the build forks worker processes, and forking with a running thread is unsafe.
            self._bar = Progress(
                TextColumn("Sites bouwen"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                auto_refresh=False,
                transient=True,
                console=_console(self.stream),
            )
            self._bar.start()
            task = self._bar.add_task("", total=total)

            def advance(key: str) -> None:
                self._bar.update(task, advance=1, description=key)
                self._bar.refresh()

            return advance

        count = 0

        def line(key: str) -> None:
            nonlocal count
            count += 1
            print(f"  [{count}/{total}] {key}", file=self.stream, flush=True)

        return line

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _console(stream):
    from rich.console import Console

    return Console(file=stream)
