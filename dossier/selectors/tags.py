"""The tag index and a tag's page."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.http import Http404
from taggit.models import Tag, TaggedItem

from dossier.models import Claim, Event, Person, Quote, Source

from .common import TAGGED, _tagged, first_rows, paginate
from .search_results import item_rows


def _published_assignment() -> Q:
    """Tag assignments whose item is published, checked assignment by
    assignment (a few index lookups each), not by listing every published
    item of a kind first: that list is 30,000 quotes long at scale."""
    published = Q()
    for name, model in TAGGED.items():
        published |= Q(content_type__model=name) & Exists(
            model.objects.published().filter(pk=OuterRef("object_id"))
        )
    return published & Q(content_type__app_label="dossier")


def tags_in_use() -> QuerySet:
    """Tags carried by at least one published item, by name. Each tag is
    looked at only until its first published item, so listing (and
    counting, for the pages) costs no counting of items.

    A tag whose name has no letter or digit gets an empty slug from taggit,
    so it can have no page; it still shows, unlinked, on what it tags."""
    carried = TaggedItem.objects.filter(_published_assignment(), tag=OuterRef("pk"))
    return Tag.objects.filter(Exists(carried)).exclude(slug="").order_by(Lower("name"), "name")


def _kind_counts(tag_ids: list[int]) -> dict[int, dict[str, int]]:
    """{tag pk: {kind: count, ..., "item": total}} over the published items
    carrying these tags, in one query: a UNION ALL of one join per kind.

    Joined kind by kind, the database starts from these tags' assignments
    and looks each item up; asked "is this assignment's item public?" for
    every kind at once, PostgreSQL hashes all 30,000 public quotes first."""
    per_kind = [
        model.objects.published()
        .filter(tags__in=tag_ids)
        .order_by()
        .values_list("tags", Value(kind))
        .annotate(n=Count("pk"))
        for kind, model in TAGGED.items()
    ]
    counts: dict[int, dict[str, int]] = {}
    for tag_id, kind, n in per_kind[0].union(*per_kind[1:], all=True):
        tag_counts = counts.setdefault(tag_id, dict.fromkeys([*TAGGED, "item"], 0))
        tag_counts[kind] = n
        tag_counts["item"] += n
    return counts


def _with_counts(tag: Tag, counts: dict[str, int]) -> Tag:
    """`tag` with how many published items of each kind carry it
    (`event_count`, …, `item_count`: `_kind_counts()`)."""
    for kind, n in counts.items():
        setattr(tag, f"{kind}_count", n)
    return tag


def tags_index(page_number, per_page: int):
    """A page of the tags index, with each tag's counts. The tags in use (a
    few hundred) are read as values and paged in memory: counting them
    first would test every tag for a published item twice, and only the
    page's tags are shown, so only they are built as instances."""
    rows = list(tags_in_use().values_list("pk", "name", "slug"))
    page = paginate(rows, page_number, per_page)
    tags = [Tag(pk=pk, name=name, slug=slug) for pk, name, slug in page.object_list]
    counts = _kind_counts([tag.pk for tag in tags])
    none = dict.fromkeys([*TAGGED, "item"], 0)
    page.object_list = [_with_counts(tag, counts.get(tag.pk, none)) for tag in tags]
    return page


@dataclass
class TagPage:
    tag: Tag
    events: list[Event]
    people: list[Person]
    quotes: list[Quote]
    sources: list[Source]
    claims: list[Claim]
    counts: dict[str, int]


def tag_page(slug: str, per_kind: int = 10) -> TagPage:
    """A tag and the first `per_kind` published items of each kind carrying
    it; the rest are a link away, on each kind's list filtered by the tag."""
    tag = Tag.objects.exclude(slug="").filter(slug=slug).first()
    found = _kind_counts([tag.pk]).get(tag.pk) if tag else None
    if not found:
        raise Http404("No such tag")
    _with_counts(tag, found)
    counts = {name: found[name] for name in TAGGED}

    listed = item_rows()

    def first(kind: str, plural: str) -> list:
        """The first items of the kind carrying the tag: found sorting keys
        only, then read whole (a busy tag carries thousands of quotes)."""
        if not counts[kind]:
            return []
        rows = listed[plural]
        return list(first_rows(_tagged(rows, tag.pk), per_kind, rows))

    return TagPage(
        tag,
        events=first("event", "events"),
        people=first("person", "people"),
        quotes=first("quote", "quotes"),
        sources=first("source", "sources"),
        claims=first("claim", "claims"),
        counts=counts,
    )
