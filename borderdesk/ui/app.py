"""The desktop application's entry point."""
from __future__ import annotations

import sys


def main(db_path: str | None = None, lang: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel("BorderDesk — the desk is being built.")
    label.resize(480, 120)
    label.show()
    return app.exec()
