"""Links to other records that offer only what the user may see (forms and the API alike).

A drop-down or an API field that accepted any primary key would let a user attach work to a
record they may not see, and its "does not exist" answer would tell hidden records from missing
ones. These fields cut their choices down with the linked model's
:class:`~prevhub.core.access.AccessPolicy` (``restrict(user, action)``): a hidden record is
refused exactly as a missing one is.

- Forms: declare :class:`RestrictedModelChoiceField` (or the multiple one), e.g. through
  ``Meta.field_classes = {"case": RestrictedModelChoiceField}``, and call
  :func:`restrict_choices` with the user when the form is made (``core`` cannot know the user
  from inside a form field).
- Serializers: :class:`RestrictedPrimaryKeyRelatedField` reads the user from the serializer's
  request, so declaring it is enough.
"""

from __future__ import annotations

from typing import Any

from django import forms
from rest_framework import serializers

from prevhub.core.access import VIEW


class _Restricted:
    """What both form fields share: the action the user must be allowed on the choices."""

    action: str = VIEW

    def restrict_to(self, user: Any) -> None:
        self.queryset = self.queryset.restrict(user, self.action)  # type: ignore[attr-defined]


class RestrictedModelChoiceField(_Restricted, forms.ModelChoiceField):
    """One linked record, chosen among those the user may `action` (VIEW by default)."""

    def __init__(self, queryset: Any, *, action: str = VIEW, **kwargs: Any) -> None:
        self.action = action
        super().__init__(queryset, **kwargs)


class RestrictedModelMultipleChoiceField(_Restricted, forms.ModelMultipleChoiceField):
    """Several linked records, each among those the user may `action` (VIEW by default)."""

    def __init__(self, queryset: Any, *, action: str = VIEW, **kwargs: Any) -> None:
        self.action = action
        super().__init__(queryset, **kwargs)


def restrict_choices(form: forms.BaseForm, user: Any) -> None:
    """Cut every restricted field of `form` down to what `user` may see (none for no user)."""
    for field in form.fields.values():
        if isinstance(field, _Restricted):
            field.restrict_to(user)


class RestrictedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An API link that may point only at records the caller may `action` (VIEW by default);
    any other key is answered as a missing one ('Invalid pk … object does not exist')."""

    def __init__(self, *, action: str = VIEW, **kwargs: Any) -> None:
        self.action = action
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return super().get_queryset().restrict(user, self.action)
