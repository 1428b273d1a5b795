"""Tiny images of each accepted format: their signature and a little more."""

import hashlib

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64, 160))
WEBP = b"RIFF" + (4 + 64).to_bytes(4, "little") + b"WEBPVP8 " + bytes(64)
GIF = b"GIF89a" + bytes(32)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
