"""The claim desk's domain: articles broken into attributed, rated claims.

Writes that touch several models, or must leave a trace on a claim's
timeline, live in ``claims.services``; this module holds the data, reads over
many rows (queryset methods) and the behaviour of one object (methods).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest, Least, Now
from django.urls import reverse
from django.utils import timezone

# Limits on what people type, at the form and in the database: long enough
# for any real article, statement or note, short enough that a page or a PDF
# cannot be made enormous by one field.
BODY_MAX = 500_000
QUOTE_MAX = 5_000
STATEMENT_MAX = 2_000
NOTE_MAX = 5_000
ALIASES_MAX = 2_000


def normalize_body(text: str) -> str:
    """The one normalisation an article body gets, on the way in.

    Line endings become ``\\n``, surrounding whitespace goes, and the text is
    put in Unicode NFC so that the same words typed or pasted differently
    compare (and hash) equal. Claim spans are offsets into the result.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def active_users_with(permission: str) -> models.QuerySet:
    """Every active user holding ``permission`` (by group, by their own grant, or superuser)."""
    return get_user_model().objects.with_perm(
        permission, is_active=True, backend="django.contrib.auth.backends.ModelBackend"
    )


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def end_of(day: date) -> datetime:
    """Midnight after ``day`` in the newsroom's time zone (settings.TIME_ZONE):
    "as it stood on" that day means before then."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class ArticleQuerySet(models.QuerySet):
    def due_for_refetch(self, checked_before: datetime) -> ArticleQuerySet:
        """Articles with a URL and an open claim, not checked for updates since
        ``checked_before``: the periodic re-fetch's, the longest unchecked first."""
        open_claims = Claim.objects.filter(article=OuterRef("pk"), status__in=OPEN_STATUSES)
        return (
            self.filter(checked_at__lt=checked_before, url__isnull=False)
            .filter(Exists(open_claims))
            .order_by("checked_at", "id")
        )


class Article(models.Model):
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(max_length=500)
    # NULL rather than "" when absent, so that the unique index only binds
    # articles that really have a URL.
    url = models.URLField(max_length=2000, null=True, blank=True, unique=True)
    byline = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    body = models.CharField(
        max_length=BODY_MAX, help_text="Normalised once on import; claim spans point into it."
    )
    # Importing the same text twice finds the first article instead.
    body_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Title and body as PostgreSQL's full-text search reads them, written by
    # the services with the text it follows (claims.search); GIN-indexed on
    # PostgreSQL (migration 0014). Always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # When its text was last received or its URL last asked for a newer one
    # (claims.services.refetches): the periodic check takes the longest
    # unchecked first. A database default too, for rows inserted in SQL.
    checked_at = models.DateTimeField(default=timezone.now, db_default=Now(), editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            # The periodic re-fetch: articles with a URL, never checked first,
            # then the longest unchecked (Article.objects.due_for_refetch).
            models.Index(
                fields=["checked_at", "id"],
                name="article_refetch_due_idx",
                condition=Q(url__isnull=False),
            ),
            # The article list, newest first, and the admin's "article date"
            # filter on claims (article__published_on between two dates).
            models.Index(fields=["published_on", "id"], name="article_published_idx"),
            # The article list sorted by title, or by when added.
            models.Index(fields=["title", "id"], name="article_title_idx"),
            models.Index(fields=["created_at", "id"], name="article_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:article_detail", args=[self.pk])

    def revision_at(self, moment: datetime) -> ArticleRevision | None:
        """The revision that was the article's text at ``moment`` (None: not here yet)."""
        return self.revisions.filter(created_at__lt=moment).order_by("-number").first()


class ArticleRevision(models.Model):
    """One version of an article's text, as the desk received it.

    The article's ``body`` is always the newest revision's text (every page,
    export and span reads it); the revisions keep the earlier ones, so that a
    claim whose words are gone still points at the text it came from.
    """

    class Source(models.TextChoices):
        IMPORT = "import", "Imported"
        URL = "url", "Fetched from its URL"
        PASTE = "paste", "Pasted"
        API = "api", "Sent through the API"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the text first imported, then 2, 3, …")
    body = models.CharField(max_length=BODY_MAX)
    body_hash = models.CharField(max_length=64, editable=False)
    source = models.CharField(max_length=10, choices=Source.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article_id", "number"]
        constraints = [
            # Also the index of an article's revisions in order (its newest first).
            models.UniqueConstraint(fields=["article", "number"], name="revision_article_number"),
        ]

    def __str__(self) -> str:
        return f"{self.article} (revision {self.number})"


class ArticleTally(models.Model):
    """How many claims an article has: kept by the services with each claim
    made (claims.services.tallies), so that the list sorts by it; checked by
    claims.record. Every article has one, made with it.

    A row of its own rather than a column on the article: an article's row
    is wide and indexed for search by its whole body, and a capture would
    otherwise write it again (and re-index the body) for every claim.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="tally"
    )
    claim_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # The article list sorted by how many claims (ties by id), either way.
            models.Index(fields=["claim_count", "article"], name="article_tally_count_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article}: {self.claim_count} claims"


# Curly and straight quotes, and the dashes people type for hyphens, compare equal.
_NAME_FOLDS = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def source_name_key(name: str) -> str:
    """The form of a source's name that uniqueness is checked on."""
    folded = unicodedata.normalize("NFKC", name).translate(_NAME_FOLDS).casefold()
    return " ".join(folded.split())


class Source(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        DOCUMENT = "document", "Document"
        ANONYMOUS_GROUP = "anonymous_group", "Anonymous group"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField("role or title", max_length=300, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    # The name as compared: case, spacing and quote style folded, so that
    # "Barrister  Saif" and "barrister saif" are one source (unique below).
    name_key = models.CharField(max_length=300, unique=True, editable=False)
    aliases = models.CharField(
        max_length=ALIASES_MAX,
        blank=True,
        help_text="Other names the source goes by in articles, one per line.",
    )
    same_as = models.URLField(
        "reference URL",
        max_length=500,
        blank=True,
        help_text="Home page, Wikipedia or Wikidata page that identifies the source "
        "(ClaimReview's sameAs).",
    )
    notes = models.CharField(max_length=NOTE_MAX, blank=True)
    # Tallies kept by the services with each attribution and each move into or
    # out of "published" (claims.services.tallies), so that the sources list
    # counts nothing; checked by claims.record. Never saved from a form. (The
    # database's default too, for sources inserted in SQL: the generators.)
    claim_count = models.PositiveIntegerField(
        "claims attributed", default=0, db_default=0, editable=False
    )
    anonymous_count = models.PositiveIntegerField(
        "claims attributed anonymously", default=0, db_default=0, editable=False
    )
    published_count = models.PositiveIntegerField(
        "published claims", default=0, db_default=0, editable=False
    )
    # Bumped by each edit of the details and each merge into it, so that an
    # edit or merge made from an older page is refused (claims.services.sources).
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            # Finding a source by name when attributing ("Barrister Saif").
            models.Index(fields=["name"], name="source_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column, not a rule: however a source is written, its key
        # follows its name, so the unique index always compares like with like.
        self.name_key = source_name_key(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def record(self) -> list[tuple[Rating, int]]:
        """How many of the source's published claims got each verdict, in one query."""
        tally = models.FilteredRelation("source_tallies", condition=Q(source_tallies__source=self))
        ratings = Rating.objects.annotate(tally=tally).annotate(
            n=Coalesce("tally__n", 0, output_field=models.PositiveIntegerField())
        )
        return [(rating, rating.n) for rating in ratings]


# What an edit of a source may write: never its tallies, which the services
# keep with F() expressions while the edit form is open.
SOURCE_DETAILS = ["name", "kind", "role", "affiliation", "aliases", "same_as", "notes"]


class Rating(models.Model):
    """A verdict on the newsroom's scale; data, not code, so it can change."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # 1 (worst) to N (best) for ratings on the scale; empty for verdicts that
    # sit outside it (Unverifiable, Misleading).
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.CharField(max_length=NOTE_MAX, blank=True)

    class Meta:
        ordering = [models.F("value").asc(nulls_last=True), "name"]
        constraints = [
            # NULLs are distinct, so any number of off-scale ratings may exist.
            models.UniqueConstraint(fields=["value"], name="rating_value_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1), name="rating_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SourceVerdictTally(models.Model):
    """How many of a source's published claims carry one verdict: the source's record.

    Kept by the services as claims move into and out of "published"
    (claims.services.tallies); a row per source and rating once either has
    been counted, its ``n`` back to 0 when none is left. Checked by claims.record.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="verdict_tallies")
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="source_tallies")
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "rating"], name="verdict_tally_source_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.n} {self.rating}"


class Status(models.TextChoices):
    NEW = "new", "New"
    RESEARCHING = "researching", "Researching"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    NOT_CHECKABLE = "not_checkable", "Not checkable"


# Claims the desk is still working on: their article is worth re-fetching.
OPEN_STATUSES = [Status.NEW, Status.RESEARCHING, Status.IN_REVIEW]

# The workflow's order, for sorting the claims list by status (new first,
# not checkable last). An expression, indexed as it is (claim_status_rank_idx):
# no copy of the status to keep in step, and the list sorts by the index.
# The same expression object serves the index and the ORDER BY, so the two
# stay textually identical, as PostgreSQL needs to match them.
WORKFLOW_ORDER = [
    Status.NEW,
    Status.RESEARCHING,
    Status.IN_REVIEW,
    Status.PUBLISHED,
    Status.NOT_CHECKABLE,
]
STATUS_RANK = models.Case(
    *(
        models.When(status=status.value, then=models.Value(n))
        for n, status in enumerate(WORKFLOW_ORDER)
    ),
    default=models.Value(len(WORKFLOW_ORDER)),
    output_field=models.IntegerField(),
)


class Sourcing(models.TextChoices):
    """How well a claim is sourced, weakest first."""

    UNATTRIBUTED = "unattributed", "Outlet's own assertion"
    ANONYMOUS = "anonymous", "Anonymous"
    NAMED = "named", "Named"
    CONFIRMED = "confirmed", "Confirmed"


SOURCING_STRENGTH = {value: rank for rank, value in enumerate(Sourcing.values)}


# The ways to narrow claims by sourcing, for the claims list and the admin.
SOURCING_FILTERS = [
    ("anonymous_only", "Anonymous sources only"),
    ("any_anonymous", "Any anonymous source"),
    ("confirmed", "Confirmed source"),
    ("named", "Named, not confirmed"),
    ("unattributed", "Outlet's own assertion"),
]


ESTIMATE_STATUS_COUNTS_ABOVE = 100_000
STATUS_COUNTS_SQL = """
WITH size AS (SELECT reltuples FROM pg_class WHERE oid = 'claims_claim'::regclass)
SELECT status, COUNT(*), false FROM claims_claim
WHERE (SELECT reltuples FROM size) <= %s GROUP BY status
UNION ALL
SELECT value, round(freq * (SELECT reltuples FROM size))::bigint, true
FROM pg_stats, unnest(most_common_vals::text::text[], most_common_freqs) AS mcv(value, freq)
WHERE schemaname = current_schema() AND tablename = 'claims_claim' AND attname = 'status'
AND (SELECT reltuples FROM size) > %s
"""


class Anchoring(models.TextChoices):
    """Where a claim's span stands after its article's latest revision."""

    ANCHORED = "anchored", "Anchored"
    CHANGED = "changed", "Words changed in a newer revision"
    GONE = "gone", "Text removed in a newer revision"


class ClaimQuerySet(models.QuerySet):
    def awaiting_review(self) -> ClaimQuerySet:
        return self.filter(status=Status.IN_REVIEW)

    def anonymous_only(self) -> ClaimQuerySet:
        return self.filter(sourcing=Sourcing.ANONYMOUS)

    def with_sourcing(self, value: str) -> ClaimQuerySet:
        """Narrow by one of SOURCING_FILTERS; "any anonymous" looks at every attribution."""
        if value == "anonymous_only":
            return self.anonymous_only()
        if value == "any_anonymous":
            anonymous = Attribution.objects.filter(
                claim=OuterRef("pk"), sourcing=Sourcing.ANONYMOUS
            )
            return self.filter(Exists(anonymous))
        if value in (Sourcing.NAMED, Sourcing.CONFIRMED, Sourcing.UNATTRIBUTED):
            return self.filter(sourcing=value)
        return self

    def count_by_status(self) -> tuple[dict[str, int], bool]:
        """Claims per status, and whether the figures are PostgreSQL's estimates.

        Above ``ESTIMATE_STATUS_COUNTS_ABOVE`` rows an exact count would scan
        the whole table; the planner's statistics (as of the last ANALYZE) answer
        instead. One query either way: PostgreSQL skips the branch not taken.
        """
        if connections[self.db].vendor != "postgresql":
            return dict(self.order_by().values_list("status").annotate(n=models.Count("id"))), False
        with connections[self.db].cursor() as cursor:
            cursor.execute(STATUS_COUNTS_SQL, [ESTIMATE_STATUS_COUNTS_ABOVE] * 2)
            rows = cursor.fetchall()
        return {status: n for status, n, _ in rows}, any(estimated for *_, estimated in rows)

    def for_list(self) -> ClaimQuerySet:
        # Lists show the article's title, never its body (up to megabytes a row),
        # nor the search vectors.
        return self.select_related("article__outlet", "rating", "assignee").defer(
            "article__body", "article__search_vector", "search_vector"
        )

    def publishable_by(self, user: Any) -> ClaimQuerySet:
        """Claims ``user`` could publish now: ``Claim.can_publish`` as SQL, for lists.

        The same rules as the workflow's publish move: a reviewer, a claim in
        review with a verdict, and four eyes (neither its sender nor the
        author of its verdict).
        """
        if not user.has_perm("claims.publish_claim"):
            return self.none()
        return (
            self.awaiting_review()
            .filter(rating__isnull=False)
            .exclude(review_requested_by=user)
            .exclude(verdict_by=user)
        )


class Claim(models.Model):
    class Kind(models.TextChoices):
        FACTUAL = "factual", "Factual"
        PREDICTION = "prediction", "Prediction"
        OPINION = "opinion", "Opinion"
        OTHER = "other", "Other"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    # The article's outlet, copied by the services when the claim is made and
    # whenever the article's outlet changes: the claims list's outlet filter
    # then reads one index instead of joining every claim to its article.
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,
    )
    start = models.PositiveIntegerField(help_text="Offset of the span's first character.")
    end = models.PositiveIntegerField(help_text="Offset just past the span's last character.")
    quote = models.CharField(max_length=QUOTE_MAX, help_text="The exact text of the span.")
    statement = models.CharField(
        max_length=STATEMENT_MAX, help_text="The checkable statement, in the desk's words."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FACTUAL)

    # The projection of the timeline: written only by claims.services, in the
    # same transaction as the ClaimEvent that explains it.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    # The rating's place on the scale, copied by the services whenever the
    # rating or its value changes, so that sorting by rating follows an index
    # instead of joining and sorting every claim.
    rating_value = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # The strongest sourcing among the claim's attributions, kept by the
    # attribution services so that "anonymous only" is one indexed column
    # rather than two subqueries over a million rows.
    sourcing = models.CharField(
        max_length=20, choices=Sourcing.choices, default=Sourcing.UNATTRIBUTED
    )
    # Four eyes: neither who sent the claim to review most recently nor who
    # set the verdict that stands may publish it.
    review_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who set the rating that stands.",
    )

    # PROTECT: a user who appears on the record is deactivated, not deleted,
    # so an assignment never vanishes without an event.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_claims",
    )
    revisit_on = models.DateField(
        null=True, blank=True, help_text="When to look again (for predictions)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: every write to the claim bumps it, and a write
    # based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    # How the claim's span fared when its article was last revised
    # (claims.services.revisions): "changed" and "gone" are flags for the desk.
    # A database default too: rows inserted in SQL (the benchmarks' generator)
    # are anchored like any new claim.
    anchor = models.CharField(
        max_length=10,
        choices=Anchoring.choices,
        default=Anchoring.ANCHORED,
        db_default=Anchoring.ANCHORED,
    )
    # The revision a gone claim's span (and its attributions' spans) still
    # points into; NULL while they point into the article's current text.
    span_revision = models.ForeignKey(
        ArticleRevision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The capture form's one-time key: a double-submitted capture finds the
    # claim the first submission made instead of making a second one.
    capture_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Statement and quote as PostgreSQL's full-text search reads them, written
    # by the services with the text it follows (claims.search); GIN-indexed
    # on PostgreSQL (migration 0014). Always empty on SQLite, which searches
    # the text itself.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "id"]
        permissions = [
            ("research_claim", "Can move a claim through research and send it to review"),
            ("publish_claim", "Can publish a claim's verdict"),
            ("review_claim", "Can send back and reopen claims"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="claim_span_order"),
        ]
        indexes = [
            # Admin changelist and review desk: the newest changes first,
            # optionally narrowed by status ("in review, latest first").
            # With the id, it also gives the claims list a full order both ways
            # ("changed", newest or oldest first) and its deep pages an
            # index-only scan for the page's ids.
            models.Index(fields=["-updated_at", "-id"], name="claim_updated_id_idx"),
            models.Index(fields=["status", "-updated_at"], name="claim_status_updated_idx"),
            # The claims list sorted by status in workflow order, either way
            # (ClaimOrdering: the latest change first among equals).
            models.Index(
                STATUS_RANK,
                models.F("updated_at").desc(),
                models.F("id").desc(),
                name="claim_status_rank_idx",
            ),
            # The claims list sorted by rating or by revisit date, either way
            # (ClaimOrdering: the latest change first among equals).
            models.Index(
                fields=["rating_value", "-updated_at", "-id"], name="claim_rating_value_idx"
            ),
            models.Index(fields=["revisit_on", "-updated_at", "-id"], name="claim_revisit_idx"),
            # The claims list and the admin by outlet, newest change first.
            models.Index(fields=["outlet", "-updated_at", "-id"], name="claim_outlet_updated_idx"),
            # Admin filters: sourcing ("anonymous only") and kind.
            models.Index(fields=["sourcing", "-updated_at"], name="claim_sourcing_updated_idx"),
            models.Index(fields=["kind"], name="claim_kind_idx"),
            # The article page: its claims in text order.
            models.Index(fields=["article", "start"], name="claim_article_start_idx"),
            # The article list's "has claims that are …": whether an article
            # has one, and (counting the list) the articles that do, in order.
            models.Index(fields=["status", "article"], name="claim_status_article_idx"),
            # The claims list filtered by article date: the claims of a month's
            # articles, newest change first, from the index alone.
            models.Index(
                fields=["article", "-updated_at", "-id"], name="claim_article_updated_idx"
            ),
            # The claims list's "article changed" filter (anchor != 'anchored':
            # a few flagged claims among a million), newest change first.
            models.Index(
                fields=["-updated_at", "-id"],
                name="claim_anchor_flagged_idx",
                condition=~Q(anchor=Anchoring.ANCHORED),
            ),
            # The dashboard's "revisit due" (revisit_on <= today, not "not
            # checkable", soonest first) and the claims list's revisit filter.
            models.Index(
                fields=["revisit_on"],
                name="claim_revisit_due_idx",
                condition=~Q(status="not_checkable"),
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]

    def get_absolute_url(self) -> str:
        return reverse("claims:claim_detail", args=[self.pk])

    @property
    def rests_on_anonymous_sources_only(self) -> bool:
        return self.sourcing == Sourcing.ANONYMOUS

    @property
    def is_frozen(self) -> bool:
        """Published: statement, kind, span and sources stay as reviewed until reopened."""
        return self.status == Status.PUBLISHED

    @property
    def needs_anchor_check(self) -> bool:
        """The article was revised and the claim's words changed or went: flagged for the desk."""
        return self.anchor != Anchoring.ANCHORED

    @property
    def article_changed_since_verdict(self) -> bool:
        """A published verdict on words the article no longer says as they were."""
        return self.is_frozen and self.needs_anchor_check

    def four_eyes_refusal(self, user: Any) -> str | None:
        """Why ``user`` may not publish this claim's verdict, or None."""
        if self.verdict_by_id is not None and self.verdict_by_id == user.pk:
            return "Four eyes: you set this verdict, so another reviewer must publish it."
        if self.review_requested_by_id is not None and self.review_requested_by_id == user.pk:
            return "Four eyes: you sent this claim to review, so another reviewer must publish it."
        return None

    def can_publish(self, user: Any) -> bool:
        """Whether ``user`` may publish the claim now, by the workflow's own rules."""
        from claims.workflow import allowed_moves  # the rules are written over this model

        return any(move.target == Status.PUBLISHED for move in allowed_moves(self, user))

    def state_on(self, day: date) -> ClaimState | None:
        """The claim as it stood at the end of ``day``, from its events alone.

        Status and rating come from the last event (each records the state
        after it); statement, kind, assignee and sourcing are replayed from
        the events' details. ``None`` when the claim did not exist yet. Days
        end at midnight in the newsroom's time zone (settings.TIME_ZONE).
        """
        events = list(
            self.events.filter(at__lt=end_of(day)).select_related("to_rating").order_by("at", "id")
        )
        if not events:
            return None
        state = ClaimState(
            status=events[-1].to_status, rating=events[-1].to_rating, as_of=events[-1].at
        )
        for event in events:
            state.replay(event)
        return state

    def spans_text(self) -> str:
        """The text the claim's span and its attributions' mentions and cues point
        into: the article's, or, while its words are gone, the revision they came from."""
        return self.span_revision.body if self.span_revision_id else self.article.body

    def span_at(self, moment: datetime) -> tuple[int, int] | None:
        """The claim's span in its article's text as it stood at ``moment``, from
        the events its article's revisions left; None while its words were gone."""
        moved = [ClaimEvent.Kind.ANCHOR_MOVED, ClaimEvent.Kind.ANCHOR_CHANGED]
        anchors = (
            self.events.filter(kind__in=[*moved, ClaimEvent.Kind.ANCHOR_GONE])
            .order_by("at", "id")
            .values_list("at", "kind", "details")
        )
        span, gone = None, False
        for at, kind, details in anchors:
            if at >= moment:  # the first revision after: where it took the span from
                return None if gone else span or tuple(details["from"])
            gone = kind == ClaimEvent.Kind.ANCHOR_GONE
            span = span if gone else tuple(details["to"])
        return None if gone else span or (self.start, self.end)


@dataclass
class ClaimState:
    status: str
    rating: Rating | None
    as_of: datetime
    statement: str = ""
    kind: str = ""
    assignee: str | None = None
    sourcing: dict[str, str] = field(default_factory=dict)  # source name -> level
    # Each source's entry in ``sourcing`` by its id (by name for events stored
    # without one): a source renamed since is still the same source.
    _shown: dict[object, str] = field(default_factory=dict, repr=False)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def replay(self, event: ClaimEvent) -> None:
        details = event.details
        if event.kind == ClaimEvent.Kind.CREATED:
            self.statement, self.kind = details.get("statement", ""), details.get("kind", "")
        elif event.kind == ClaimEvent.Kind.EDITED:
            changed = details["changed"]
            self.statement = changed.get("statement", [None, self.statement])[1]
            self.kind = changed.get("kind", [None, self.kind])[1]
        elif event.kind == ClaimEvent.Kind.ASSIGNED:
            self.assignee = details["to"]
        elif event.kind == ClaimEvent.Kind.SOURCING_CHANGED:
            key = details.get("source_id") or details["source"]
            self._attribute(key, details["source"], details["to"])
        elif event.kind == ClaimEvent.Kind.SOURCE_MERGED:
            self._attribute(details["source_id"], details["source"], None)
            self._attribute(details["into_id"], details["into"], details["sourcing"])

    def _attribute(self, key: object, name: str, level: str | None) -> None:
        """The source ``key``, now called ``name``, is attributed at ``level`` (None: not)."""
        shown = self._shown.pop(key, None)
        if shown is not None:
            self.sourcing.pop(shown, None)
        if level is not None:
            self.sourcing[name] = level
            self._shown[key] = name


# An attribution's own values beside its claim and source, in the order the
# admin, the services and the exports all read them.
ATTRIBUTION_DETAILS = [
    "sourcing",
    "mention",
    "mention_start",
    "mention_end",
    "cue",
    "cue_start",
    "cue_end",
    "descriptor",
    "count",
]


class Attribution(models.Model):
    """Who the article says a claim comes from, and how well that is sourced."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="attributions")
    sourcing = models.CharField(
        max_length=20,
        choices=[c for c in Sourcing.choices if c[0] != Sourcing.UNATTRIBUTED],
    )
    mention = models.CharField(
        max_length=500, blank=True, help_text='The words naming the source: "He", "sources …".'
    )
    mention_start = models.PositiveIntegerField(null=True, blank=True)
    mention_end = models.PositiveIntegerField(null=True, blank=True)
    cue = models.CharField(
        max_length=200, blank=True, help_text='The reporting words: "according to", "said".'
    )
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    descriptor = models.CharField(
        max_length=300,
        blank=True,
        help_text='A named source\'s role ("Governor") or how the article describes unnamed '
        'ones ("senior officials").',
    )
    count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text='For anonymous sourcing: how many ("two officials").'
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "mention_start", "id"]
        indexes = [
            # A source's page: its claims, newest first (claim id descending),
            # a page at a time without sorting all of a big source's claims.
            models.Index(fields=["source", "claim"], name="attribution_source_claim_idx"),
            # The claims list's and the admin's "any anonymous source": the
            # claims that have one, read from this index alone.
            models.Index(
                fields=["claim"],
                name="attribution_anonymous_idx",
                condition=Q(sourcing="anonymous"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim", "source"], name="attribution_claim_source"),
            models.CheckConstraint(
                condition=Q(sourcing__in=["anonymous", "named", "confirmed"]),
                name="attribution_sourcing_valid",
            ),
            models.CheckConstraint(
                condition=(Q(mention_start__isnull=True) & Q(mention_end__isnull=True))
                | Q(mention_start__lt=models.F("mention_end")),
                name="attribution_mention_span",
            ),
            models.CheckConstraint(
                condition=(Q(cue_start__isnull=True) & Q(cue_end__isnull=True))
                | Q(cue_start__lt=models.F("cue_end")),
                name="attribution_cue_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_sourcing_display()})"


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    url = models.URLField(max_length=2000, blank=True)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    title = models.CharField(max_length=300)
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.CONTEXT)
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "added_at", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""), name="evidence_has_url_or_file"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SuggestionQuerySet(models.QuerySet):
    def open(self) -> SuggestionQuerySet:
        return self.filter(state=Suggestion.State.OPEN)


class Suggestion(models.Model):
    """A candidate claim the extractor found (claims.extraction); an editor decides."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    source = models.CharField(max_length=500, blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    # What to file the source under (claims.extraction.naming): the name
    # without titles ("Halvard Ness" for "Mr. Ness"), the name a pronoun
    # stands for, an unnamed group's description; "" when unclear who. Rows
    # stored before source_kind existed hold only a pronoun's referent here.
    source_name = models.CharField(max_length=500, blank=True)
    # One of Source.Kind's values; "" for the outlet's own assertion and for
    # rows stored before kinds were suggested (see ``filed_kind``).
    source_kind = models.CharField(max_length=20, choices=Source.Kind.choices, blank=True)
    # The title or role taken off the name ("Governor"), or an unnamed group's description.
    descriptor = models.CharField(max_length=300, blank=True)
    cue = models.CharField(max_length=200, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    sourcing = models.CharField(max_length=20, blank=True)  # named, anonymous, or "" (own)
    score = models.FloatField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "id"]
        constraints = [
            # A re-run finds the same span again: one row, whose decision stands.
            models.UniqueConstraint(fields=["article", "start", "end"], name="suggestion_span"),
        ]

    def __str__(self) -> str:
        return self.quote[:80]

    @property
    def anonymous(self) -> bool:
        return self.sourcing == "anonymous"

    @property
    def attributed_to(self) -> str:
        """The name to attribute the claim to; "" when the article leaves it unclear."""
        if self.source_kind:
            return self.source_name
        return self.source_name or self.source  # stored before names were suggested

    @property
    def filed_kind(self) -> str:
        """The kind of source accepting would make, for rows stored before kinds too."""
        if self.source_kind:
            return self.source_kind
        return Source.Kind.ANONYMOUS_GROUP if self.anonymous else Source.Kind.PERSON

    @property
    def role(self) -> str:
        """The attribution's descriptor: the title taken off the name, or the group's words."""
        if self.source_kind or not self.anonymous:
            return self.descriptor
        return self.source.lower()  # stored before descriptors were suggested

    @property
    def unclear(self) -> bool:
        """Attributed, but the article does not make clear to whom ("He" with no one before)."""
        return bool(self.sourcing) and not self.attributed_to


class ArticleFetch(models.Model):
    """A request to fetch a URL, worked by a task: an editor's import of a new
    article, or a check of an article already here for a newer version of it."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Purpose(models.TextChoices):
        IMPORT = "import", "Import a new article"
        UPDATE = "update", "Check an article for updates"

    url = models.URLField(max_length=2000)
    purpose = models.CharField(
        max_length=10, choices=Purpose.choices, default=Purpose.IMPORT, db_default=Purpose.IMPORT
    )
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # A stable code for what went wrong ("timeout", "not_html", …), or
    # "duplicate" when the text was already imported; for an update,
    # "unchanged" or "revised".
    reason = models.CharField(max_length=40, blank=True)
    message = models.TextField(blank=True)
    # The article imported, or (an update) the one checked.
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="fetches"
    )
    # The revision an update stored, when the text had changed.
    revision = models.ForeignKey(
        ArticleRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # NULL: the system (the periodic re-fetch).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The article page's latest check for updates, and an unfinished one to reuse.
            models.Index(
                fields=["article", "-created_at"],
                name="fetch_update_article_idx",
                condition=Q(purpose="update"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.url} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("claims:article_fetch", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class ExportJob(models.Model):
    """A large export, written to a file by a task; downloaded through a view."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSONL = "jsonl", "JSON Lines"
        CLAIMREVIEW = "claimreview", "ClaimReview JSON-LD"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    format = models.CharField(max_length=20, choices=Format.choices)
    # The claims list's query string: the export is of what the user was looking at.
    query = models.CharField(max_length=2000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} export #{self.pk} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("claims:export_job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        return 100 * self.rows_done // self.rows_total if self.rows_total else 0


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a timeline event."""


# An event that changed a verdict from one rating to another (a first rating,
# or a cleared one, is not a change). The desk report's "verdicts changed" and
# the partial index that serves it share this condition, so that PostgreSQL
# can prove the query implies the index's predicate.
RATING_CHANGED = Q(from_rating__isnull=False, to_rating__isnull=False) & ~Q(
    from_rating=models.F("to_rating")
)


class ClaimEventQuerySet(models.QuerySet):
    # Bulk writes would bypass the model's guard; the timeline refuses them too.
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Claim events are append-only; they cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Claim events are append-only; they cannot be deleted.")


class ClaimEvent(models.Model):
    """One entry in a claim's timeline. Append-only, in Python and in PostgreSQL.

    Every event records the claim's status and rating *after* it, so the
    state on any date is the last event before that date.
    """

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        STATUS_CHANGED = "status_changed", "Status changed"
        RATING_CHANGED = "rating_changed", "Rating changed"
        SOURCING_CHANGED = "sourcing_changed", "Sourcing changed"
        EVIDENCE_ADDED = "evidence_added", "Evidence added"
        ASSIGNED = "assigned", "Assigned"
        EDITED = "edited", "Edited"
        NOTE = "note", "Note"
        # A source merged into another: its attribution now names the other
        # (claims.services.sources.source_merge). The claim's strongest
        # sourcing is unchanged.
        SOURCE_MERGED = "source_merged", "Source merged"
        # A link to another claim made or removed (claims.services.links): on
        # both claims' timelines, neither claim's version bumped.
        LINKED = "linked", "Linked"
        UNLINKED = "unlinked", "Unlinked"
        # The article was revised (claims.services.revisions): the claim's span
        # found again at new offsets, found with other words, or not found.
        ANCHOR_MOVED = "anchor_moved", "Anchor moved"
        ANCHOR_CHANGED = "anchor_changed", "Anchor changed"
        ANCHOR_GONE = "anchor_gone", "Anchor gone"
        # The desk looked at a claim so flagged and cleared the flag
        # (claims.services.revisions.claim_anchor_check).
        ANCHOR_CHECKED = "anchor_checked", "Anchor checked"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    from_rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    # Who set the verdict standing after this event (like to_rating, the
    # state after it): a publish event names the author it approved.
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The claim's version after this event: "what changed since version n"
    # is the events with a higher one.
    claim_version = models.PositiveIntegerField(default=1)
    # What else changed, for the timeline's "what": edited fields with their
    # old and new values, the source whose sourcing changed, the evidence added.
    details = models.JSONField(default=dict, blank=True)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "at", "id"]
        indexes = [
            # A claim's timeline in order, and its state on a date (the last
            # event before the end of that day).
            models.Index(fields=["claim", "at", "id"], name="event_claim_at_idx"),
            # The dashboard's recent activity: every claim's events, newest first.
            # Also the desk report's rating changes within a period (at between two days).
            models.Index(fields=["-at", "-id"], name="event_at_idx"),
            # The desk report and the claims list's "published between" filter:
            # publishing events within a period (claims.filters.publications_between).
            models.Index(
                fields=["at", "claim"],
                name="event_published_at_idx",
                condition=Q(kind="status_changed", to_status="published"),
            ),
            # The desk report's verdicts changed within a period: a few events
            # among the period's many.
            models.Index(
                fields=["at", "claim"], name="event_rating_changed_idx", condition=RATING_CHANGED
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An integrity guard rather than business logic: the timeline is the
        # newsroom's record, so an existing event is never rewritten.
        if not self._state.adding or self.pk is not None:
            raise AppendOnlyError("Claim events are append-only; they cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Claim events are append-only; they cannot be deleted.")

    def changes(self) -> list[str]:
        """What this event changed, as short phrases for the timeline."""
        return event_changes(
            kind=self.kind,
            from_status=self.from_status,
            to_status=self.to_status,
            from_rating=self.from_rating.name if self.from_rating_id else None,
            to_rating=self.to_rating.name if self.to_rating_id else None,
            details=self.details,
        )


def event_changes(
    *,
    kind: str,
    from_status: str,
    to_status: str,
    from_rating: str | None,
    to_rating: str | None,
    details: dict[str, Any],
) -> list[str]:
    """An event's changes as phrases, from plain values (exports read no model objects)."""
    phrases = []
    if from_status and from_status != to_status:
        phrases.append(f"{Status(from_status).label} → {Status(to_status).label}")
    if from_rating != to_rating:
        phrases.append(f"rating {from_rating or 'none'} → {to_rating or 'none'}")
    if kind == ClaimEvent.Kind.SOURCING_CHANGED:
        phrases.append(
            f"{details['source']}: {details['from'] or 'not attributed'} → "
            f"{details['to'] or 'attribution removed'}"
        )
    elif kind == ClaimEvent.Kind.ASSIGNED:
        phrases.append(f"assigned to {details['to'] or 'nobody'}")
    elif kind == ClaimEvent.Kind.SOURCE_MERGED:
        phrases.append(f"{details['source']} merged into {details['into']} ({details['sourcing']})")
    elif kind == ClaimEvent.Kind.EVIDENCE_ADDED:
        phrases.append(f"“{details['title']}” ({details['stance']})")
    elif kind in (ClaimEvent.Kind.LINKED, ClaimEvent.Kind.UNLINKED):
        phrases.append(link_phrase(kind, details))
    elif kind == ClaimEvent.Kind.EDITED:
        phrases.extend(
            f"{name} → “{str(new)[:120]}”" for name, (_old, new) in details["changed"].items()
        )
    elif kind in ANCHOR_KINDS:
        phrases.append(anchor_phrase(kind, details))
    return phrases


def anchor_phrase(kind: str, details: dict[str, Any]) -> str:
    """What a revision of the article did to the claim's span, for the timeline."""
    revision = f"article revision {details['revision']}"
    if kind == ClaimEvent.Kind.ANCHOR_MOVED:
        return f"{revision}: same words, now at {details['to'][0]}–{details['to'][1]}"
    if kind == ClaimEvent.Kind.ANCHOR_CHANGED:
        return f"{revision}: quote “{details['quote'][0][:120]}” → “{details['quote'][1][:120]}”"
    if kind == ClaimEvent.Kind.ANCHOR_CHECKED:
        was = Anchoring(details["was"]).label.lower()
        return f"checked against {revision} (flagged: {was})"
    return f"{revision}: the quoted text was removed; the claim still points at revision " + str(
        details["span_revision"]
    )


def link_phrase(kind: str, details: dict[str, Any]) -> str:
    """ "this claim contradicts claim #5", or "claim #9 contradicts this claim", as
    the link reads from the claim whose timeline it is on."""
    verb = ClaimLink.Kind(details["link"]).label.lower()
    other = f"claim #{details['other_claim_id']}"
    said = f"this claim {verb} {other}" if details["outgoing"] else f"{other} {verb} this claim"
    return f"link removed: {said}" if kind == ClaimEvent.Kind.UNLINKED else said


ANCHOR_KINDS = (
    ClaimEvent.Kind.ANCHOR_MOVED,
    ClaimEvent.Kind.ANCHOR_CHANGED,
    ClaimEvent.Kind.ANCHOR_GONE,
    ClaimEvent.Kind.ANCHOR_CHECKED,
)


class ClaimLink(models.Model):
    """What one claim is to another: the same claim, or it contradicts, supports
    or updates it. Made and removed only by claims.services.links, with an event
    on both claims' timelines; a pair of claims has at most one link."""

    class Kind(models.TextChoices):
        SAME_AS = "same_as", "Same claim as"
        CONTRADICTS = "contradicts", "Contradicts"
        SUPPORTS = "supports", "Supports"
        UPDATES = "updates", "Updates"

    from_claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="links_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="links_in")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=models.F("to_claim")), name="claim_link_not_self"
            ),
            # One link per pair, whichever way it reads: "9 contradicts 5" and
            # "5 supports 9" cannot both stand.
            models.UniqueConstraint(
                Least("from_claim", "to_claim"),
                Greatest("from_claim", "to_claim"),
                name="claim_link_pair_unique",
            ),
        ]
        # from_claim and to_claim are indexed by their ForeignKeys: a claim
        # page's links are the rows on either side (one query, two indexes).

    def __str__(self) -> str:
        verb = self.get_kind_display().lower()
        return f"claim #{self.from_claim_id} {verb} claim #{self.to_claim_id}"


class VerdictPublication(models.Model):
    """One publication of a verdict that stands: the desk report counts these.

    A projection of the timeline, written only by claims.services (see
    claims.services.publications): while a claim is published it has one row
    per event that published it (a claim reopened and published again counts
    in both periods), each with what the report groups by; reopening removes
    them. Published claims are frozen, so their rating and sourcing cannot
    change; an article's outlet can, and its edit updates the rows.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="publications")
    at = models.DateTimeField()
    # The claim's publication before this one, if any: a claim published
    # twice in a period counts once, at its first publication in it (the row
    # whose previous_at falls before the period), so no query needs DISTINCT.
    previous_at = models.DateTimeField(null=True)
    outlet = models.ForeignKey(
        Outlet, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    rating = models.ForeignKey(
        Rating, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    sourcing = models.CharField(max_length=20, choices=Sourcing.choices)

    class Meta:
        indexes = [
            # The desk report's period: an index-only scan of the period's
            # publications carries everything its totals group by.
            models.Index(
                fields=["at"],
                include=["previous_at", "outlet", "rating", "sourcing", "claim"],
                name="publication_at_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"claim #{self.claim_id} published at {self.at:%Y-%m-%d %H:%M}"
