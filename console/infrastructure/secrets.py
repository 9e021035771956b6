"""Secrets (broker password, database password, camera passwords) outside the settings file.

Where a secret goes:

* the operating system's keyring when one is usable (``keyring``: the Secret Service of GNOME
  Keyring or KWallet on Linux, the Windows Credential Manager, the macOS Keychain), under the
  service name ``duty-console``;
* otherwise (a Linux without a Secret Service, e.g. a workstation without a desktop session) a
  file of its own, ``secrets.json`` in the config folder, readable and writable by the user only
  (mode 0600), and a warning in the log saying so.

Never in the settings file: ``Settings.save`` writes secret options empty and database URLs without
their password, and ``Settings.load`` moves a password found there (written by hand, or by an
older version) into the store and rewrites the file without it.

Names of the secrets: ``broker.password``, ``database.password`` (the password of the URL in
``database.url``), ``camera:<enterprise>/<camera>`` (the ``user:password`` of a camera URL),
``audit.name_salt`` (this installation's salt for the fingerprints of unknown names typed at a
sign-in, made at the first need: ``installation_salt``).

``DUTY_CONSOLE_SECRETS=file`` chooses the file store even where a keyring exists (tests, kiosk
set-ups); ``DUTY_CONSOLE_SECRETS=keyring`` refuses to fall back (an error instead).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

log = logging.getLogger("console.infrastructure.secrets")

SERVICE = "duty-console"
FILE_NAME = "secrets.json"
DATABASE_PASSWORD = "database.password"
NAME_SALT = "audit.name_salt"
_warned_fallback = False


class SecretStoreError(RuntimeError):
    """A secret could not be read or written (keyring locked or refusing, file unwritable)."""


class FileStore:
    """A JSON file only its owner may read (0600), beside the settings file but never in it."""

    kind = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def where(self) -> str:
        return f"file {self.path} (readable by this user only)"

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise SecretStoreError(f"cannot read {self.path}: {exc}") from exc
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, name: str) -> str:
        return self._read().get(name, "")

    def set(self, name: str, value: str) -> None:
        data = self._read()
        if value:
            data[name] = value
        else:
            data.pop(name, None)
        self._write(data)

    def delete(self, name: str) -> None:
        self.set(name, "")

    def _write(self, data: dict[str, str]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            try:
                os.chmod(tmp, 0o600)  # before any secret is in it
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise SecretStoreError(f"cannot write {self.path}: {exc}") from exc


class KeyringStore:
    """The operating system's keyring through ``keyring``."""

    kind = "keyring"

    def __init__(self, backend) -> None:
        self.backend = backend

    @property
    def where(self) -> str:
        return f"the system keyring ({type(self.backend).__module__}.{type(self.backend).__name__}, service {SERVICE})"

    def get(self, name: str) -> str:
        try:
            return self.backend.get_password(SERVICE, name) or ""
        except Exception as exc:  # keyring errors, a locked collection, D-Bus gone
            raise SecretStoreError(f"keyring refused to read {name}: {exc}") from exc

    def set(self, name: str, value: str) -> None:
        if not value:
            self.delete(name)
            return
        try:
            self.backend.set_password(SERVICE, name, value)
        except Exception as exc:
            raise SecretStoreError(f"keyring refused to store {name}: {exc}") from exc

    def delete(self, name: str) -> None:
        import keyring.errors

        try:
            self.backend.delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored under that name
        except Exception as exc:
            raise SecretStoreError(f"keyring refused to delete {name}: {exc}") from exc


def session_bus_missing() -> bool:
    """Linux without a D-Bus session bus: no Secret Service or KWallet can answer, so the keyring
    is not even asked (asking costs more than half a second at every start)."""
    if not sys.platform.startswith("linux"):
        return False
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    return not Path(f"/run/user/{os.getuid()}/bus").exists()


def usable_keyring():
    """The keyring backend to use, or None when there is none worth the name (no backend, the
    'fail' backend, or a plain-text one, which is no better than our own 0600 file)."""
    if session_bus_missing() and not os.environ.get("PYTHON_KEYRING_BACKEND"):
        return None
    try:
        import keyring
        from keyring.backends import chainer, fail
    except Exception as exc:  # not installed, or broken
        log.debug("keyring not importable: %s", exc)
        return None
    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        log.debug("keyring has no backend: %s", exc)
        return None
    if isinstance(backend, fail.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    if "plaintext" in type(backend).__name__.lower() or "keyrings.alt" in type(backend).__module__:
        return None
    return backend


def default_store(config_dir: Path | None = None) -> KeyringStore | FileStore:
    """The keyring when there is one, else the user-only file in the config folder (with a warning)."""
    global _warned_fallback
    choice = os.environ.get("DUTY_CONSOLE_SECRETS", "").strip().lower()
    if config_dir is None:
        from console.infrastructure.settings import config_dir as settings_config_dir

        config_dir = settings_config_dir()
    file_store = FileStore(config_dir / FILE_NAME)
    if choice == "file":
        return file_store
    backend = usable_keyring()
    if backend is not None:
        return KeyringStore(backend)
    if choice == "keyring":
        raise SecretStoreError("DUTY_CONSOLE_SECRETS=keyring but no system keyring is usable here")
    if not _warned_fallback:
        _warned_fallback = True
        log.warning("no system keyring here (no Secret Service / KWallet): passwords are kept in %s, "
                    "readable by this user only, never in the settings file", file_store.path)
    return file_store


def installation_salt(store=None) -> bytes:
    """This installation's salt for name fingerprints (console/domain/redact.py): 32 random bytes,
    made and kept in the secret store the first time. Raises SecretStoreError when the store
    cannot be read or written."""
    store = store if store is not None else default_store()
    text = store.get(NAME_SALT)
    if not text:
        text = os.urandom(32).hex()
        store.set(NAME_SALT, text)
    return bytes.fromhex(text) if all(c in "0123456789abcdef" for c in text) else text.encode("utf-8")


# -- the settings file ----------------------------------------------------------------------
URL_OPTIONS = {"database.url": DATABASE_PASSWORD, "history.url": "history.password"}


def secret_option_keys() -> list[str]:
    from console.infrastructure.settings import OPTIONS

    return [o.key for o in OPTIONS if o.secret]


def split_settings(values: dict) -> tuple[dict, dict[str, str]]:
    """(values for the file, secrets): secret options emptied, URL passwords taken out. Every
    secret name is in the second dict, empty when there is none (so a removed one is deleted)."""
    out = dict(values)
    hidden: dict[str, str] = {}
    for key in secret_option_keys():
        hidden[key] = str(out.get(key) or "")
        out[key] = ""
    for key, name in URL_OPTIONS.items():
        if key in out:
            out[key], hidden[name] = split_url_password(str(out[key]))
    return out, hidden


class stored:
    """``with stored(secrets, store, config_dir): write the file`` — the secrets are set first;
    if the body fails, every secret is put back to what it was."""

    def __init__(self, secrets: dict[str, str], store=None, config_dir: Path | None = None) -> None:
        self.secrets = secrets
        self.store = store if store is not None else default_store(config_dir)
        self.previous: dict[str, str] = {}

    def __enter__(self):
        for name in self.secrets:
            self.previous[name] = self.store.get(name)
        changed = [name for name, value in self.secrets.items() if value != self.previous[name]]
        try:
            for name in changed:
                self.store.set(name, self.secrets[name])
        except BaseException:
            self._restore(changed)
            raise
        self.changed = changed
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self._restore(self.changed)

    def _restore(self, names: list[str]) -> None:
        for name in names:
            try:
                self.store.set(name, self.previous[name])
            except SecretStoreError as exc:
                log.error("could not put back the previous %s: %s", name, exc)


def load_into(settings, path: Path, store=None) -> None:
    """After the settings file is read: move any password found in it into the store (and
    rewrite the file without it), then fill the secrets in from the store."""
    try:
        store = store if store is not None else default_store(path.parent)
    except SecretStoreError as exc:
        log.error("passwords not loaded: %s", exc)
        return
    values = {o: settings[o] for o in [*secret_option_keys(), *URL_OPTIONS]}
    _, hidden = split_settings(values)
    found = {name: value for name, value in hidden.items() if value}
    if found:
        try:
            with stored(found, store):
                values_for_file, _ = settings.file_values()
                settings._write(path, values_for_file)
            log.warning("settings file %s held password(s) (%s) in plain text: moved to %s and removed from the file",
                        path, ", ".join(sorted(found)), store.where)
        except (SecretStoreError, OSError) as exc:
            log.error("settings file %s holds password(s) in plain text and they could not be moved: %s", path, exc)
            return
    try:
        for key in secret_option_keys():
            if not settings[key]:
                settings.set(key, store.get(key))
        for key, name in URL_OPTIONS.items():
            url = settings[key]
            if url and not split_url_password(url)[1]:
                settings.set(key, join_url_password(url, store.get(name)))
    except SecretStoreError as exc:
        log.error("passwords could not be read from %s: %s", store.where, exc)


# -- passwords inside URLs ------------------------------------------------------------------
def split_url_password(url: str) -> tuple[str, str]:
    """``postgresql+psycopg://duty:pw@host/db`` → (``postgresql+psycopg://duty@host/db``, ``pw``).
    A URL without a password comes back as it is, with ``""``."""
    if "://" not in url:
        return url, ""
    parts = urlsplit(url)
    if parts.password is None:
        return url, ""
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}@{hostport}")), unquote(parts.password)


def join_url_password(url: str, password: str) -> str:
    """Put ``password`` back into a URL that names a user but no password."""
    if not password or "://" not in url:
        return url
    parts = urlsplit(url)
    if parts.username is None or parts.password is not None:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{userinfo}:{quote(password, safe='')}@{hostport}"))


def camera_secret_name(enterprise: str, camera: str) -> str:
    return f"camera:{enterprise}/{camera}"


def split_url_credentials(url: str) -> tuple[str, str]:
    """``rtsp://admin:pw@cam/1`` → (``rtsp://cam/1``, ``admin:pw``) — the whole user-info part."""
    if "://" not in url:
        return url, ""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, ""
    userinfo, _, hostport = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=hostport)), userinfo


def join_url_credentials(url: str, userinfo: str) -> str:
    if not userinfo or "://" not in url:
        return url
    parts = urlsplit(url)
    if "@" in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{parts.netloc}"))


# -- camera passwords of the plant file -----------------------------------------------------
def scrub_plant_data(data: dict, store) -> int:
    """Move the user:password of every camera URL in a plant file's JSON data into ``store``;
    the data is changed in place (URLs without credentials). Returns how many were moved."""
    moved = 0
    for enterprise in data.get("enterprises", []) if isinstance(data, dict) else []:
        for camera in enterprise.get("cameras", []) if isinstance(enterprise, dict) else []:
            if not isinstance(camera, dict) or not isinstance(camera.get("url"), str):
                continue
            bare, userinfo = split_url_credentials(camera["url"])
            if userinfo:
                store.set(camera_secret_name(str(enterprise.get("code", "")), str(camera.get("code", ""))), userinfo)
                camera["url"] = bare
                moved += 1
    return moved


def fill_plant_data(data: dict, store) -> int:
    """Put the stored credentials back into the camera URLs of plant JSON data (in memory only)."""
    filled = 0
    for enterprise in data.get("enterprises", []) if isinstance(data, dict) else []:
        for camera in enterprise.get("cameras", []) if isinstance(enterprise, dict) else []:
            if not isinstance(camera, dict) or not isinstance(camera.get("url"), str) or not camera["url"]:
                continue
            userinfo = store.get(camera_secret_name(str(enterprise.get("code", "")), str(camera.get("code", ""))))
            if userinfo:
                camera["url"] = join_url_credentials(camera["url"], userinfo)
                filled += 1
    return filled


def load_plant(path: str | Path, store=None):
    """The plant registry of ``path`` with its camera credentials from the secret store. Camera
    credentials found in the file itself are moved into the store first and the file rewritten
    without them (atomically)."""
    from console.domain.plant import PlantError, PlantRegistry

    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PlantError(f"cannot read plant file {path}: {exc}") from exc
    if store is None:
        store = default_store()
    try:
        moved = scrub_plant_data(data, store)
    except SecretStoreError as exc:
        log.error("camera passwords in %s stay in the file: %s", path, exc)
        return PlantRegistry.load(path)
    if moved:
        _rewrite_json(path, data)
        log.info("moved %d camera password(s) from %s into %s", moved, path, store.where)
    fill_plant_data(data, store)
    return PlantRegistry.from_dict(data)


def scrub_plant_file(path: str | Path, store=None) -> int:
    """Move camera credentials out of a plant file (after an import wrote them there)."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    store = store or default_store()
    moved = scrub_plant_data(data, store)
    if moved:
        _rewrite_json(path, data)
        log.info("moved %d camera password(s) from %s into %s", moved, path, store.where)
    return moved


def _rewrite_json(path: Path, data: dict) -> None:
    """Atomically: a temporary file beside ``path``, then renamed over it (mode kept)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
