"""A synthetic dossier at any scale, in the fixture format, for load tests.

At scale 1 it holds 10,000 sources from 200 outlets, 3,000 people, 50,000
quotes in 20,000 statements, 5,000 events, 500 tags and 1,000 claims, with
attribution chains, citations and links between claims.  Article bodies
are 2–6 KB of diplomatic-news prose with each article's quotes printed in
them verbatim, so the importer's verbatim check has real work to do.

Everything is drawn from one `random.Random(seed)` in a fixed order and no
set is ever iterated, so the same scale and seed give byte-identical files.

A package beside the app, not in it: it is the bench's and the tests' data,
not the newsroom's. It is installed with the app (`dossier*` in
pyproject.toml), so `manage.py generate_dossier` keeps working anywhere.
"""

import datetime
import math
import random
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from dossier.fixture import yamlio
from dossier.provenance import MIN_ORIGINS, chain_origin

AT_SCALE_ONE = {
    "outlet": 200,
    "person": 3_000,
    "tag": 500,
    "source": 10_000,
    "statement": 20_000,
    "quote": 50_000,
    "event": 5_000,
    "claim": 1_000,  # one per ten sources
}
# The fewest of each kind that still gives chains, citations and links
# something to point at.
AT_LEAST = {"outlet": 4, "person": 4, "tag": 5, "source": 8, "statement": 4, "event": 2}

START = datetime.date(2025, 1, 1)
DAYS = 365  # at scale 1 and above; a smaller dossier covers a shorter stretch
BODY_BYTES = (2_000, 6_000)

# -- vocabulary ----------------------------------------------------------------
# (country, capital, adjective, language code)
COUNTRIES = (
    ("Austria", "Vienna", "Austrian", "de"),
    ("Belgium", "Brussels", "Belgian", "fr"),
    ("Brazil", "Brasilia", "Brazilian", "pt"),
    ("Bulgaria", "Sofia", "Bulgarian", "bg"),
    ("Canada", "Ottawa", "Canadian", "en"),
    ("China", "Beijing", "Chinese", "zh"),
    ("Czechia", "Prague", "Czech", "cs"),
    ("Denmark", "Copenhagen", "Danish", "da"),
    ("Egypt", "Cairo", "Egyptian", "ar"),
    ("Estonia", "Tallinn", "Estonian", "et"),
    ("Finland", "Helsinki", "Finnish", "fi"),
    ("France", "Paris", "French", "fr"),
    ("Georgia", "Tbilisi", "Georgian", "ka"),
    ("Germany", "Berlin", "German", "de"),
    ("Greece", "Athens", "Greek", "el"),
    ("Hungary", "Budapest", "Hungarian", "hu"),
    ("India", "New Delhi", "Indian", "en"),
    ("Israel", "Jerusalem", "Israeli", "he"),
    ("Italy", "Rome", "Italian", "it"),
    ("Japan", "Tokyo", "Japanese", "ja"),
    ("Kazakhstan", "Astana", "Kazakh", "kk"),
    ("Latvia", "Riga", "Latvian", "lv"),
    ("Lithuania", "Vilnius", "Lithuanian", "lt"),
    ("Moldova", "Chisinau", "Moldovan", "ro"),
    ("Netherlands", "The Hague", "Dutch", "nl"),
    ("Norway", "Oslo", "Norwegian", "no"),
    ("Poland", "Warsaw", "Polish", "pl"),
    ("Qatar", "Doha", "Qatari", "ar"),
    ("Romania", "Bucharest", "Romanian", "ro"),
    ("Russia", "Moscow", "Russian", "ru"),
    ("Saudi Arabia", "Riyadh", "Saudi", "ar"),
    ("Serbia", "Belgrade", "Serbian", "sr"),
    ("Slovakia", "Bratislava", "Slovak", "sk"),
    ("Spain", "Madrid", "Spanish", "es"),
    ("Sweden", "Stockholm", "Swedish", "sv"),
    ("Switzerland", "Bern", "Swiss", "de"),
    ("Turkey", "Ankara", "Turkish", "tr"),
    ("Ukraine", "Kyiv", "Ukrainian", "uk"),
    ("United Kingdom", "London", "British", "en"),
    ("United States", "Washington", "US", "en"),
)
VENUES = ("Geneva", "Istanbul", "Budapest", "Vienna", "Riyadh", "Doha", "Helsinki", "Anchorage")
PAPER_NAMES = (
    "Times", "Herald", "Post", "Gazette", "Courier", "Chronicle", "Tribune", "Observer",
    "Record", "Express", "Journal", "Monitor", "Telegraph", "Standard", "Sentinel",
    "Dispatch", "Review", "Independent",
)  # fmt: skip
FIRST_NAMES = (
    "Anna", "Andriy", "Boris", "Carla", "Daniel", "Dmitri", "Elena", "Emil", "Fatima",
    "Giorgi", "Hanna", "Ivan", "Jakub", "Julia", "Karin", "Kateryna", "Lars", "Laura",
    "Marco", "Maria", "Mikhail", "Nadia", "Olaf", "Olena", "Pavel", "Petra", "Rafael",
    "Sergei", "Sofia", "Tamas", "Teresa", "Viktor", "Yulia", "Zoran", "Ahmed", "Beatrix",
    "Cem", "Dorota", "Erik", "Ferenc", "Greta", "Hakan", "Ines", "Jonas", "Kenji",
    "Lucia", "Mehmet", "Nikos", "Oksana", "Piotr", "Rania", "Stefan", "Tomas", "Ursula",
    "Vesna", "Wei", "Yasmin", "Zeynep", "Alexei", "Bianca",
)  # fmt: skip
SURNAMES = (
    "Adamski", "Baranov", "Bondarenko", "Costa", "Dumitrescu", "Eriksen", "Fischer",
    "Gonzalez", "Horvath", "Ivanenko", "Jensen", "Kovalenko", "Kowalski", "Lindqvist",
    "Lavrenko", "Marchetti", "Melnyk", "Nowak", "Orlov", "Petrenko", "Quint", "Romanov",
    "Sokolov", "Shevchenko", "Tkachenko", "Urban", "Varga", "Weber", "Yilmaz", "Zelensky",
    "Andersson", "Bauer", "Celik", "Dvorak", "Esposito", "Farkas", "Grigoryan", "Hoffmann",
    "Ishikawa", "Janssen", "Kuznetsov", "Lebedev", "Moreau", "Nagy", "Olsen", "Popescu",
    "Rossi", "Sato", "Toth", "Volkov", "Wojcik", "Zhukov", "Alekseyev", "Berezovsky",
    "Dmitriyev", "Kravchuk", "Morozov", "Pavlenko", "Savchenko", "Yermak",
)  # fmt: skip
# Ways a name is spelt differently in transliteration.
RESPELLINGS = (
    ("sky", "skyy"), ("yev", "iev"), ("ov", "off"), ("chuk", "tchouk"), ("ak", "ack"),
)  # fmt: skip
ROLES = (
    "foreign minister of {country}",
    "spokesperson for the {adj} foreign ministry",
    "president of {country}",
    "prime minister of {country}",
    "{adj} special envoy",
    "defence minister of {country}",
    "national security adviser to the {adj} president",
    "{adj} ambassador to the United Nations",
    "deputy foreign minister of {country}",
    "chief {adj} negotiator",
    "spokesperson for the {adj} presidency",
)
TOPICS = (
    "ceasefire", "sanctions", "prisoner exchange", "grain exports", "energy security",
    "peace talks", "security guarantees", "territorial concessions", "humanitarian corridors",
    "nuclear safety", "arms deliveries", "border crossings", "refugees", "reconstruction",
    "trade tariffs", "gas transit", "air defence", "election monitoring", "frozen assets",
    "the memorandum", "the summit", "the front line", "troop withdrawal", "port access",
    "demining", "the peace plan", "visa rules", "shipping lanes", "debt relief",
    "the monitoring mission",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
UNNAMED = (
    "a senior {adj} official",
    "a Western diplomat",
    "two people familiar with the talks",
    "a source in the {adj} delegation",
    "three sources familiar with the situation",
    "an official briefed on the negotiations",
    "a government source in {capital}",
)
# A statement is one utterance; [a|b] marks where outlets' versions of it
# differ by a word or two.  The first alternative is what was said.
STATEMENTS = (
    "We cannot postpone what has not been [finalised|finally agreed upon|agreed]",
    "[Our|The] position on {topic} has not changed since {month}",
    "{country} is ready to [discuss|consider] {topic}, but not under these conditions",
    "There will be no agreement on {topic} without {other}",
    "The talks in {city} were [productive|constructive|useful], but no date has been set",
    "We [expect|hope] to see concrete steps from {other} on {topic} [this week|in the coming days]",
    "Any deal on {topic} must [respect|take into account] the interests of {country}",
    "It is too early to speak about a [meeting|summit] in {city}",
    "{other} has not [responded|replied] to our proposal on {topic}",
    "We are not going to [negotiate|bargain] over {topic} in public",
    "The {adj} side has [handed over|delivered] a memorandum setting out its position on {topic}",
    "Sanctions will remain in place until {other} [changes|alters] course",
    "Nobody wants to waste time on a meeting that [produces|yields] nothing",
    "The [door|way] to dialogue on {topic} remains open",
    "We have [made clear|said clearly] that {topic} is not up for discussion",
    "Progress on {topic} [depends on|will depend on] the goodwill of both sides",
    "Our partners in {city} [share|support] this approach to {topic}",
    "The decision on {topic} will be taken [by the president|at the highest level]",
    "What matters is not the [date|timing] of the meeting but its [substance|content]",
    "We will [continue|keep up] our contacts with {other} at the level of experts",
    "We [don't|do not] see any [basis|grounds] for a meeting right now",
    "It's [time|high time] for {other} to show it is serious about {topic}",
    "There are no plans for a meeting in the [immediate|near] future",
    "The proposals on {topic} are [on the table|still on the table] and we await an answer",
    "{country} [won't|will not] be pressured into concessions on {topic}",
    "The meeting with {other} was [tense|difficult] but [necessary|useful]",
)
QUOTE_FRAMES = (
    '{speaker} told reporters in {city}: "{text}."',
    '"{text}," {speaker} said on {weekday}.',
    'Speaking on {weekday}, {speaker} said that "{text}".',
    'According to {speaker}, "{text}".',
    '"{text}," {speaker} told {outlet}.',
    '{speaker} added: "{text}."',
)
FILLER = (
    "Talks between {country} and {other} on {topic} resumed in {city} on {weekday}, "
    "according to diplomats briefed on the schedule.",
    "The foreign ministry in {capital} did not respond to a request for comment.",
    "Officials in {capital} have repeatedly said that {topic} cannot be separated from the "
    "wider negotiations.",
    "Diplomats expect a further round of consultations in {city} before the end of {month}.",
    "The question of {topic} has dominated contacts between the two capitals since {month}.",
    "Neither side has published the text of the proposals exchanged over the past week.",
    "A spokesperson for the {adj} government declined to say when the next meeting would "
    "take place.",
    "European officials said the discussion on {topic} was at an early stage.",
    "Analysts in {capital} described the latest statements as an attempt to buy time.",
    "The {adj} delegation left {city} without a joint statement on {weekday} evening.",
    "Earlier this year both governments agreed to set up working groups on {topic} and "
    "on {topic2}.",
    "Observers noted that the tone of the exchanges had hardened since the talks in {city}.",
    "The meeting lasted a little over two hours, two people present said.",
    "It was not immediately clear whether {other} would send a delegation to the next round.",
    "Officials have not said whether {topic2} will be on the agenda.",
    "The announcement came hours after a phone call between the two foreign ministers.",
    "Reporters were not allowed into the room, and no press conference followed.",
    "Markets in {capital} reacted calmly to the news.",
    "The {adj} parliament is due to debate {topic} next week.",
    "Several governments have offered to host further talks, including {country}.",
    "A previous attempt to agree on {topic} collapsed in {month} amid mutual accusations.",
    "Humanitarian groups have urged both sides to put {topic2} ahead of political disagreements.",
    "The {adj} embassy in {capital} said it had not been informed of any change of plan.",
    "A joint statement issued after the meeting mentioned {topic} only in passing.",
    "People familiar with the preparations said the date of the next round was still open.",
    "The two sides last met in {city} in {month}, when talks on {topic} ended without agreement.",
    "{country} has insisted that any agreement must include {topic2}.",
    "Opposition politicians in {capital} criticised the government's handling of {topic}.",
    "The foreign ministers are expected to speak again by phone before the weekend.",
    "Officials stressed that no decision had been taken and that consultations continue.",
    "The talks were held behind closed doors at a government residence outside {city}.",
    "Western diplomats said privately that expectations for the round were low.",
    "A readout published by the {adj} side described the conversation as frank.",
    "The exchange followed weeks of public disagreement over {topic}.",
    "Both delegations brought experts on {topic2}, according to the published list.",
    "The proposal on {topic} was first floated by {country} in {month}.",
    "Officials in {capital} said they were studying the text carefully.",
    "Envoys from {country} and {other} held a separate meeting on the sidelines.",
    "It remains unclear who would monitor any arrangement on {topic}.",
    "The ministry published a short statement late on {weekday} night.",
)
TITLES = (
    "{speaker_short} says {gist}",
    "{country} and {other} hold talks on {topic} in {city}",
    "No date set for {city} meeting, {country} says",
    "{other} rejects {adj} proposal on {topic}",
    "{adj} officials signal shift on {topic}",
    "Talks on {topic} stall as {country} hardens stance",
    "What we know about the {city} talks on {topic}",
    "{speaker_short}: {gist}",
)
EVENTS = (
    ("{p0} and {p1} meet in {city}", "talks"),
    ("{adj} foreign ministry briefing on {topic}", "briefing"),
    ("Phone call between {p0} and {p1}", "call"),
    ("{country} hands {other} a memorandum on {topic}", "memorandum"),
    ("Round of talks on {topic} in {city}", "talks"),
    ("{p0} visits {city}", "visit"),
    ("Summit on {topic} announced for {city}", "summit"),
)
EVENT_ROLES = ("host", "guest", "envoy", "mediator", "speaker", "negotiator")
CLAIMS = (
    "{country} handed {other} a memorandum on {topic}",
    "The meeting in {city} has been postponed indefinitely",
    "{person} will travel to {city} for talks on {topic}",
    "{other} rejected a proposal on {topic}",
    "{country} is preparing new measures over {topic}",
    "A deal on {topic} was close before the talks in {city} broke down",
    "{person} pressed {other} to make concessions on {topic}",
)
CITE_NOTES = (
    "citing three sources familiar with the situation",
    "a rewrite of its report",
    "citing its correspondent in {city}",
    "translated from its report",
    "",
)
HOWS_RELAYED = ("citing", "carried", "translated")
STATUSES = (("published", 86), ("draft", 9), ("in_review", 4), ("withdrawn", 1))
RELIABILITY = (("A", 4), ("B", 30), ("C", 35), ("D", 17), ("E", 6), ("F", 8))
CREDIBILITY = (("1", 8), ("2", 30), ("3", 35), ("4", 12), ("5", 5), ("6", 10))

_ALTERNATIVES = re.compile(r"\[([^\]]+)\]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def counts_at(scale: float) -> dict[str, int]:
    """How many of each kind a dossier of this scale holds."""
    return {
        kind: max(AT_LEAST.get(kind, 1), round(count * scale))
        for kind, count in AT_SCALE_ONE.items()
    }


@dataclass
class _Source:
    index: int
    slug: str
    outlet: dict
    day: int
    item: dict
    quotes: list = field(default_factory=list)  # (frame text, context) to print


class _Generator:
    def __init__(self, scale: float, seed: int):
        self.rng = random.Random(seed)
        self.counts = counts_at(scale)
        # Keep a few articles a day whatever the scale, so one statement is
        # printed by several outlets within days, as in a real news cycle.
        self.days = max(14, round(DAYS * min(scale, 1.0)))
        self.used_slugs: dict[str, None] = {}

    # -- helpers --------------------------------------------------------------

    def unique_slug(self, text: str, limit: int = 80) -> str:
        base = slugify(text)[:limit].strip("-") or "item"
        slug, n = base, 1
        while slug in self.used_slugs:
            n += 1
            slug = f"{base}-{n}"
        self.used_slugs[slug] = None
        return slug

    def weighted(self, pairs) -> str:
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def popular(self, items: list, weights: list[float]):
        """One of `items`, the first ones far more often (a few people and
        outlets make most of the news)."""
        return self.rng.choices(items, cum_weights=weights)[0]

    @staticmethod
    def zipf(n: int) -> list[float]:
        total, cumulative = 0.0, []
        for rank in range(n):
            total += 1 / (rank + 1) ** 0.8
            cumulative.append(total)
        return cumulative

    def status(self) -> str:
        return self.weighted(STATUSES)

    def day(self, day: int) -> datetime.date:
        return START + datetime.timedelta(days=day)

    def country(self) -> tuple:
        return self.rng.choice(COUNTRIES)

    def slots(self, **extra) -> dict:
        country, other = self.rng.sample(COUNTRIES, 2)
        topic, topic2 = self.rng.sample(TOPICS, 2)
        return {
            "country": country[0],
            "capital": country[1],
            "adj": country[2],
            "other": other[0],
            "city": self.rng.choice((*VENUES, country[1], other[1])),
            "topic": topic,
            "topic2": topic2,
            "weekday": self.rng.choice(WEEKDAYS),
            "month": self.day(self.rng.randrange(self.days)).strftime("%B"),
            **extra,
        }

    def tags(self, most: int) -> list[str]:
        chosen: list[str] = []
        for _ in range(self.rng.randint(0, most)):
            tag = self.popular(self.tag_names, self.tag_weights)
            if tag not in chosen:
                chosen.append(tag)
        return chosen

    def maybe_notes(self, item: dict, chance: float, text: str) -> None:
        if self.rng.random() < chance:
            item["notes"] = text

    def window(self, day: int, days: int, at_least: int) -> list[_Source]:
        """Sources published on `day` or the few `days` after it (more if
        that is too few to choose `at_least` from)."""
        start = min(bisect_left(self.source_days, day), len(self.sources) - at_least)
        start = max(start, 0)
        end = max(bisect_right(self.source_days, day + days), start + at_least)
        return self.sources[start:end]

    # -- kinds ----------------------------------------------------------------

    def generate(self) -> dict[str, list[dict]]:
        self.make_tags()
        outlets = self.make_outlets()
        people = self.make_people()
        self.make_sources()
        statements, quotes = self.make_statements_and_quotes()
        events = self.make_events()
        claims = self.make_claims(events)
        sources = [source.item for source in self.sources]
        story = {
            "slug": "synthetic-dossier",
            "status": "published",
            "title": "Synthetic dossier: a year of talks that went nowhere",
            "summary": (
                f"A generated dossier for load tests: {len(sources)} articles from "
                f"{len(outlets)} outlets quoting {len(people)} people {len(quotes)} times."
            ),
        }
        return {
            "story": [story],
            "outlet": outlets,
            "person": people,
            "statement": statements,
            "source": sources,
            "quote": quotes,
            "event": events,
            "claim": claims,
        }

    def make_tags(self) -> None:
        names = [slugify(topic.removeprefix("the ")) for topic in TOPICS]
        for country in COUNTRIES:
            names.append(slugify(country[0]))
        for topic in TOPICS:
            for country in COUNTRIES:
                names.append(f"{slugify(country[2])}-{slugify(topic.removeprefix('the '))}")
        unique = list(dict.fromkeys(names))
        head, tail = unique[:70], unique[70:]
        self.rng.shuffle(tail)
        self.tag_names = (head + tail)[: self.counts["tag"]]
        self.tag_weights = self.zipf(len(self.tag_names))

    def make_outlets(self) -> list[dict]:
        names = []
        for country in COUNTRIES:
            names.append((f"{country[2]} Press Agency", country))
            names.append((f"Radio {country[1]}", country))
            for paper in PAPER_NAMES:
                names.append((f"The {country[1]} {paper}", country))
        self.rng.shuffle(names)
        self.outlets = []
        for name, country in names[: self.counts["outlet"]]:
            slug = self.unique_slug(name)
            item = {
                "slug": slug,
                "status": self.status() if self.rng.random() < 0.5 else "published",
                "name": name,
                "homepage": f"https://{slug}.example/",
                "country": country[0],
                "language": country[3],
                "reliability": self.weighted(RELIABILITY),
            }
            if self.rng.random() < 0.7:
                item["reliability_rationale"] = self.rng.choice(
                    (
                        "Established outlet with its own correspondents.",
                        "Mostly rewrites agency copy; rarely adds sourcing.",
                        "State-owned; reliable on official statements, not on motives.",
                        "Aggregator: republishes others' reports without attribution.",
                    )
                )
            self.maybe_notes(item, 0.1, f"<p>Publishes in <em>{country[3]}</em>.</p>")
            # How the outlet prints quote marks: the verbatim check folds them.
            item["_curly"] = self.rng.random() < 0.5
            self.outlets.append(item)
        self.outlet_weights = self.zipf(len(self.outlets))
        return [{k: v for k, v in item.items() if not k.startswith("_")} for item in self.outlets]

    def make_people(self) -> list[dict]:
        pairs = [(first, last) for last in SURNAMES for first in FIRST_NAMES]
        chosen = self.rng.sample(pairs, min(self.counts["person"], len(pairs)))
        while len(chosen) < self.counts["person"]:  # past 3,600: middle initials
            first, last = self.rng.choice(pairs)
            chosen.append((f"{first} {chr(65 + self.rng.randrange(26))}.", last))
        self.people = []
        for first, last in chosen:
            country = self.country()
            role = self.rng.choice(ROLES).format(country=country[0], adj=country[2])
            name = f"{first} {last}"
            aliases = [f"{first[0]}. {last}", f"{_title_for(role)} {last}".strip()]
            for ending, respelt in RESPELLINGS:
                if last.endswith(ending):
                    aliases.append(f"{first} {last[: -len(ending)]}{respelt}")
            item = {
                "slug": self.unique_slug(name),
                "status": self.status(),
                "name": name,
                "aliases": aliases,
                "role": role[0].upper() + role[1:],
                "affiliation": f"Government of {country[0]}",
            }
            if self.rng.random() < 0.3:
                item["bio"] = (
                    f"{name} has been {role} since {self.rng.randint(2015, 2024)} and "
                    f"has taken part in talks on <em>{self.rng.choice(TOPICS)}</em>."
                )
            tags = self.tags(2)
            if tags:
                item["tags"] = tags
            item["_country"] = country
            self.people.append(item)
        self.person_weights = self.zipf(len(self.people))
        return [{k: v for k, v in item.items() if not k.startswith("_")} for item in self.people]

    def make_sources(self) -> None:
        days = sorted(self.rng.randrange(self.days) for _ in range(self.counts["source"]))
        self.source_days = days
        self.sources: list[_Source] = []
        for index, day in enumerate(days):
            outlet = self.popular(self.outlets, self.outlet_weights)
            # The title is written once the quotes are known; the slug now.
            slug = self.unique_slug(f"{outlet['slug'][:30]} {self.day(day):%Y%m%d} {index}")
            item = {
                "slug": slug,
                "status": self.status(),
                "title": "",
                "outlet": outlet["slug"],
                "url": f"{outlet['homepage']}{self.day(day):%Y/%m/%d}/{slug}",
                "language": outlet["language"],
                "published_on": self.day(day),
                "body": f"sources/{slug}.txt",
            }
            if self.rng.random() < 0.6:
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
                item["byline"] = f"{first} {last}"
            self.sources.append(_Source(index, slug, outlet, day, item))
        for source in self.sources:
            self.add_citations(source)
            if self.rng.random() < 0.05:
                source.item["reliability"] = self.weighted(RELIABILITY)
                source.item["reliability_rationale"] = "Graded on its own: thinner sourcing."
            tags = self.tags(3)
            if tags:
                source.item["tags"] = tags

    def add_citations(self, source: _Source) -> None:
        roll = self.rng.random()
        if roll < 0.2 and source.index > 0:
            cited = self.sources[self.rng.randrange(max(0, source.index - 30), source.index)]
            entry = {"source": cited.slug}
        elif roll < 0.3:
            cited_outlet = self.popular(self.outlets, self.outlet_weights)
            if cited_outlet is source.outlet:
                return
            entry = {"outlet": cited_outlet["slug"]}
        else:
            return
        note = self.rng.choice(CITE_NOTES).format(city=self.rng.choice(VENUES))
        if note:
            entry["note"] = note
        source.item["cites"] = [entry]

    def unnamed(self) -> str:
        """An unnamed source, in the words articles use."""
        country = self.country()
        text = self.rng.choice(UNNAMED).format(adj=country[2], capital=country[1])
        # "a senior Estonian official", but "an Estonian official"
        return re.sub(r"\ba (?=[AEIO])", "an ", text)

    def speaker(self):
        """A person, or an unnamed source in words."""
        if self.rng.random() < 0.85:
            return self.popular(self.people, self.person_weights), None
        return None, self.unnamed()

    def variant(self, said: str, choices: list[list[str]], template_text: str) -> str:
        """The statement as one more outlet prints it: a word or two differ."""
        if not choices or self.rng.random() < 0.4:
            return said
        picks = iter([self.rng.choice(options) for options in choices])
        text = _ALTERNATIVES.sub(lambda m: next(picks), template_text)
        return text[0].upper() + text[1:]

    def make_statements_and_quotes(self) -> tuple[list[dict], list[dict]]:
        n_statements = self.counts["statement"]
        sizes = [1] * n_statements
        for _ in range(max(0, self.counts["quote"] - n_statements)):
            sizes[self.rng.randrange(n_statements)] += 1
        statements, quotes = [], []
        for size in sizes:
            person, description = self.speaker()
            slots = self.slots()
            template = self.rng.choice(STATEMENTS)
            filled = template.format(**slots)
            choices = [group.split("|") for group in _ALTERNATIVES.findall(filled)]
            said = _ALTERNATIVES.sub(lambda m: m.group(1).split("|")[0], filled)
            said = said[0].upper() + said[1:]
            who = person["name"].split()[-1] if person else description[0].upper() + description[1:]
            gist = " ".join(said.split()[:7])
            statement = {
                "slug": self.unique_slug(f"{who} {gist}", 60),
                "status": self.status(),
                "title": f"{who}: {gist}…"[:300],
            }
            self.maybe_notes(statement, 0.05, "Outlets print this with small differences.")
            if size > 1:  # its renderings are variants of one wording (`variant()`)
                statement["grouping_rationale"] = "One remark, printed by each outlet its own way."
            statements.append(statement)
            anchor = self.sources[self.rng.randrange(len(self.sources))]
            printed = self.window(anchor.day, 3, size)
            printers = sorted(
                self.rng.sample(printed, min(size, len(printed))), key=lambda s: s.index
            )
            said_on = self.day(max(0, printers[0].day - self.rng.randint(0, 1)))
            origin = printers[0].outlet
            for position, source in enumerate(printers):
                text = said if position == 0 else self.variant(said, choices, filled)
                quotes.append(
                    self.quote(statement, source, person, description, text, origin, said_on)
                )
        return statements, quotes

    def quote(self, statement, source, person, description, text, origin, said_on) -> dict:
        slots = self.slots()
        if self.rng.random() < 0.2:  # a fragment of the sentence, as articles often quote
            words = text.split()
            if len(words) > 6:
                start = self.rng.randrange(0, len(words) - 4)
                text = " ".join(words[start : start + self.rng.randint(4, len(words) - start)])
        context = f"to reporters in {slots['city']}" if self.rng.random() < 0.6 else ""
        chain, relayed_from = self.chain(source, person, description, origin, context)
        if relayed_from:
            attribution = "second_hand"
        elif person:
            attribution = "on_record"
        else:
            attribution = "background" if "official" in description else "anonymous"
        item = {
            "slug": self.unique_slug(f"{statement['slug'][:50]} {source.outlet['slug'][:30]}"),
            "status": self.status(),
            "text": text,
            "source": source.slug,
        }
        if person:
            item["speaker"] = person["slug"]
        else:
            item["speaker_description"] = description
        item["statement"] = statement["slug"]
        item["attribution"] = attribution
        if relayed_from:
            item["relayed_from"] = relayed_from
        item["credibility"] = int(self.weighted(CREDIBILITY))
        if self.rng.random() < 0.3:
            item["credibility_rationale"] = self.rng.choice(
                (
                    "Printed by several outlets with their own reporters.",
                    "A single anonymous source; not corroborated.",
                    "Consistent with the official readout.",
                )
            )
        if context:
            item["context"] = context
        item["said_on"] = said_on
        item["chain"] = chain
        tags = self.tags(2)
        if tags:
            item["tags"] = tags
        speaker = person["name"] if person else description
        source.quotes.append((text, speaker, slots))
        return item

    def chain(self, source, person, description, origin, context) -> tuple[list[dict], str]:
        """1–4 hops from the speaker to this source's outlet, and the outlet
        this source relayed the words from, if any.  Reports whose first
        outlet is `origin` count as one independent origin."""
        first = (
            {"person": person["slug"], "how": "said"}
            if person
            else {"description": description, "how": "told", "on_record": False}
        )
        if context:
            first["context"] = context
        own = source.outlet["slug"]
        hops = self.rng.choices((1, 2, 3, 4), weights=(20, 45, 28, 7))[0]
        if hops >= 3 and origin["slug"] != own:
            chain = [first, {"outlet": origin["slug"], "how": "reported"}]
            if hops == 4:
                middle = self.popular(self.outlets, self.outlet_weights)["slug"]
                if middle not in (own, origin["slug"]):
                    chain.append({"outlet": middle, "how": self.rng.choice(HOWS_RELAYED)})
            relayed_from = chain[-1]["outlet"]
            chain.append({"outlet": own, "how": "citing"})
            return chain, relayed_from
        if hops == 1:
            return [first], ""
        return [first, {"outlet": own, "how": "reported"}], ""

    def make_events(self) -> list[dict]:
        events = []
        for _ in range(self.counts["event"]):
            anchor = self.sources[self.rng.randrange(len(self.sources))]
            day = max(0, anchor.day - self.rng.randint(0, 2))
            people = self.rng.sample(self.people, min(len(self.people), self.rng.randint(1, 4)))
            names = [person["name"] for person in people] + ["their counterparts"]
            slots = self.slots(p0=names[0], p1=names[1])
            template, kind = self.rng.choice(EVENTS)
            title = template.format(**slots)
            date = self.day(day)
            item = {
                "slug": self.unique_slug(f"{kind} {date:%Y%m%d} {title}", 70),
                "status": self.status(),
                "title": title,
                "date": date,
            }
            precision = self.weighted((("day", 85), ("month", 10), ("approximate", 5)))
            if precision != "day":
                item["date_precision"] = precision
            item["summary"] = self.rng.choice(FILLER).format(**slots)
            item["location"] = f"{slots['city']}"
            item["participants"] = [
                {"person": person["slug"], "role": self.rng.choice(EVENT_ROLES)}
                for person in people
            ]
            nearby = self.window(day, 4, 6)
            reporting = self.rng.sample(nearby, min(len(nearby), self.rng.randint(1, 6)))
            item["sources"] = [source.slug for source in sorted(reporting, key=lambda s: s.index)]
            item["tags"] = self.tags(3) or [self.tag_names[0]]
            events.append(item)
        return events

    def make_claims(self, events: list[dict]) -> list[dict]:
        claims = []
        for index in range(self.counts["claim"]):
            anchor = self.sources[self.rng.randrange(len(self.sources))]
            nearby = self.window(anchor.day, 5, 4)
            reporting = sorted(
                self.rng.sample(nearby, min(len(nearby), self.rng.randint(1, 4))),
                key=lambda s: s.index,
            )
            person = self.popular(self.people, self.person_weights)
            slots = self.slots(person=person["name"])
            title = self.rng.choice(CLAIMS).format(**slots)
            item = {
                "slug": self.unique_slug(f"claim {index} {title}", 70),
                "status": self.status(),
                "title": title,
                "summary": f"Reported by {len(reporting)} article(s). "
                + self.rng.choice(FILLER).format(**slots),
                "verification": self.weighted(
                    (("unverified", 50), ("corroborated", 25), ("disputed", 20), ("false", 5))
                ),
                "credibility": int(self.weighted(CREDIBILITY)),
            }
            if self.rng.random() < 0.6:
                item["event"] = self.rng.choice(events)["slug"]
            origin = reporting[0].outlet
            item["reports"] = [
                {"source": source.slug, "chain": self.claim_chain(source, origin)}
                for source in reporting
            ]
            self.grade_by_origins(item, reporting)
            tags = self.tags(2)
            if tags:
                item["tags"] = tags
            claims.append(item)
        self.link_claims(claims)
        return claims

    @staticmethod
    def grade_by_origins(item: dict, reporting: list) -> None:
        """Grade no higher than the reports allow (dossier.provenance): a
        claim with one origin is neither corroborated nor confirmed."""
        origins = {
            chain_origin(report["chain"], source.outlet["slug"])
            for report, source in zip(item["reports"], reporting, strict=True)
        }
        if len(origins) >= MIN_ORIGINS:
            return
        if item["verification"] == "corroborated":
            item["verification"] = "unverified"
        if item["credibility"] == 1:
            item["credibility"] = 2

    def claim_chain(self, source, origin) -> list[dict]:
        own = source.outlet["slug"]
        if origin["slug"] != own and self.rng.random() < 0.5:
            return [
                {"outlet": origin["slug"], "how": "reported"},
                {"outlet": own, "how": "citing"},
            ]
        described = self.unnamed()
        return [
            {"description": described, "how": "told", "on_record": False},
            {"outlet": own, "how": "reported"},
        ]

    def link_claims(self, claims: list[dict]) -> None:
        """Some claims contradict, support or qualify a nearby one."""
        if len(claims) < 2:
            return
        for index, claim in enumerate(claims):
            roll = self.rng.random()
            if index == 0:
                roll = 0.0  # even the smallest dossier has a contested pair
            if roll >= 0.4:
                continue
            kind = "contradicts" if roll < 0.2 else "supports" if roll < 0.35 else "qualifies"
            other = claims[(index + self.rng.randint(1, min(20, len(claims) - 1))) % len(claims)]
            link = {
                "kind": kind,
                "claim": other["slug"],
                "rationale": {
                    "contradicts": "The two reports cannot both be true.",
                    "supports": "An independent report of the same thing.",
                    "qualifies": "Adds a condition the other report leaves out.",
                }[kind],
                "sources": [claim["reports"][0]["source"]],
            }
            if kind == "contradicts" and self.rng.random() < 0.3:
                link["resolved"] = True
                link["resolution"] = "Later official statements settled it."
            claim["links"] = [link]

    # -- bodies ---------------------------------------------------------------

    def finish_sources(self) -> dict[str, str]:
        """Title and body of every source, now that its quotes are known."""
        bodies = {}
        for source in self.sources:
            slots = self.slots(outlet=source.outlet["name"])
            speaker = source.quotes[0][1] if source.quotes else "Officials"
            gist = source.quotes[0][0].split(",")[0] if source.quotes else "no date set for talks"
            template = self.rng.choice(TITLES if source.quotes else TITLES[1:7])
            title = template.format(
                speaker_short=speaker.split()[-1] if source.quotes else speaker,
                gist=gist[0].lower() + gist[1:],
                **slots,
            )
            source.item["title"] = title[:500]
            bodies[source.item["body"]] = self.body(source, slots)
        return bodies

    def body(self, source: _Source, slots: dict) -> str:
        curly = source.outlet["_curly"]
        quoted = []
        for text, speaker, quote_slots in source.quotes:
            frame = self.rng.choice(QUOTE_FRAMES)
            line = frame.format(
                text=text, speaker=speaker, outlet=source.outlet["name"], **_no_text(quote_slots)
            )
            if line[0].islower():
                line = line[0].upper() + line[1:]
            quoted.append(_curl(line) if curly else line)
        target = self.rng.randint(*BODY_BYTES)
        paragraphs, size = [], sum(len(line) + 1 for line in quoted)
        deck: list[str] = []  # each sentence once before any repeats
        while size < target or not paragraphs:
            sentences = []
            for _ in range(self.rng.randint(2, 4)):
                if not deck:
                    deck = list(FILLER)
                    self.rng.shuffle(deck)
                sentences.append(deck.pop().format(**self.slots()))
            paragraph = " ".join(sentences)
            paragraphs.append(_curl(paragraph) if curly else paragraph)
            size += len(paragraph) + 1
        for line in quoted:
            paragraphs.insert(self.rng.randint(1, len(paragraphs)), line)
        return "\n".join(paragraphs) + "\n"


def _title_for(role: str) -> str:
    """How articles put a person's role before their surname."""
    for word, title in (("minister", "Minister"), ("president of", "President")):
        if word in role:
            return title
    return "Ambassador" if "ambassador" in role else "Envoy" if "envoy" in role else ""


def _no_text(slots: dict) -> dict:
    return {key: value for key, value in slots.items() if key not in {"text", "speaker"}}


def _curl(text: str) -> str:
    """Print quote marks and apostrophes the typographer's way."""
    text = re.sub(r'"(?=\w)', "\u201c", text)
    text = text.replace('"', "\u201d")
    return text.replace("'", "\u2019")


def generate(scale: float, seed: int) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """The items of each kind and the body of each source file."""
    generator = _Generator(scale, seed)
    items = generator.generate()
    bodies = generator.finish_sources()
    return items, bodies


FILES = {
    "story": "story.yaml",
    "outlet": "outlets.yaml",
    "person": "people.yaml",
    "statement": "statements.yaml",
    "source": "sources.yaml",
    "quote": "quotes.yaml",
    "event": "events.yaml",
    "claim": "claims.yaml",
}


def write(folder: Path, scale: float, seed: int) -> dict[str, int]:
    """Write a synthetic dossier into `folder`; return how many of each kind."""
    if not (math.isfinite(scale) and scale > 0):
        raise ValueError("scale must be a positive number")
    items, bodies = generate(scale, seed)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for stale in sorted((folder / "sources").glob("*.txt")):
        stale.unlink()
    for relative, body in bodies.items():
        (folder / relative).write_bytes(body.encode("utf-8"))
    for kind, file in FILES.items():
        text = yamlio.dump(items[kind][0]) if kind == "story" else yamlio.dump_items(items[kind])
        (folder / file).write_bytes(text.encode("utf-8"))
    return {kind: len(values) for kind, values in items.items()}
