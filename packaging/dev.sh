#!/usr/bin/env bash
# One command each for a fresh Debian 12 / Ubuntu 22.04+ machine:
#   bash packaging/dev.sh demo   install everything, start broker + simulated plant + console
#   bash packaging/dev.sh test   install everything, run the static checks (ruff, mypy), the
#                                whole test suite, then the package check (packaging/test-deb.sh:
#                                build the .deb, install, upgrade, run, remove; needs root or
#                                sudo). CI runs exactly this.
#   bash packaging/dev.sh test --no-package [pytest arguments]   static checks and test suite only (quick, local)
# System packages come from packaging/system-deps.sh; Python packages go into ./.venv.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
action="${1:-}"
shift || true
case "$action" in
  demo) extra="" ; deps_flag="" ;;
  test) extra="[test,packaging]" ; deps_flag="--test" ;;
  *) echo "usage: bash packaging/dev.sh demo|test [arguments for duty-console demo or pytest]" >&2; exit 2 ;;
esac

bash packaging/system-deps.sh $deps_flag

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 13)))'; then
  echo "dev.sh: Python 3.11 to 3.13 is needed; $("$PYTHON" --version 2>&1) found (set PYTHON=…)" >&2
  exit 1
fi
venv="${VENV:-$here/.venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".$extra"

if [ "$action" = demo ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "dev.sh: no desktop here: the demo runs on a virtual screen (Xvfb)." >&2
    echo "        Add --screenshot FILE.png --quit-after 20 to see what it shows." >&2
    exec xvfb-run -a -s "-screen 0 1680x960x24" "$venv/bin/duty-console" demo "$@"
  fi
  exec "$venv/bin/duty-console" demo "$@"
fi

package_check=1
if [ "${1:-}" = "--no-package" ]; then
  package_check=0
  shift
fi
# The static gate (configuration in pyproject.toml): quiet when clean, the findings otherwise.
if ! lint_out="$("$venv/bin/ruff" check --quiet --output-format concise 2>&1)"; then
  printf '%s\n' "$lint_out" >&2
  echo "dev.sh: ruff found the problems above" >&2
  exit 1
fi
if ! types_out="$("$venv/bin/mypy" 2>&1)"; then
  printf '%s\n' "$types_out" >&2
  echo "dev.sh: mypy found the problems above" >&2
  exit 1
fi
export QT_QPA_PLATFORM=offscreen
set +e
"$venv/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "dev.sh: pytest collected no tests; that is a failure" >&2
  exit 1
fi
if [ "$status" -ne 0 ] || [ "$package_check" -eq 0 ]; then
  exit "$status"
fi
# The installer: build the .deb, install it, upgrade over an older build, run it, remove it.
VENV="$venv" bash packaging/test-deb.sh
