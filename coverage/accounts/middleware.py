"""Hold staff accounts that still owe a second factor at the door.

Placed after django-otp's OTPMiddleware (which marks a session verified once a code
was accepted). In the admin, such an account is sent to enrol or to give a code;
everywhere else (previews, the API's session writes) it counts as anonymous until
then, so a stolen password alone opens nothing.
"""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from accounts import services


def door_paths() -> tuple[str, tuple[str, ...]]:
    """The admin's root and the paths an account owing a second factor may still
    reach (give a code, sign in or out). Reversed once per URL configuration and
    script prefix, not on every request (about a fifth of a cached page's cost)."""
    return _door_paths(settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=16)
def _door_paths(root_urlconf, urlconf, prefix) -> tuple[str, tuple[str, ...]]:
    exempt = ("accounts:verify", "admin:logout", "admin:login")
    return reverse("admin:index"), tuple(reverse(name) for name in exempt)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_root, exempt = door_paths()
        if request.path.startswith(exempt):
            return self.get_response(request)
        if request.path.startswith(admin_root):
            if services.needs_second_factor(request.user):
                return self.to_second_factor(request)
            return self.get_response(request)
        user = request.user
        request.user = SimpleLazyObject(lambda: self.effective_user(user))
        return self.get_response(request)

    @staticmethod
    def effective_user(user):
        return AnonymousUser() if services.needs_second_factor(user) else user

    @staticmethod
    def to_second_factor(request):
        has_device = services.has_second_factor(request.user)
        target = reverse("accounts:verify" if has_device else "accounts:enrol")
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{target}?{query}")
