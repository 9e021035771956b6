"""Settings: declared once, saved with descriptions, loaded back; bad values fall back loudly."""

from __future__ import annotations

import logging

import pytest

from console.infrastructure.settings import OPTIONS, Settings


def test_roundtrip_with_descriptions(tmp_path):
    s = Settings()
    s.set("broker.host", "broker.plant.local")
    s.set("broker.port", 8883)
    s.set("station.name", "值班室-1")
    s.set("intake.max_future_skew_s", 60)
    path = s.save(tmp_path / "settings.toml")
    text = path.read_text(encoding="utf-8")
    for option in OPTIONS:
        assert option.description in text
    loaded = Settings.load(path)
    assert loaded["broker.host"] == "broker.plant.local" and loaded["broker.port"] == 8883
    assert loaded.station == "值班室-1" and loaded["intake.max_future_skew_s"] == 60.0


def test_wrong_types_and_unknown_keys_fall_back(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    path = tmp_path / "settings.toml"
    path.write_text('[broker]\nport = "eighteen"\ncolour = "red"\nhost = "h"\n', encoding="utf-8")
    loaded = Settings.load(path)
    assert loaded["broker.port"] == 1883 and loaded["broker.host"] == "h"
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "broker.port must be int" in messages and "unknown setting 'broker.colour'" in messages


def test_broker_url(tmp_path):
    s = Settings()
    s.apply_broker_url("mqtts://op:p%40ss@alarms.example:8884")
    assert (s["broker.host"], s["broker.port"], s["broker.username"], s["broker.password"]) == ("alarms.example", 8884, "op", "p@ss")
    assert s["broker.tls_ca"]  # TLS with the system's CA bundle
    with pytest.raises(ValueError):
        s.apply_broker_url("http://x")


def test_default_database_is_sqlite_in_the_data_dir(isolated_profile):
    url = Settings().database_url
    assert url.startswith("sqlite:///") and str(isolated_profile / "data") in url


def test_an_older_version_s_broker_defaults_in_the_file_give_way_to_the_current_ones(tmp_path):
    """A save writes every option, so each installed settings file carries reconnect_max_s = 30:
    taken as the old default, not as a choice, or the console would still wait up to 30 s."""
    path = tmp_path / "settings.toml"
    path.write_text("[broker]\nkeepalive_s = 15\nreconnect_min_s = 1\nreconnect_max_s = 30\nhost = \"plant\"\n", encoding="utf-8")
    loaded = Settings.load(path)
    assert (loaded["broker.keepalive_s"], loaded["broker.reconnect_min_s"], loaded["broker.reconnect_max_s"]) == (5, 0.5, 1.5)
    assert loaded["broker.host"] == "plant"
    path.write_text("[broker]\nreconnect_max_s = 4\n", encoding="utf-8")
    assert Settings.load(path)["broker.reconnect_max_s"] == 4.0  # a value of the site's own choosing stays
