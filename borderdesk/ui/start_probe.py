"""How long the desk takes to start, measured from inside (the frozen app has no benchmark script).

``BORDERDESK_START_PROBE=FILE`` makes :func:`borderdesk.ui.app.main` write one line to FILE and
leave: seconds from the process's creation (read from the system, so the interpreter's own
start and the frozen app's unpacking count) to the first paint of the navigation, to the
dashboard's figures shown, and the peak resident memory in MB. ``benchmarks/bench_gui.py``
reads it for the frozen build; ``benchmarks/gui_start.py`` measures the same two moments of a
source checkout.
"""
from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer


def process_age() -> float:
    """Seconds since this process was created (Linux: /proc; elsewhere since the interpreter started)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            started_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return uptime - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _T0


_T0 = time.perf_counter()


def peak_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return float("nan")


class StartProbe(QObject):
    """Notes the first paint of *window*'s navigation and its dashboard's figures, writes them, quits."""

    def __init__(self, window, out: str) -> None:
        super().__init__(window)
        self.out = out
        self.times: dict[str, float] = {}
        self.target = window.nav.viewport()
        self.target.installEventFilter(self)
        if window.current_key() == "dashboard":
            window.dashboard.figures_shown.connect(self._figures)
        else:
            self.times["figures"] = float("nan")
        QTimer.singleShot(120_000, self._write)  # never hang a benchmark

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Paint and obj is self.target and "paint" not in self.times:
            self.times["paint"] = process_age()
            self._maybe_done()
        return False

    def _figures(self) -> None:
        self.times.setdefault("figures", process_age())
        self._maybe_done()

    def _maybe_done(self) -> None:
        if "paint" in self.times and "figures" in self.times:
            self._write()

    def _write(self) -> None:
        with open(self.out, "w", encoding="ascii") as fh:
            fh.write(f"{self.times.get('paint', float('nan')):.4f} {self.times.get('figures', float('nan')):.4f} "
                     f"{peak_mb():.1f}\n")
        sys.stdout.flush()
        os._exit(0)  # measured: no backup at exit, no waiting for the thread pool
