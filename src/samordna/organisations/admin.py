from django.contrib import admin

from samordna.organisations.models import Forbund, Municipality, Organisation


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county_name"]
    search_fields = ["code", "name"]


@admin.register(Forbund)
class ForbundAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_number"]
    filter_horizontal = ["municipalities"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation_number", "forbund"]
    list_filter = ["forbund", "kind"]
