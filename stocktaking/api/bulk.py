"""The bulk downloads of the published database (``stocktaking.bulk``) over the API: the
versions kept, and each version's files, served with a strong ``ETag`` (the file's SHA-256)
that ``If-None-Match`` answers with 304 without reading the file."""

import hashlib
import json

from django.http import FileResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from wsis_portal.api.filtering import refuse_empty_parameters
from wsis_portal.api.renderers import PortalBrowsableAPIRenderer

from .. import bulk

VERSION_PATTERN = r"^(latest|[0-9]{8}T[0-9]{6}Z)$"
NAME_PATTERN = r"^wsis-stocktaking(-[0-9]{8}T[0-9]{6}Z)?(-datapackage\.zip|\.parquet)$"
MEDIA_TYPES = {".zip": "application/zip", ".parquet": "application/vnd.apache.parquet"}


def refuse_parameters(request, allowed=()):
    unknown = sorted(name for name in request.query_params if name not in allowed)
    if unknown:
        message = _("Unknown parameter. This address takes: %(known)s.") % {
            "known": ", ".join(sorted(allowed)) or "-"
        }
        raise ValidationError({name[:50]: [message] for name in unknown})
    refuse_empty_parameters(request)


class BulkFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField(help_text="Where to download it (`ETag`: its SHA-256).")
    media_type = serializers.CharField()
    bytes = serializers.IntegerField(min_value=0)
    sha256 = serializers.CharField(help_text="SHA-256 of the file, in hexadecimal.")


class BulkVersionSerializer(serializers.Serializer):
    version = serializers.CharField(help_text="When it was built (UTC), e.g. 20261207T021500Z.")
    created_at = serializers.DateTimeField()
    entries = serializers.IntegerField(min_value=0, help_text="Published entries it holds.")
    files = BulkFileSerializer(many=True)


class BulkDataSerializer(serializers.Serializer):
    latest = serializers.CharField(allow_null=True, help_text="The newest version, if any.")
    versions = BulkVersionSerializer(many=True, help_text="Newest first.")


def described(request, manifest) -> dict:
    files = [
        {
            "name": item["name"],
            "url": request.build_absolute_uri(
                reverse("api-bulk-file", args=[manifest["version"], item["name"]])
            ),
            "media_type": MEDIA_TYPES.get("." + item["name"].rsplit(".", 1)[-1], ""),
            "bytes": item["bytes"],
            "sha256": item["sha256"],
        }
        for item in manifest["files"]
        if item["name"] != bulk.MANIFEST
    ]
    return {**{k: manifest[k] for k in ("version", "created_at", "entries")}, "files": files}


class BulkDataView(APIView):
    """The whole published database"""

    renderer_classes = [JSONRenderer, PortalBrowsableAPIRenderer]
    name = gettext_lazy("The whole published database")
    reader_description = gettext_lazy(
        "The nightly downloads of every published stocktaking entry: a Data Package of CSV "
        "files and a Parquet file, newest first."
    )

    @extend_schema(
        summary="The whole published database, as a Data Package (CSV) and as Parquet",
        description=(
            "The versions of the nightly bulk download kept on the server, newest first: a "
            "Frictionless Data Package (a ZIP of CSV files and `datapackage.json`, which "
            "describes every column: types, enums, primary and foreign keys) and a Parquet "
            "file (one row per entry, links as lists). Only published entries, without contact "
            "e-mails. `latest` in a file's address names the newest version."
        ),
        responses={200: BulkDataSerializer},
        operation_id="bulk_data_versions",
    )
    def get(self, request):
        refuse_parameters(request, {"lang"})
        versions = [described(request, manifest) for manifest in bulk.versions()]
        body = {"latest": versions[0]["version"] if versions else None, "versions": versions}
        tag = hashlib.sha256(json.dumps([body, request.accepted_media_type]).encode())
        etag = f'"{tag.hexdigest()[:40]}"'
        answer = get_conditional_response(request._request, etag=etag)
        if answer is not None:
            return answer
        response = Response(body)
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True, public=True)
        return response


class JSONForErrors(BaseContentNegotiation):
    """A file is a file whatever ``Accept`` says; errors are the API's JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class BulkFileView(APIView):
    """One file of the bulk data"""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONForErrors

    @extend_schema(
        summary="Download one file of a version of the bulk data",
        description=(
            "The file as built; `ETag` is its SHA-256 in quotes: send it back in "
            "`If-None-Match` to get 304 while the file (and so the data) is the same."
        ),
        parameters=[
            OpenApiParameter(
                "version",
                {"type": "string", "pattern": VERSION_PATTERN},
                OpenApiParameter.PATH,
                description="A version's name, or `latest`.",
            ),
            OpenApiParameter(
                "name",
                {"type": "string", "pattern": NAME_PATTERN},
                OpenApiParameter.PATH,
                description=(
                    "The file's name, as the version lists it; with `latest`, also "
                    "`wsis-stocktaking-datapackage.zip` or `wsis-stocktaking.parquet`."
                ),
            ),
        ],
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Data Package"
            ),
            (200, "application/vnd.apache.parquet"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Parquet"
            ),
            304: OpenApiResponse(description="Not modified: `If-None-Match` named this file."),
            404: OpenApiResponse(description="No such version or file (older ones are deleted)."),
        },
        operation_id="bulk_data_file",
    )
    def get(self, request, version, name):
        refuse_parameters(request, {"lang"})
        found = bulk.find_file(version, name)
        if found is None or not found[0].is_file():
            raise NotFound(_("No such file: the versions kept are listed at /api/v1/bulk/."))
        path, item = found
        etag = f'"{item["sha256"]}"'
        answer = get_conditional_response(request._request, etag=etag)
        if answer is not None:
            return answer
        response = FileResponse(
            open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
            as_attachment=True,
            filename=path.name,
            content_type=MEDIA_TYPES["." + name.rsplit(".", 1)[-1]],
        )
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True, public=True)
        return response
