"""Personal information: validation, masking and encryption at rest (PIPL 个人信息保护法).

* Resident ID numbers are checked against GB 11643 (ISO 7064 MOD 11-2 check digit, real birth date).
* Unified social credit codes are checked against GB 32100 (MOD 31 check character).
* Phone numbers: mainland mobile numbers and fixed lines with area code.
* :class:`EncryptedCharField` stores Fernet tokens; :func:`blind_index` gives an HMAC so that an encrypted value
  can still be looked up by equality (log in with a phone number) without decrypting every row.
* Every mask function keeps just enough to recognise one's own data (``138****5678``).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import re
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# --- validation -------------------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def id_number_is_valid(value: str) -> bool:
    """GB 11643-1999: 6-digit area, 8-digit birth date, 3-digit sequence, MOD 11-2 check character."""
    value = (value or "").strip().upper()
    if not _ID_RE.match(value):
        return False
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not datetime.date(1850, 1, 1) <= birth <= datetime.date.today():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def validate_id_number(value: str) -> None:
    if not id_number_is_valid(value):
        raise ValidationError(
            _("Enter a valid 18-character resident ID number (the check digit or birth date is wrong)."),
            code="invalid_id_number",
        )


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 excludes I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def uscc_is_valid(value: str) -> bool:
    """GB 32100-2015 unified social credit code: 18 characters, MOD 31 check character."""
    value = (value or "").strip().upper()
    if not _USCC_RE.match(value):
        return False
    total = sum(_USCC_CHARS.index(char) * weight for char, weight in zip(value[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31] == value[17]


def validate_uscc(value: str) -> None:
    if not uscc_is_valid(value):
        raise ValidationError(
            _("Enter a valid 18-character unified social credit code (the check character is wrong)."),
            code="invalid_uscc",
        )


_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_FIXED_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalise_phone(value: str) -> str:
    """Strip spaces, dashes of mobiles and a +86 prefix, so that one number has one spelling."""
    value = re.sub(r"[\s()（）]", "", value or "")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    if _MOBILE_RE.match(value.replace("-", "")):
        return value.replace("-", "")
    return value


def validate_phone(value: str) -> None:
    value = normalise_phone(value)
    if not (_MOBILE_RE.match(value) or _FIXED_RE.match(value)):
        raise ValidationError(
            _("Enter a mainland mobile number (11 digits starting with 1) or a fixed line with its area code."),
            code="invalid_phone",
        )


# --- masking ----------------------------------------------------------------------------------------------------


def mask_phone(value: str | None) -> str:
    value = value or ""
    if len(value) >= 11:
        return f"{value[:3]}****{value[-4:]}"
    return value[:2] + "*" * max(len(value) - 2, 0)


def mask_id_number(value: str | None) -> str:
    value = value or ""
    return f"{value[:3]}{'*' * 11}{value[-4:]}" if len(value) == 18 else "*" * len(value)


def mask_email(value: str | None) -> str:
    value = value or ""
    name, _sep, domain = value.partition("@")
    return f"{name[:1]}***@{domain}" if domain else mask_text(value)


def mask_text(value: str | None) -> str:
    """Addresses and names: keep the first characters (a district, a surname), hide the rest."""
    value = value or ""
    keep = min(6, len(value) // 2)
    return value[:keep] + "*" * min(len(value) - keep, 8)


MASKERS = {"phone": mask_phone, "id_number": mask_id_number, "email": mask_email, "text": mask_text}

_PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_ID_IN_TEXT = re.compile(r"(?<![\dA-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![\dA-Za-z])")


def mask_in_text(text: str) -> str:
    """Mask phone and ID numbers that appear inside free text (log lines, exports of free-text fields)."""
    return _PHONE_IN_TEXT.sub(r"\1****\2", _ID_IN_TEXT.sub(r"\1***********\2", text))


class MaskPIIFilter(logging.Filter):
    """Logging filter: no phone or ID number reaches a log file in clear."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_in_text(record.msg)
        if record.args:
            record.args = tuple(mask_in_text(a) if isinstance(a, str) else a for a in record.args)
        return True


# --- encryption at rest -----------------------------------------------------------------------------------------


@cache
def _fernet() -> MultiFernet:
    return MultiFernet(
        [Fernet(key.encode() if isinstance(key, str) else key) for key in settings.FIELD_ENCRYPTION_KEYS]
    )


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a wrong or rotated-away key must not pass silently
        raise ValueError("cannot decrypt a protected field: check FIELD_ENCRYPTION_KEYS") from exc


def blind_index(value: str) -> str:
    """Deterministic keyed hash for equality lookups of an encrypted value."""
    return hmac.new(settings.BLIND_INDEX_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """A text value stored encrypted (Fernet); reads give plain text, the database and backups see only tokens.

    ``mask`` names the masker used wherever the value is shown in a list, an export or the audit trail.
    """

    def __init__(self, *args: Any, mask: str = "text", **kwargs: Any):
        self.mask = mask
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[Any, ...]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["mask"] = self.mask
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def masked(self, value: str | None) -> str:
        return MASKERS[self.mask](value)
