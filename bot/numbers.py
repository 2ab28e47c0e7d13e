"""Number words read as digits, in place: "setenta y cuatro años" is 74, "nous sommes cinq" 5.

People write ages and head counts in words ("he's seventy four", "tiene diecisiete años",
"elle a soixante-dix ans", "tem setenta e dois"); the rules that read ages and counts read
digits. `numeric` rewrites each run of number words of folded text as its digits, padded with
spaces to the run's length, so every offset into the text still holds.

Spanish, English, French and Portuguese go through text2num (compounds, hyphens, "quatre-
vingt-dix"); Haitian Creole, which it does not know, through the lexicon's number words.
The language matters: folded French "très" is Spanish "tres".
"""

import re
from collections.abc import Mapping
from functools import lru_cache

from text_to_num import alpha2digit

_SUPPORTED = frozenset({"es", "en", "fr", "pt"})
_TOKEN = re.compile(r"[a-z]+(?:-[a-z]+)*")
# Words that join the parts of one number: "setenta y cuatro", "vingt et un", "trinta e dois".
_JOINERS = {"es": "y", "pt": "e", "fr": "et", "en": "and"}


# Haitian Creole tens and units as people spell them ("swasanntwit", "karannsenk",
# "katrevendis"): text2num does not know Creole, and the lexicon lists only to 20 and the tens.
_HT_TENS = {"ven": 20, "tran": 30, "karan": 40, "senkan": 50, "swasan": 60, "katreven": 80}
_HT_UNITS = {
    "yen": 1, "eyen": 1, "en": 1, "de": 2, "twa": 3, "kat": 4, "senk": 5, "sis": 6, "set": 7,
    "uit": 8, "wit": 8, "twit": 8, "nef": 9, "dis": 10, "onz": 11, "douz": 12, "trez": 13,
    "katoz": 14, "kenz": 15, "sez": 16, "diset": 17, "dizuit": 18, "disuit": 18, "diznef": 19,
}  # fmt: skip
_HT_NUMBER = re.compile(
    "({})(?:n|t|nn|te|ne|nt)?({})".format(
        "|".join(sorted(_HT_TENS, key=len, reverse=True)),
        "|".join(sorted(_HT_UNITS, key=len, reverse=True)),
    )
)


_HT_TENS_WORD = re.compile("({})(?:n|t|nn|nt)?".format("|".join(_HT_TENS)))


def creole_number(word: str) -> int | None:
    """A folded Haitian Creole compound number from 21 to 99 ("swasanntwit" 68, "katreven
    en" 81), else None."""
    match = _HT_NUMBER.fullmatch(re.sub(r"[\s-]+", "", word))
    if match is None:
        return None
    tens, unit = _HT_TENS[match[1]], _HT_UNITS[match[2]]
    if unit >= 10 and tens not in (60, 80):  # only 70s and 90s count on past ten
        return None
    return tens + unit


# "hace 2 años", "for 3 months", "sa gen uit jou": how long something lasted, said before
# its number; the number is then no age.
# ("más de 80 años" is an age: "more than" says how long only of months, in bot/facts.py)
SINCE = (
    r"(?<!\w)(?:hace|desde|desde hace|for|since|depuis|il y a|ca fait|pendant|faz|ha|durante|"
    r"depi|sa gen|sa fe|van|llevo|llevamos|lleva|"
    # "been here 2 yrs", "ici depuis 3 ans", "estou aqui faz 2 anos": how long they have lived
    r"been here|been living here|living here|lived here|here for|aqui hace|estou aqui ha|"
    r"estou aqui faz|moro aqui ha|moro aqui faz|"
    # "antes morei 3 anos no chile", "vivimos 2 años en tapachula": years lived somewhere
    r"morei|morou|moramos|morava|moravamos|vivi|vivio|vivimos|vivieron|lived|i lived|we lived|"
    r"vecu|te viv)"
)
FOR_A_TIME = re.compile(SINCE + r"\s+$")
# Years of something after the number: "tiene 6 años conmigo" (working for the writer), "15
# years married" ("mi hijo de 6 años conmigo" is his age).
_YEARS_OF = re.compile(
    r"\s*(?:(?:anos|ano|years?|yrs?|ans|an)\s+)?(?:conmigo|comigo|with me|with us|avec moi|"
    r"avec nous|ak mwen|trabajando|trabalhando|working|de casados|casados|married|de casada|"
    r"de casado)(?!\w)"
)
# "de 6 años", "of 6": the number is someone's age ("mi hijo de 6 años conmigo")
OF_AGE = re.compile(r"(?<!\w)(?:de|of|d')\s*$")


def years_of(folded: str, start: int, end: int) -> bool:
    """Whether the number at folded[start:end] counts years of something, not someone's age."""
    return bool(_YEARS_OF.match(folded, end)) and not OF_AGE.search(folded[:start])


# "tiene 7 meses de embarazo", "she's 3 weeks old": a number of months or days, not of years.
SHORTER_THAN_YEARS = re.compile(
    r"\s*(?:meses|mes|months?|mois|mwa|semanas?|weeks?|semaines?|semen|dias|days?|jours?|jou|"
    r"horas?|hours?|heures?|minutos?|minutes?)(?!\w)"
)


def _creole(text: str, words: Mapping[str, int]) -> int | None:
    """A Creole number word or pair: "katreven en" 81, "swasann" 60 as some spell it."""
    if tens := _HT_TENS_WORD.fullmatch(text):
        return _HT_TENS[tens[1]]
    return words.get(text) or creole_number(text)


def _joined(folded: str, runs: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Creole number runs with a tens word and the unit after it made one."""
    out: list[tuple[int, int, str]] = []
    for run in runs:
        if (
            out
            and not folded[out[-1][1] : run[0]].strip(" -")
            and creole_number(folded[out[-1][0] : run[1]])
            and _HT_TENS_WORD.fullmatch(folded[out[-1][0] : out[-1][1]])
        ):
            out[-1] = (out[-1][0], run[1], "")
        else:
            out.append(run)
    return out


# "unos hombres armados", "umas pessoas": some, not one.
_SOME = frozenset({"unos", "unas", "uns", "umas"})
# "un árbol", "une voiture": an article alone stays a word (the count rules read "un bebé").
_ARTICLES = frozenset({"un", "una", "une", "um", "uma"})


@lru_cache(maxsize=8192)
def _digits(words: str, language: str) -> str | None:
    if words in _SOME:
        return None
    converted = alpha2digit(words, language, threshold=0)
    return converted if converted.isdigit() else None


def numeric(folded: str, language: str | None, words: Mapping[str, int] | None = None) -> str:
    """`folded` with its number words as digits, the same length. `words` are the number words
    of a language text2num does not know (Haitian Creole: "nou senk")."""
    runs: list[tuple[int, int, str]] = []
    if language in _SUPPORTED:
        joiner = _JOINERS[language]
        start = end = -1
        joined = -1  # the end of a joiner after a number word, kept if a number follows it
        for token in _TOKEN.finditer(folded):
            word = token.group()
            if start >= 0 and folded[max(end, joined) : token.start()].strip():
                runs.append((start, end, language))  # "cuatro, cinco": two numbers
                start = joined = -1
            if _digits(word, language) is not None:
                if start < 0:
                    start = token.start()
                end, joined = token.end(), -1
            elif word == joiner and start >= 0 and joined < 0:
                joined = token.end()
            else:
                if start >= 0:
                    runs.append((start, end, language))
                start = joined = -1
        if start >= 0:
            runs.append((start, end, language))
    elif words:
        runs = [
            (t.start(), t.end(), "")
            for t in _TOKEN.finditer(folded)
            if t.group() in words or (language == "ht" and _creole(t.group(), words))
        ]
        if language == "ht":  # "katreven en", "swasann dis": the tens and the unit, apart
            runs = _joined(folded, runs)
    if not runs:
        return _about(folded)
    out, last = [], 0
    for start, end, lang in runs:
        text = folded[start:end]
        if text in _ARTICLES:
            continue
        value = _digits(text, lang) if lang else str(_creole(text, words or {}))
        if value is None or len(value) > end - start:
            continue
        out += [folded[last:start], value.ljust(end - start)]
        last = end
    out.append(folded[last:])
    return _about("".join(out))


# "une dizaine", "una docena", "a dozen": a round number, as the officer records it.
_ROUND = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "docena": 12, "decena": 10, "veintena": 20,
    "dezena": 10, "duzia": 12, "dozen": 12,
}  # fmt: skip
_ABOUT = re.compile(r"(?<!\w)(?:(?:une|un|una|uma|a|yon)\s+)?({})(?!\w)".format("|".join(_ROUND)))


def _about(folded: str) -> str:
    return _ABOUT.sub(lambda m: str(_ROUND[m[1]]).ljust(len(m[0])), folded)
