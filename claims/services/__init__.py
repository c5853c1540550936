"""Every write to the claim desk, by entity.

Views, admin actions, tasks and management commands call these functions
and nothing else to change the record, so that each rule (permissions, the
workflow, four eyes, frozen once published, locking) holds wherever the
change comes from, and every change to a claim leaves an event on its
timeline in the same transaction.

Each function refuses bad input by raising ``ClaimDeskError`` (or Django's
``PermissionDenied``) with a message meant for the person who asked; when it
raises, nothing has changed. The rules themselves are in ``claims.workflow``;
spans are checked by ``claims.spans``.
"""

from claims.errors import ClaimDeskError, InvalidSpan, InvalidTransition, StaleVersion
from claims.services.articles import (
    ArticleImport,
    article_create,
    article_update,
    checked_url,
    headline_from_body,
)
from claims.services.attributions import AttributionInput, attribution_remove, attribution_set
from claims.services.bulk import claim_bulk_assign, claim_bulk_transition
from claims.services.claims import (
    EDITABLE_FIELDS,
    FROZEN_FIELDS,
    claim_assign,
    claim_capture,
    claim_create,
    claim_edit,
    claim_update,
)
from claims.services.evidence import evidence_add
from claims.services.ratings import rating_save
from claims.services.sources import (
    outlet_find_or_create,
    outlet_save,
    source_edit,
    source_find_or_create,
    source_merge,
    source_save,
)
from claims.services.workflow import allowed_transitions, claim_rate, claim_transition
from claims.spans import Span, check_span, find_near

__all__ = [
    "EDITABLE_FIELDS",
    "FROZEN_FIELDS",
    "ArticleImport",
    "AttributionInput",
    "ClaimDeskError",
    "InvalidSpan",
    "InvalidTransition",
    "Span",
    "StaleVersion",
    "allowed_transitions",
    "article_create",
    "article_update",
    "attribution_remove",
    "attribution_set",
    "check_span",
    "checked_url",
    "claim_assign",
    "claim_bulk_assign",
    "claim_bulk_transition",
    "claim_capture",
    "claim_create",
    "claim_edit",
    "claim_rate",
    "claim_transition",
    "claim_update",
    "evidence_add",
    "find_near",
    "headline_from_body",
    "outlet_find_or_create",
    "outlet_save",
    "rating_save",
    "source_edit",
    "source_find_or_create",
    "source_merge",
    "source_save",
]
