"""Signed, encrypted batches (R-SHARE-02/03): the envelope around an exchange document. No Django.

    {"format": "jiuzhu-exchange-envelope", "version": 1, "cipher": "x25519-aes256gcm-ed25519",
     "sender": "...", "recipient": "...", "batch_id": "...", "kind": "query", "record_count": 2,
     "ephemeral_key": "<b64 X25519>", "nonce": "<b64 12 bytes>", "ciphertext": "<b64>",
     "ciphertext_sha256": "<hex>", "signature": "<b64 Ed25519>"}

Encryption: an ephemeral X25519 key agreed with the recipient's public key, HKDF-SHA256 (info names the
format and the batch ID) to a 256-bit AES-GCM key; the header fields are the associated data, so a header
changed after sealing does not decrypt. Signature: the sender's Ed25519 key over the canonical JSON of every
field but the signature. Opening checks, in order, and refuses the whole file at the first failure:
well-formed (not truncated) -> format and cipher -> sender known -> addressed to us -> checksum ->
signature -> decryption (our key) -> the document inside (exchange.parse) agrees with the header.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import exchange
from .keys import CIPHER, Identity, b64, cipher, unb64

FORMAT = "jiuzhu-exchange-envelope"
VERSION = 1
AAD_FIELDS = ("format", "version", "cipher", "sender", "recipient", "batch_id", "kind", "record_count")


class EnvelopeError(ValueError):
    """Why a file or message was refused (shown to users as is). Nothing has been imported."""


def _key(shared: bytes, batch_id: str) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"{FORMAT}/{VERSION}|{batch_id}".encode()
    )
    return hkdf.derive(shared)


def _aad(env: dict) -> bytes:
    return exchange.canonical({k: env[k] for k in AAD_FIELDS})


def _signed_part(env: dict) -> bytes:
    return exchange.canonical({k: v for k, v in env.items() if k != "signature"})


def seal(doc: dict, sender: Identity, recipient_name: str, recipient_encryption_key: str) -> bytes:
    """The file (or HTTP body) carrying `doc` (an exchange document as a dict) to the recipient."""
    env = {
        "format": FORMAT,
        "version": VERSION,
        "cipher": cipher(),
        "sender": sender.name,
        "recipient": recipient_name,
        "batch_id": doc["batch_id"],
        "kind": doc["kind"],
        "record_count": doc["record_count"],
    }
    eph = X25519PrivateKey.generate()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(unb64(recipient_encryption_key)))
    nonce = os.urandom(12)
    ciphertext = AESGCM(_key(shared, doc["batch_id"])).encrypt(nonce, exchange.canonical(doc), _aad(env))
    env["ephemeral_key"] = b64(eph.public_key().public_bytes_raw())
    env["nonce"] = b64(nonce)
    env["ciphertext"] = b64(ciphertext)
    env["ciphertext_sha256"] = hashlib.sha256(ciphertext).hexdigest()
    env["signature"] = b64(sender.signing.sign(_signed_part(env)))
    return json.dumps(env, ensure_ascii=False, indent=1).encode("utf-8")


def peek(data: bytes) -> dict:
    """The envelope's header, parsed but not trusted (to find the sender and the batch)."""
    try:
        env = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EnvelopeError("文件不完整或不是交换文件（可能被截断或损坏）") from None
    need = (*AAD_FIELDS, "ephemeral_key", "nonce", "ciphertext", "ciphertext_sha256", "signature")
    if not isinstance(env, dict) or any(k not in env for k in need):
        raise EnvelopeError("文件不完整或不是交换文件（缺少文件头字段）")
    if env["format"] != FORMAT or env["version"] != VERSION:
        raise EnvelopeError(f"不支持的文件格式或版本（{env['format']} {env['version']}）")
    if env["cipher"] != CIPHER:
        raise EnvelopeError(f"不支持的加密算法 {env['cipher']}")
    return env


def open_(data: bytes, local: Identity, sender_signing_key: Callable[[str], str | None]) -> exchange.Document:
    """Check and decrypt a file or message for this system. EnvelopeError / exchange.FormatError else."""
    env = peek(data)
    signing_key = sender_signing_key(env["sender"])
    if not signing_key:
        raise EnvelopeError(f"发件单位“{env['sender']}”未登记为对接单位，文件不予导入")
    if env["recipient"] != local.name:
        raise EnvelopeError(f"文件是发给“{env['recipient']}”的，不是发给本单位（{local.name}）的")
    try:
        ciphertext = unb64(env["ciphertext"])
        nonce, eph = unb64(env["nonce"]), unb64(env["ephemeral_key"])
        signature = unb64(env["signature"])
    except ValueError:
        raise EnvelopeError("文件内容损坏（编码无效）") from None
    if hashlib.sha256(ciphertext).hexdigest() != env["ciphertext_sha256"]:
        raise EnvelopeError("文件校验值不符：文件被截断或改动")
    try:
        Ed25519PublicKey.from_public_bytes(unb64(signing_key)).verify(signature, _signed_part(env))
    except (InvalidSignature, ValueError):
        raise EnvelopeError("签名无效：文件被改动，或不是对接单位用其登记的密钥签发的") from None
    try:
        shared = local.encryption.exchange(X25519PublicKey.from_public_bytes(eph))
        plain = AESGCM(_key(shared, env["batch_id"])).decrypt(nonce, ciphertext, _aad(env))
    except (InvalidTag, ValueError):
        raise EnvelopeError("无法解密：密钥不符（文件不是用本单位登记的加密公钥加密的）") from None
    try:
        inner = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EnvelopeError("文件内容损坏（解密后不是交换文件）") from None
    doc = exchange.parse(inner)
    same = (
        doc.batch_id == env["batch_id"]
        and doc.kind == env["kind"]
        and doc.sender == env["sender"]
        and doc.recipient == env["recipient"]
        and len(doc.records) == env["record_count"]
    )
    if not same:
        raise EnvelopeError("文件头与文件内容不符（批次号、类别、单位或记录数）")
    return doc
