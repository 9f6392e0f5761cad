from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionLinesConfig(AppConfig):
    name = "actionlines"
    verbose_name = _("Action lines")
