"""Regression guard: PySide6 6.12.0 on Python 3.11 aborts when a Python thread emits a signal.

paho's callbacks do exactly that (through console.infrastructure.mailbox). A crash of this kind kills the
interpreter, so it is checked in a subprocess by its exit status.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import threading
    from PySide6.QtCore import QCoreApplication, QObject, Signal, QTimer
    from console.infrastructure.mailbox import Mailbox

    class Source(QObject):
        bare = Signal()
        carrying = Signal(object, bool)

    app = QCoreApplication([])
    got = {"items": 0, "bare": 0, "carrying": 0}
    box = Mailbox(lambda items: got.__setitem__("items", got["items"] + len(items)))
    src = Source()
    src.bare.connect(lambda: got.__setitem__("bare", got["bare"] + 1))
    src.carrying.connect(lambda o, b: got.__setitem__("carrying", got["carrying"] + 1))

    def worker():
        for i in range(5000):
            box.put(("topic", b"payload", float(i)))
            if i % 10 == 0:
                src.bare.emit()
                src.carrying.emit(None, True)

    def check():
        if got["items"] == 5000 and got["bare"] == 500 and got["carrying"] == 500:
            print("OK", got)
            app.quit()

    timer = QTimer(); timer.timeout.connect(check); timer.start(10)
    QTimer.singleShot(20000, lambda: (print("TIMEOUT", got), app.exit(3)))
    threads = [threading.Thread(target=worker) for _ in range(1)]
    for t in threads: t.start()
    rc = app.exec()
    for t in threads: t.join()
    raise SystemExit(rc)
    """
)


def test_signals_from_a_python_thread_do_not_crash_the_process():
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, env={"QT_QPA_PLATFORM": "offscreen", **_env()}
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\\n{proc.stdout}\\n{proc.stderr[-2000:]}"
    assert proc.stdout.startswith("OK")


def _env():
    import os

    return {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
