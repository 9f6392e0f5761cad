"""Serializer fields shared by the apps' APIs."""

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db import models
from rest_framework import serializers

from .vocabularies import vocabulary as vocabulary_schema


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's field, refusing values no key can have (non-strings, NUL characters, very long)
    before they reach the database (PostgreSQL rejects NUL in a query: a 500 otherwise).

    ``vocabulary``: the name of the closed set the keys belong to
    (``wsis_portal.api.vocabularies``), listed as the field's ``enum`` in the schema;
    ``schema``: the type of one key (a string unless said). A string key is taken in any
    case (``c7`` is C7), as the filters take codes; the schema says so (the vocabulary's
    pattern)."""

    def __init__(self, *args, vocabulary=None, schema=None, **kwargs):
        super().__init__(*args, **kwargs)
        if vocabulary is not None:
            self._spectacular_annotation = {"field": vocabulary_schema(vocabulary, schema)}

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str) and ("\x00" in data or len(data) > 200):
            self.fail("does_not_exist", slug_name=self.slug_field, value=repr(data[:20]))
        queryset = self.get_queryset()
        key = queryset.model._meta.get_field(self.slug_field)
        if isinstance(data, int) or not isinstance(key, models.CharField | models.TextField):
            return super().to_internal_value(data)
        try:
            return queryset.get(**{f"{self.slug_field}__iexact": data})
        except ObjectDoesNotExist:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        except MultipleObjectsReturned:  # keys differing only in case: the exact one
            return super().to_internal_value(data)
