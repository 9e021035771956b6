#!/usr/bin/env bash
# Builds the Debian package of Duty Console: PyInstaller one-folder program (packaging/
# duty-console.spec) under /opt/duty-console, launcher /usr/bin/duty-console, desktop entry and
# icon, the historian's systemd unit (installed disabled), compressed with zstd.
#   bash packaging/build-deb.sh [--version V] [--reuse] [--out DIR]
#     --version V   package version (default: console.__version__)
#     --reuse       repackage the existing build/pyinstaller/dist folder (no PyInstaller run)
#     --out DIR     where the .deb goes (default: dist/)
# Needs the packaging extra in .venv:  .venv/bin/pip install -e '.[packaging]'
# Prints the .deb's path on the last line of standard output.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
venv="${VENV:-$here/.venv}"
version=""
reuse=0
out="$here/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --reuse) reuse=1; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--version V] [--reuse] [--out DIR]" >&2; exit 2 ;;
  esac
done
[ -n "$version" ] || version="$("$venv/bin/python" -c 'import console; print(console.__version__)')"
arch="$(dpkg --print-architecture)"
work="$here/build/pyinstaller"
bundle="$work/dist/duty-console"

if [ "$reuse" -eq 0 ] || [ ! -x "$bundle/duty-console" ]; then
  "$venv/bin/python" -m PyInstaller --version >/dev/null 2>&1 || "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[packaging]"
  # The PyInstaller build gets the Linux name of the spec; the Windows build uses the same spec.
  "$venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$work/dist" --workpath "$work/work" packaging/duty-console.spec >&2
fi

# The runtime packages of the program (the same names as in packaging/system-deps.sh), and the C
# library it was built against (the bundled Python and Qt need at least that one).
libc="$(dpkg-query -W -f='${Version}' libc6 | sed 's/-.*//')"
depends="libc6 (>= $libc), libvlc5, vlc-plugin-base, libxcb-icccm4, libxcb-keysyms1, libxcb-cursor0, libxcb-image0, libxcb-render-util0, libxcb-xinerama0, libxcb-xkb1, libxkbcommon-x11-0, libxcb-shape0, libxcb-randr0, libegl1, libgl1, libfontconfig1, libdbus-1-3, fonts-wqy-microhei | fonts-noto-cjk"
recommends="vlc-plugin-video-output, gnome-keyring | kwalletmanager"

stage="$here/build/deb/duty-console_${version}_${arch}"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/doc/duty-console/examples" "$stage/lib/systemd/system"
cp -a "$bundle" "$stage/opt/duty-console"
install -m 0755 packaging/linux/migrate-users.sh "$stage/opt/duty-console/migrate-users.sh"
install -m 0755 packaging/linux/duty-console.sh "$stage/usr/bin/duty-console"
install -m 0644 packaging/linux/duty-console.desktop "$stage/usr/share/applications/duty-console.desktop"
install -m 0644 resources/icons/duty-console.svg "$stage/usr/share/icons/hicolor/scalable/apps/duty-console.svg"
install -m 0644 docs/install.md "$stage/usr/share/doc/duty-console/install.md"
# The site's Mosquitto configuration and ACL (docs/install.md, "The site's broker").
install -m 0644 packaging/mosquitto/duty-console-site.conf packaging/mosquitto/duty-console-site.acl \
  "$stage/usr/share/doc/duty-console/examples/"
# The historian service (docs/install.md, "The historian service"): the unit, disabled (no symlink in
# /etc/systemd/system/*.wants; the administrator enables it), and its settings file as an example.
install -m 0644 packaging/linux/duty-console-historian.service "$stage/lib/systemd/system/duty-console-historian.service"
install -m 0644 packaging/linux/historian.toml "$stage/usr/share/doc/duty-console/examples/historian.toml"
install -m 0755 packaging/linux/postinst packaging/linux/prerm packaging/linux/postrm "$stage/DEBIAN/"
size_kb="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$size_kb/" \
    -e "s/@DEPENDS@/$depends/" -e "s/@RECOMMENDS@/$recommends/" packaging/linux/control.in > "$stage/DEBIAN/control"

mkdir -p "$out"
deb="$out/duty-console_${version}_${arch}.deb"
# zstd: seconds where xz takes minutes (dpkg >= 1.21.18; Debian 12, Ubuntu 21.10 and later read it).
dpkg-deb --root-owner-group -Zzstd --build "$stage" "$deb" >&2
echo "$deb"
