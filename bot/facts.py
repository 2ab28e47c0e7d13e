"""What a consular officer would write down from any message, whatever question it answers:
who is hurt, a child or a baby, a pregnancy, old age, a disability, and the ages said.

Read from every message of a report, so a fact given early is never asked again and always
counts towards the priority; kept on the case as "what the person told us".
"""

import re
from collections.abc import Iterable

from bot.nlu import ParseResult
from data.lexicon import Lexicon
from data.words import fold

# The reasons, in the order an officer reads them.
REASONS = ("injured", "children", "pregnancy", "elderly", "disability")
OLD_AGE = 65
ADULT_AGE = 18

# "de 80 años", "he's 14", "elle a 70 ans", "tem 70 anos", "li gen 14 an": an age in years.
_YEARS = re.compile(
    r"(?<!\d)(\d{1,3})\s*(?:anos|ano|years?|yrs?|ans|an)(?!\w)"
    r"|(?:he'?s|she'?s|he is|she is|tiene)\s+(\d{1,2})(?![\d:%])",
    re.IGNORECASE,
)
# "nadie herido", "no one is hurt", "pa gen moun blese": a fact denied is not a fact; and in
# "pasaporte quemado", "house burnt", a thing is damaged, not a person.
_DENIED = re.compile(
    r"(?<!\w)(?:no|nadie|ningun|ninguno|ninguna|sin|not|no one|nobody|none|noone|"
    r"personne|pas|aucun|aucune|sans|ninguem|nenhum|nenhuma|nao|sem|pa|okenn)"
    r"(?!\w)[^.!?,;\n]{0,16}$"
)
_THING = re.compile(
    r"(?<!\w)(?:pasaporte|documentos?|casa|carro|auto|coche|techo|passport|documents?|house|"
    r"car|roof|home|passeport|maison|voiture|toit|passaporte|predio|paspo|kay|machin)"
    r"\s+(?:\w+\s+)?$"
)
# "de 8 meses", "8 months", "8 mois", "8 mwa": a baby.
_MONTHS = re.compile(r"(?<!\d)(\d{1,2})\s*(?:meses|mes|months?|mois|mwa)(?!\w)", re.IGNORECASE)


def ages(text: str) -> list[int]:
    """The ages in years said in a message (babies' months count as 0)."""
    found = []
    for match in _YEARS.finditer(fold(text)):
        value = int(match.group(1) or match.group(2))
        if 0 < value < 120:
            found.append(value)
    found += [0 for _ in _MONTHS.finditer(fold(text))]
    return found


def reasons_in(text: str, parse: ParseResult | None, lexicon: Lexicon) -> set[str]:
    """The vulnerabilities a message states, from its words and the ages in it."""
    folded = fold(text)
    found = {
        reason
        for reason, words in lexicon.vulnerability.items()
        if any(
            not _DENIED.search(before) and not _THING.search(before)
            for before in (
                folded[max(0, start - 30) : start] for start, _ in lexicon.spans(words, text)
            )
        )
    }
    said = ages(text)
    if parse is not None:
        said += [int(e.value) for e in parse.entities if e.entity == "age" and e.value.isdigit()]
    if any(age < ADULT_AGE for age in said):
        found.add("children")
    if any(age >= OLD_AGE for age in said):
        found.add("elderly")
    return found


def ordered(reasons: Iterable[str]) -> list[str]:
    """Reasons in the officer's order, each once."""
    wanted = set(reasons)
    return [r for r in REASONS if r in wanted] + sorted(wanted - set(REASONS))
