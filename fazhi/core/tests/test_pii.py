import logging

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core import pii


@pytest.mark.parametrize("value", ["11010519491231002X", "440524188001010014"])  # the examples of GB 11643
def test_id_number_check_digit_accepts_real_numbers(value):
    assert pii.id_number_is_valid(value)


@pytest.mark.parametrize(
    "value",
    ["110105194912310021", "11010519491331002X", "1101051949123100", "11010519491231002Y", "", "abcdefghijklmnopqr"],
)
def test_id_number_rejects_bad_check_digit_date_or_shape(value):
    assert not pii.id_number_is_valid(value)
    with pytest.raises(ValidationError):
        pii.validate_id_number(value)


def test_id_number_lowercase_x_is_accepted():
    assert pii.id_number_is_valid("11010519491231002x")


@pytest.mark.parametrize("value", ["91350100M000100Y43", "91350100m000100y43"])
def test_uscc_accepts_valid_codes(value):
    assert pii.uscc_is_valid(value)


@pytest.mark.parametrize("value", ["91350100M000100Y44", "91350100M000100Y4", "9135010OM000100Y43", ""])
def test_uscc_rejects_wrong_check_character_or_letters(value):
    assert not pii.uscc_is_valid(value)


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_uscc_exactly_one_check_character_is_valid(prefix):
    valid = [c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if pii.uscc_is_valid(prefix[:2] + "123456" + prefix[8:] + c)]
    assert len(valid) == 1


@pytest.mark.parametrize(
    "value,expected",
    [("138 0013 8000", "13800138000"), ("+8613800138000", "13800138000"), ("021-12345678", "021-12345678")],
)
def test_phone_normalisation(value, expected):
    assert pii.normalise_phone(value) == expected
    pii.validate_phone(value)


@pytest.mark.parametrize("value", ["12800138000", "1380013800", "hello", "021-123"])
def test_phone_rejects(value):
    with pytest.raises(ValidationError) as caught:
        pii.validate_phone(value)
    assert caught.value.code == "invalid_phone"


def test_masks():
    assert pii.mask_phone("13800138000") == "138****8000"
    assert pii.mask_id_number("11010519491231002X") == "110***********002X"
    assert pii.mask_email("zhang@example.com") == "z***@example.com"
    assert pii.mask_text("上海市黄浦区南京东路100号").startswith("上海市黄浦区")
    assert "100号" not in pii.mask_text("上海市黄浦区南京东路100号")


def test_mask_in_text_and_log_filter():
    text = "请联系13800138000，身份证11010519491231002X"
    masked = pii.mask_in_text(text)
    assert "13800138000" not in masked and "11010519491231002X" not in masked
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "call %s", ("13900139000",), None)
    pii.MaskPIIFilter().filter(record)
    assert record.getMessage() == "call 139****9000"


def test_encryption_round_trip_and_blind_index():
    token = pii.encrypt("13800138000")
    assert "13800138000" not in token
    assert pii.decrypt(token) == "13800138000"
    assert pii.blind_index("13800138000") == pii.blind_index("13800138000") != pii.blind_index("13800138001")


@pytest.mark.django_db
def test_phone_is_encrypted_at_rest_and_found_by_login(demo_users):
    from django.db import connection

    citizen = demo_users["citizen"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [citizen.pk])
        stored = cursor.fetchone()[0]
    assert stored and "13800138000" not in stored
    from fazhi.accounts.models import User

    assert list(User.objects.by_login("138 0013 8000")) == [citizen]
    assert citizen.masked_phone == "138****8000"
