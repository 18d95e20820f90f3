"""Pseudonyms are keyed, stable and channel-specific; production refuses to run without its key."""
from __future__ import annotations

import pytest

from bot.conversation.privacy import pseudonymise_sender
from bot.settings import get_settings
from bot.store.sealing import Sealer, new_key

# Computed outside Python, once, with the key b"k" * 32:
#   printf 'whatsapp:212600000001' | openssl dgst -sha256 -mac HMAC -macopt key:kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
# and kept to its first 40 hex digits, after the channel's first two letters.
KNOWN_PSEUDONYMS = [
    ("whatsapp", "212600000001", "wh_d50475cd0dd6479d80d4bc52a4e89c67b38562a1"),
    ("telegram", "5550001111", "te_f948e8c5a43af540f9eef596f4873314dfed42db"),
]


@pytest.mark.parametrize("channel, sender, pseudonym", KNOWN_PSEUDONYMS)
def test_pseudonym_is_the_keyed_hash_of_channel_and_sender(channel: str, sender: str, pseudonym: str) -> None:
    # Fixed values, not a second call: a pseudonym that changed would split every stored conversation in two.
    assert pseudonymise_sender(channel, sender, b"k" * 32) == pseudonym


def test_pseudonym_is_stable_keyed_and_does_not_contain_the_number() -> None:
    key = b"k" * 32
    first = pseudonymise_sender("whatsapp", "212600000001", key)
    assert first == pseudonymise_sender("whatsapp", "212600000001", key) == KNOWN_PSEUDONYMS[0][2]
    assert "212600000001" not in first and "600000001" not in first
    assert first != pseudonymise_sender("whatsapp", "212600000002", key)
    assert first != pseudonymise_sender("whatsapp", "212600000001", b"x" * 32)
    assert first != pseudonymise_sender("telegram", "212600000001", key)


def test_trial_generates_and_keeps_a_key(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMANE_DATA_DIR", str(tmp_path))
    key = get_settings().pseudonym_key
    get_settings.cache_clear()
    assert get_settings().pseudonym_key == key and len(key) == 64
    assert oct((tmp_path / "amane_pseudonym_key.key").stat().st_mode & 0o777) == "0o600"


def test_production_requires_the_pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMANE_ENV", "production")
    with pytest.raises(RuntimeError, match="AMANE_PSEUDONYM_KEY"):
        get_settings()
    monkeypatch.setenv("AMANE_PSEUDONYM_KEY", "a-secret")
    get_settings.cache_clear()
    with pytest.raises(RuntimeError, match="AMANE_SEALING_KEYS"):
        get_settings()
    monkeypatch.setenv("AMANE_SEALING_KEYS", new_key().decode())
    get_settings.cache_clear()
    assert get_settings().pseudonym_key == b"a-secret"


def test_sealed_values_open_after_key_rotation_and_not_with_a_wrong_key() -> None:
    old, new = new_key(), new_key()
    sealed_with_old = Sealer([old]).seal("212600000001")
    assert "212600000001" not in sealed_with_old
    rotated = Sealer([new, old])
    assert rotated.open(sealed_with_old) == "212600000001"
    resealed = rotated.reseal(sealed_with_old)
    assert Sealer([new]).open(resealed) == "212600000001"
    with pytest.raises(ValueError):
        Sealer([new_key()]).open(sealed_with_old)
