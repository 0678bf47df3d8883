"""Names in an article and who they are in the dossier.

A name is a run of capitalised words with its titles taken off ("Russian
Foreign Minister Sergei Lavrov" is Sergei Lavrov, whose titles say he is a
minister). The article's fullest form of a name is what the desk proposes
("Peskov" after "Dmitry Peskov" is Dmitry Peskov), and a name is matched to
the dossier's People by name, aliases and surname, and to its outlets by
name, short name and initials (FT is the Financial Times).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .index import DossierIndex, OutletEntry, PersonEntry


def word_set(text: str) -> frozenset[str]:
    """A dictionary of words written as prose, one set."""
    return frozenset(text.split())


TITLES = word_set(
    """
    president vice prime minister foreign secretary state defense defence chancellor senator
    sen rep representative gov governor mayor general gen lt col colonel admiral spokesman
    spokeswoman spokesperson press ambassador chief director speaker leader chairman
    chairwoman chair ceo judge justice attorney commissioner king queen prince princess pope
    mr mrs ms miss dr sir lord lady dame rev former deputy acting adviser advisor national
    security envoy special candidate nominee congressman congresswoman councilman
    councilwoman sheriff officer lawmaker lawyer professor prof economist analyst
    correspondent editor columnist reporter author host anchor founder executive sergeant
    sgt captain capt major maj lieutenant commander corporal private minority majority whip
    premier supreme assistant associate senior manager
    """
)
PLACE_WORDS = word_set(
    """
    us u.s. uk u.k. eu un nato usa america united states kremlin russian american british
    ukrainian french german chinese european israeli iranian turkish polish hungarian
    """
)
# Countries, capitals and the bodies envoys are posted to, which a run of
# capitalised words may open before a name: "ambassador to Britain Liu
# Xiaming", "Russia’s Vladimir Putin". Left out: countries that are also
# first names of three-word names (Chad, Georgia, Jordan), and Washington,
# which opens as many organisations' names as it is a capital.
PLACES = frozenset(
    (country,)
    for country in word_set(
        """
    afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
    bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia
    botswana brazil brunei bulgaria burundi cambodia cameroon canada colombia congo croatia
    cyprus czechia denmark djibouti ecuador egypt eritrea estonia eswatini ethiopia fiji finland
    france gabon gambia germany ghana greece grenada guatemala guinea guyana haiti honduras
    hungary iceland india indonesia iran iraq ireland israel italy jamaica japan kazakhstan
    kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania
    luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico
    moldova monaco mongolia montenegro morocco mozambique myanmar namibia nepal netherlands
    nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru
    philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles
    singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan
    tajikistan tanzania thailand togo tonga tunisia turkey turkiye turkmenistan uganda ukraine
    uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe britain england scotland
    wales america
    """
    )
) | frozenset(
    tuple(place.split())
    for place in """
    united states|united kingdom|united nations|european union|african union|united arab emirates
    saudi arabia|south korea|north korea|south africa|new zealand|czech republic|sri lanka
    costa rica|el salvador|holy see|vatican|ivory coast|burkina faso|sierra leone|south sudan
    north macedonia|dominican republic|cape verde|papua new guinea|east timor|san marino
    un|u.n.|eu|nato|osce|iaea|kyiv|kiev|moscow|beijing|london|paris|berlin|budapest
    brussels|tokyo|tehran|jerusalem|ankara|warsaw|rome|madrid|ottawa|canberra|new delhi|seoul
    pyongyang|taipei|minsk|vienna|geneva|damascus|cairo|riyadh|doha|havana|kremlin
    middle east|europe|asia|africa|latin america|gulf|balkans|caucasus|arctic|pacific
    """.replace("\n", "|").split("|")
    if place.strip()
)
_LONGEST_PLACE = max(len(place) for place in PLACES)
STOP_CAPS = word_set(
    """
    the a an and but or if as at by for from in into of on to with without after before
    during when while since although though because this that these those it its he she they
    we i you his her their our my your there here then so yet also not no nor one two three
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december earlier later last next
    meanwhile however still even according read related asked feb aug sept oct nov dec
    don't doesn't didn't can't won't isn't aren't wasn't weren't i'm it's that's there's
    here's let's what's what which who whom whose why how thus hence therefore
    """
)
# "Critically, …", "Separately, …": an adverb opening a sentence, capitalised
# like a name. Three letters before the suffix keep Sally and Kelly names.
SENTENCE_ADVERB = re.compile(
    r"[A-Z][a-z]{2,}(?:ally|ately|ntly|ously|ively|ingly|edly|ably)|[A-Z][a-z]{3,}ily"
)
ORG_WORDS = word_set(
    """
    house ministry department office council committee party union times news post journal
    press agency government administration kremlin commission court parliament congress
    senate army navy police bank group foundation institute university campaign company
    corporation inc corp ltd network channel tv radio service services coalition alliance
    organization organisation league association federation board bureau guardian telegraph
    reuters ap bloomberg cnn bbc tribune herald gazette magazine daily review chronicle examiner
    observer courier ledger inquirer minutes today politico breitbart exchange airlines airways
    airport school hospital museum fund stadium
    """
)
_ABBREVIATIONS = (
    r"(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Prof|Rev|Del|"
    r"Sgt|Capt|Maj|Adm|Mt|Ft)"
)
_PARTICLES = r"(?:de|van|von|bin|al-\w+|da|di|la|le|der)\b"
_NAME_TOKEN = rf"(?:(?:{_ABBREVIATIONS}|[A-Z])\.|[A-Z][\w'’\-]*|{_PARTICLES})"
_NAME_RUN = re.compile(rf"{_NAME_TOKEN}(?:[ \u00a0](?:of the |of |for |on )?{_NAME_TOKEN})*")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents or curly apostrophes, for comparing names."""
    if text.isascii():
        return text.lower().strip()
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()


@lru_cache(maxsize=65536)
def _bare(token: str) -> str:
    return fold(token).rstrip(".").removesuffix("'s")


# The words an office's or a group's name ends with ("Foreign Ministry",
# "the Kremlin", "Coalition of the Willing" aside): a new speaker so named is
# proposed as an organisation.
_INSTITUTIONS = word_set(
    """
    ministry department office council committee commission agency government administration
    embassy party coalition alliance federation association organization organisation bureau
    institute foundation kremlin union
    """
)


def names_an_organisation(name: str) -> bool:
    words = name.split()
    return bool(words) and _bare(words[-1]) in _INSTITUTIONS


def is_title(token: str) -> bool:
    word = _bare(token)
    if "-" in word:  # "Secretary-General", "Attorney-General", "Vice-President"
        return all(part in TITLES for part in word.split("-"))
    return word in TITLES or word in PLACE_WORDS


CONNECTORS = frozenset(("of", "the", "for", "on"))
PORTFOLIOS = word_set(
    """
    affairs rights relations security defence defense justice health education finance trade
    commerce interior energy environment agriculture transport labour labor culture
    """
)


def strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(name tokens, title tokens): the name is what is left at the run's
    end once titles, demonyms and function words before it are taken off.
    A run joined by "of the" with no title before it is one name: the
    Coalition of the Willing, the Bank of England."""
    while tokens and _bare(tokens[0]) in STOP_CAPS:
        tokens = tokens[1:]
    place = _leading_place(tokens)
    if place:
        name, titles = strip_titles(tokens[place:])
        return name, [*tokens[:place], *titles]
    joined = [i for i, t in enumerate(tokens) if t in CONNECTORS]
    # "High Commissioner for Human Rights", "Minister for Foreign Affairs":
    # after a title and "for" or "of", a portfolio ends the office's name.
    office = bool(joined) and joined[-1] > 0 and is_title(tokens[joined[-1] - 1])
    if office:
        portfolio = [i for i, t in enumerate(tokens) if i > joined[-1] and _bare(t) in PORTFOLIOS]
        if portfolio:
            after, _ = strip_titles(tokens[portfolio[-1] + 1 :])
            return after, tokens[: len(tokens) - len(after)]
    if joined and tokens and is_title(tokens[0]):
        # "Secretary of State Marco Rubio" / "Sen. Sherrod Brown of Ohio"
        after, _ = strip_titles(tokens[joined[-1] + 1 :])
        if len(after) >= 2:
            return after, tokens[: len(tokens) - len(after)]
        return strip_titles(tokens[: joined[0]])
    if (
        joined
        and joined[0] > 0
        and not is_title(tokens[joined[0] - 1])
        and tokens[-1][:1].isupper()
    ):
        return list(tokens), []
    name: list[str] = []
    for token in reversed(tokens):
        bare = _bare(token)
        if bare in STOP_CAPS or is_title(token):
            break
        name.insert(0, token)
        if len(name) == 4:
            break
    titles = tokens[: len(tokens) - len(name)]
    if name and titles and all(_bare(token) in ORG_WORDS for token in name):
        # "Foreign Ministry", "Justice Department": an office named by its
        # portfolio, whose words are titles of the people who run it.
        return list(tokens), []
    while name and _bare(name[0]) in ("de", "van", "von", "da", "di", "la", "le", "der", "bin"):
        titles.append(name.pop(0))
    if name and name[-1].endswith(("'s", "’s")):
        name[-1] = name[-1][:-2]
    return name, titles


def _leading_place(tokens: list[str]) -> int:
    """How many of the first tokens name a place that comes before a name:
    a possessive ("Russia’s Vladimir Putin", "Ukraine’s Zelensky"), or a
    place with at least two words after it that name no organisation
    ("Britain Liu Xiaming"; not "Israel Katz", "Russia Today" or "London
    Stock Exchange"). 0 if none."""
    for size in range(min(_LONGEST_PLACE, len(tokens) - 1), 0, -1):
        words = tokens[:size]
        last = words[-1]
        possessive = last.endswith(("'s", "’s"))
        if tuple(_bare(word) for word in words) not in PLACES and not (
            possessive and size == 1 and _bare(last) in PLACE_WORDS
        ):
            continue
        rest = tokens[size:]
        if possessive or (len(rest) >= 2 and not any(_bare(word) in ORG_WORDS for word in rest)):
            return size
    return 0


@dataclass(eq=False)  # one mention is one place in the text: compared by identity
class Mention:
    """A name as the article writes it, at `start`."""

    start: int
    end: int
    name: str  # without titles: "Sergei Lavrov"
    titles: tuple[str, ...] = ()  # "Russian", "Foreign", "Minister"
    person: PersonEntry | None = None
    outlet: OutletEntry | None = None
    subject: bool = False  # it opens its sentence: a likely antecedent for "he"
    place: bool = False  # the article writes "in …", "from …" before this name somewhere
    surname: bool = False  # one word the article also gives as a person's full name's last

    @property
    def is_person(self) -> bool:
        if self.outlet is not None or self.place:
            return False
        if self.person is not None:
            return not any(_bare(t) in ORG_WORDS for t in self.name.split())
        words = self.name.split()
        if len(words) > 3 or words[-1].endswith(("ing", "ly")):
            return False
        if any(w in CONNECTORS or w.endswith(("'s", "’s")) for w in words):
            return False
        if any(_bare(w) in ORG_WORDS or _bare(w) in PLACE_WORDS for w in words):
            return False
        return len(words) >= 2 or bool(self.titles) or self.surname


@dataclass
class Directory:
    """The dossier's people and outlets, looked up by every form of name."""

    people: dict[str, list[PersonEntry]] = field(default_factory=dict)
    surnames: dict[str, list[PersonEntry]] = field(default_factory=dict)
    outlets: dict[str, OutletEntry] = field(default_factory=dict)
    runs: dict[str, tuple | None] = field(default_factory=dict)

    @classmethod
    def of(cls, index: DossierIndex) -> "Directory":
        cached = getattr(index, "_directory", None)
        if cached is not None:
            return cached
        directory = cls()
        for person in index.people:
            for form in (person.name, *person.aliases):
                tokens, _ = strip_titles(form.split())
                for key in {fold(form), fold(" ".join(tokens))}:
                    if key:
                        directory.people.setdefault(key, []).append(person)
                if tokens:
                    directory.surnames.setdefault(fold(tokens[-1]), []).append(person)
        for outlet in index.outlets:
            for form in outlet_forms(outlet):
                directory.outlets.setdefault(form, outlet)
        index._directory = directory
        return directory

    def person(self, name: str) -> PersonEntry | None:
        tokens = strip_titles(name.split())[0]
        for key in (fold(name), fold(" ".join(tokens))):
            found = _unique(self.people.get(key, []))
            if found:
                return found
        if tokens:
            candidates = _unique(self.surnames.get(fold(tokens[-1]), []))
            if candidates and (
                len(tokens) == 1 or fold(tokens[0])[:1] == fold(candidates.name)[:1]
            ):
                return candidates
        return None

    def outlet(self, name: str) -> OutletEntry | None:
        key = fold(name)
        return self.outlets.get(key) or self.outlets.get(key.removeprefix("the "))


def _unique(people: list[PersonEntry]) -> PersonEntry | None:
    return people[0] if len({p.slug for p in people}) == 1 else None


def outlet_forms(outlet: OutletEntry) -> set[str]:
    """Every way an article may name the outlet: "Financial Times", "the
    FT", "FT"; "Ukrainian National News (UNN)" also as "UNN"."""
    name = outlet.name
    forms = {fold(name), fold(name).removeprefix("the ")}
    inner = re.search(r"\(([^)]+)\)", name)
    if inner:
        name = name[: inner.start()].strip()
        forms |= {fold(inner.group(1)), fold(name)}
    words = [
        w for w in re.findall(r"[A-Za-z][\w&]*", name) if w[0].isupper() and w.lower() != "the"
    ]
    if len(words) >= 2:
        forms.add("".join(w[0] for w in words).lower())
    host = re.sub(r"^https?://(www\.)?", "", outlet.homepage or "").split("/")[0]
    if host:
        forms |= {host.lower(), host.split(".")[0].lower()}
    return {f for f in forms if len(f) >= 2 and not f.startswith("unidentified")}


def find_mentions(masked: str, directory: Directory) -> list[Mention]:
    """Every name the reporter writes (outside quotes), in reading order."""
    mentions = []
    for run in _NAME_RUN.finditer(masked):
        known = directory.runs.get(run.group(0))
        if known is None:
            known = directory.runs[run.group(0)] = _read_run(run.group(0), directory) or False
        if not known:
            continue
        offset, text, titles, outlet, person = known
        start = run.start() + offset
        if offset == 0 and " " in text:  # a full name: "former Republican" names no one
            titles = (*_titles_before(masked, run.start()), *titles)
        mentions.append(Mention(start, start + len(text), text, titles, person, outlet))
    return mentions


_LOWER_WORD = re.compile(r"[a-z]+")


def _titles_before(masked: str, at: int) -> list[str]:
    """The lowercase titles written just before a name ("Kremlin spokesman
    Dmitry Peskov", "press secretary Karoline Leavitt"), which the run of
    capitalised words leaves out: "the spokesman" later is Peskov."""
    titles: list[str] = []
    for word in reversed(masked[max(0, at - 40) : at].split()):
        # a bare lowercase word: not "minister." ending the sentence before
        if not (_LOWER_WORD.fullmatch(word) and word in TITLES):
            break
        titles.insert(0, word)
    return titles


def _read_run(run: str, directory: "Directory") -> tuple | None:
    """What a run of capitalised words names (kept per directory: articles
    repeat the same names)."""
    tokens = run.split()  # a run opens with a capitalised word: never empty
    outlet = directory.outlet(run) or directory.outlet(" ".join(tokens[1:]))
    name, titles = strip_titles(tokens)
    if not name or (
        len(name) == 1 and (_bare(name[0]) in STOP_CAPS or SENTENCE_ADVERB.fullmatch(name[0]))
    ):
        return None
    text = " ".join(name)
    outlet = outlet or directory.outlet(text)
    person = directory.person(text) if outlet is None else None
    return run.rfind(name[0]), text, tuple(titles), outlet, person


def by_last_word(mentions: list[Mention]) -> dict[str, list[str]]:
    """The mentions' distinct names grouped by their last word, folded, in
    the order the article first gives them."""
    grouped: dict[str, dict[str, None]] = {}
    for mention in mentions:
        words = mention.name.split()
        if words:
            grouped.setdefault(fold(words[-1]), {})[mention.name] = None
    return {last: list(names) for last, names in grouped.items()}


def fullest_name(name: str, grouped: dict[str, list[str]]) -> str:
    """The longest form of `name` the article gives: "Peskov" -> "Dmitry Peskov".
    `grouped` is `by_last_word(mentions)`: only names ending alike are read,
    not every mention of a long article for every quote."""
    last = fold(name.split()[-1]) if name.split() else ""
    best = name
    for candidate in grouped.get(last, ()):
        words = candidate.split()
        if len(best.split()) < len(words) <= 4 and all(
            fold(w) in map(fold, words) for w in name.split()
        ):
            best = candidate
    return best
