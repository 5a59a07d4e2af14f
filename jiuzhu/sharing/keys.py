"""This installation's sharing identity: its name and its two private keys (R-SHARE-02/03).

Keys come from the environment (docs/sharing.md):
  SHARING_NAME            the unit name counterparts know this system by (default: 本系统)
  SHARING_SIGNING_KEY     Ed25519 private key, 32 bytes, base64 (signs every file and message)
  SHARING_ENCRYPTION_KEY  X25519 private key, 32 bytes, base64 (files to this system are encrypted to it)
  SHARING_CIPHER          the algorithm suite; only "x25519-aes256gcm-ed25519" is built in (国密 SM2/SM4 is
                          a setting for a province that requires it, not yet implemented: refused clearly)
Without the keys (a demo or a developer machine) both are derived from SECRET_KEY, which is fine for a
single machine and wrong for production: `jiuzhu exchange keys` prints a fresh pair to put in the
environment, and the public halves to give to counterparts.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

CIPHER = "x25519-aes256gcm-ed25519"
SUPPORTED_CIPHERS = (CIPHER,)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _raw_public(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class Identity:
    name: str
    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey

    @property
    def signing_public(self) -> str:
        return b64(_raw_public(self.signing))

    @property
    def encryption_public(self) -> str:
        return b64(_raw_public(self.encryption))

    @classmethod
    def from_seeds(cls, name: str, signing_seed: bytes, encryption_seed: bytes) -> Identity:
        return cls(
            name,
            Ed25519PrivateKey.from_private_bytes(signing_seed),
            X25519PrivateKey.from_private_bytes(encryption_seed),
        )

    @classmethod
    def generate(cls, name: str) -> Identity:
        return cls(name, Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    def private_seeds(self) -> tuple[str, str]:
        raw = (serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        return b64(self.signing.private_bytes(*raw)), b64(self.encryption.private_bytes(*raw))


def cipher() -> str:
    name = os.environ.get("SHARING_CIPHER", CIPHER)
    if name not in SUPPORTED_CIPHERS:
        raise RuntimeError(
            f"不支持的加密算法设置 SHARING_CIPHER={name}（支持：{'、'.join(SUPPORTED_CIPHERS)}）"
        )
    return name


def local_identity() -> Identity:
    from django.conf import settings

    name = os.environ.get("SHARING_NAME", "本系统")
    sign, enc = os.environ.get("SHARING_SIGNING_KEY"), os.environ.get("SHARING_ENCRYPTION_KEY")
    if sign and enc:
        return Identity.from_seeds(name, unb64(sign), unb64(enc))
    secret = settings.SECRET_KEY.encode()
    return Identity.from_seeds(
        name,
        hashlib.sha256(b"jiuzhu-sharing-sign|" + secret).digest(),
        hashlib.sha256(b"jiuzhu-sharing-encrypt|" + secret).digest(),
    )
