"""manage.py load_demo — demo users, the sample article, its claims and some history.

Everything is written through the same services the app uses, so the demo's
timeline is exactly what real work would leave behind. Running it again
resets the demo passwords and leaves the rest as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from claims import services
from claims.models import Article, Claim, Rating, Source, Status
from claims.services.imports import import_article_file
from desk.models import Comment
from desk.services.comments import comment_add

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
ARTICLE_FILE = DEMO_DIR / "pti-dialogue-2025-05-24.txt"
CLAIMS_FILE = DEMO_DIR / "pti-dialogue-2025-05-24.claims.json"
ARTICLE_TITLE = "PTI and government edge back towards dialogue"
# The sample's original address is not known: these are placeholders on the
# documentation-only example.com domain, so that exports show every field.
OUTLET_DOMAIN = "news.example.com"
ARTICLE_URL = "https://news.example.com/2025/05/24/pti-government-dialogue"


@dataclass(frozen=True)
class DemoUser:
    username: str
    group: str
    first_name: str

    @property
    def password(self) -> str:
        return f"claimdesk-{self.username}"


DEMO_USERS = [
    DemoUser("editor", "Editors", "Erin"),
    DemoUser("reviewer", "Reviewers", "Rafael"),
    DemoUser("chief", "Reviewers", "Chidi"),
    DemoUser("viewer", "Viewers", "Vera"),
]

# The article's words for its sources, mapped to the Source each one is.
SOURCES = {
    "reliable party sources": ("PTI party sources", Source.Kind.ANONYMOUS_GROUP),
    "Sources": ("PTI party sources", Source.Kind.ANONYMOUS_GROUP),
    "PTI leaders": ("PTI leaders (unnamed)", Source.Kind.ANONYMOUS_GROUP),
    "sources familiar with the matter": (
        "Sources familiar with the matter",
        Source.Kind.ANONYMOUS_GROUP,
    ),
    "Barrister Saif": ("Barrister Mohammad Ali Saif", Source.Kind.PERSON),
    "He": ("Barrister Mohammad Ali Saif", Source.Kind.PERSON),
}
SOURCE_DETAILS = {
    "Barrister Mohammad Ali Saif": {
        "role": "Information Adviser to the Khyber Pakhtunkhwa government",
        "affiliation": "Pakistan Tehreek-e-Insaf (PTI)",
        "aliases": "Barrister Saif\nMohammad Ali Saif",
        "same_as": "https://people.example.com/barrister-mohammad-ali-saif",
    },
    "PTI party sources": {"affiliation": "Pakistan Tehreek-e-Insaf (PTI)"},
    "PTI leaders (unnamed)": {"affiliation": "Pakistan Tehreek-e-Insaf (PTI)"},
}


class Command(BaseCommand):
    help = "Create demo users and the sample article broken into claims, with some history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG off. Demo users have published passwords: not for production.",
        )

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo users with published passwords while DEBUG is off. "
                "Use --force on a machine that is not production."
            )
        users = {user.username: ensure_demo_user(user) for user in DEMO_USERS}
        article = load_demo_article(users)
        load_demo_discussion(article, users)
        self.stdout.write(f"Demo article #{article.pk}: {article.title}")
        self.stdout.write(
            f"  {article.claims.count()} claims, "
            f"{article.claims.anonymous_only().count()} on anonymous sources only"
        )
        self.stdout.write("Demo users (username / password / role):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<9} {user.password:<20} {user.group}")


def ensure_demo_user(demo: DemoUser) -> User:
    user, _ = User.objects.get_or_create(username=demo.username)
    user.first_name = demo.first_name
    user.email = f"{demo.username}@example.org"
    # Staff so that each role can open the review desk; what they may do
    # there is decided by their group's permissions.
    user.is_staff = True
    user.set_password(demo.password)
    user.save()
    user.groups.set([Group.objects.get(name=demo.group)])
    return User.objects.get(pk=user.pk)  # fresh, so the permission cache sees the group


@transaction.atomic
def load_demo_article(users: dict[str, User]) -> Article:
    outlet = services.outlet_find_or_create("Sample outlet", domain=OUTLET_DOMAIN)
    article = import_article_file(ARTICLE_FILE, outlet=outlet, title=ARTICLE_TITLE).article
    if not article.url:
        article.url = ARTICLE_URL
        services.article_update(article=article, by=users["chief"])
    if article.claims.exists():
        return article
    entries = json.loads(CLAIMS_FILE.read_text(encoding="utf-8"))["claims"]
    claims = [create_demo_claim(article, entry, users["editor"]) for entry in entries]
    give_history(claims, users)
    return article


@transaction.atomic
def load_demo_discussion(article: Article, users: dict[str, User]) -> None:
    """A short exchange on the claim waiting in review, with mentions, so that
    the demo's inboxes have something in them. Once: not when it has one."""
    claim = article.claims.filter(status=Status.IN_REVIEW).order_by("pk").first()
    if claim is None or Comment.objects.filter(claim=claim).exists():
        return
    comment_add(
        claim=claim,
        by=users["editor"],
        body="@reviewer Gohar's role is confirmed by the PTI statement in the evidence; "
        "Saif's lead role still rests on party sources only.",
    )
    comment_add(
        claim=claim,
        by=users["reviewer"],
        body="Thanks @editor. I will look this afternoon; @chief, a second pair of eyes?",
    )


def create_demo_claim(article: Article, entry: dict[str, Any], editor: User) -> Claim:
    start, end = entry["content_span"]
    claim = services.claim_create(
        article=article,
        start=start,
        end=end,
        quote=entry["content"],
        by=editor,
        kind=Claim.Kind.OPINION if entry.get("cue") == "believe" else Claim.Kind.FACTUAL,
    )
    if entry.get("source"):
        source = demo_source(*SOURCES[entry["source"]], editor)
        anonymous = entry["sourcing"] == "anonymous"
        services.attribution_set(
            claim=claim,
            source=source,
            sourcing=entry["sourcing"],
            by=editor,
            version=claim.version,
            mention=services.Span(*entry["source_span"], entry["source"]),
            cue=services.Span(*entry["cue_span"], entry["cue"]),
            descriptor=entry["source"].lower() if anonymous else "",
        )
    return claim


def demo_source(name: str, kind: str, editor: User) -> Source:
    """The source by that name, made (with its details) through the services on first sight."""
    source = services.source_find_or_create(name=name, kind=kind, by=editor)
    details = SOURCE_DETAILS.get(name, {})
    if details and not any(getattr(source, field) for field in details):
        for field, value in details.items():
            setattr(source, field, value)
        services.source_save(source=source, by=editor)
    return source


def give_history(claims: list[Claim], users: dict[str, User]) -> None:
    """A believable morning on the desk, in the order it would happen."""
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    publish_anonymous_instruction(claims[8], users, ratings)
    publish_confirmed_statement(claims[4], users, ratings)
    send_party_sources_claim_to_review(claims[1], users, ratings)
    _move(claims[7], Status.RESEARCHING, users["editor"])
    services.claim_assign(
        claim=claims[7], assignee=users["editor"], by=users["reviewer"], version=claims[7].version
    )
    _move(
        claims[3],
        Status.NOT_CHECKABLE,
        users["editor"],
        note="A belief of unnamed leaders about what might help: opinion, not checkable.",
    )


def publish_anonymous_instruction(
    claim: Claim, users: dict[str, User], ratings: dict[str, Rating]
) -> None:
    """Researched and sent to review by the editor, published by another person."""
    editor = users["editor"]
    _move(claim, Status.RESEARCHING, editor)
    services.claim_assign(claim=claim, assignee=editor, by=editor, version=claim.version)
    services.evidence_add(
        claim=claim,
        by=editor,
        title="Adiala Jail visitor log, 22 May",
        url="https://example.org/desk-notes/adiala-visitor-log",
        stance="supports",
        note="Records Barrister Saif's late-night visit to Imran Khan.",
    )
    services.evidence_add(
        claim=claim,
        by=editor,
        title="Call to the PTI central media office",
        url="https://example.org/desk-notes/pti-media-office",
        stance="context",
        note="The media office would neither confirm nor deny the instruction.",
    )
    _move(
        claim,
        Status.IN_REVIEW,
        editor,
        rating=ratings["half-true"],
        note="The meeting is on record; the instruction itself rests only on unnamed sources.",
    )
    _move(
        claim,
        Status.PUBLISHED,
        users["reviewer"],
        note="Agreed: half true until someone goes on the record about the instruction.",
    )


def publish_confirmed_statement(
    claim: Claim, users: dict[str, User], ratings: dict[str, Rating]
) -> None:
    """Barrister Saif confirmed his words on the record: named becomes confirmed."""
    editor = users["editor"]
    _move(claim, Status.RESEARCHING, editor)
    attribution = claim.attributions.select_related("source").get()
    services.attribution_set(
        claim=claim,
        source=attribution.source,
        sourcing="confirmed",
        by=editor,
        version=claim.version,
        mention=services.Span(
            attribution.mention_start, attribution.mention_end, attribution.mention
        ),
        cue=services.Span(attribution.cue_start, attribution.cue_end, attribution.cue),
    )
    _move(
        claim,
        Status.IN_REVIEW,
        editor,
        rating=ratings["mostly-true"],
        note="Saif repeated it on the record by phone; talks are informal, not formal.",
    )
    _move(claim, Status.PUBLISHED, users["chief"])


def send_party_sources_claim_to_review(
    claim: Claim, users: dict[str, User], ratings: dict[str, Rating]
) -> None:
    """Left waiting in the review queue."""
    _move(claim, Status.RESEARCHING, users["editor"])
    _move(
        claim,
        Status.IN_REVIEW,
        users["editor"],
        rating=ratings["half-true"],
        note="Gohar's role is confirmed by a PTI statement; Saif's lead role is not.",
    )


def _move(claim: Claim, to: str, by: User, note: str = "", rating: Rating | None = None) -> None:
    services.claim_transition(
        claim=claim, to=to, by=by, version=claim.version, note=note, rating=rating
    )
