from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy, gettext_noop

from stocktaking.permissions import moderators_without_email

from .models import AuditEvent

# Texts of Django's admin templates (5.2) that Django's own Arabic and Chinese catalogues do
# not translate yet: the portal's catalogues do, ahead of Django's.
gettext_noop("Model name")
gettext_noop("Add link")
gettext_noop("Change or view list link")


class AccountFilter(admin.SimpleListFilter):
    """The account an event is about (security events) or who acted, whichever matches."""

    title = gettext_lazy("account")
    parameter_name = "account"

    def lookups(self, request, model_admin):
        users = get_user_model()._default_manager.order_by("username")
        return [(str(user.pk), user.get_username()) for user in users[:500]]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        about = Q(object_type=get_user_model()._meta.label_lower, object_id=self.value())
        return queryset.filter(about | Q(actor_id=int(self.value())))


class SecurityEventFilter(admin.SimpleListFilter):
    """Account security events (``accounts.*``) only, or one kind of them."""

    title = gettext_lazy("security event")
    parameter_name = "security"

    def lookups(self, request, model_admin):
        from accounts.templatetags.accounts_tags import EVENT_LABELS

        return [("all", gettext_lazy("All security events")), *EVENT_LABELS.items()]

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset.filter(action__startswith="accounts.")
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


class AddressFilter(admin.SimpleListFilter):
    """Events from one client address (the list's links fill it in)."""

    title = gettext_lazy("address")
    parameter_name = "address"

    def lookups(self, request, model_admin):
        recent = (
            AuditEvent.objects.exclude(address="")
            .order_by("-created_at")
            .values_list("address", flat=True)[:200]
        )
        return [(address, address) for address in dict.fromkeys(recent)]

    def queryset(self, request, queryset):
        return queryset.filter(address=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "object_repr", "actor", "address", "user_agent"]
    list_filter = [SecurityEventFilter, AccountFilter, AddressFilter, "action", "object_type"]
    search_fields = ["action", "object_repr", "reason", "address", "user_agent"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


_NOT_TOLD = gettext_lazy(
    "This moderator has no e-mail address and is never told of new submissions."
)


class ModeratorWithoutEmailFilter(admin.SimpleListFilter):
    title = gettext_lazy("moderation e-mail")
    parameter_name = "moderator_email"

    def lookups(self, request, model_admin):
        return [("missing", gettext_lazy("Moderators without an e-mail address"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(pk__in=moderators_without_email().values("pk"))
        return queryset


class PortalUserAdmin(UserAdmin):
    """Django's user admin, which also asks for an e-mail address when adding a user and flags
    a moderator without one: such a moderator is never told of a new submission (issue 18,
    defect 7)."""

    # Django's own, with the e-mail address after the user name.
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = (*UserAdmin.list_display, "moderation_email")
    list_filter = (*UserAdmin.list_filter, ModeratorWithoutEmailFilter)

    def get_queryset(self, request):
        without = moderators_without_email().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(moderator_without_email=Exists(without))

    @admin.display(description=gettext_lazy("Moderation e-mail"))
    def moderation_email(self, user):
        return _NOT_TOLD if user.moderator_without_email else ""

    def _warn_if_not_told(self, request, user):
        if user is not None and moderators_without_email().filter(pk=user.pk).exists():
            messages.warning(request, _NOT_TOLD)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self._warn_if_not_told(request, self.get_object(request, object_id))
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # the groups are saved here
        self._warn_if_not_told(request, form.instance)


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), PortalUserAdmin)
