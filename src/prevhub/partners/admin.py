from django.contrib import admin

from prevhub.partners.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "active")
    prepopulated_fields = {"slug": ("name",)}
