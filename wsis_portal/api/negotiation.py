"""Content negotiation that answers an unknown ``?format=`` as it answers an unsupported
``Accept`` header: ``406 Not Acceptable`` in the API's JSON error body, naming the formats
there are. DRF answers the first with 404 and the second with 406, so a client could not
tell a wrong format from a missing object."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class PortalContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            offered = sorted({renderer.format for renderer in renderers} - {"api"})
            raise NotAcceptable(
                _("No such format. This address answers: %(formats)s.")
                % {"formats": ", ".join(offered)}
            )
        return matching
