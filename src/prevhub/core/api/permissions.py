"""API permission: signed in, and second factor verified for session callers who owe one."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from prevhub.core.middleware import two_factor_target


class HubAPIPermission(BasePermission):
    message = "Authentication credentials were not provided or are not valid."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.auth is None and two_factor_target(user) is not None:
            self.message = "Verify your second factor in the web interface first."
            return False
        return True
