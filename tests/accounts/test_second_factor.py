"""Editors and administrators sign in with a password and a code (django-otp TOTP)."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
ENROL = "/admin/2fa/enrol/"
VERIFY = "/admin/2fa/"
CODES = "/admin/2fa/recovery-codes/"


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA = True


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or after `steps_ahead` 30-second steps)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(client, user) -> list[str]:
    """Go through enrolment as `user`; the recovery codes shown at the end."""
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(ENROL, {"code": code_for(device), "next": ADMIN})
    assert response.status_code == 200
    return re.findall(r'<code dir="ltr">([a-z2-7]{8})</code>', response.text)


def sign_in_again(client, user):
    client.logout()
    client.force_login(user)


def test_with_the_setting_off_an_editor_opens_the_admin_with_a_password_alone(
    editor_client,
):
    assert editor_client.get(ADMIN).status_code == 200


@pytest.mark.parametrize("role", ["editor", "administrator", "superuser"])
def test_with_the_setting_on_editors_and_administrators_are_sent_to_enrol(
    client, required, role, request
):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/articles/article/")

    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2Farticles%2Farticle%2F"


def test_with_the_setting_on_a_reporter_may_still_sign_in_with_a_password(
    reporter_client, required
):
    assert reporter_client.get(ADMIN).status_code == 200


def test_enrolment_shows_a_qr_code_and_the_key_then_confirms_with_a_code(
    editor_client, editor, required, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling has its own test
    page = editor_client.get(ENROL)

    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert services.secret_for_typing(device) in page.text

    wrong = editor_client.post(ENROL, {"code": "000000"})
    assert "does not match" in wrong.text
    device.refresh_from_db()
    assert not device.confirmed

    codes = enrol(editor_client, editor)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == services.RECOVERY_CODE_COUNT == len(set(codes))
    assert editor_client.get(ADMIN).status_code == 200


def test_an_enrolled_account_must_give_a_code_at_every_new_sign_in(
    editor_client, editor, required, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling has its own test
    enrol(editor_client, editor)
    sign_in_again(editor_client, editor)
    device = TOTPDevice.objects.get(user=editor)

    assert editor_client.get(ADMIN)["Location"].startswith(VERIFY)
    refused = editor_client.post(VERIFY, {"code": "123456", "next": ADMIN})
    assert "not accepted" in refused.text
    assert editor_client.get(ADMIN).status_code == 302

    accepted = editor_client.post(
        VERIFY, {"code": code_for(device, steps_ahead=1), "next": ADMIN}
    )
    assert accepted["Location"] == ADMIN
    assert editor_client.get(ADMIN).status_code == 200


def test_a_reporter_who_enrolled_of_their_own_accord_is_asked_too(
    reporter_client, reporter
):
    enrol(reporter_client, reporter)
    sign_in_again(reporter_client, reporter)

    assert reporter_client.get(ADMIN)["Location"].startswith(VERIFY)


def test_a_recovery_code_signs_in_once(editor_client, editor, required):
    first, *_ = enrol(editor_client, editor)

    sign_in_again(editor_client, editor)
    assert editor_client.post(VERIFY, {"code": first.upper()})["Location"] == ADMIN
    assert editor_client.get(ADMIN).status_code == 200

    sign_in_again(editor_client, editor)
    again = editor_client.post(VERIFY, {"code": first})
    assert again.status_code == 200
    assert "not accepted" in again.text
    assert services.recovery_codes_left(editor) == services.RECOVERY_CODE_COUNT - 1


def test_new_recovery_codes_cancel_the_old_ones(editor_client, editor, required):
    old = enrol(editor_client, editor)

    page = editor_client.post(CODES)
    new = re.findall(r'<code dir="ltr">([a-z2-7]{8})</code>', page.text)

    assert len(new) == services.RECOVERY_CODE_COUNT
    assert not set(old) & set(new)
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_a_session_that_has_not_given_its_code_cannot_enrol_another_phone(
    editor_client, editor, required
):
    enrol(editor_client, editor)
    sign_in_again(editor_client, editor)

    assert editor_client.get(ENROL)["Location"] == reverse("accounts:verify")
    assert editor_client.get(CODES)["Location"] == reverse("accounts:verify")
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_until_it_gives_its_code_a_staff_session_counts_as_anonymous_elsewhere(
    editor_client, editor, required
):
    enrol(editor_client, editor)
    sign_in_again(editor_client, editor)

    response = editor_client.post(
        "/api/v1/drafts/",
        {"headline": "A story", "language": "en"},
        content_type="application/json",
    )

    assert response.status_code in (401, 403)


def test_the_admin_password_form_still_signs_in_and_then_asks_for_the_code(
    client, editor, required
):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": editor.username, "password": "correct horse battery staple"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"{ENROL}?next=%2Fadmin%2F"
    assert 'src="data:image/svg+xml' in response.text


def test_the_next_address_never_leaves_the_site(editor_client, editor, required):
    enrol(editor_client, editor)
    sign_in_again(editor_client, editor)
    device = TOTPDevice.objects.get(user=editor)

    response = editor_client.post(
        VERIFY, {"code": code_for(device, 1), "next": "https://evil.example/"}
    )

    assert response["Location"] == ADMIN


def test_wrong_codes_make_the_next_try_wait(editor_client, editor, required):
    enrol(editor_client, editor)
    sign_in_again(editor_client, editor)
    device = TOTPDevice.objects.get(user=editor)
    editor_client.post(VERIFY, {"code": "111111"})

    response = editor_client.post(VERIFY, {"code": code_for(device, 1)})

    # django-otp's throttling: after a failure, even the right code waits a second.
    assert response.status_code == 200
    assert editor_client.get(ADMIN).status_code == 302


def test_every_admin_page_links_to_the_two_step_sign_in_page(editor_client):
    page = editor_client.get(ADMIN)

    assert f'href="{CODES}"' in page.text


def test_a_verified_account_may_move_to_a_new_phone(editor_client, editor, required):
    enrol(editor_client, editor)
    old = TOTPDevice.objects.get(user=editor)

    editor_client.get(ENROL)
    new = TOTPDevice.objects.get(user=editor, confirmed=False)
    editor_client.post(ENROL, {"code": code_for(new)})

    assert list(TOTPDevice.objects.filter(user=editor)) == [new]
    assert old.pk != new.pk


def test_the_two_step_page_counts_the_recovery_codes_left(editor_client, editor):
    first, *_ = enrol(editor_client, editor)
    sign_in_again(editor_client, editor)
    editor_client.post(VERIFY, {"code": first})

    page = editor_client.get(CODES)

    assert f"You have {services.RECOVERY_CODE_COUNT - 1} unused recovery codes." in (
        page.text
    )


def test_a_staff_member_without_a_second_factor_is_offered_enrolment(editor_client):
    assert editor_client.get(CODES)["Location"] == VERIFY
    assert editor_client.get(VERIFY)["Location"] == ENROL


def test_giving_a_code_again_once_verified_just_moves_on(editor_client, editor):
    enrol(editor_client, editor)

    assert editor_client.get(f"{VERIFY}?next=/admin/articles/")["Location"] == (
        "/admin/articles/"
    )
