"""Passwords are hashed with Argon2 (issue 2 item 6)."""

from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from jiuzhu import settings as production_settings


def test_production_hashes_passwords_with_argon2():
    assert production_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hash_verifies_and_names_its_algorithm(settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    encoded = make_password("救助-2026")
    assert encoded.startswith("argon2$argon2id$")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert check_password("救助-2026", encoded)
    assert not check_password("wrong", encoded)
