"""The portal's session engine: Django's database sessions, in ``AccountSession`` rows that
name the account signed in (``_auth_user_id`` of the session's data), written whenever the
session is. Everything else is Django's ``django.contrib.sessions.backends.db``."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from .models import AccountSession

        return AccountSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session
