"""Person names for family tracing: normalisation, search keys, an index, and a match score.

A name given by a frightened relative and the same name typed by its owner on a phone rarely
agree: accents drop, the two surnames come in either order or only one comes, a nickname
stands for the given name (Pepe for José, Lupe for Guadalupe), and letters slip. So:

- `parse_name` folds accents and case, drops particles (de, del, la, y…), and gives every
  token its possible canonical given names from `data/reference/nicknames.yml`.
- `phonetic` maps a token to a key that spelling variants share (Hernández / Hernandes,
  Gonçalves / Goncalves, Yolanda / Llolanda, Jiménez / Gimenez).
- `person_keys` are the keys a person is indexed under: one per token and canonical form, so
  surname order and a missing surname do not matter; typos are met at query time by the
  one-edit neighbours of each query key that exist in the index (`NameIndex.expand`).
- `score` ranks a candidate: name similarity (token-wise, nickname- and typo-aware, rapidfuzz)
  combined with age (± tolerance), nationality and place.
- `NameIndex` holds the keys' postings in memory (numpy) for fast candidate generation; the
  database stays the record, and the candidates are re-read and scored from it.
"""

import math
import re
import threading
import unicodedata
from array import array
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from rapidfuzz import fuzz

NICKNAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "reference" / "nicknames.yml"
# Words that join names and are often dropped or added: "María de la Luz", "Silva e Souza".
PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "e", "da", "das", "do", "dos", "di", "du", "van"}
    | {"von", "der", "den"}
)
# Letters a phonetic key is made of, for the one-edit neighbourhood of typos.
_KEY_ALPHABET = "abdefgijklmnoprstux"
# Shorter keys get no typo neighbours: "ana" → "ama" would be another name.
TYPO_MIN_LENGTH = 4
# Weights of the parts of a match score (sum 1).
NAME_WEIGHT, AGE_WEIGHT, NATIONALITY_WEIGHT, PLACE_WEIGHT = 0.7, 0.15, 0.1, 0.05
UNKNOWN = 0.5  # a fact missing on either side neither helps nor hurts


def fold(text: str) -> str:
    """Lower case, accents off, anything but letters to spaces: 'Hernández-García' → 'hernandez
    garcia'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z]+", " ", bare.replace("ß", "ss")).split())


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """A key spelling variants of a folded token share (Spanish, Portuguese, French, Creole)."""
    t = token
    for old, new in (
        ("eau", "o"),
        ("au", "o"),
        ("ou", "u"),
        ("ph", "f"),
        ("ch", "x"),
        ("sh", "x"),
        ("qu", "k"),
        ("ck", "k"),
        ("ll", "y"),
        ("gue", "Ge"),  # a hard g, kept from the soft-g rule below
        ("gui", "Gi"),
    ):
        t = t.replace(old, new)
    t = re.sub(r"c(?=[eiy])", "s", t)
    t = re.sub(r"g(?=[eiy])", "j", t)
    t = t.replace("G", "g").replace("c", "k").replace("z", "s").replace("v", "b").replace("w", "u")
    t = t.replace("y", "i").replace("h", "")
    t = re.sub(r"(.)\1+", r"\1", t)  # rr, ss, tt, nn
    return t or token


class Nicknames:
    """Short forms and nicknames of given names, from data/reference/nicknames.yml."""

    def __init__(self, table: Mapping[str, Iterable[str]]) -> None:
        aliases: dict[str, set[str]] = {}
        compounds: dict[str, tuple[str, ...]] = {}
        for canonical, variants in table.items():
            parts = tuple(t for t in fold(canonical).split() if t not in PARTICLES)
            if not parts:
                continue
            for variant in variants or ():
                token = fold(str(variant)).replace(" ", "")
                if not token or token in parts:
                    continue
                if len(parts) == 1:
                    aliases.setdefault(token, {token}).add(parts[0])
                else:
                    compounds.setdefault(token, parts)  # Joselu → José Luis
        self.aliases = {k: frozenset(v) for k, v in aliases.items()}
        self.compounds = compounds

    def forms(self, token: str) -> frozenset[str]:
        """The token and the given names it may stand for: 'beto' → {beto, roberto, alberto}."""
        return self.aliases.get(token, frozenset((token,)))

    def __len__(self) -> int:
        return len({c for v in self.aliases.values() for c in v} | set(self.compounds))


def load_nicknames(path: Path = NICKNAMES_FILE) -> Nicknames:
    return Nicknames(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


@lru_cache(maxsize=1)
def default_nicknames() -> Nicknames:
    return load_nicknames()


@dataclass(frozen=True)
class Name:
    """A name as the index and the score see it."""

    tokens: tuple[str, ...]  # folded, particles dropped, compound nicknames expanded
    forms: tuple[frozenset[str], ...]  # per token: itself and the names it may stand for
    keys: tuple[frozenset[str], ...]  # per token: the phonetic keys of its forms

    @property
    def all_keys(self) -> frozenset[str]:
        return frozenset().union(*self.keys) if self.keys else frozenset()


def parse_name(text: str | None, nicknames: Nicknames | None = None) -> Name:
    """Fold, drop particles, expand compound nicknames, attach canonical forms and keys."""
    return _parse(text or "", nicknames or default_nicknames())


@lru_cache(maxsize=100_000)
def _parse(text: str, nicknames: Nicknames) -> Name:
    tokens: list[str] = []
    for token in fold(text).split():
        if token in PARTICLES:
            continue
        tokens.extend(nicknames.compounds.get(token, (token,)))
    forms = tuple(nicknames.forms(t) for t in tokens)
    keys = tuple(frozenset(phonetic(f) for f in fs) for fs in forms)
    return Name(tuple(tokens), forms, keys)


def person_keys(
    full_name: str | None,
    given_name: str | None = None,
    family_name: str | None = None,
    alternate_names: Iterable[str] = (),
) -> set[str]:
    """Every key a person is indexed under: each token's phonetic key and its canonical
    forms', whatever the order of the names."""
    keys: set[str] = set()
    for text in (full_name, given_name, family_name, *alternate_names):
        keys |= parse_name(text).all_keys
    return keys


def edits1(key: str) -> set[str]:
    """Keys one deletion, transposition, substitution or insertion away."""
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _KEY_ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _KEY_ALPHABET}
    return deletes | transposes | replaces | inserts


def expand_keys(keys: Iterable[str], vocabulary: Collection[str]) -> set[str]:
    """The keys and their one-edit neighbours that exist in the index: typos meet here."""
    found = set(keys)
    for key in list(found):
        if len(key) >= TYPO_MIN_LENGTH:
            found |= {k for k in edits1(key) if k in vocabulary}
    return found


# scoring


def _token_similarity(a: Name, i: int, b: Name, j: int) -> float:
    if a.forms[i] & b.forms[j]:
        return 1.0
    if a.keys[i] & b.keys[j]:
        return 0.95
    ta, tb = a.tokens[i], b.tokens[j]
    if len(ta) == 1 or len(tb) == 1:  # an initial: "J. Luis"
        return 0.7 if ta[0] == tb[0] else 0.0
    ratio = max(fuzz.ratio(ka, kb) / 100 for ka in a.keys[i] | {ta} for kb in b.keys[j] | {tb})
    return max(0.0, (ratio - 0.6) / 0.4) * 0.9  # below 60 % alike: another name


def name_similarity(a: Name, b: Name) -> float:
    """0..1: how alike two names are, whatever the order of their tokens and a missing one.

    Tokens are paired greedily, best first. The average over the shorter name counts most (a
    missing second surname costs little); how much of the longer name is covered counts too.
    If neither first token (usually the given name) meets anything on the other side, the
    names probably only share surnames: siblings, not the same person.
    """
    if not a.tokens or not b.tokens:
        return 0.0
    pairs = sorted(
        (
            (_token_similarity(a, i, b, j), i, j)
            for i in range(len(a.tokens))
            for j in range(len(b.tokens))
        ),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    sims: list[float] = []
    partner: dict[int, float] = {}
    for sim, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        sims.append(sim)
        partner[i] = sim
        partner[-1 - j] = sim
    short, long = min(len(a.tokens), len(b.tokens)), max(len(a.tokens), len(b.tokens))
    core = sum(sims[:short]) / short
    coverage = sum(1 for s in sims if s >= 0.8) / long
    value = 0.75 * core + 0.25 * coverage
    first_met = partner.get(0, 0.0) >= 0.8 or partner.get(-1, 0.0) >= 0.8
    return value if first_met else value * 0.75


def age_similarity(a: int | None, b: int | None) -> float:
    """Ages given by relatives are rough: two years either way is the same person."""
    if a is None or b is None:
        return UNKNOWN
    gap = abs(a - b)
    return 1.0 if gap <= 2 else 0.5 if gap <= 5 else 0.0


def same_or_unknown(a: str | None, b: str | None, differ: float = 0.0) -> float:
    if not a or not b:
        return UNKNOWN
    fa, fb = fold(a), fold(b)
    return 1.0 if fa == fb or fa in fb or fb in fa else differ


@dataclass(frozen=True)
class Score:
    total: float
    name: float
    age: float
    nationality: float
    place: float

    def parts(self) -> dict[str, float]:
        return {
            "name": round(self.name, 3),
            "age": round(self.age, 3),
            "nationality": round(self.nationality, 3),
            "place": round(self.place, 3),
        }


def score(
    query: Name,
    candidate: Name,
    *,
    query_age: int | None = None,
    candidate_age: int | None = None,
    query_nationality: str | None = None,
    candidate_nationality: str | None = None,
    query_place: str | None = None,
    candidate_place: str | None = None,
) -> Score:
    """How likely the candidate is the person sought, 0..1 (0.7 and over: worth proposing)."""
    name = name_similarity(query, candidate)
    age = age_similarity(query_age, candidate_age)
    nationality = same_or_unknown(query_nationality, candidate_nationality)
    place = same_or_unknown(query_place, candidate_place, differ=0.3)  # people move
    total = (
        NAME_WEIGHT * name
        + AGE_WEIGHT * age
        + NATIONALITY_WEIGHT * nationality
        + PLACE_WEIGHT * place
    )
    if query_age is not None and candidate_age is not None and abs(query_age - candidate_age) > 10:
        total *= 0.8  # decades apart: a namesake, not the person
    return Score(round(total, 4), name, age, nationality, place)


# the in-memory index


class NameIndex:
    """Postings of search keys → person ids, with each person's age, nationality and kind
    for a first, vectorised ranking. Safe to share between threads.

    It only proposes candidates: whoever uses it re-reads them from the database (where a
    protected or erased person is filtered out for good) and scores them with `score`.
    """

    KINDS = ("missing", "safe", "registrant", "imported")

    def __init__(self) -> None:
        self.postings: dict[str, array] = {}
        self._lock = threading.Lock()
        self._age = np.full(1024, -1, dtype=np.int16)
        self._nationality = np.zeros(1024, dtype=np.int16)
        self._kind = np.zeros(1024, dtype=np.int8)
        self._blocked = np.zeros(1024, dtype=bool)
        self._codes: dict[str, int] = {}
        self.people = 0

    def _grow(self, person_id: int) -> None:
        size = len(self._age)
        if person_id < size:
            return
        new = max(size * 2, person_id + 1)
        self._age = np.concatenate([self._age, np.full(new - size, -1, dtype=np.int16)])
        self._nationality = np.concatenate(
            [self._nationality, np.zeros(new - size, dtype=np.int16)]
        )
        self._kind = np.concatenate([self._kind, np.zeros(new - size, dtype=np.int8)])
        self._blocked = np.concatenate([self._blocked, np.zeros(new - size, dtype=bool)])

    def _code(self, nationality: str | None) -> int:
        if not nationality:
            return 0
        return self._codes.setdefault(nationality.upper(), len(self._codes) + 1)

    def set_person(
        self,
        person_id: int,
        age: int | None,
        nationality: str | None,
        kind: str,
        blocked: bool = False,
    ) -> None:
        """A person's facts for the first ranking (blocked: protected or refused)."""
        with self._lock:
            self._grow(person_id)
            if self._kind[person_id] == 0:
                self.people += 1
            self._age[person_id] = -1 if age is None else max(0, min(age, 150))
            self._nationality[person_id] = self._code(nationality)
            self._kind[person_id] = self.KINDS.index(kind) + 1 if kind in self.KINDS else 0
            self._blocked[person_id] = blocked

    def add_keys(self, pairs: Iterable[tuple[str, int]]) -> None:
        """(key, person id) pairs, as stored in PersonKey."""
        with self._lock:
            for key, person_id in pairs:
                posting = self.postings.get(key)
                if posting is None:
                    self.postings[key] = posting = array("i")
                posting.append(person_id)

    def block(self, person_id: int, blocked: bool = True) -> None:
        with self._lock:
            if person_id < len(self._blocked):
                self._blocked[person_id] = blocked

    def candidates(
        self,
        query: Name,
        *,
        age: int | None = None,
        nationality: str | None = None,
        kinds: Collection[str] | None = None,
        limit: int = 200,
    ) -> list[int]:
        """The ids most likely to be this name, best first (a coarse ranking: rescore them)."""
        if not query.tokens:
            return []
        per_token: list[np.ndarray] = []
        weights: list[float] = []
        with self._lock:
            total = max(self.people, 1)
            vocabulary = self.postings
            for keys in query.keys:
                found = [vocabulary[k] for k in expand_keys(keys, vocabulary) if k in vocabulary]
                if not found:
                    continue
                ids = np.unique(np.concatenate([np.frombuffer(p, dtype=np.int32) for p in found]))
                del found
                per_token.append(ids)
                weights.append(math.log(1 + total / len(ids)))  # rare names say more
            if not per_token:
                return []
            all_ids = np.concatenate(per_token)
            all_weights = np.concatenate(
                [np.full(len(ids), w) for ids, w in zip(per_token, weights, strict=True)]
            )
            people, inverse = np.unique(all_ids, return_inverse=True)
            name_part = np.bincount(inverse, weights=all_weights) / sum(weights)
            keep = ~self._blocked[people]
            if kinds:
                codes = [self.KINDS.index(k) + 1 for k in kinds if k in self.KINDS]
                keep &= np.isin(self._kind[people], codes)
            rough = NAME_WEIGHT * name_part
            if age is not None:
                gap = np.abs(self._age[people].astype(np.int32) - age)
                rough += AGE_WEIGHT * np.where(
                    self._age[people] < 0, UNKNOWN, np.where(gap <= 2, 1.0, (gap <= 5) * 0.5)
                )
            if nationality:
                code = self._codes.get(nationality.upper(), -1)
                theirs = self._nationality[people]
                rough += NATIONALITY_WEIGHT * np.where(theirs == 0, UNKNOWN, theirs == code)
        people, rough = people[keep], rough[keep]
        if len(people) > limit:
            top = np.argpartition(-rough, limit)[:limit]
            people, rough = people[top], rough[top]
        return [int(p) for p in people[np.argsort(-rough, kind="stable")]]


# Listing several people: "Kevin de 9 años y Brayan de 12, Lopez Chun los dos".
_LIST_JOINS = frozenset({"y", "and", "et", "e", "ak", "&", "n"})
# What may stand between the names: their ages ("de 9 años", "tiene 66", "11 ans").
_AGE_WORDS = frozenset(
    {"de", "años", "anos", "ano", "ans", "an", "years", "year", "yrs", "yo", "tiene", "tem"}
    | {"has", "ki", "gen", "aged", "age", "edad", "idade", "laj", "a", "is"}
)
# After a surname they share, said last: "…, Lopez Chun los dos", "…, Souza", "…, JOSEPH".
_SHARED_TAIL = re.compile(
    r"\s*(?:los dos|las dos|los tres|both|tous les deux|toutes les deux|os dois|as duas|"
    r"toulede|tou de)?\s*[.!]?\s*$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W\d_][\w'-]*|\d+|[,;.!?&]")
# What may stand before a name in the list: "et le petit Josué", "y la bebé Valentina", "e o
# Jhonder", "and little Tyrese"
_BEFORE_A_NAME = frozenset(
    {"le", "la", "el", "o", "the", "petit", "petite", "bebe", "baby", "little", "nina", "nino"}
    | {"ti", "pitit", "menino", "menina", "small", "chiquito", "chiquita", "nene"}
)


def names_listed(text: str, start: int, skip: Collection[str]) -> str | None:
    """The people a message names together from the name at `start` on, joined as said
    ("Juan Carlos Lopez y Marta Obando", "Kevin y Brayan Lopez Chun"), or None when it names
    one. `skip`: folded words that may lead a name ("mi mamá Marta").

    Between the names stand only their ages, relation words, commas and one "and"; a last
    name after a comma, at the end, is the surname they share."""
    items: list[tuple[str, list[str]]] = []  # (what joined it, its words)
    pending: str | None = "start"
    in_name, end = False, start
    for m in _TOKEN.finditer(text, start):
        token, low = m[0], fold(m[0])
        if token[0].isupper() and low not in skip:
            if in_name:
                items[-1][1].append(token)
            elif pending == "," and items and low == fold(items[0][1][0]):
                items = [("start", [token])]  # "Ricardo ak Daphney, Ricardo ak Daphney
                pending = None  # Augustin": the list said again, in full
            elif pending is not None:
                items.append((pending, [token]))
                pending = None
            else:
                break  # "Marta Obando 61 Pedro": no comma nor "and" before it
            in_name, end = True, m.end()
        elif low in _LIST_JOINS and token.islower() or token == "&":
            joined_before = any(join not in ("start", ",") for join, _ in items[1:])
            if joined_before or pending not in (None, ","):
                break
            pending, in_name = token, False
        elif token == ",":
            pending = pending if pending not in (None, "start") else ","
            in_name = False
        elif token.isdigit() or low in _AGE_WORDS or low in skip or low in _BEFORE_A_NAME:
            in_name = False
        else:
            break
    joined = [join for join, _ in items[1:]]
    if len(items) < 2 or all(join == "," for join in joined):
        return None
    surname = ""
    if joined[-1] == "," and len(items) > 2 and _SHARED_TAIL.fullmatch(text, end):
        words = items.pop()[1]
        surname = " " + " ".join(w.title() if w.isupper() else w for w in words)
    said = " ".join(items[0][1])
    for join, words in items[1:]:
        said += (", " if join == "," else f" {join} ") + " ".join(words)
    return said + surname
