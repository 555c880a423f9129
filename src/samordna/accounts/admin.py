from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from samordna.accounts.models import ApiToken, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0


@admin.register(User)
class SamordnaUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["digest", "prefix"]
