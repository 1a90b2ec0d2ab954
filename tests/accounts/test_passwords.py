"""The rules a new password must meet, and hashing."""

import pytest

from exchange.accounts.passwords import MIN_LENGTH, hash_password, password_problem, verify_password


@pytest.mark.parametrize(
    "password", ["maple river lantern", "Tr0ub4dor&3xyz", "x" * 3 + "correct horse"]
)
def test_password_problem_accepts_long_uncommon_passwords(password):
    assert password_problem(password, email="omar@example.edu", name="Omar Farouk") is None


def test_password_problem_refuses_short():
    assert password_problem("a" * (MIN_LENGTH - 5) + "bcde") == "Use at least 12 characters."
    assert password_problem("abcdefghijk") == "Use at least 12 characters."


@pytest.mark.parametrize(
    "password", ["password1234", "PASSWORD1234", "qwertyuiop12", "abababababab"]
)
def test_password_problem_refuses_common_or_repetitive(password):
    assert password_problem(password) == (
        "This password is too common; choose one that is harder to guess."
    )


def test_password_problem_refuses_the_email_local_part():
    assert password_problem("xx-omar.farouk-xx", email="omar.farouk@example.edu") == (
        "The password must not contain your e-mail address."
    )


def test_password_problem_refuses_the_name():
    assert password_problem("Omar Al Farouk", name="Omar Al Farouk") == (
        "The password must not be your name."
    )


def test_verify_password_matches_only_the_right_password():
    stored = hash_password("maple river lantern")
    assert verify_password(stored, "maple river lantern") is True
    assert verify_password(stored, "maple river lanterns") is False
    assert verify_password(None, "anything at all") is False
    assert verify_password("not-a-hash", "anything at all") is False
