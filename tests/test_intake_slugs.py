"""Slugs are made from titles and names: nobody has to type one."""

import datetime

import pytest

from dossier.models import Outlet, Person, Quote, Source
from dossier.slugs import slugify, unique_slug
from tests.factories import make_outlet, make_source


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Trump–Putin summit", "trump-putin-summit"),
        ("U.S. Scraps Planned Trump—Putin Summit", "u-s-scraps-planned-trump-putin-summit"),
        ("Володимир Зеленський", "volodymyr-zelenskyi"),
        ("Дмитрий Песков", "dmitriy-peskov"),
        ("Сергій Кислиця", "serhii-kyslytsia"),
        ("Péter Szijjártó", "peter-szijjarto"),
        ("Ukrainian National News (UNN)", "ukrainian-national-news-unn"),
        ("  «Root causes»!  ", "root-causes"),
    ],
)
def test_slugs_are_transliterated_sensibly(text, slug):
    assert slugify(text) == slug


def test_a_long_title_is_cut_at_a_word():
    slug = slugify(
        "Budapest summit between Trump and Putin canceled due to Moscow memorandum, reports the Financial Times"
    )
    assert len(slug) <= 80
    assert slug.endswith("moscow-memorandum")
    assert not slug.endswith("-")


def test_a_slug_taken_gets_a_number(db):
    make_outlet(name="Reuters", slug="reuters")
    make_outlet(name="Reuters", slug="reuters-2")
    assert unique_slug(Outlet, "Reuters") == "reuters-3"


def test_every_kind_saved_without_a_slug_gets_one(db):
    outlet = Outlet.objects.create(name="Kyiv Independent")
    person = Person.objects.create(name="Дмитрий Песков")
    again = Person.objects.create(name="Dmitriy Peskov")
    source = Source.objects.create(
        outlet=outlet, title="Trump–Putin talks off", body="“No plans,” he said."
    )
    quote = Quote.objects.create(source=source, speaker=person, text="No plans")
    assert (outlet.slug, person.slug, again.slug) == (
        "kyiv-independent",
        "dmitriy-peskov",
        "dmitriy-peskov-2",
    )
    assert source.slug == "trump-putin-talks-off"
    assert quote.slug == "peskov-no-plans"


def test_words_in_chinese_or_japanese_give_slugs_from_the_host_the_outlet_and_the_day(db):
    """Slugs are ASCII and only Cyrillic is transliterated: a Japanese
    outlet, article and quote were `outlet`, `source-2`, `quote-3`."""
    outlet = Outlet.objects.create(name="日本経済新聞", homepage="https://www.nikkei.com/")
    source = Source.objects.create(
        outlet=outlet,
        title="ブダペストでの米ロ首脳会談、見送り",
        published_on=datetime.date(2025, 10, 22),
        body="ペスコフ報道官は「日程は決まっていない」と語った。",
    )
    quote = Quote.objects.create(
        source=source, text="日程は決まっていない", speaker_description="報道官"
    )
    assert outlet.slug == "nikkei-com"
    assert source.slug == "nikkei-com-2025-10-22"
    assert quote.slug == "nikkei-com-2025-10-22"  # its article's slug
    bare = Outlet.objects.create(name="日本経済新聞")
    assert bare.slug == "outlet"  # no homepage: the kind's name, as before


def test_a_slug_typed_by_the_editor_is_kept(db):
    source = make_source(slug="my-own-slug")
    source.title = "Another title"
    source.save()
    source.refresh_from_db()
    assert source.slug == "my-own-slug"


@pytest.mark.parametrize(
    ("model", "fields", "slug"),
    [
        ("person", {"name": "Володимир Зеленський"}, "volodymyr-zelenskyi"),
        ("outlet", {"name": "Kyiv Independent", "reliability": "B"}, "kyiv-independent"),
        (
            "event",
            {"title": "Trump–Putin call", "date": "2025-10-16", "date_precision": "day"},
            "trump-putin-call",
        ),
    ],
)
def test_an_editor_never_has_to_type_a_slug_in_the_admin(editor_client, model, fields, slug):
    from django.apps import apps
    from django.urls import reverse

    from tests.admin_forms import form_defaults

    add = reverse(f"admin:dossier_{model}_add")
    data = form_defaults(editor_client.get(add).content.decode())
    data.update(fields)
    data["slug"] = ""
    response = editor_client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert apps.get_model("dossier", model).objects.get().slug == slug
