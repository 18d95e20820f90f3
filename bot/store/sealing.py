"""Authenticated encryption of what must be stored but never readable in a dump: reply addresses, queued texts.

Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`. Several keys may be configured, newest first:
new data is sealed with the first, and data sealed with an older key still opens, which is how keys rotate.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class Sealer:
    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise ValueError("at least one sealing key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def seal(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except InvalidToken as error:
            raise ValueError("sealed value cannot be opened with the configured keys") from error

    def reseal(self, sealed: str) -> str:
        """Re-encrypt under the newest key (key rotation)."""
        return self._fernet.rotate(sealed.encode("ascii")).decode("ascii")


@functools.cache
def sealer_for(keys: tuple[bytes, ...]) -> Sealer:
    return Sealer(keys)


def new_key() -> bytes:
    return Fernet.generate_key()


__all__ = ["Sealer", "sealer_for", "new_key", "InvalidToken"]
