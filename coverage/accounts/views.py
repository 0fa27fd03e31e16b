"""Enrol an authenticator app, give a code at sign-in, replace recovery codes."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from accounts import services
from accounts.forms import CodeForm


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _render(request, template, **context):
    context = {
        **admin.site.each_context(request),
        "next": _next_url(request),
        # Every link in the sidebar would lead back here until a code is given.
        "is_nav_sidebar_enabled": False,
        **context,
    }
    return render(request, template, context)


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
def verify(request):
    if not services.has_second_factor(request.user):
        return redirect("accounts:enrol")
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = services.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _("That code was not accepted. Wait for the next one and try again."),
        )
    return _render(
        request, "accounts/verify.html", form=form, title=_("Two-step sign-in")
    )


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
def enrol(request):
    # Once an account has a second factor, only a session that proved it may
    # enrol another: a stolen password must not be enough to swap the phone.
    if services.has_second_factor(request.user) and not request.user.is_verified():
        return redirect("accounts:verify")
    device = services.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = services.confirm_authenticator(device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return _render(
                request,
                "accounts/recovery_codes.html",
                codes=codes,
                title=_("Your recovery codes"),
            )
        form.add_error(
            "code",
            _(
                "That code does not match. Check the clock on your phone and "
                "enter the code the app shows now."
            ),
        )
    return _render(
        request,
        "accounts/enrol.html",
        form=form,
        qr_code=services.qr_code_data_uri(device),
        secret=services.secret_for_typing(device),
        title=_("Set up two-step sign-in"),
    )


@never_cache
@staff_member_required
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect("accounts:verify")
    codes = None
    if request.method == "POST":
        codes = services.new_recovery_codes(request.user)
    return _render(
        request,
        "accounts/recovery_codes.html",
        codes=codes,
        codes_left=services.recovery_codes_left(request.user),
        title=_("Two-step sign-in"),
    )
