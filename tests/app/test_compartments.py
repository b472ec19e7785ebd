"""The compartment primitives (issue 13, items 2-3): field envelopes bound to their record
and field, and keys delivered to an account without its password."""
from __future__ import annotations

import pytest

from app.security.compartments import (SealedFieldError, deliver_key, is_sealed, new_account_keypair,
                                       new_compartment_key, open_field, receive_key, seal_field, sealed_version)


def test_a_sealed_field_opens_only_with_its_key_record_and_field():
    key = new_compartment_key()
    stored = seal_field(key, 3, "member", "phone", "rec-1", "010-1234-5678")
    assert is_sealed(stored) and "010" not in stored and sealed_version(stored) == 3
    assert open_field(key, "member", "phone", "rec-1", stored) == "010-1234-5678"
    for args in ((new_compartment_key(), "member", "phone", "rec-1"),  # another key (a re-keyed compartment)
                 (key, "member", "phone", "rec-2"),                     # copied into another record
                 (key, "member", "note", "rec-1")):                     # or into another field
        with pytest.raises(SealedFieldError):
            open_field(*args, stored)
    tampered = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
    with pytest.raises(SealedFieldError):
        open_field(key, "member", "phone", "rec-1", tampered)
    with pytest.raises(SealedFieldError):
        open_field(key, "member", "phone", "rec-1", "010-1234-5678")  # plaintext is not accepted as sealed


def test_none_stays_none_and_equal_values_seal_differently():
    key = new_compartment_key()
    assert seal_field(key, 1, "member", "phone", "r", None) is None
    assert open_field(key, "member", "phone", "r", None) is None
    assert seal_field(key, 1, "member", "phone", "r", "x") != seal_field(key, 1, "member", "phone", "r", "x")


def test_a_key_is_delivered_to_one_account_without_its_password():
    kim, lee = new_account_keypair(), new_account_keypair()
    key = new_compartment_key()
    box = deliver_key(kim.public, key)
    assert receive_key(kim.private, box) == key
    with pytest.raises(SealedFieldError):
        receive_key(lee.private, box)
