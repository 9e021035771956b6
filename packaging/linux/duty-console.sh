#!/bin/sh
# Duty Console launcher, installed as /usr/bin/duty-console by the duty-console package.
# The program itself is the PyInstaller folder in /opt/duty-console; it uses the system's libvlc.
DUTY_CONSOLE_LAUNCHER=/usr/bin/duty-console
export DUTY_CONSOLE_LAUNCHER
exec /opt/duty-console/duty-console "$@"
