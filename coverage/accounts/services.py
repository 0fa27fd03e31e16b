"""The second factor for staff, on django-otp's TOTP and static-token devices.

A staff account may hold one confirmed TOTP device (an authenticator app: RFC 6238,
6 digits, 30-second steps, SHA-1, as every common app expects) and one static device
whose tokens are its single-use recovery codes. With settings.REQUIRE_2FA on, editors
and administrators must enrol before the admin opens; anyone who has enrolled is
asked for a code at every sign-in, whatever the setting.
"""

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.permissions import is_editor

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def must_enrol(user) -> bool:
    """True when the setting makes a second factor compulsory for this account."""
    return bool(settings.REQUIRE_2FA) and user.is_staff and is_editor(user)


def needs_second_factor(user) -> bool:
    """A signed-in staff account that must show a code before it counts as signed in."""
    if not (user.is_authenticated and user.is_staff) or user.is_verified():
        return False
    return must_enrol(user) or has_second_factor(user)


def has_second_factor(user) -> bool:
    """The account can prove itself: a confirmed app or an unused recovery code."""
    return has_authenticator(user) or recovery_codes_left(user) > 0


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per account, made on first visit)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, confirmed=False
        )
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URI as an SVG QR code in a data: URI (CSP allows data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


def secret_for_typing(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for apps without a camera."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def confirm_authenticator(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with a code from the app; the new recovery codes, or None."""
    if not device.verify_token(_clean(token)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(
        pk=device.pk
    ).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the account's recovery codes with RECOVERY_CODE_COUNT fresh ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, token: str):
    """The device that accepts `token` (an app code or an unused recovery code), or None.

    Each device counts failures and makes the caller wait longer after each one
    (django-otp's throttling); a recovery code is used up when it is accepted.
    """
    token = _clean(token)
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def _clean(token: str) -> str:
    return "".join((token or "").split()).lower()
