"""Development secrets that are generated on first use and kept in var/, never committed."""

import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def local_secret(path: Path, *, kind: str) -> str:
    """Return the secret stored at ``path``, creating it (mode 0600) the first time."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = Fernet.generate_key().decode() if kind == "fernet" else secrets.token_urlsafe(50)
    path.touch(mode=0o600)
    path.write_text(value)
    return value
