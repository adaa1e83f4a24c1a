"""Forms for platform records: a user's organisation, roles and standing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Group

from prevhub.core import roles
from prevhub.core.models import User


class UserForm(forms.ModelForm):
    """What an administrator changes about a user (passwords are the user's own business)."""

    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.filter(name__in=roles.ROLE_SLUGS).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles",
        help_text="Partner organisations' users see only what is shared with them, whatever "
        "their role.",
    )

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "job_title",
            "organisation",
            "groups",
            "is_active",
        ]
        labels = {"is_active": "Account active (untick to stop the user signing in)"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        organisation, groups = data.get("organisation"), data.get("groups") or []
        is_admin = any(g.name == roles.ADMIN for g in groups)
        if is_admin and (organisation is None or not organisation.is_force):
            self.add_error("groups", roles.ADMIN_ROLE_FOR_PARTNER)
        return data
