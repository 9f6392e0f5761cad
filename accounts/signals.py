"""Security events that Django announces itself (issue 16, layer 16): a sign-in and a failed
one (``user_logged_in``, ``user_login_failed``), changes of an account's e-mail address or
role wherever they are made (the admin, a command), of its groups (``m2m_changed``) and of its
organisations (a ``Membership`` row). The portal's own actions (two-factor sign-in, tokens,
password changes) record theirs in ``accounts.services`` and the views that have the request.
These receivers write the audit log only: no business logic hangs on them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice

from wsis_portal.models import record

from . import services

#: Account fields whose change is a security event, and its action.
WATCHED_FIELDS = {
    "email": "accounts.email.changed",
    "is_staff": "accounts.role.changed",
    "is_superuser": "accounts.role.changed",
    "is_active": "accounts.role.changed",
}


def signed_in(sender, request, user, **kwargs):
    device = getattr(user, "otp_device", None)
    after = None
    if device is not None:
        kind = "recovery_code" if isinstance(device, StaticDevice) else "authenticator"
        after = {"second_factor": kind}
    record("accounts.signed_in", user, actor=user, request=request, after=after)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    services.record_sign_in_failure(request, credentials.get("username", ""))


def remember_watched_fields(sender, instance, update_fields=None, **kwargs):
    """Before an account is saved: its watched fields as they were (when they may change)."""
    watched = WATCHED_FIELDS.keys()
    if instance.pk is None or (update_fields is not None and not set(update_fields) & watched):
        instance._security_before = None
        return
    instance._security_before = (
        sender._default_manager.filter(pk=instance.pk).values(*watched).first()
    )


def record_watched_changes(sender, instance, created, **kwargs):
    before = getattr(instance, "_security_before", None)
    if created or not before:
        return
    changed = {}
    for field, action in WATCHED_FIELDS.items():
        if before[field] != getattr(instance, field):
            changed.setdefault(action, ({}, {}))
            changed[action][0][field] = before[field]
            changed[action][1][field] = getattr(instance, field)
    for action, (old, new) in changed.items():
        record(action, instance, before=old, after=new)


def record_group_change(sender, instance, action, reverse, pk_set, **kwargs):
    """``user.groups`` or ``group.user_set`` changed: one event per account."""
    if action == "pre_clear":
        # Which groups (or accounts) a clear removes, before they are gone.
        related = instance.user_set if reverse else instance.groups
        instance._security_cleared = set(related.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = instance.__dict__.pop("_security_cleared", set()) if action == "post_clear" else pk_set
    if not pks:
        return
    verb = "added" if action == "post_add" else "removed"
    if reverse:
        names, users = [instance.name], get_user_model()._default_manager.filter(pk__in=pks)
    else:
        names = sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
        users = [instance]
    for user in users:
        record("accounts.groups.changed", user, after={verb: names})


def record_membership_added(sender, instance, created, **kwargs):
    if created:
        record(
            "accounts.membership.changed",
            instance.user,
            after={"added": [instance.organization.acronym]},
        )


def record_membership_removed(sender, instance, **kwargs):
    record(
        "accounts.membership.changed",
        instance.user,
        after={"removed": [instance.organization.acronym]},
    )


def connect():
    from django.contrib.auth.signals import user_logged_in, user_login_failed
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    from actionlines.models import Membership

    user_model = get_user_model()
    user_logged_in.connect(signed_in, dispatch_uid="security-signed-in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="security-sign-in-failed")
    pre_save.connect(remember_watched_fields, sender=user_model, dispatch_uid="security-before")
    post_save.connect(record_watched_changes, sender=user_model, dispatch_uid="security-after")
    m2m_changed.connect(
        record_group_change, sender=user_model.groups.through, dispatch_uid="security-groups"
    )
    post_save.connect(record_membership_added, sender=Membership, dispatch_uid="security-member")
    post_delete.connect(
        record_membership_removed, sender=Membership, dispatch_uid="security-ex-member"
    )
