"""The admin, behind the portal's sign-in: staff sign in where everyone does (its limits, its
two-factor step), and a staff session that has not passed two-factor sign-in is sent to it."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse

from .permissions import is_verified, two_factor_redirect, with_next


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and is_verified(request)

    def login(self, request, extra_context=None):
        """No password form of its own: the portal's sign-in, then back to the admin."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        if self.has_permission(request):
            return redirect(next_url)
        if request.user.is_staff and (response := two_factor_redirect(request, next_url)):
            return response
        return redirect(with_next("login", next_url))
