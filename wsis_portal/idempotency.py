"""Requests that act once: a form sent twice by a double click, an API request retried.

No well-kept library covers both (django-idempotency-key stops at Django 4.2; the DRF ones are
a few months old and know nothing of forms), so the portal keeps one small model,
``IdempotencyKey``, and two users of it:

- ``claim`` runs inside the transaction that does the work. It writes the key's row; a second
  request with the same key blocks on the row's unique index until the first commits, then
  finds the row and what the first did (``object_id``, ``response``). A first request that
  fails rolls its row back with everything else, so the key can be used again.
- ``idempotent_create`` wraps an API viewset's ``create`` (every portal viewset's, by
  default: ``PortalViewSetMixin``): with an ``Idempotency-Key`` header, the same key from the
  same user answers the first response again (``Idempotent-Replayed: true``) and writes
  nothing; the same key with another body is a 422.

Keys are kept ``KEY_TTL``; an older one counts as new.
"""

import functools
import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from .models import IdempotencyKey

KEY_TTL = timedelta(hours=24)
HEADER = "Idempotency-Key"


def claim(user, scope: str, key: str, fingerprint: str = "") -> tuple[IdempotencyKey, bool]:
    """(row, first): the key's row, and whether this request is the first to use it. Call
    inside the transaction that does the work, then store what it did on the row."""
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(
                user=user, scope=scope, key=key, fingerprint=fingerprint
            )
        return row, True
    except IntegrityError:
        row = IdempotencyKey.objects.select_for_update().get(user=user, scope=scope, key=key)
    if row.created_at < timezone.now() - KEY_TTL:  # expired: the key starts afresh
        row.delete()
        return claim(user, scope, key, fingerprint)
    return row, False


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("This Idempotency-Key was already used for a different request.")
    default_code = "idempotency_key_reused"


def fingerprint_of(data) -> str:
    """A hash of a request's parsed body (JSON, or form fields with every value)."""
    if hasattr(data, "lists"):
        data = {name: values for name, values in data.lists()}
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def idempotent_create(create):
    """``create`` honouring the ``Idempotency-Key`` header of a signed-in client."""
    if getattr(create, "honours_idempotency_key", False):
        return create

    @functools.wraps(create)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not request.user.is_authenticated:
            return create(view, request, *args, **kwargs)
        if not key or len(key) > 255 or not key.isascii() or not key.isprintable():
            raise ValidationError(
                {HEADER: [_("Use up to 255 printable ASCII characters, e.g. a UUID.")]}
            )
        fingerprint = fingerprint_of(request.data)
        with transaction.atomic():
            row, first = claim(request.user, f"api {request.path}", key, fingerprint)
            if not first:
                if row.fingerprint != fingerprint:
                    raise IdempotencyKeyReused()
                return Response(
                    row.response, status=row.status_code, headers={"Idempotent-Replayed": "true"}
                )
            response = create(view, request, *args, **kwargs)
            if status.is_success(response.status_code):
                row.status_code, row.response = response.status_code, response.data
                row.save(update_fields=["status_code", "response"])
            else:  # nothing was made: the key may be used again
                row.delete()
            return response

    wrapper.honours_idempotency_key = True
    return wrapper


def forget_expired_keys(*, now=None) -> int:
    """Delete the keys older than ``KEY_TTL`` (they count as new anyway); returns how many."""
    now = now or timezone.now()
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=now - KEY_TTL).delete()
    return deleted
