"""A workstation's real core in a process of its own, to be killed (SIGKILL) by a test: built by
the composition root as the program builds it (duty log, broker link with its last will, duty
desk, areas of responsibility), without the window. It signs its operator in and prints READY once
the other workstations can know it is attended (its retained state published).

    python -m tests.helpers.area_child URL HOST PORT STATION USER PASSWORD
"""

from __future__ import annotations

import os
import sys


def main(url: str, host: str, port: str, station: str, user: str, password: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from console.domain.link_state import LinkState
    from console.infrastructure.settings import Settings
    from console.shell.app import build_core

    app = QApplication([])
    settings = Settings({
        "broker.host": host, "broker.port": int(port), "database.url": url, "station.name": station,
        "ui.language": "en", "sound.output": "none", "video.enabled": False, "duty.presence_interval_min": 0,
        "review.catch_up_min": 0, "broker.keepalive_s": 5,
    })
    core = build_core(settings)
    assert core.areas is not None

    def signed_in(name: str) -> None:
        if name:  # the areas desk has published the state saying so (it hears operator_changed first)
            sys.stdout.write("READY\n")
            sys.stdout.flush()

    def connected(state: LinkState, _detail: str) -> None:
        if state is LinkState.CONNECTED and core.desk.operator is None:
            core.desk.sign_in(user, password)

    core.desk.operator_changed.connect(signed_in)
    core.link.state_changed.connect(connected)
    core.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:7]))
