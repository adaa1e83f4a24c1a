"""The restricted queryset every hub model uses as its default manager (NetBox's pattern)."""

from __future__ import annotations

from typing import Any

from django.db import models

from prevhub.core.access import VIEW


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows how to cut itself down to what a user may see or change."""

    def restrict(self, user: Any, action: str = VIEW) -> RestrictedQuerySet:
        policy = getattr(self.model, "access_policy", None)
        if policy is None:
            raise TypeError(f"{self.model.__name__} declares no access_policy")
        return policy.restrict(self, user, action)
