#!/bin/sh
# Run by the duty-console package after it is installed or upgraded: every local user who has
# Duty Console settings gets their duty log upgraded to the new schema, as that user, with a copy
# of a SQLite duty log taken first ("duty-console migrate --backup"), and an audit key made where
# there is none ("duty-console audit key --create"). Never fails the install: a
# duty log that cannot be upgraded now is upgraded when the console next starts.
getent passwd | while IFS=: read -r user _pw uid _gid _gecos home _shell; do
  [ "$uid" -eq 0 ] || [ "$uid" -ge 1000 ] || continue
  settings="$home/.config/duty-console/settings.toml"
  [ -f "$settings" ] || continue
  echo "duty-console: upgrading the duty log of $user" >&2
  if ! timeout 120 runuser -u "$user" -- env -i HOME="$home" USER="$user" LOGNAME="$user" PATH=/usr/bin:/bin LANG=C.UTF-8 /usr/bin/duty-console --settings "$settings" migrate --backup </dev/null >&2; then
    echo "duty-console: the duty log of $user was not upgraded now; it is upgraded when the console next starts." >&2
  fi
  # The audit chain's key (0600, beside the settings), unless there is one or the duty log is keyed
  # already: then the IT person copies the key of a workstation that has it (docs/audit.md).
  if ! timeout 120 runuser -u "$user" -- env -i HOME="$home" USER="$user" LOGNAME="$user" PATH=/usr/bin:/bin LANG=C.UTF-8 /usr/bin/duty-console --settings "$settings" audit key --create </dev/null >&2; then
    echo "duty-console: no audit key made for $user (see above); the console writes the audit chain unkeyed until there is one." >&2
  fi
done
exit 0
