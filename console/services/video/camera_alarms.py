"""The communication alarm of a camera that has shown no picture for too long.

Raised in the camera's own enterprise with the camera code as its point and condition COMM (an
instrument/communication alarm, kept apart from process alarms in the list); the plant registry
names it by the camera's name. It returns to normal when the camera shows a picture again.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QCoreApplication

from console.domain.alarms import AlarmBook, AlarmRaise, Priority, alarm_key
from console.domain.plant import Camera

CONDITION = "COMM"
PRIORITY = Priority.MEDIUM


def camera_alarm_key(camera: Camera) -> str:
    return alarm_key(camera.enterprise, camera.code, CONDITION)


class CameraAlarms:
    def __init__(self, book: AlarmBook, clock: Callable[[], float]) -> None:
        self._book = book
        self._clock = clock
        self.raised = 0

    def lost(self, camera: Camera, since: float) -> None:
        when = dt.datetime.fromtimestamp(since).strftime("%H:%M:%S")
        text = QCoreApplication.translate("CameraAlarm", "No picture from camera %1 since %2").replace("%1", camera.name).replace("%2", when)
        self.raised += 1
        self._book.raise_alarm(AlarmRaise(camera.enterprise, camera.code, CONDITION, PRIORITY, self._clock(), text=text))

    def back(self, camera: Camera) -> None:
        self._book.clear_alarm(camera_alarm_key(camera), self._clock())
