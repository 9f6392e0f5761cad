"""Uploaded logos: checked by reading them, re-encoded, stored under a generated name.

A logo is accepted only if Pillow reads it as PNG, JPEG or WebP within the size and dimension
limits. What is stored is Pillow's re-encoding of its pixels (the first frame, no metadata,
comments or colour profile), so bytes the uploader appended or embedded (a PNG+HTML polyglot,
a payload in a text chunk) never reach the disk; and it is stored under a random name with the
extension of the verified type, so neither the uploader's file name nor its extension decides
how the file is served (deploy/nginx.conf serves only these extensions, with ``nosniff``).
"""

import io
import posixpath
import re
import uuid

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 1024 * 1024
# Longest side in pixels: a logo is shown at 96 px; this bounds the memory a decode takes.
LOGO_MAX_SIDE = 2000
# Verified format → (stored extension, content type, modes it is saved in as they are).
LOGO_FORMATS = {
    "PNG": (".png", "image/png", {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"}),
    "JPEG": (".jpg", "image/jpeg", {"L", "RGB", "CMYK"}),
    "WEBP": (".webp", "image/webp", {"RGB", "RGBA"}),
}
SAVE_OPTIONS = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}}


def _wrong_type():
    return forms.ValidationError(
        _("The logo must be a PNG, JPEG or WebP image."), code="wrong_type"
    )


def _reencode(image, kind) -> bytes:
    """The image's pixels, upright, saved again in ``kind`` with no metadata."""
    image.load()
    image = ImageOps.exif_transpose(image)  # a copy: the orientation is kept, EXIF is not
    if image.mode not in LOGO_FORMATS[kind][2]:
        transparent = "A" in image.mode or "transparency" in image.info
        image = image.convert("RGBA" if transparent and kind != "JPEG" else "RGB")
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    output = io.BytesIO()
    image.save(output, kind, **SAVE_OPTIONS.get(kind, {}))
    return output.getvalue()


def reencoded_logo(upload) -> SimpleUploadedFile:
    """The upload as a freshly encoded image under a generated name, or a ValidationError
    that says what is wrong (too large, too many pixels, not an image of an accepted type)."""
    if upload.size > LOGO_MAX_BYTES:
        raise forms.ValidationError(
            _("The logo is %(size).1f MB; it may be at most 1 MB.")
            % {"size": upload.size / 1024 / 1024},
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            if kind not in LOGO_FORMATS:
                raise _wrong_type()
            width, height = image.size
            if max(width, height) > LOGO_MAX_SIDE:
                raise forms.ValidationError(
                    _(
                        "The logo is %(width)d × %(height)d pixels; "
                        "it may be at most %(limit)d pixels wide and high."
                    )
                    % {"width": width, "height": height, "limit": LOGO_MAX_SIDE},
                    code="too_many_pixels",
                )
            data = _reencode(image, kind)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise _wrong_type() from None
    finally:
        upload.seek(0)
    extension, content_type, _modes = LOGO_FORMATS[kind]
    return SimpleUploadedFile(f"{uuid.uuid4().hex}{extension}", data, content_type)


#: The name of a logo stored by ``reencoded_logo``: a generated name, a verified extension.
STORED_LOGO_NAME = re.compile(r"stocktaking/logos/[0-9a-f]{32}\.(png|jpg|webp)")


def reencode_stored_logos():
    """Bring logos stored before uploads were re-encoded under the same rules: each one whose
    name was not generated is re-encoded under a new name (the old file deleted), and one that
    is not an acceptable image any more (or is missing) is removed from its entry. Each change
    is audited. Returns (re-encoded, removed)."""
    from wsis_portal.models import record

    from .models import StocktakingEntry

    reencoded = removed = 0
    for entry in StocktakingEntry.objects.exclude(logo="").only("pk", "logo", "title"):
        old = entry.logo.name
        if STORED_LOGO_NAME.fullmatch(old):
            continue
        try:
            with entry.logo.open("rb") as stored:
                data = stored.read()
            fresh = reencoded_logo(SimpleUploadedFile(posixpath.basename(old), data))
        except (forms.ValidationError, OSError):
            fresh = None
        with transaction.atomic():
            if fresh is None:
                entry.logo = None
                removed += 1
            else:
                entry.logo.save(fresh.name, fresh, save=False)
                reencoded += 1
            StocktakingEntry.objects.filter(pk=entry.pk).update(logo=entry.logo.name or "")
            record(
                "stocktaking.entry.logo_reencoded",
                entry,
                before={"logo": old},
                after={"logo": entry.logo.name or ""},
                reason="Stored before uploads were re-encoded (issue 16, hole 11).",
            )
        entry.logo.storage.delete(old)
    return reencoded, removed
