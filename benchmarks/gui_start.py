"""One cold start, measured by bench_gui.py from outside: start, paint a window, wait for the figures, exit.

``gui_start.py bare`` shows an empty PySide6 QMainWindow (the floor any Qt app pays);
``gui_start.py app DB`` opens BorderDesk's desk on DB through ``borderdesk.ui.app.open_desk``,
the function ``borderdesk`` itself runs (instance lock, integrity check, setup check, login
check, the main window). Prints three figures, seconds from the process's first line:
the first paint of the window (its navigation for the desk), the dashboard's figures shown
(the same as the paint for the bare window), and the peak resident memory in MB.
"""
from __future__ import annotations

import os
import sys
import time

T0 = time.perf_counter()
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM; ``ru_maxrss`` would keep the parent's)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    times: dict[str, float] = {}

    def done() -> None:
        # printed and gone at once: no backup at exit (a whole copy of the database), no waiting
        # for the thread pool; the figures are taken
        paint = times.get("paint", float("nan"))
        print(f"{paint:.4f} {times.get('figures', paint):.4f} {peak_mb():.1f}", flush=True)
        os._exit(0)

    class FirstPaint(QObject):
        def __init__(self, target) -> None:
            super().__init__()
            self.target = target

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Paint and obj is self.target and "paint" not in times:
                times["paint"] = time.perf_counter() - T0
                if "figures" in times or wait_for is None:
                    done()
            return False

    wait_for = None
    if sys.argv[1] == "bare":
        window = QMainWindow()
        window.resize(1366, 768)
        target = window
    else:
        from borderdesk.ui.app import open_desk

        window = open_desk(app, sys.argv[2])
        if window is None:
            print("the desk did not open", file=sys.stderr)
            return 1
        target = window.nav.viewport()
        if window.current_key() == "dashboard" and hasattr(window.dashboard, "figures_shown"):
            wait_for = window.dashboard.figures_shown

            def figures() -> None:
                times["figures"] = time.perf_counter() - T0
                if "paint" in times:
                    done()

            wait_for.connect(figures)
    spy = FirstPaint(target)
    target.installEventFilter(spy)
    window.show()
    QTimer.singleShot(120_000, done)  # never hang a benchmark
    app.exec()
    done()


if __name__ == "__main__":
    raise SystemExit(main())
