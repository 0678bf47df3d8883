"""Small factories for test data: each makes a valid, published object unless
told otherwise, and fills what the test does not care about."""

import datetime
import itertools

from dossier.models import (
    Claim,
    ClaimReport,
    Event,
    Hop,
    Outlet,
    Participation,
    Person,
    Quote,
    Source,
    Statement,
    Status,
    Story,
)

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_outlet(**fields) -> Outlet:
    n = _n()
    fields.setdefault("name", f"Outlet {n}")
    fields.setdefault("slug", f"outlet-{n}")
    fields.setdefault("reliability", "B")
    fields.setdefault("reliability_rationale", "Good track record.")
    fields.setdefault("status", Status.PUBLISHED)
    return Outlet.objects.create(**fields)


def make_source(**fields) -> Source:
    n = _n()
    fields.setdefault("outlet", make_outlet() if "outlet" not in fields else fields["outlet"])
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("body", f"Article {n} body. The minister said: “All is well.”")
    fields.setdefault("published_on", datetime.date(2025, 10, 21))
    fields.setdefault("status", Status.PUBLISHED)
    tags = fields.pop("tags", [])
    source = Source.objects.create(**fields)
    if tags:
        source.tags.set(tags)
    return source


def make_person(**fields) -> Person:
    n = _n()
    fields.setdefault("name", f"Person {n}")
    fields.setdefault("slug", f"person-{n}")
    fields.setdefault("role", "Minister")
    fields.setdefault("status", Status.PUBLISHED)
    tags = fields.pop("tags", [])
    person = Person.objects.create(**fields)
    if tags:
        person.tags.set(tags)
    return person


def make_statement(**fields) -> Statement:
    n = _n()
    fields.setdefault("title", f"Statement {n}")
    fields.setdefault("slug", f"statement-{n}")
    fields.setdefault("status", Status.PUBLISHED)
    return Statement.objects.create(**fields)


def make_quote(**fields) -> Quote:
    n = _n()
    if "source" not in fields:
        fields["source"] = make_source()
    if "speaker" not in fields and "speaker_description" not in fields:
        fields["speaker"] = make_person()
    fields.setdefault("text", "All is well.")
    fields.setdefault("slug", f"quote-{n}")
    fields.setdefault("credibility", 2)
    fields.setdefault("credibility_rationale", "Consistent with other reports.")
    fields.setdefault("status", Status.PUBLISHED)
    tags = fields.pop("tags", [])
    quote = Quote.objects.create(**fields)
    if tags:
        quote.tags.set(tags)
    return quote


def make_event(participants=(), sources=(), **fields) -> Event:
    n = _n()
    fields.setdefault("title", f"Event {n}")
    fields.setdefault("slug", f"event-{n}")
    fields.setdefault("date", datetime.date(2025, 10, 16))
    fields.setdefault("status", Status.PUBLISHED)
    tags = fields.pop("tags", [])
    event = Event.objects.create(**fields)
    for position, person in enumerate(participants):
        Participation.objects.create(event=event, person=person, position=position)
    if sources:
        event.sources.set(sources)
    if tags:
        event.tags.set(tags)
    return event


def make_story(**fields) -> Story:
    fields.setdefault("title", "A developing story")
    fields.setdefault("slug", f"story-{_n()}")
    fields.setdefault("summary", "What happened, in a paragraph.")
    fields.setdefault("status", Status.PUBLISHED)
    return Story.objects.create(**fields)


def make_hop(**fields) -> Hop:
    if not any(fields.get(key) for key in ("person", "outlet", "description")):
        fields["description"] = "a source familiar with the matter"
    fields.setdefault("how", Hop.How.TOLD)
    return Hop.objects.create(**fields)


def make_claim(sources=(), **fields) -> Claim:
    n = _n()
    fields.setdefault("title", f"Claim {n}")
    fields.setdefault("slug", f"claim-{n}")
    fields.setdefault("credibility", 3)
    fields.setdefault("status", Status.PUBLISHED)
    tags = fields.pop("tags", [])
    claim = Claim.objects.create(**fields)
    for position, source in enumerate(sources or [make_source()]):
        ClaimReport.objects.create(claim=claim, source=source, position=position)
    if tags:
        claim.tags.set(tags)
    return claim


def make_user(username: str, *groups: str, password: str = "", staff: bool = True):
    """A user (staff unless told) in `groups`, named as the migrations name
    them ("Editors", "Reviewers"); the password is `a-long-<username>-password`
    unless given. Read back, so no permission is cached from before the groups."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    user = User.objects.create_user(
        username,
        f"{username}@example.com",
        password or f"a-long-{username}-password",
        is_staff=staff,
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    assert user.groups.count() == len(groups), f"no such group among {groups}"
    return User.objects.get(pk=user.pk)
