"""The Annotate page without JavaScript: a form of suggestions an editor
accepts, fixes or rejects, and a passage form; every quote made is a
verbatim-checked draft with its chain and statement, recorded in history."""

import pytest
from django.urls import reverse

from dossier.extract import Hop as SuggestedHop
from dossier.extract import Suggestion
from dossier.models import Citation, Credibility, Hop, Person, Quote, Status
from tests.factories import (
    make_outlet,
    make_person,
    make_quote,
    make_source,
    make_statement,
    make_user,
)

BODY = (
    "Budapest talks off\n\n"
    "“We cannot postpone what has not been agreed,” Kremlin spokesman Dmitry Peskov told reporters.\n\n"
    "A senior White House official said there were “no plans” for a meeting, the FT reported.\n\n"
    "Mr Rubio called the call “productive”."
)


def span(words: str) -> tuple[int, int]:
    start = BODY.index(words)
    return start, start + len(words)


@pytest.fixture
def desk(db):
    """An article citing the FT, with the people and statement it speaks of."""
    ft = make_outlet(name="Financial Times", slug="financial-times", homepage="https://www.ft.com/")
    unn = make_outlet(name="UNN", slug="unn", reliability="C")
    source = make_source(outlet=unn, body=BODY, status=Status.DRAFT)
    Citation.objects.create(source=source, cited_outlet=ft)
    peskov = make_person(name="Dmitry Peskov", slug="dmitry-peskov", aliases="Peskov")
    statement = make_statement(slug="peskov-no-dates", title="Peskov: no dates")
    return source, ft, unn, peskov, statement


@pytest.fixture
def suggestions(monkeypatch, desk):
    """What the extractor proposes for BODY (hand-made: the real engine is
    developed separately and these tests hold whatever it returns)."""
    made = []

    def fake_suggest(body, index=None, *, cites=(), reliability="", outlet=None, language=""):
        made.append(
            {
                "cites": list(cites),
                "reliability": reliability,
                "outlet": outlet,
                "language": language,
            }
        )
        peskov = Suggestion(
            *span("We cannot postpone what has not been agreed,"),
            text="We cannot postpone what has not been agreed,",
            speaker="Dmitry Peskov",
            person="dmitry-peskov",
            attribution="on_record",
            cue="told reporters",
            statement="peskov-no-dates",
            statement_score=91.0,
            hops=(SuggestedHop("told", person="dmitry-peskov", context="to reporters"),),
            reliability=reliability,
        )
        official = Suggestion(
            *span("no plans"),
            text="no plans",
            speaker="a senior White House official",
            person=None,
            attribution="second_hand",
            cue="said",
            hops=(
                SuggestedHop("told", description="a senior White House official", on_record=False),
                SuggestedHop("reported", outlet="financial-times"),
                SuggestedHop("citing", outlet="unn"),
            ),
            reliability=reliability,
        )
        rubio = Suggestion(
            *span("productive"),
            text="productive",
            speaker="Marco Rubio",
            person=None,
            attribution="on_record",
            cue="called",
            hops=(SuggestedHop("said", description="Marco Rubio"),),
            speaker_is_new=True,
            reliability=reliability,
        )
        return [peskov, official, rubio]

    monkeypatch.setattr("dossier.intake.annotate.suggest", fake_suggest)
    return made


def url(source) -> str:
    return reverse("admin:dossier_source_annotate", args=[source.pk])


def page_data(response) -> dict:
    """The page's form as a browser without JavaScript would post it."""
    formset = response.context["formset"]
    data = {f"s-{name}": value for name, value in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif value is not None:
                data[form.add_prefix(name)] = value
    return data


def test_the_page_shows_the_article_with_suggestions_and_the_source_grade(
    editor_client, desk, suggestions
):
    source = desk[0]
    source.language = "uk"
    source.save()
    response = editor_client.get(url(source))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-anchor="suggestion-') == 3
    assert "Reliability of this article: <strong>C</strong>" in html
    # The article's language decides whether cue-less speakers are guessed.
    assert suggestions[0] == {
        "cites": ["financial-times"],
        "reliability": "C",
        "outlet": "unn",
        "language": "uk",
    }
    cards = response.context["formset"].forms
    assert cards[0].initial["speaker"] == "Dmitry Peskov"
    assert cards[0].initial["chain"] == "Dmitry Peskov | told | to reporters"
    assert cards[1].initial["unnamed"] is True
    assert cards[1].initial["chain"] == (
        "a senior White House official | told | | off the record\n"
        "Financial Times | reported\nUNN | citing"
    )
    # Every paragraph knows where it starts, for the selection script.
    assert '<p data-start="0">Budapest talks off</p>' in html


def test_accept_all_makes_draft_quotes_with_speakers_chains_and_statements(
    editor_client, editor, desk, suggestions
):
    source, ft, unn, peskov, statement = desk
    data = page_data(editor_client.get(url(source)))
    response = editor_client.post(url(source), {**data, "accept_all": "1"})
    assert response.status_code == 302
    quotes = {q.text: q for q in Quote.objects.filter(source=source)}
    assert set(quotes) == {"We cannot postpone what has not been agreed,", "no plans", "productive"}
    assert all(q.status == Status.DRAFT and q.verbatim_found for q in quotes.values())
    assert all(q.credibility == Credibility.CANNOT_JUDGE for q in quotes.values())

    said = quotes["We cannot postpone what has not been agreed,"]
    assert (said.speaker, said.statement) == (peskov, statement)
    assert [(h.person, h.how, h.context) for h in said.hops.all()] == [
        (peskov, "told", "to reporters")
    ]

    relayed = quotes["no plans"]
    assert relayed.speaker is None
    assert relayed.speaker_description == "a senior White House official"
    assert (relayed.attribution, relayed.relayed_from) == ("second_hand", ft)
    assert [(h.who, h.how, h.on_record) for h in relayed.hops.all()] == [
        ("a senior White House official", "told", False),
        ("Financial Times", "reported", True),
        ("UNN", "citing", True),
    ]

    rubio = quotes["productive"].speaker
    assert (rubio.name, rubio.slug, rubio.status) == ("Marco Rubio", "marco-rubio", Status.DRAFT)
    assert rubio.kind == Person.Kind.PERSON
    # The new speaker's own hop is the new person, not a description.
    assert [(h.person, h.description) for h in quotes["productive"].hops.all()] == [(rubio, "")]
    record = said.history.get()
    assert (record.history_user, record.history_change_reason) == (
        editor,
        "Accepted from suggestions",
    )
    assert rubio.history.get().history_user == editor


def test_an_editor_fixes_a_suggestion_before_accepting_it(editor_client, desk, suggestions):
    source, *_ = desk
    data = page_data(editor_client.get(url(source)))
    data["s-2-speaker"] = "Peskov"  # an alias: the dossier's person, not a new one
    data["s-2-attribution"] = "background"
    editor_client.post(url(source), {**data, "accept": "2"})
    quote = Quote.objects.get(source=source)
    assert quote.text == "productive"
    assert quote.speaker.slug == "dmitry-peskov"
    assert quote.attribution == "background"
    assert not Person.objects.filter(name="Marco Rubio").exists()


def test_a_new_speaker_named_as_an_office_is_made_an_organisation(editor_client, desk, suggestions):
    source, *_ = desk
    data = page_data(editor_client.get(url(source)))
    data["s-2-speaker"] = "Russian Foreign Ministry"
    editor_client.post(url(source), {**data, "accept": "2"})
    ministry = Quote.objects.get(source=source).speaker
    assert (ministry.name, ministry.kind) == ("Russian Foreign Ministry", Person.Kind.ORGANISATION)


def test_only_ticked_suggestions_are_accepted(editor_client, desk, suggestions):
    source, *_ = desk
    data = page_data(editor_client.get(url(source)))
    data["s-1-accept"] = "on"
    editor_client.post(url(source), {**data, "accept_checked": "1"})
    assert list(Quote.objects.values_list("text", flat=True)) == ["no plans"]


def test_quotes_already_made_are_not_suggested_again_or_repeated(editor_client, desk, suggestions):
    source, _, _, peskov, _ = desk
    make_quote(source=source, speaker=peskov, text="We cannot postpone what has not been agreed")
    response = editor_client.get(url(source))
    assert [f.initial["text"] for f in response.context["formset"].forms] == [
        "no plans",
        "productive",
    ]
    # An old page posted again makes nothing twice.
    data = page_data(response)
    editor_client.post(url(source), {**data, "accept_all": "1"})
    editor_client.post(url(source), {**data, "accept_all": "1"})
    assert Quote.objects.filter(source=source).count() == 3


def test_a_rejected_suggestion_is_set_aside_for_this_article(editor_client, desk, suggestions):
    source, *_ = desk
    data = page_data(editor_client.get(url(source)))
    editor_client.post(url(source), {**data, "reject": "1"})
    texts = [f.initial["text"] for f in editor_client.get(url(source)).context["formset"].forms]
    assert texts == ["We cannot postpone what has not been agreed,", "productive"]
    assert not Quote.objects.exists()


def test_any_passage_typed_as_printed_becomes_a_quote(editor_client, desk, suggestions):
    source, ft, *_ = desk
    editor_client.post(
        url(source),
        {
            "s-TOTAL_FORMS": "0",
            "s-INITIAL_FORMS": "0",
            "make_quote": "1",
            "new-text": "there were “no plans” for a meeting",
            "new-speaker": "a senior White House official",
            "new-unnamed": "on",
            "new-attribution": "second_hand",
            "new-chain": "a senior White House official | told | | off\nFinancial Times | reported",
        },
    )
    quote = Quote.objects.get()
    assert quote.text == "there were “no plans” for a meeting"
    assert quote.relayed_from == ft
    assert quote.history.get().history_change_reason.startswith("Made from a passage selected")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"new-text": "words the article never printed"}, "not in the article verbatim"),
        ({"new-text": "no plans", "new-start": "5", "new-end": "13"}, "not these words"),
        ({"new-text": "no plans", "new-start": "900", "new-end": "908"}, "outside the article"),
        ({"new-text": "no plans", "new-chain": "Financial Times | whispered"}, "Chain, line 1"),
        ({"new-text": "no plans", "new-statement": "no-such-statement"}, "no statement"),
        ({"new-text": "no plans", "new-attribution": "second_hand"}, "names the outlet"),
    ],
)
def test_bad_passages_are_refused_with_a_clear_error_and_store_nothing(
    editor_client, desk, suggestions, fields, message
):
    source, *_ = desk
    Citation.objects.all().delete()  # nothing to fall back on for a relayed quote
    data = {"s-TOTAL_FORMS": "0", "s-INITIAL_FORMS": "0", "make_quote": "1"}
    data.update({"new-speaker": "Dmitry Peskov", "new-attribution": "on_record", **fields})
    response = editor_client.post(url(source), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Quote.objects.exists()


def test_one_bad_suggestion_stops_the_whole_submit(editor_client, desk, suggestions):
    source, *_ = desk
    data = page_data(editor_client.get(url(source)))
    data["s-2-start"] = str(int(data["s-2-start"]) - 3)  # offsets no longer on the words
    response = editor_client.post(url(source), {**data, "accept_all": "1"})
    assert "not these words" in response.content.decode()
    assert not Quote.objects.exists() and not Person.objects.filter(name="Marco Rubio").exists()


def test_a_suggestion_without_a_speaker_is_made_as_a_draft_that_says_so(
    editor_client, desk, monkeypatch
):
    source, *_ = desk
    start, end = span("productive")
    monkeypatch.setattr(
        "dossier.intake.annotate.suggest",
        lambda body, index=None, **kw: [
            Suggestion(start, end, "productive", None, None, "on_record", None)
        ],
    )
    data = page_data(editor_client.get(url(source)))
    editor_client.post(url(source), {**data, "accept_all": "1"})
    assert Quote.objects.get().speaker_description == "speaker not identified yet"


def test_no_hop_rows_are_left_from_a_failed_submit(editor_client, desk, suggestions):
    source, *_ = desk
    data = page_data(editor_client.get(url(source)))
    data["s-1-chain"] = "Financial Times | leaked"
    editor_client.post(url(source), {**data, "accept_all": "1"})
    assert not Hop.objects.exists() and not Quote.objects.exists()


def test_without_add_quote_the_page_is_forbidden(client, desk, suggestions):
    from django.contrib.auth.models import Permission

    user = make_user("reader")
    user.user_permissions.add(Permission.objects.get(codename="view_source"))
    client.force_login(user)
    source = desk[0]
    assert client.get(url(source)).status_code == 403
    assert client.post(url(source), {"accept_all": "1"}).status_code == 403
    assert not Quote.objects.exists()


def test_an_editor_sees_the_buttons_on_the_source_pages(editor_client, desk, suggestions):
    source = desk[0]
    change = editor_client.get(reverse("admin:dossier_source_change", args=[source.pk]))
    assert url(source) in change.content.decode()
    listing = editor_client.get(reverse("admin:dossier_source_changelist"))
    assert reverse("admin:dossier_source_intake") in listing.content.decode()


def test_the_articles_text_and_suggestions_are_escaped(editor_client, desk, monkeypatch):
    source = desk[0]
    source.body = 'He said: “<script>alert(1)</script>” and <b onmouseover="x()">left</b>.'
    source.save()
    words = "<script>alert(1)</script>"
    start = source.body.index(words)
    monkeypatch.setattr(
        "dossier.intake.annotate.suggest",
        lambda body, index=None, **kw: [
            Suggestion(start, start + len(words), words, "<i>x</i>", None, "on_record", None)
        ],
    )
    html = editor_client.get(url(source)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_page_reads_a_fixed_number_of_queries_however_many_suggestions(
    editor_client, desk, suggestions, django_assert_max_num_queries
):
    source = desk[0]
    for n in range(5):
        make_person(name=f"Someone {n}")
        make_quote(source=source, text="Budapest talks off" if n == 0 else f"Other {n}")
    with django_assert_max_num_queries(16):
        response = editor_client.get(url(source))
    assert response.status_code == 200


def test_when_the_extractor_fails_the_page_still_makes_quotes_from_passages(
    editor_client, desk, monkeypatch
):
    def broken(*args, **kwargs):
        raise IndexError("a bug in the extractor")

    monkeypatch.setattr("dossier.intake.annotate.suggest", broken)
    source = desk[0]
    response = editor_client.get(url(source))
    assert response.status_code == 200
    assert "the quote finder failed on its text" in response.content.decode()
    data = {"s-TOTAL_FORMS": "0", "s-INITIAL_FORMS": "0", "make_quote": "1"}
    data.update({"new-text": "productive", "new-speaker": "Peskov", "new-attribution": "on_record"})
    editor_client.post(url(source), data)
    assert Quote.objects.get().text == "productive"
