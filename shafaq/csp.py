"""django-csp's middleware, with the policy built once per process instead of twice
per response.

CSPMiddleware rebuilds the Content-Security-Policy string (and the empty report-only
one) from settings on every response: about a fifth of serving a cached page. The
header depends only on settings unless a page asked for a nonce or a view changed
the policy (csp.decorators), so the plain case is built once and reused; every other
case goes through django-csp unchanged.
"""

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

_PER_RESPONSE = (
    "_csp_exempt",
    "_csp_exempt_ro",
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@functools.cache
def _plain_policies() -> tuple[str, str, tuple, tuple]:
    """(policy, report-only policy, excluded prefixes of each) from settings."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
    return (
        build_policy(),
        build_policy(report_only=True),
        tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ()),
        tuple(report_only.get("EXCLUDE_URL_PREFIXES", None) or ()),
    )


class PolicyOnceCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        plain = getattr(request, "_csp_nonce", None) is None and not any(
            hasattr(response, name) for name in _PER_RESPONSE
        )
        if not plain or settings.DEBUG:
            return super().process_response(request, response)
        csp, csp_ro, excluded, excluded_ro = _plain_policies()
        path = request.path_info
        if csp and HEADER not in response and not path.startswith(excluded):
            response[HEADER] = csp
        if (
            csp_ro
            and HEADER_REPORT_ONLY not in response
            and not path.startswith(excluded_ro)
        ):
            response[HEADER_REPORT_ONLY] = csp_ro
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _settings_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _plain_policies.cache_clear()


setting_changed.connect(_settings_changed)
