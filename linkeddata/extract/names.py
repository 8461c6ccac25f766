"""Given names and their usual short forms: which forms of a name may be one person's ("Joe" and "Joseph R."),
known to extraction (a name and its short form in one article) and to resolution (across articles)."""

from __future__ import annotations

# English given names and their usual short forms: general knowledge, not a list of people.
HYPOCORISMS: dict[str, set[str]] = {
    "joseph": {"joe", "joey"}, "william": {"bill", "will", "billy", "willie"}, "robert": {"bob", "rob", "bobby"},
    "richard": {"dick", "rick", "rich"}, "james": {"jim", "jimmy", "jamie"}, "john": {"jack", "johnny"},
    "michael": {"mike", "mick"}, "thomas": {"tom", "tommy"}, "charles": {"charlie", "chuck"},
    "edward": {"ed", "ted", "eddie", "ned"}, "elizabeth": {"liz", "beth", "betty", "lizzie", "eliza"},
    "margaret": {"maggie", "meg", "peggy"}, "katherine": {"kate", "kathy", "katie"}, "catherine": {"kate", "cathy"},
    "anthony": {"tony"}, "antony": {"tony"}, "benjamin": {"ben", "benny", "bibi"}, "daniel": {"dan", "danny"},
    "david": {"dave"}, "donald": {"don"}, "douglas": {"doug"}, "frederick": {"fred"}, "gregory": {"greg"},
    "jeffrey": {"jeff"}, "kenneth": {"ken"}, "lawrence": {"larry"}, "matthew": {"matt"}, "nicholas": {"nick"},
    "patrick": {"pat"}, "peter": {"pete"}, "philip": {"phil"}, "ronald": {"ron"}, "samuel": {"sam"},
    "stephen": {"steve"}, "steven": {"steve"}, "theodore": {"ted", "teddy"}, "timothy": {"tim"},
    "alexander": {"alex", "sasha"}, "andrew": {"andy", "drew"}, "christopher": {"chris"}, "jennifer": {"jen"},
    "rebecca": {"becky"}, "susan": {"sue"}, "victoria": {"vicky"}, "zachary": {"zach"}, "abraham": {"abe"},
    "albert": {"al"}, "alfred": {"al", "alfie"}, "harold": {"harry"}, "henry": {"harry", "hank"},
    "jacob": {"jake"}, "joshua": {"josh"}, "leonard": {"len", "leo"}, "raymond": {"ray"}, "vincent": {"vince"},
    "walter": {"walt"}, "barbara": {"barb"}, "deborah": {"deb", "debbie"}, "dorothy": {"dot"},
    "pamela": {"pam"}, "patricia": {"pat", "patty", "trish"}, "samantha": {"sam"}, "valentina": {"valya"},
    "vladimir": {"volodya"}, "dmitry": {"dima"}, "mikhail": {"misha"}, "ekaterina": {"katya"},
}
_SHORT_TO_FULL: dict[str, set[str]] = {}
for _full, _shorts in HYPOCORISMS.items():
    for _short in _shorts:
        _SHORT_TO_FULL.setdefault(_short, set()).add(_full)


def _same_given(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return b in HYPOCORISMS.get(a, ()) or a in HYPOCORISMS.get(b, ()) or bool(
        _SHORT_TO_FULL.get(a, set()) & _SHORT_TO_FULL.get(b, set()))


def given_names_compatible(a: list[str], b: list[str]) -> bool:
    """Given names (and middle names or initials) that may belong to one person: "joe" ~ "joseph r"."""
    if not a or not b:
        return True
    if not _same_given(a[0], b[0]):
        return False
    # Middle names: whatever both give must agree (an initial agrees with a name it starts).
    return all(_same_given(x, y) for x, y in zip(a[1:], b[1:], strict=False))
