"""One cold start, measured by bench_gui.py from outside: start, show a window, wait until idle, exit.

``gui_start.py bare`` shows an empty PySide6 QMainWindow (the floor any Qt app pays);
``gui_start.py app DB`` opens BorderDesk's main window on DB the way ``app.main`` does.
Prints the peak resident memory in MB and the seconds until the window was idle.
"""
from __future__ import annotations

import os
import resource
import sys
import time

T0 = time.perf_counter()
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "bare":
        window = QMainWindow()
    else:
        from borderdesk.services import session
        from borderdesk.app import open_database
        from borderdesk.ui.app import create_main_window

        open_database(sys.argv[2])
        session.open_session("bench")
        window = create_main_window()
    window.resize(1366, 768)
    window.show()
    # Idle: the first time the event loop has nothing left to do after showing.
    QTimer.singleShot(0, app.quit)
    app.exec()
    idle = time.perf_counter() - T0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{idle:.4f} {peak_mb:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
