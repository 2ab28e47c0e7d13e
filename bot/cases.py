"""How urgent a case is, and which consulate it goes to."""

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from bot.facts import HARMS, OLD_AGE, reasons_in
from bot.forms import DECLINED
from data.directory import City, Consulate, Directory
from data.lexicon import Lexicon

URGENT, HIGH, NORMAL, LOW = 1, 2, 3, 4
PRIORITY_NAMES = {URGENT: "urgent", HIGH: "high", NORMAL: "normal", LOW: "low"}
# A person missing after a disaster is searched for without waiting, as a danger is answered.
_BASE = {"distress": HIGH, "missing_person": HIGH, "assistance": NORMAL}
_URGENT_NEEDS = {"medical"}
# Needs a vulnerable person cannot go without: a baby on the street, a grandmother without her
# medicine. Papers, money or a repatriation for a family with children are no emergency.
_CARE_NEEDS = {"shelter", "medical"}
# Who makes a need for care urgent (the situation reasons say what happens, not who).
PEOPLE_AT_RISK = frozenset({"children", "pregnancy", "elderly", "disability", "injured"})
# What happens around them or what they live with, named on the case without saying whose
# life is threatened now: the danger all around, someone held, an illness they manage.
_AROUND = frozenset({"in_danger", "detained", "exploited", "medical"})


# Requests that wait for office hours, whoever they are for.
_CALM_NEEDS = {"documents", "repatriation", "remains", "financial", "legal", "psychosocial"}


def vulnerability_reasons(texts: Iterable[str], lexicon: Lexicon) -> list[str]:
    """Which vulnerabilities (children, injured, pregnancy, disability, elderly) are stated
    ("nadie herido" states none)."""
    same = _Same(lexicon)
    found = set().union(*(_stated(t, same) for t in texts if t and t != DECLINED))
    return [reason for reason in lexicon.vulnerability if reason in found]


class _Same:
    """A lexicon as a cache key, by identity (a pydantic model is not hashable)."""

    __slots__ = ("lexicon",)

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __hash__(self) -> int:
        return id(self.lexicon)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.lexicon is self.lexicon


# A case's answers are all read again each time it is updated: each text is read once. The
# cache holds its lexicons, so an id is never reused while cached.
@lru_cache(maxsize=2048)
def _stated(text: str, same: _Same) -> frozenset[str]:
    return frozenset(reasons_in(text, None, same.lexicon))


def assess(
    kind: str,
    slots: dict[str, Any],
    texts: Iterable[str],
    lexicon: Lexicon,
    stated: Iterable[str] = (),
) -> tuple[int, list[str]]:
    """Priority (1 urgent … 4 low) and the reasons it was raised. `stated` are the facts the
    person told us in any message of the report (see bot.facts)."""
    priority = _BASE.get(kind, NORMAL)
    reasons = vulnerability_reasons(texts, lexicon)
    reasons += [r for r in stated if r not in reasons]
    age = str(slots.get("missing_age", ""))
    minor = kind == "missing_person" and age.isdigit() and int(age) < 18
    if (minor or slots.get("minor_mentioned")) and "children" not in reasons:
        reasons.append("children")
    # ("47 años… perdón, 74"): the age the search holds, corrected, says who is old
    old = kind == "missing_person" and age.isdigit() and int(age) >= OLD_AGE
    if old and "elderly" not in reasons:
        reasons.append("elderly")
    if slots.get("unhurt"):
        reasons = [r for r in reasons if r != "injured"]  # "nadie herido", said plainly
    if kind == "assistance" and slots.get("need") == "remains":
        # "murió en el deslave": the harm told is the death the request is about, no one to save;
        # "il avait le cancer": nor is the illness they died of anyone's care now
        reasons = [r for r in reasons if r not in HARMS and r != "medical"]
    if kind == "assistance" and slots.get("need") in _URGENT_NEEDS and "medical" not in reasons:
        reasons.append("medical")
    if not reasons:
        return priority, reasons
    if kind != "assistance":
        # A vulnerable person missing (a child, an old man) is searched for at once, as police
        # treat a high-risk disappearance; in danger, anyone vulnerable or a life itself
        # threatened makes it urgent. The danger alone (water rising, shots outside), someone
        # held or an illness managed is named and stays high.
        return (HIGH if set(reasons) <= _AROUND | {"hungry"} else URGENT), reasons
    need = slots.get("need")
    people = PEOPLE_AT_RISK.intersection(reasons)
    # ("the apartment burned with our passports"): behind a calm request (papers, money, a
    # lawyer) a harm told is how it came about, named on the case; care is asked for otherwise
    harms = set() if need in _CALM_NEEDS else {"injured", "life_at_risk"}
    if harms.intersection(reasons) or (need in _CARE_NEEDS and people):
        return URGENT, reasons
    # ("los niños no han comido desde ayer", asking for money): children or a baby going hungry
    # need care now, whatever the request is called
    if "hungry" in reasons and people - {"injured"} and need in ("financial", None):
        return URGENT, reasons
    # ("since the hurricane I get panic attacks, the roof came off while we were inside"): a
    # danger told behind a calm request is its story, not a danger now
    # ("o de 12 tem asma mas tá controlada", asking for money): an illness managed is named,
    # and a calm request stays calm
    around = _AROUND - {"in_danger", "medical"} if need in _CALM_NEEDS else _AROUND
    if need in _URGENT_NEEDS:
        # ("se me acabó la insulina"): an adult's illness is what the medical request is about,
        # named on the case; it is urgent only with someone at risk or a life threatened
        around = around - {"medical"}
    if around.intersection(reasons) or (people and need not in _CALM_NEEDS):
        return HIGH, reasons  # someone held or exploited, needing care, or a need not yet said
    return priority, reasons  # the reasons are named; the request itself is not urgent


def route(directory: Directory, nationality: str | None, city: City | None) -> Consulate | None:
    """The consulate serving this nationality where the person is; None goes to the central desk."""
    if not nationality or not city:
        return None
    return directory.consulate_for(nationality, city.id)
