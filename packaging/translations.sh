#!/usr/bin/env bash
# Refresh the translation sources from the code and compile them.
#   packaging/translations.sh          lupdate (keeps existing translations) + lrelease
# Translators edit resources/translations/*.ts with Qt Linguist (pyside6-linguist).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${VENV:-.venv}/bin"
mapfile -t sources < <(find console widgets -name "*.py" | sort)
for lang in zh_CN en; do
  "$bin/pyside6-lupdate" -no-obsolete -locations none "${sources[@]}" -ts "resources/translations/duty_console_${lang}.ts"
  "$bin/pyside6-lrelease" -silent "resources/translations/duty_console_${lang}.ts" -qm "resources/translations/duty_console_${lang}.qm"
done
