#!/usr/bin/env bash
# The package check (CI runs it after the test suite; see README): builds the .deb (timed), makes
# an "older build" of it (the same program under a lower version number, VERSION~old), then
# packaging/deb_check.py installs the older build, gives a workstation user a duty log at an older
# schema, upgrades to the new package, starts the installed program offscreen against a real
# Mosquitto, checks an alarm is recorded, removes and purges the package and checks the duty log
# is still there. Prints the .deb size, build, install and launch times against their targets.
# Needs root (dpkg -i); run through sudo when not root.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
venv="${VENV:-$here/.venv}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

start=$(date +%s%N)
deb="$(bash packaging/build-deb.sh | tail -n 1)"
end=$(date +%s%N)
build_s=$(( (end - start) / 1000000 ))
build_s="$((build_s / 1000)).$(( (build_s % 1000) / 100 ))"
version="$(dpkg-deb -f "$deb" Version)"
old="$(bash packaging/build-deb.sh --reuse --version "${version}~old" --out "$here/build/deb-old" | tail -n 1)"
echo "test-deb: built $deb in ${build_s} s; older build $old"
$SUDO "$venv/bin/python" packaging/deb_check.py --new "$deb" --old "$old" --build-seconds "$build_s"
