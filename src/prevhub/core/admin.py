"""Django's admin, for administrators only; the audit log there is read-only like everywhere."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from prevhub.core.models import AuditEntry, User


@admin.register(User)
class HubUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Prevention Hub", {"fields": ("organisation", "job_title")}),
    )
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "groups", "is_active")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "username", "action", "object_type", "object_id", "source")
    list_filter = ("action", "source", "object_type")
    search_fields = ("username", "object_id", "request_id")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
