"""The Qt binding the lock pins is sound where BorderDesk leans on it all day.

PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without a reference: every emit made
from Python takes one reference from ``True`` that was never given, until the interpreter aborts
("bool_dealloc: deallocating True or False"), in the desk after a few thousand signals and in
pytest at exit. The lock pins a version without the fault; this test fails on one that has it.
"""
from __future__ import annotations

import subprocess
import sys

_EMITS = r"""
import gc, sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Source(QObject):
    changed = Signal(bool)
    moved = Signal(object)

app = QCoreApplication([])
source = Source()
seen = []
source.changed.connect(seen.append)
source.moved.connect(seen.append)
gc.collect()
before = sys.getrefcount(True)
for i in range(2000):
    source.changed.emit(i % 2 == 0)
    source.moved.emit(None)
seen.clear()
gc.collect()
print(sys.getrefcount(True) - before)
"""


def test_emitting_signals_leaves_the_interpreters_booleans_alone():
    done = subprocess.run([sys.executable, "-c", _EMITS], capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    drift = int(done.stdout.strip().splitlines()[-1])
    # a sound binding gives back every reference it takes (a few may stay in caches)
    assert abs(drift) < 50, f"4,000 emits changed True's reference count by {drift}"
