#!/usr/bin/env bash
# Installs the system packages Duty Console needs on Debian 12 / Ubuntu 22.04+.
#   packaging/system-deps.sh           runtime + demo packages
#   packaging/system-deps.sh --test    the same plus what the test suite needs
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    *) echo "usage: $0 [--test]" >&2; exit 2 ;;
  esac
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: apt-get not found; install the packages listed in $0 by hand." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

# Runtime: MQTT broker for the demo, libvlc with its plugins, the Qt xcb
# platform libraries (libxcb-icccm4 and libxcb-keysyms1 are missing on minimal
# images), a CJK font so Chinese text renders, python venv support, and a
# virtual X server so the demo also runs on a machine without a desktop.
runtime=(
  mosquitto mosquitto-clients
  libvlc5 vlc-plugin-base vlc-plugin-video-output
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0
  libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0
  libegl1 libgl1 libfontconfig1 libdbus-1-3
  fonts-wqy-microhei
  python3-venv
  xvfb xauth
  # Camera video: local RTSP test streams for the demo (and the tests): GStreamer's RTSP server
  # under the system Python (python3-gi), x264 (ugly), the RTP payloader (good), captions (x).
  gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-ugly gstreamer1.0-x
)
# Tests: PostgreSQL for the shared duty log, tools to look at screenshots, pdftotext
# (poppler-utils) to read back the handover report's PDF, GNOME Keyring (a real Secret Service
# for the secrets test; dbus-run-session comes with dbus).
testing=(
  x11-utils imagemagick
  postgresql
  poppler-utils
  gnome-keyring
)

pkgs=("${runtime[@]}")
if [ "$want_test" -eq 1 ]; then
  pkgs+=("${testing[@]}")
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system-deps: all ${#pkgs[@]} packages already installed"
  exit 0
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
