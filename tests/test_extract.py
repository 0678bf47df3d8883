"""The desk's quote suggestions: words, speakers, chains and statements."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.extract import DossierIndex, OutletEntry, PersonEntry, QuoteEntry, suggest
from dossier.fixture import yamlio
from tests.hash_seeds import printed_under

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "budapest-summit"

INDEX = DossierIndex(
    people=[
        PersonEntry(
            "volodymyr-zelensky",
            "Volodymyr Zelensky",
            ("Zelenskyy", "Zelenskiy", "Volodymyr Zelenskyy"),
        ),
        PersonEntry("dmitry-peskov", "Dmitry Peskov", (), "Kremlin spokesman"),
        PersonEntry(
            "donald-trump", "Donald Trump", ("President Trump",), "President of the United States"
        ),
    ],
    outlets=[
        OutletEntry("financial-times", "Financial Times", "https://www.ft.com/"),
        OutletEntry("reuters", "Reuters", "https://www.reuters.com/"),
        OutletEntry("the-telegraph", "The Telegraph", "https://www.telegraph.co.uk/"),
        OutletEntry("unn", "Ukrainian National News (UNN)", "https://unn.ua/"),
    ],
    quotes=[
        QuoteEntry(
            "Listen, we understand presidents, but we cannot postpone what has not been finally agreed upon.",
            "peskov-no-dates-agreed",
            "unn-peskov-listen",
            "dmitry-peskov",
        )
    ],
)


def texts(body: str, index: DossierIndex = INDEX) -> list[str]:
    return [s.text for s in suggest(body, index)]


def only(body: str, index: DossierIndex = INDEX, **kwargs):
    found = suggest(body, index, **kwargs)
    assert len(found) == 1, [s.text for s in found]
    return found[0]


# -- the words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        'Peskov said: "We have nothing to add to what was said."',
        "Peskov said: “We have nothing to add to what was said.”",
        "Peskov said: «We have nothing to add to what was said.»",
        "Peskov said: „We have nothing to add to what was said.“",
        "Peskov said: ‘We have nothing to add to what was said.’",
    ],
)
def test_every_quotation_mark_style_gives_the_words_without_marks(body):
    found = only(body)
    assert found.text == "We have nothing to add to what was said."
    assert body[found.start : found.end] == found.text


def test_two_apostrophes_stand_for_a_double_mark_as_in_newspaper_archives():
    body = "Peskov spoke on Tuesday. ''We cannot postpone what was never agreed,'' Mr. Peskov said."
    found = only(body)
    assert (found.text, found.person) == (
        "We cannot postpone what was never agreed",
        "dmitry-peskov",
    )
    assert body[found.start : found.end] == found.text


def test_apostrophes_never_open_a_quote():
    body = "Russia’s foreign minister didn’t comment on the Ukrainians’ demands, and the talks' fate is open."
    assert texts(body) == []


def test_a_fragments_closing_comma_and_full_stop_are_the_reporters():
    body = 'Trump "was not impressed by their position," another source said. He remains willing to meet "when and where progress can be made."'
    assert texts(body) == [
        "was not impressed by their position",
        "when and where progress can be made",
    ]


def test_a_quote_broken_by_he_said_gives_two_spans_with_one_speaker():
    body = 'Dmitry Peskov spoke on Tuesday. "We cannot postpone what was never agreed," he said, "and no dates were set."'
    first, second = suggest(body, INDEX)
    assert (first.text, second.text) == (
        "We cannot postpone what was never agreed",
        "and no dates were set",
    )
    assert first.person == second.person == "dmitry-peskov"


def test_a_quote_over_several_paragraphs_is_one_span_per_paragraph_with_one_speaker():
    body = (
        "Zelensky wrote on Telegram:\n\n"
        "“The front line can be the beginning of diplomacy. Russia is delaying.\n\n"
        "“The more long-range capabilities there are, the greater Russia’s readiness to end the war.”\n"
    )
    found = suggest(body, INDEX)
    assert [s.text for s in found] == [
        "The front line can be the beginning of diplomacy. Russia is delaying.",
        "The more long-range capabilities there are, the greater Russia’s readiness to end the war.",
    ]
    assert {s.person for s in found} == {"volodymyr-zelensky"}


def test_a_quote_inside_a_quote_stays_in_the_outer_one_and_is_its_own_only_when_reported_speech():
    body = (
        "\"The next day, Trump pressured Zelenskyy, saying he was 'fed up' with them,\" the Financial Times reported.\n"
        "Another interlocutor said Moscow \"has not changed its position and does not agree to 'stop in place'\"."
    )
    found = texts(body)
    assert found[0] == "The next day, Trump pressured Zelenskyy, saying he was 'fed up' with them"
    assert "fed up" in found  # Trump's words inside the FT's
    assert "has not changed its position and does not agree to 'stop in place'" in found
    assert "stop in place" not in found  # the interlocutor's own words, not someone else's


def test_a_quote_over_paragraphs_takes_the_speaker_named_at_its_end():
    body = (
        "“We will not withdraw from our land. Not one metre.\n\n"
        "“Peace must be just,” Zelenskiy said on Tuesday.\n"
    )
    found = suggest(body, INDEX)
    assert len(found) == 2 and {s.person for s in found} == {"volodymyr-zelensky"}


def test_a_one_word_utterance_with_its_own_punctuation_is_a_quote():
    body = "Trump paused. “Really?” she asked, and the room laughed."
    assert texts(body) == ["Really?"]


def test_a_headline_above_the_article_gives_no_quotes_the_body_repeats_them():
    body = (
        "Peskov: ‘No dates were set’\n\n"
        "The Kremlin spoke on Tuesday.\n\n"
        "“No dates were set,” Dmitry Peskov told reporters.\n"
    )
    assert texts(body) == ["No dates were set"]


def test_scare_quoted_words_and_titles_are_not_quotes():
    body = (
        "The so-called “peace plan” was discussed. The talks were “productive” for once. "
        "Trump watched “The Apprentice” again and the book “Art of the Deal” sold well."
    )
    assert texts(body) == []


def test_a_title_after_a_possessive_is_a_show_not_words_said():
    body = "“We will see,” Vance told NBC’s “Meet the Press.” He spoke on CBS’s “Face the Nation.”"
    assert texts(body) == ["We will see"]


def test_words_in_title_case_that_a_cue_gives_to_someone_are_a_quote():
    assert texts("“Nusra Is Al Qaeda,” Mr. Kerry said on Friday.") == ["Nusra Is Al Qaeda"]


def test_a_single_word_the_cue_gives_to_a_speaker_is_a_quote():
    assert texts("The White House described the call as “productive”, adding little.") == [
        "productive"
    ]


# -- the speaker --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, cue",
    [
        ('"We cannot postpone what was never agreed," Peskov said.', "said"),
        (
            '"We cannot postpone what was never agreed," said Dmitry Peskov, the Kremlin spokesman.',
            "said",
        ),
        (
            'Dmitry Peskov told reporters: "We cannot postpone what was never agreed."',
            "told reporters",
        ),
        ('According to Dmitry Peskov, "we cannot postpone what was never agreed."', "according to"),
        ('Mr Peskov stressed that "we cannot postpone what was never agreed".', "stressed"),
    ],
)
def test_cue_verbs_in_either_order_name_the_speaker_with_the_fullest_name(body, cue):
    body = "Dmitry Peskov spoke in Moscow. " + body
    found = only(body)
    assert (found.speaker, found.person, found.cue, found.attribution) == (
        "Dmitry Peskov",
        "dmitry-peskov",
        cue,
        "on_record",
    )


def test_a_sentence_that_says_who_speaks_introduces_the_quote_after_it():
    body = "Dmitry Peskov said in a statement on Tuesday. “No dates were ever agreed.”"
    assert only(body).person == "dmitry-peskov"


def test_a_question_mark_inside_the_quote_does_not_cut_off_its_cue():
    found = only("“Why would anyone cozy up to Moscow now?” Peskov asked reporters.")
    assert (found.person, found.cue) == ("dmitry-peskov", "asked")


def test_a_colon_introduction_at_the_end_of_a_paragraph_names_the_speaker():
    body = "Trump wrote on Truth Social:\n“Nothing is settled until everything is settled.”"
    found = only(body)
    assert (found.person, found.cue) == ("donald-trump", "wrote")


def test_aliases_match_people_zelensky_zelenskyy_zelenskiy():
    for spelling in ("Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelenskyy"):
        found = only(f"“We will not give up our land,” {spelling} said.")
        assert found.person == "volodymyr-zelensky", spelling


def test_pronouns_and_descriptions_resolve_to_the_person_last_named_who_fits():
    body = (
        "Kremlin spokesman Dmitry Peskov met reporters after Zelensky's visit ended. "
        "“No dates were set,” the spokesman said. “Nothing is agreed,” he added."
    )
    first, second = suggest(body, INDEX)
    assert first.person == "dmitry-peskov" and second.person == "dmitry-peskov"


def test_she_skips_a_man_named_in_between():
    body = (
        "Hillary Clinton spoke in Des Moines on Monday. Bernie Sanders watched from the front row. "
        "“We will win this state,” she said."
    )
    assert only(body).speaker == "Hillary Clinton"


def test_the_newspaper_is_the_outlet_last_named():
    body = "The Financial Times reported on the memo. Officials “were feeling increasing doubts,” the newspaper writes."
    found = only(body, outlet="unn")
    assert found.speaker == "Financial Times"
    assert [h.outlet for h in found.hops] == ["financial-times", "unn"]


def test_a_named_speaker_the_dossier_lacks_is_proposed_as_new_with_the_fullest_name():
    body = "Hungarian Prime Minister Viktor Orbán hosted talks. “Budapest is ready,” Orbán told reporters."
    found = only(body)
    assert (found.speaker, found.person, found.speaker_is_new) == ("Viktor Orbán", None, True)


@pytest.mark.parametrize(
    "source",
    [
        "a senior White House official",
        "three people familiar with the matter",
        "one source familiar with the situation",
    ],
)
def test_unnamed_sources_are_anonymous_with_their_description(source):
    found = only(f"“There are no plans for a meeting in the near future,” {source} said.")
    assert (found.speaker, found.attribution, found.person) == (source, "anonymous", None)
    assert found.hops[0].description == source and not found.hops[0].on_record


# -- the chain and the statement -------------------------------------------------------------


def test_told_reuters_puts_reuters_in_the_chain_after_the_unnamed_source():
    body = "“The Russians wanted too much,” a European diplomat told Reuters."
    found = only(body, outlet="unn")
    assert [(h.how, h.outlet or h.description) for h in found.hops] == [
        ("told", "a European diplomat"),
        ("reported", "reuters"),
        ("citing", "unn"),  # UNN relays what Reuters heard
    ]


def test_a_rewrite_of_a_rewrite_gets_its_hops_from_the_lead_and_its_cites():
    body = (
        "The summit was cancelled over a memo, reports the Financial Times, writes UNN.\n\n"
        "“Lavrov was clearly tired,” a source familiar with the situation said.\n"
    )
    expected = [
        ("told", "a source familiar with the situation"),
        ("reported", "financial-times"),
        ("citing", "unn"),
    ]
    for cites in (["financial-times"], []):  # the lead alone names what is rewritten
        found = only(body, cites=cites, outlet="unn")
        assert [(h.how, h.outlet or h.description) for h in found.hops] == expected, cites


def test_a_copy_that_never_names_its_source_carries_the_cited_report():
    body = "The White House said there were now “no plans” for a meeting, officials said."
    found = only(body, cites=["the-telegraph", "yahoo-news"], outlet="unn")
    assert [(h.how, h.outlet) for h in found.hops[-3:]] == [
        ("reported", "the-telegraph"),
        ("carried", "yahoo-news"),
        ("carried", "unn"),
    ]


@pytest.mark.parametrize(
    "sentence, outlet",
    [
        (
            "Moscow restated its “root causes” of the war, the FT reported, citing three people "
            "familiar with the matter.",
            "financial-times",
        ),
        (
            "There will be “no meeting in the near future”, according to the Telegraph.",
            "the-telegraph",
        ),
        (
            "The summit “has been cancelled over the memo”, reports the Financial Times.",
            "financial-times",
        ),
    ],
)
def test_outlets_the_sentence_names_as_reporting_the_words_are_hops(sentence, outlet):
    found = only(sentence, outlet="unn")
    assert outlet in [h.outlet for h in found.hops]
    assert found.hops[-1].outlet == "unn"


def test_an_outlet_citing_unnamed_people_passes_on_their_words():
    body = (
        "Moscow restated its “root causes” of the war, the FT reported, citing three people "
        "familiar with the matter."
    )
    found = only(body)
    # Heard by the FT, not by the article's own outlet: second-hand, as the
    # seed dossier's editors grade the unnamed sources other outlets relay.
    assert (found.speaker, found.attribution) == (
        "three people familiar with the matter",
        "second_hand",
    )
    assert [h.outlet for h in found.hops if h.outlet] == ["financial-times"]
    assert only(body, outlet="financial-times").attribution == "anonymous"


def test_the_kremlin_leader_is_the_person_whose_titles_say_so():
    index = DossierIndex(
        people=[
            *INDEX.people,
            PersonEntry("vladimir-putin", "Vladimir Putin", (), "President of Russia", "Kremlin"),
        ]
    )
    body = (
        "Russian President Vladimir Putin spoke to Donald Trump on Thursday. "
        "“The call was frank,” the Kremlin leader said."
    )
    assert only(body, index).person == "vladimir-putin"


def test_short_names_of_outlets_match_ft_is_the_financial_times():
    found = only("“The memo hardened Moscow's demands,” three sources told the FT.")
    assert found.hops[-1].outlet == "financial-times"


def test_another_outlets_rendering_joins_its_statement_with_the_word_differences():
    body = "Peskov said: “Listen, we have an understanding of the presidents, but we cannot postpone what has not been finalised.”"
    found = only(body)
    assert found.statement == "peskov-no-dates-agreed"
    assert found.statement_score >= 78
    assert {d.word for d in found.diff if d.side == "statement"} >= {"finally", "agreed", "upon"}


def test_different_words_join_no_statement():
    found = only("Peskov said: “The weather in Moscow was cold and grey all week long.”")
    assert (found.statement, found.statement_score, found.diff) == (None, None, ())


def test_the_sources_reliability_is_prefilled():
    assert only('"Nothing is agreed," Peskov said.', reliability="B").reliability == "B"


# -- the seed articles -------------------------------------------------------------------------


def test_the_seed_articles_quotes_are_found_with_their_speakers():
    people = yamlio.load((SEED / "people.yaml").read_text(encoding="utf-8"))
    outlets = yamlio.load((SEED / "outlets.yaml").read_text(encoding="utf-8"))
    index = DossierIndex.from_fixture_items({"person": people, "outlet": outlets})
    quotes = yamlio.load((SEED / "quotes.yaml").read_text(encoding="utf-8"))
    found = speakers = total = 0
    for source in yamlio.load((SEED / "sources.yaml").read_text(encoding="utf-8")):
        body = (SEED / source["body"]).read_text(encoding="utf-8")
        ours = {s.text: s for s in suggest(body, index)}
        for quote in (q for q in quotes if q["source"] == source["slug"]):
            total += 1
            match = ours.get(quote["text"]) or ours.get(quote["text"].rstrip("."))
            if not match:
                continue
            found += 1
            if quote.get("speaker"):
                speakers += match.person == quote["speaker"]
            else:  # an unnamed source, or an outlet speaking for itself
                description = quote.get("speaker_description", "")
                speakers += (
                    match.attribution == "anonymous" or (match.speaker or "?") in description
                )
    assert total == 41
    # measured 38 with the fixture's exact words (one quote is printed without marks, one
    # keeps a fragment's full stop, one is a cue-less single word) and 36 speakers right
    assert found >= 37
    assert speakers >= 35


# -- properties ---------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "«",
        "»",
        "„",
        "‘",
        "’",
        "'",
        " said ",
        " he said.",
        ", ",
        ". ",
        "\n",
        "\n\n",
        ":",
        "Peskov",
        " the FT",
        "x",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join))
def test_every_suggestions_words_are_exactly_the_body_at_its_offsets(body):
    for found in suggest(body, INDEX):
        assert 0 <= found.start < found.end <= len(body)
        assert body[found.start : found.end] == found.text


# -- speakers in real news' phrasing (sentences from the news pages of trafilatura's test set) ---


def test_a_pronoun_after_an_opening_phrase_is_the_sentences_speaker():
    body = (
        "Director Bong Joon Ho said backstage that no-one could predict the Oscars.\n\n"
        "Speaking through an interpreter he added; “It is true that the momentum is building.”"
    )
    assert only(body).speaker == "Bong Joon Ho"


def test_what_a_report_is_doing_is_not_part_of_its_name():
    body = (
        "Thousands of academic staff are treated as second-class citizens, says a report "
        "highlighting the “alarming rise of mass casualised labour” in higher education."
    )
    assert only(body).speaker == "a report"


def test_a_name_in_brackets_does_not_end_the_speakers_name():
    body = (
        "The National Oceanic and Atmospheric Administration (NOAA) recently stated to "
        "“Expect record-shattering hot years soon.”"
    )
    speaker = only(body).speaker
    assert speaker.endswith("Administration") and "(" not in speaker and ")" not in speaker


def test_an_article_alone_is_no_speaker():
    body = "A further 69,000 academic staff were on “atypical contracts” and are not counted."
    assert only(body).speaker is None


def test_when_it_was_said_is_not_who_said_it():
    body = (
        "Amazon.com Inc., the world’s largest online retailer, last year pledged to be "
        "“net zero carbon” by 2040."
    )
    assert only(body).speaker == "Amazon.com Inc."


def test_a_clause_about_the_speaker_leaves_the_speakers_name():
    body = (
        "Chi Onwurah, the Labour MP for Newcastle Central, who is supporting the report, said "
        "it showed that precarious employment was not just an issue for “gig economy” workers."
    )
    assert only(body).speaker == "Chi Onwurah"
    body = (
        "Sarah Aubrey, who oversees programming at TNT, described the network's plan as "
        "“a revival, not a remake.”"
    )
    assert only(body).speaker == "Sarah Aubrey"


def test_how_a_speaker_speaks_is_not_who_speaks():
    body = (
        "“Thanks for your help,” says Hadvar. He suggests we both head to Riverwood, then for "
        "some reason adds, “It's probably best if we split up.”"
    )
    assert [found.speaker for found in suggest(body, INDEX)] == ["Hadvar", "Hadvar"]


def test_a_title_after_what_kind_of_work_it_is_is_not_a_quote():
    body = (
        "Laura Dern was named best supporting actress for playing a divorce lawyer in Netflix "
        "domestic drama “Marriage Story.” Those left out include novel adaptation “Little "
        "Women.” Alex Borstein said the prize should have gone to British comedy “Fleabag.”"
    )
    assert suggest(body, INDEX) == []


def test_a_quote_after_a_sentence_ending_in_a_title_word_is_still_a_quote():
    body = (
        "Universities rely on casual contracts, according to a new report.\n\n"
        "“We like the idea of it, signifying tone,” Ms. Aubrey said of the title."
    )
    assert only(body).text == "We like the idea of it, signifying tone"


def test_a_name_given_in_quotation_marks_is_not_a_quote():
    body = (
        "A new breed of Android malware, dubbed “Agent Smith,” has infected 25 million "
        "handsets, researchers said. The firm is renowned for a culture called “The HP Way.”"
    )
    assert suggest(body, INDEX) == []


def test_a_sentence_in_cyrillic_ends_at_its_full_stop():
    """A capital in any script opens a sentence: the speaker of a quote is
    looked for in its own sentence, never across the full stop before it."""
    body = "Песков заявил журналистам. Никаких договорённостей не было, — «Дат нет», сказал он."
    assert "журналистам." not in (only(body).speaker or "")


def test_with_someone_doing_the_speaking_gives_the_words_to_them():
    body = (
        "Republicans were quick to chime in, with Donald Trump tweeting that it was a "
        "“disgrace” and a “rigged system.”"
    )
    assert {found.speaker for found in suggest(body, INDEX)} == {"Donald Trump"}


def test_the_subject_of_an_in_which_clause_is_the_speaker():
    body = (
        "Instead he gave a speech in Salt Lake City in which he pledged that he would be "
        "“an even-handed broker.” Bernie Sanders skipped the meeting."
    )
    assert only(body).speaker != "Instead he gave a speech in Salt Lake City in"
    body = "The campaign rolls out billboards in which people say, “I’m on meth.”"
    assert only(body).speaker == "people"


def test_according_to_a_description_then_a_name_is_the_name():
    body = (
        "Everyone called him Mike. According to his aunt, Jane Starner, “He was brilliant "
        "from the start.”"
    )
    assert only(body).speaker == "Jane Starner"


def test_a_description_before_a_name_after_the_verb_gives_the_name():
    body = (
        "“Since 2008, there hasn’t been a single year of revenue growth,” says veteran industry "
        "analyst Ken Doctor. “It is over,” said former Obama adviser David Axelrod."
    )
    assert [found.speaker for found in suggest(body, INDEX)] == ["Ken Doctor", "David Axelrod"]


def test_how_a_named_speaker_spoke_is_not_part_of_the_name():
    body = "“Can I give it to James?” Brooke tearfully asked before apologizing to the actor."
    assert only(body).speaker == "Brooke"


def test_chinese_and_japanese_quotes_in_corner_brackets_are_found_and_terms_are_not():
    """Without spaces or capitals, a sentence in 「」 is told from a term by
    its length or its own full stop; its speaker is left to the editor (the
    desk reads English cues)."""
    body = (
        "ペスコフ報道官は「最終的に合意されていないものを延期することはできない」と語った。"
        "いわゆる「脱獄」したiPhoneも販売された。"
    )
    (found,) = suggest(body, INDEX)
    assert found.text == "最終的に合意されていないものを延期することはできない"
    assert not found.speaker
    assert texts("佩斯科夫说：「日期未定。」") == ["日期未定。"]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # A sentence opening with "Amid …," is about the name after the comma.
        (
            "Amid growing criticism of online platforms, abandoning likes allowed Mosseri to "
            "claim that Instagram wants to be “a space that feels much less pressurized.”",
            "Mosseri",
        ),
        # Descriptions joined by "and" describe the name before them, not the place in them.
        (
            "“We get out more than we put in,” Dylan Nelson, a postdoctoral fellow at the Max "
            "Planck Institute for Astrophysics in Munich, Germany, and co-author of the study, "
            "said.",
            "Dylan Nelson",
        ),
        # A sentence adverb is no name, and "it" after it is the subject.
        (
            "The Electoral Commission issued a statement on Tuesday. Critically, however, it "
            "pointed out that it doesn’t have “a role in regulating election campaign content.”",
            "Electoral Commission",
        ),
        # "Recounted" reports speech as "said" does.
        (
            "“My people had $20 billion done,” Mr. Trump recounted in an Oct. 21 cabinet meeting.",
            "Trump",
        ),
        # The comma before "Inc." opens no second description.
        (
            "Steve Menet, Senior Vice President of Sales for Dräger, Inc., says: “Effective "
            "clinical alarm management continues to be a high focus.”",
            "Steve Menet",
        ),
        # Where the speaker was is not part of the name.
        (
            "He was told by a leaker that Obama in the call had confirmed his promise to give "
            "“space” to Putin.",
            "Obama",
        ),
        # After a title and "for", a portfolio ends the office, not starts a name.
        (
            "Minister for Foreign Affairs Penny Wong said: “We will respond.”",
            "Penny Wong",
        ),
        (
            "The United Nations High Commissioner for Human Rights said the decision did “not "
            "modify existing international law”.",
            "United Nations High Commissioner for Human Rights",
        ),
    ],
    ids=[
        "amid",
        "descriptions joined by and",
        "sentence adverb",
        "recounted",
        "Inc.",
        "in the call",
        "minister for",
        "high commissioner for",
    ],
)
def test_the_speaker_is_the_name_the_sentence_is_about(body, speaker):
    assert only(body).speaker == speaker


def test_a_speaker_quoting_themself_or_others_inside_a_quote_makes_no_suggestion_of_its_own():
    """Inside Trump's quote, "I said, ‘I want more.’ They said, ‘…’" is his
    telling: the inner words stay in his quote, and neither "Oct" (of
    "Oct. 21") nor the words before "I said" become a speaker."""
    body = (
        "Trade talks stalled in the autumn.\n\n“My people had $20 billion done,” Mr. Trump "
        "recounted in an Oct. 21 cabinet meeting. “And I said, ‘I want more.’ They said, ‘The "
        "farmers can’t handle it.’ I said, ‘Tell them to buy larger tractors. It’s very "
        "simple.’” The cabinet members laughed."
    )
    found = suggest(body, INDEX)
    assert [(f.text[:20], f.speaker) for f in found] == [
        ("My people had $20 bi", "Trump"),
        ("And I said, ‘I want ", "Trump"),
    ]


def test_without_a_cue_a_lowercase_run_of_words_or_a_contraction_is_no_speaker():
    body = (
        "Before you get too paranoid about your bedding, keep in mind that conditions like "
        "“feather duvet lung” are still relatively uncommon."
    )
    assert not only(body).speaker
    body = "Don’t give up when you find yourself “fighting the borrow checker.”"
    assert not only(body).speaker


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        # "’s" of "what’s called", carried on to the next quote.
        (
            "Breathing in mold can lead to what’s called “farmer's lung,” not to be confused "
            "with a farmer’s tan. “Humidifier lung” may result from fungus in humidifiers.",
            [None],
        ),
        # A relative clause's "who" and the "including" before it are not the speaker's.
        (
            "The whistleblower spoke to officials, including a career Army officer who described "
            "Trump’s call with Zelenskiy as “crazy” and “frightening.”",
            ["a career Army officer", "a career Army officer"],
        ),
        # "alleged" is an adjective here: the phrase before it ends on "of".
        (
            "His claims of having no memory of events or of alleged sex victims or knowledge of "
            "Epstein’s “sordid” life were met with scorn.",
            [None],
        ),
        # A phrase ending on an article stops before the term it introduces.
        ("The ad targets a “corrupt political system” in Washington.", [None]),
        # Capitalised, the same word is a name.
        ("“We won in those three elections,” Al From said.", ["Al From"]),
        # A question word opening the sentence is not part of the name after it.
        ("What Trump wants is simple: “go after them.”", ["Trump"]),
    ],
    ids=["what's called", "including … who", "of alleged", "targets a", "Al From", "What"],
)
def test_a_speaker_is_a_whole_noun_phrase_not_a_fragment(body, speakers):
    assert [found.speaker for found in suggest(body, INDEX)] == speakers


def test_a_term_after_whats_called_is_not_a_quote_but_a_passive_with_its_agent_is():
    body = (
        "The patient was diagnosed with what’s called “feather duvet lung,” a type of severe "
        "lung inflammation."
    )
    assert suggest(body, INDEX) == []
    body = (
        "The movement’s stance has been called “strategic ambiguity” by Joshua Hendrick, a "
        "professor at Loyola University Maryland."
    )
    assert texts(body) == ["strategic ambiguity"]


def test_in_another_script_without_a_cue_the_first_words_are_not_a_speaker():
    """English cue rules read a Russian sentence's first words as a name
    ("Она снималась у многих режиссеров"): the editor names the speaker."""
    body = (
        "Затем девушка подалась в мир кино. Она снималась у многих режиссеров (например, "
        "у Кустурицы в «Аризонской мечте»), а ее партнерами были звезды."
    )
    found = only(body)
    assert found.text == "Аризонской мечте" and not found.speaker


def test_in_an_article_not_in_english_a_quote_without_a_cue_gets_no_guessed_speaker():
    """In Portuguese, "Quando você fala…" opened the sentence and became the
    speaker; the cue words are English, so outside English the editor names
    the speaker, unless the desk knows the person."""
    body = (
        "Quando você fala sobre fluência de leitura, o pessoal estranha: “Que história é essa "
        "de que uma criança de 6 anos deve ler 60 palavras por minuto?”"
    )
    (found,) = suggest(body, INDEX, language="pt-BR")
    assert not found.speaker
    # Declared English (or not declared), a text that does not read as English
    # is treated the same: a Swiss page in German declared itself "en".
    german = (
        "Erdöl ist ein Gemisch aus Kohlenwasserstoffen, das vor Millionen von Jahren aus "
        "abgestorbenen Meereslebewesen entstanden ist. Wissenschaftlerinnen und Wissenschaftler "
        "zählen es zu den fossilen Rohstoffen, weil es sich nur über sehr lange Zeiträume bildet "
        "und deshalb nicht nachwächst. Viele nennen es „das schwarze Gold“, denn die Wirtschaft "
        "braucht es für Treibstoffe, Kunststoffe und Medikamente."
    )
    for declared in ("", "en"):
        (found,) = suggest(german, INDEX, language=declared)
        assert found.text == "das schwarze Gold" and not found.speaker
    body = "Dmitry Peskov disse aos jornalistas: “Não há datas.”"
    (found,) = suggest(body, INDEX, language="pt")
    assert found.person == "dmitry-peskov"


def test_a_cue_ending_in_a_colon_introduces_the_next_quote_and_another_is_another_of_them():
    """ "Another said:" after a quote introduces the next one; "Another" is
    another of the unnamed sources just described, not a name."""
    body = (
        "According to AFP, one user on Weibo posted: “Is this the start of another outbreak?” "
        "Another said: “Stay at home.”"
    )
    assert [(found.speaker, found.attribution) for found in suggest(body, INDEX)] == [
        ("one user on Weibo", "anonymous"),
        ("another user on Weibo", "anonymous"),
    ]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "China’s ambassador to Britain Liu Xiaming said: “We will never accept it.”",
            "Liu Xiaming",
        ),
        ("Ambassador to Germany Richard Grenell told reporters: “No deal.”", "Richard Grenell"),
        (
            "“We are ready,” said Russia’s ambassador to the United States Anatoly Antonov.",
            "Anatoly Antonov",
        ),
        ("“It is over,” France’s envoy to Kyiv Gael Veyssiere said.", "Gael Veyssiere"),
        ("“We are ready,” said Hungary’s Viktor Orban.", "Viktor Orban"),
        ("The Kremlin’s Dmitry Peskov said: “No.”", "Dmitry Peskov"),
        # A place before one word, or before an organisation, is part of the name.
        ("Israel Katz said: “We will respond.”", "Israel Katz"),
        ("“The talks failed,” China Daily reported.", "China Daily"),
        ("London Stock Exchange said: “Trading resumes.”", "London Stock Exchange"),
        # The envoy's post alone names no one: the description stays.
        ("“We are ready,” said the ambassador to the United Nations.", "the ambassador"),
    ],
)
def test_a_place_before_a_name_is_where_the_person_serves_not_their_name(body, speaker):
    """News writes an envoy's post and a leader's country before the name
    ("Russia’s Vladimir Putin"); the speaker, and so the dossier's person
    matched, is the name alone."""
    assert [found.speaker for found in suggest(body, INDEX)] == [speaker]


def test_a_leader_named_after_their_country_is_the_dossiers_person():
    found = only("“We are ready,” Ukraine’s Zelenskyy said.")
    assert (found.speaker, found.person) == ("Zelenskyy", "volodymyr-zelensky")


def test_an_outlet_quoting_someone_as_saying_relays_the_one_it_quotes():
    found = only("“The talks are over,” the Financial Times quoted one official as saying.")
    assert (found.speaker, found.attribution) == ("one official", "second_hand")
    assert [hop.outlet for hop in found.hops] == [None, "financial-times"]


def test_a_hyphenated_title_and_the_sentences_full_stop_are_not_the_speakers():
    found = only("“We need a ceasefire now,” NATO Secretary-General Mark Rutte told Fox Business.")
    assert (found.speaker, found.cue) == ("Mark Rutte", "told Fox Business")


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("“The West is to blame,” the Foreign Ministry said.", "Foreign Ministry"),
        ("The Russian Foreign Ministry said: “The West is to blame.”", "Russian Foreign Ministry"),
        ("“We are reviewing it,” the Justice Department said.", "Justice Department"),
        ("“We are reviewing it,” the National Security Council said.", "National Security Council"),
    ],
)
def test_an_office_named_by_its_portfolio_is_the_office_not_its_last_word(body, speaker):
    assert [found.speaker for found in suggest(body, INDEX)] == [speaker]


def test_a_time_opening_the_sentence_is_not_its_subject():
    body = "Dmitry Peskov spoke on Monday. Last week, he dismissed the report as “nonsense” and reportedly urged calm."
    assert [(found.speaker, found.person) for found in suggest(body, INDEX)] == [
        ("Dmitry Peskov", "dmitry-peskov")
    ]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "“We never said that,” the spokesman for Hungary’s government, Zoltán Kovács, said.",
            "Zoltán Kovács",
        ),
        ("“It was a mistake,” Merkel’s spokesman, Steffen Seibert, said.", "Steffen Seibert"),
        (
            "“It is provocation,” said the Foreign Ministry’s spokeswoman, Maria Zakharova.",
            "Maria Zakharova",
        ),
        # An initial is not where a name ends.
        (
            "“It is likely,” said another leading advocate, Andrew J. Pincus of Mayer Brown.",
            "another leading advocate",
        ),
        # Between the commas, a clause with its own verb is not a name.
        ("Trump’s “excesses” are sickening, Hollande said Tuesday in Paris.", "Hollande"),
    ],
)
def test_after_the_quote_a_description_then_a_name_between_commas_gives_the_name(body, speaker):
    assert [found.speaker for found in suggest(body, INDEX)] == [speaker]


def test_a_title_written_in_lowercase_before_a_name_lets_a_description_find_them():
    body = (
        "Hungarian government spokesman Zoltán Kovács spoke on Tuesday. Prime Minister "
        "Viktor Orbán was in Budapest. “There are no dates,” the spokesman said."
    )
    assert [found.speaker for found in suggest(body, INDEX)] == ["Zoltán Kovács"]


def test_a_leader_described_by_country_is_found_however_the_role_spells_it():
    """ "the US leader" fits a role written "US President" as well as one
    written "President of the United States"; "US" is not in "Russian"."""
    index = DossierIndex(
        people=[
            PersonEntry("donald-trump", "Donald Trump", (), "US President"),
            PersonEntry("vladimir-putin", "Vladimir Putin", (), "Russian President"),
        ],
        outlets=[],
        quotes=[],
    )
    body = (
        "Donald Trump rejected the plan that Vladimir Putin proposed. Speaking to reporters, "
        "the US leader said: “Stop at the battle line.”"
    )
    assert [found.person for found in suggest(body, index)] == ["donald-trump"]


def test_an_outlet_citing_someone_before_its_verb_passes_on_their_words():
    """The brief's own example: "UNN, citing the FT, citing three people
    familiar with the matter", written either way round."""
    found = only(
        "The Financial Times, citing three people familiar with the matter, reported that "
        "the summit was “off the table.”"
    )
    assert (found.speaker, found.attribution) == (
        "three people familiar with the matter",
        "second_hand",
    )
    assert [(hop.how, hop.outlet) for hop in found.hops] == [
        ("told", None),
        ("reported", "financial-times"),
    ]

    found = only("UNN, citing the Financial Times, reported that “Trump was fed up.”")
    assert found.speaker == "Financial Times"
    assert [(hop.how, hop.outlet) for hop in found.hops] == [
        ("reported", "financial-times"),
        ("citing", "unn"),
    ]


def test_words_from_an_interview_with_an_outlet_are_relayed_by_it():
    found = only("“We are ready,” Peskov said in an interview with the Financial Times.")
    assert found.attribution == "second_hand"
    assert [(hop.how, hop.outlet) for hop in found.hops] == [
        ("said", None),
        ("reported", "financial-times"),
    ]


def test_an_unnamed_source_in_an_article_rewritten_from_another_outlet_is_second_hand():
    """As the seed dossier grades UNN's rewrite of the FT: only the FT heard
    its unnamed sources. In the FT's own article they are anonymous."""
    body = (
        "The Financial Times reports that the summit is off.\n\n"
        "Lavrov “was clearly tired,” a source familiar with the situation said."
    )
    relayed = only(body, cites=["financial-times"], outlet="unn")
    assert (relayed.attribution, relayed.hops[1].outlet) == ("second_hand", "financial-times")
    assert only(body, outlet="financial-times").attribution == "anonymous"


def test_words_inside_an_outlets_quoted_report_are_relayed_by_it():
    body = (
        "“The next day, Trump scattered maps of Ukraine, saying he was ‘fed up’ with them,” "
        "the Financial Times reported."
    )
    inner = [found for found in suggest(body, INDEX, outlet="unn") if found.text == "fed up"]
    assert [(found.person, found.attribution) for found in inner] == [
        ("donald-trump", "second_hand")
    ]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "The two leaders agreed to “work on a settlement,” according to a Kremlin readout.",
            "Kremlin",
        ),
        ("The talks were “useful,” according to a statement from the Kremlin.", "Kremlin"),
    ],
)
def test_a_document_speaks_for_whoever_issued_it(body, speaker):
    found = only(body)
    assert (found.speaker, found.attribution) == (speaker, "on_record")


_SEED_STATEMENTS = """
import sys
sys.path.insert(0, "bench")
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()
import extract_bench
from dossier.extract import DossierIndex, suggest
people, outlets, quotes = (extract_bench._yaml(kind) for kind in ("people", "outlets", "quotes"))
for source in extract_bench._yaml("sources"):
    others = [q for q in quotes if q["source"] != source["slug"]]
    index = DossierIndex.from_fixture_items({"person": people, "outlet": outlets, "quote": others})
    body = (extract_bench.SEED / source["body"]).read_text(encoding="utf-8")
    print([(s.start, s.statement) for s in suggest(body, index)])
"""


def test_statements_suggested_are_the_same_in_every_process():
    """Python orders a set of words differently in each process: the words
    as rare as each other that pick a statement's candidates are taken in
    their own order, so one article gets one suggestion, whatever the
    process (hash seeds 0 and 2 gave the seed dossier 9 and 8 joins)."""
    runs = printed_under(_SEED_STATEMENTS, seeds=("0", "2"))
    assert len(runs) == 1
