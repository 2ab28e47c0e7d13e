"""Entity extraction by rule: phone numbers, nationality, place, names, counts, ages, needs.

Gazetteers come from the reference data (countries, cities), the Rasa training data (need
synonyms, annotated places) and data/reference/lexicon.yml. `expected` is the entity the
dialogue is waiting for, which lets a bare "5" be a count or "Juan Perez" a name.
"""

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import phonenumbers

from bot.names import PARTICLES
from bot.numbers import FOR_A_TIME, SHORTER_THAN_YEARS, numeric, years_of
from bot.text import fold
from bot.training import TrainingData
from data.directory import CAME_FROM, Directory
from data.lexicon import Lexicon
from data.origins import origin_places
from data.phrases import Phrases

_PHONE_CANDIDATE = re.compile(r"\+?\d[\d \t().-]{5,}\d")
_DIGITS = re.compile(r"\d{1,3}")
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_NAME_STOP = {
    "y", "and", "et", "e", "ak", "de", "del", "que", "who", "qui", "ki", "en", "in", "a",
    "since", "from", "at", "desde", "depuis", "soti", "tiene", "has", "is", "es", "no", "pa", "ya",
    # possessives and pronouns: "tonton mwen pa janm rele", "mi hermano no contesta"
    "mwen", "m", "mi", "mis", "my", "mon", "ma", "mes", "meu", "minha", "su", "sus", "his",
    "her", "son", "sa", "nou", "li", "yo", "el", "ella", "he", "she", "il", "elle", "ele",
    "ela", "se", "te", "depi", "janm", "never", "nunca", "jamais", "nao", "nunk",
    # what a name is said to be, not the name: "no sé su nombre completo"
    "un", "une", "una", "um", "uma",
    "completo", "completa", "complete", "full", "complet", "konple", "exacto",
    "real", "verdadero", "vrai", "verdadeiro",
    # a verb after the name: "se llama juan esta perdido", "her name is ana she was"
    "esta", "estaba", "fue", "salio", "lleva", "hace", "was", "went", "left", "est", "etait",
    "estava", "saiu", "foi", "ale", "age", "edad", "anos", "years", "ans", "an",
    # how to write back, not who: "WhatsApp seulement", "por el Zap"
    "whatsapp", "whats", "wasap", "zap", "telegram", "sms", "facebook", "messenger", "signal",
    # the writer or a question opening a sentence: "I am writing from Lagos", "Can you…"
    "i", "can", "could", "please", "we", "you", "they", "do", "does", "will", "what", "where",
    "how", "why", "je", "eu", "nous", "nosotros",
    # who was called, not a name: "my parents called me", "they called us back"
    "me", "us", "him", "them", "on",
    # Creole words that follow a relation: "TI FI M NAN FOUL MOUN YO" (in the crowd)
    "nan", "sou", "lan", "bo", "kote", "avek", "pou",
    # how to reach them, not who: "Reach me on +234…", "Llamen al…"
    "reach", "call", "text", "contact", "write", "send", "llamen", "llame", "escriba", "appelez",
    "ecrivez", "ligue", "ligar", "rele", "ekri",
    # "pa rele paske m nan travay" (because), "rele tonton m tou" (my uncle): no names
    "paske", "because", "porque", "parce", "tonton", "matant", "tou", "men",
    # "ki nimewo pou m rele anbilans isit la?": who is called is a service, not a name
    "anbilans", "ambulance", "ambulancia", "polis", "lapolis", "ponpye", "policia", "police",
    "isit",
    # "my dad, ICE picked him up", "ICE pran l": an agency that held them, never who they are
    "ice", "migra", "migracion", "inm", "cbp", "dhs", "pdi", "imigrasyon", "imigracao",
    # "PITIT GASON M PEDI!": what happened to them, not who they are
    "pedi", "perdio", "perdido", "perdida", "lost", "missing", "disparu", "disparue", "disparet",
    "sumiu", "desaparecio", "desaparecido", "desaparecida", "desapareceu",
    # an address: "SW 8th st and 17th ave", "Av. Insurgentes"
    "sw", "nw", "ne", "st", "ave", "av", "blvd", "rd", "hwy", "calle", "rua", "avenida",
    # "non pardon, pas quilicura": an apology before a correction, never a name
    "pardon", "perdon", "perdao", "sorry", "disculpe", "disculpa", "desculpa", "desculpe",
    "padon", "excuse",
    # "Pasadena Kalifòni wi, pa Texas": the state a town is in, never a name
    "texas", "florida", "floride", "california", "californie", "kalifoni", "florid", "teksas",
}  # fmt: skip

# When, or what is theirs, not who: "il m'a appelé vendredi soir", "son téléphone est éteint",
# "telefòn li fèmen"; it ends a name and, unlike the words above, never leads one.
_WHEN_OR_THEIRS = frozenset({
    "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "lundi", "mardi", "mercredi",
    "jeudi", "vendredi", "samedi", "dimanche", "segunda", "terca", "quarta", "quinta", "sexta",
    "lendi", "madi", "mekredi", "jedi", "vandredi", "samdi", "dimanch", "ayer", "hier",
    "yesterday", "ontem", "hoy", "today", "hoje", "soir", "matin", "noche", "manana", "tarde",
    "night", "morning", "evening", "aswe", "maten", "noite",
    "telephone", "phone", "telefono", "celular", "cel", "telefon", "telefone", "portable",
    "numero", "number", "nimewo", "anko",
})  # fmt: skip
_NAME_STOP |= _WHEN_OR_THEIRS
# Words that open a street's name: what follows is no person's name
_ADDRESS_WORDS = frozenset({
    "calle", "avenida", "av", "rua", "street", "st", "ave", "avenue", "blvd", "boulevard",
    "rue", "route", "ruta", "carretera", "estrada", "lari", "colonia", "col", "barrio", "bairro",
})  # fmt: skip
# Inside a name, between capitalised words: "Wesley Ferreira dos Santos", "Cruz de la Peña".
_PARTICLES = frozenset(
    {"de", "da", "do", "dos", "das", "del", "la", "las", "los", "van", "von", "du"}
)
# A title before a name is not the name: "Doña Refugio Salas", "Mme Désir", "Seu João".
TITLES = frozenset({
    "dona", "don", "senora", "senor", "sra", "sr", "mrs", "mr", "ms", "miss", "madame", "mme",
    "monsieur", "seu", "madan", "msye",
})  # fmt: skip
# Number words that are also everyday words of another language ("en", "de", "un"): alone in
# a short answer they are numbers, inside a sentence they are not.
_PHONE_REGIONS = ("US", "MX", "CR", "CL", "BR", "GT", "HN", "SV", "NI", "PA", "DO", "HT", "VE")


@dataclass(frozen=True)
class Entity:
    """One extracted entity, in Rasa's parse shape."""

    entity: str
    value: str
    start: int
    end: int
    confidence: float
    extractor: str = "AmparoRules"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class Gazetteer:
    """Whole-word phrase lookup on folded text; the longest phrase wins."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self.values = {fold(k).strip(): v for k, v in phrases.items() if fold(k).strip()}
        # Looked up by first word, as a longest-first regex alternation would find them.
        self.phrases = Phrases(self.values) if self.values else None

    def find(self, folded: str) -> list[tuple[int, int, str]]:
        if not self.phrases:
            return []
        return [(s, e, self.values[folded[s:e]]) for s, e in self.phrases.spans(folded)]

    def find_split(self, folded: str) -> list[tuple[int, int, str]]:
        """Phrases with one word split in two, as voice typing hears them ("la car pio",
        "nica ragüenses"): the spans in `folded`, the space included. Only words of six
        letters or more, so that no two short words make a name by chance."""
        found = []
        for a, b in itertools.pairwise(re.finditer(r"\w+", folded)):
            if b.start() != a.end() + 1 or len(a[0]) < 2 or len(b[0]) < 2:
                continue
            if len(a[0]) + len(b[0]) < 6:
                continue
            joined = folded[: a.end()] + folded[b.start() :]
            for s, e, value in self.find(joined):
                if not (s <= a.start() and e >= a.end() + len(b[0])):
                    continue  # the joined word is not inside the phrase found
                found.append((s, e + 1, value))
        return found


def _phrase_pattern(words: list[str]) -> str:
    return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))


class EntityExtractor:
    """All of Amparo's entities from one message."""

    def __init__(self, lexicon: Lexicon, directory: Directory, training: TrainingData) -> None:
        self.lexicon = lexicon
        self.directory = directory
        hosts = {h.code for h in directory.host_countries}
        countries = directory.countries
        demonyms = {w: c.code for c in countries for ws in c.demonyms.values() for w in ws}
        # the Spanish and Portuguese "h" is silent, and often left out: "ondureños", "aitiano"
        silent = {
            w[1:]: c.code
            for c in directory.countries
            for lang in ("es", "pt")
            for w in c.demonyms.get(lang, [])
            if w[:1].lower() == "h" and len(w) > 5
        }
        self.demonyms = Gazetteer({**silent, **demonyms})
        self.country_names = Gazetteer(
            {w: c.code for c in directory.countries for ws in c.names.values() for w in ws}
        )
        self.host_codes = hosts
        self.served_codes = frozenset(c.serves for c in directory.consulates)
        places = {a: a for a in training.lookups.get("place", [])}
        places.update(
            {
                e.text[a.start : a.end]: e.text[a.start : a.end]
                for e in training.examples
                for a in e.entities
                if a.entity == "place"
            }
        )
        for city in directory.cities:
            for alias in [city.name, *city.aliases]:
                places[alias] = city.name
            # A suburb or neighbourhood is a place as said ("Doral"): the directory finds its
            # city, with the phone's area code where a name is in two metros.
            places.update({area: area for area in city.areas if area not in places})
        # A place annotated in an example that is a common word elsewhere ("li te [Okay](place)",
        # Les Cayes in Creole) would make every "okay" a place.
        self.places = Gazetteer({k: v for k, v in places.items() if fold(k) not in _COMMON_WORDS})
        self.everyday = _everyday_words(training)
        # Home towns and regions (data/origins.py), said after "from": never a host city. Only
        # of the nationalities the directory serves and its host countries: with the towns of
        # every country it names, "León" and "San Miguel" (Spain's, Argentina's too) would say
        # no country, "Samaná" would be India's, and "de como", "de mango" towns of Italy, India.
        served = self.served_codes | hosts
        self.home_towns = Gazetteer(
            origin_places(
                (c.code for c in directory.countries if c.code in served),
                [n for city in directory.cities for n in (city.name, *city.aliases, *city.areas)],
            )
        )
        self.home_cue = re.compile(
            rf"(?:{_HOME_CUES})\s+(?:la |el |los |las |le |l')?" + _TOWN_FIRST + "$"
        )
        cased = {alias: city.name for city in directory.cities for alias in city.cased_aliases}
        self.cased_places = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, cased)) + r")(?!\w)")
            if cased
            else None
        )
        self.cased_names = cased
        self.needs = Gazetteer(
            {
                w: need
                for need, langs in training.synonyms.items()
                for ws in langs.values()
                for w in ws
            }
            | {need: need for need in training.synonyms}
            # What the examples annotate counts too, as Rasa's extractor learns it from them.
            | {
                e.text[a.start : a.end]: a.value
                for e in training.examples
                for a in e.entities
                if a.entity == "need"
            }
        )
        self.numbers = {fold(w): n for table in lexicon.numbers.values() for w, n in table.items()}
        number = rf"(\d{{1,3}}|{_phrase_pattern(list(self.numbers))})"
        people = _phrase_pattern(Lexicon.words(lexicon.people_words))
        we_are = _phrase_pattern(Lexicon.words(lexicon.we_are))
        self.people_patterns = [
            re.compile(rf"(?<!\w){number}\s+(?:{people})(?!\w)"),
            # "somos como 15 familias": households, not people
            re.compile(
                rf"(?<!\w)(?:{we_are})\s+{number}(?!\w)(?!\s+(?:familias|families|familles|fanmi))"
            ),
        ]
        age_words = _phrase_pattern(Lexicon.words(lexicon.age_words))
        age_cues = _phrase_pattern(Lexicon.words(lexicon.age_cues))
        self.age_patterns = [
            # ("8yo", "3 yrs"; but "deyò" is no "de yo": a word number stands apart)
            re.compile(rf"(?<!\w){number}(?:(?<=\d)\s*|\s+)(?:{age_words})(?!\w)"),
            # "gen de nèg ak zam" (there are two armed guys): a number of people, no age
            re.compile(
                rf"(?<!\w)(?:{age_cues})\s*(?:de\s+|:\s*)?{_ABOUT}{number}(?:ish)?(?!\w)"
                rf"(?!\s+(?:{people}|{_GUYS})(?!\w))"
            ),
        ]
        # "like 40ish": a number said roughly is that number
        self.bare_number = re.compile(rf"(?<!\w){number}(?:ish)?(?!\w)")
        self.digit_words = {
            # ("onze, nove oito sete": a pair of digits said as one number, as people read them)
            **{w: n for w, n in self.numbers.items() if 0 <= n <= 99 and " " not in w},
            **_ZEROS,
        }
        digit = rf"(?:\d+|{_phrase_pattern(list(self.digit_words))})"
        self.spoken_phone = re.compile(rf"(?<!\w){digit}(?:[\s,.-]+{digit}){{2,}}(?!\w)")
        cues = Lexicon.words(lexicon.name_cues) + Lexicon.words(lexicon.kin)
        # ("mi hermana, Keila Ramos, 22 años": the name set off by a comma)
        self.name_cue = re.compile(
            rf"(?<!\w)(?:{_phrase_pattern(cues)})(?:\s+(?:es|is|a))?(?:\s*,)?\s+"
        )
        # In a message typed all in lower case only a naming phrase introduces a name: after a
        # relation word comes a verb as often as a name ("meu marido caiu", "my son is gone").
        # ("i am", "i'm" lead a verb in lower case as often as a name: "i am writing to…")
        named = _phrase_pattern(
            [w for w in Lexicon.words(lexicon.name_cues) if w not in ("i am", "i'm")]
        )
        self.lowercase_name_cue = re.compile(rf"(?<!\w)(?:{named})(?:\s+(?:es|is|a))?\s+")
        self.origin_cue = re.compile(
            # "de la RDC", "from the Congo": an article may stand between
            rf"(?:{_phrase_pattern(Lexicon.words(lexicon.origin_cues))})\s+"
            r"(?:(?:la|el|los|las|the|le|les|l'|a|o|os|as)\s*)?" + _TOWN_FIRST + "$"
        )

    # public

    def extract(
        self,
        text: str,
        expected: str | None = None,
        regions: tuple[str, ...] = (),
        language: str | None = None,
    ) -> list[Entity]:
        """Every entity found in `text`, in order of position; `language` reads its number
        words ("tiene diecisiete años")."""
        folded = fold(text)
        found: list[Entity] = []
        found += self._phones(text, regions)
        taken = [(e.start, e.end) for e in found]
        numbered = numeric(folded, language, self.lexicon.numbers.get(language or ""))
        found += self._numbers(numbered, expected, taken, language)
        taken = [(e.start, e.end) for e in found]
        demonyms = [
            Entity("nationality", code, s, e, 0.95)
            for s, e, code in self.demonyms.find(folded)
            if not _overlaps(s, e, taken)
            and not _A_PAPER.search(folded[max(0, s - 30) : s])
            and not _A_SHOP.match(folded, e)
            and not _SHOP_BEFORE.search(folded[max(0, s - 30) : s])
            and not _A_PHONE.match(folded, e)
            and not _PHONE_BEFORE.search(folded[max(0, s - 30) : s])
            and not _AUTHORITY_BEFORE.search(folded[max(0, s - 30) : s])
            and not _AUTHORITY_AFTER.match(folded, e)
            and not (_SOMEONE_ELSE.match(folded, e) and _ARTICLE_BEFORE.search(folded[:s]))
            and not _ATTACKING.match(folded, e)
        ]
        if not demonyms:
            demonyms = [
                Entity("nationality", code, s, e, 0.8)
                for s, e, code in self.demonyms.find_split(folded)
                if not _overlaps(s, e, taken)
            ]
        taken += [(e.start, e.end) for e in demonyms]
        places = [
            Entity("place", v, s, e, 0.9)
            for s, e, v in self.places.find(folded)
            if not _overlaps(s, e, taken)
            # ("l'immeuble au Brás": São Paulo's Brás, written with its accent, is no arm)
            and not (_ARM.search(folded[max(0, s - 8) : e + 8]) and "á" not in text[s:e])
            and not _DESTINATION.search(folded[max(0, s - 40) : s])
            and not _NICKNAMED.search(folded[max(0, s - 25) : s])  # "le dicen Chepe"
            and not _INSTITUTION.search(folded[max(0, s - 12) : s])
            # ("mis le feu devant la porte": the door, not La Porte, Texas)
            and not (folded[s:e] == "la porte" and _DOOR_BEFORE.search(folded[max(0, s - 24) : s]))
        ]
        if not places:  # "estamos en la car pio": a name heard in two pieces
            places = [
                Entity("place", v, s, e, 0.8)
                for s, e, v in self.places.find_split(folded)
                if not _overlaps(s, e, taken)
            ]
        if not places and (town := self._town_at(folded, taken)) is not None:
            places.append(town)
        short = not (places or taken) and len(folded.split()) <= 3
        heard = self.directory.sounds_like(folded) if short else None
        if heard is not None:  # "la karpyo", "itakera": a place answered as it sounds
            places.append(Entity("place", heard, 0, len(folded.rstrip(" .,!?")), 0.7))
        if not (places or heard):
            places += self._heard_after_in(folded, taken)
        if len(places) > 1:
            # "le escribo desde Santo Domingo. Mi hermano murió en… Santiago de Chile": where
            # the writer is, with the place of what happened said after it
            places = [
                p
                for p in places
                if not _WRITING_FROM.search(folded[max(0, p.start - 40) : p.start])
            ]
        if len(places) > 1:
            # "nou te soti Paso Canoas pou n al Sann Jose", "rumbo a Tijuana": where they are
            # going is not where they are, when the message says another place
            places = [
                p for p in places if not _HEADED_TO.search(folded[max(0, p.start - 30) : p.start])
            ] or places
        if places:  # "san jose del cabo": a longer town's name, not the city it begins with
            longer = self.directory.longer_town(folded)
            places = [
                p
                for p in places
                if not (len(longer) > p.end - p.start and folded.startswith(longer, p.start))
            ]
        shouting = text.upper() == text  # "SE VINO EL CERRO ENCIMA DE LA CASA": no "LA" there
        if self.cased_places is not None and not shouting:  # "a guatemala consulate in LA"
            # Written exactly so, a name says more than a shorter folded one: French "à Mexico"
            # is the city, where a folded "mexico" is the country; "south LA" stays south LA.
            for m in self.cased_places.finditer(text):
                start, end = m.start(), m.end()
                under = [p for p in places if _overlaps(start, end, [(p.start, p.end)])]
                if _overlaps(start, end, taken) or any(
                    p.end - p.start >= end - start for p in under
                ):
                    continue
                places = [p for p in places if p not in under]
                places.append(Entity("place", self.cased_names[m.group()], start, end, 0.9))
        # "au Mexique à Tijuana": the city says more than its country
        named = self.country_names.find(folded)  # read once: the three uses below share it
        national = [(s, e) for s, e, _ in named]
        cities = [p for p in places if not _overlaps(p.start, p.end, national)]
        if cities:
            places = cities
        countries = self._country_names(folded, expected, taken, places, named)
        countries += self._home_towns(folded, taken + [(e.start, e.end) for e in countries], named)
        # A country named as where someone is from is a nationality, not a place.
        places = [
            p
            for p in places
            if not _overlaps(p.start, p.end, [(c.start, c.end) for c in countries])
        ]
        # ("papeles de aqui de mexico"): a paper of the country, no place said
        places = [p for p in places if not _PAPER_OF.search(folded[max(0, p.start - 40) : p.start])]
        if _MANY_ORIGINS.search(folded):
            # "des gens de plusieurs pays d'Afrique et d'Haïti": a mixed group, no one nationality
            demonyms, countries = [], []
        # ("llegamos hoy de tapachula, estamos en la central del norte"): where they came from
        # is not where they are, when where they are is said too
        # ("from santiago RD but living in doral now"): a home town too, when where they are
        # is said too
        here = [
            p
            for p in places
            if not (CAME_FROM.search(before := folded[max(0, p.start - 40) : p.start]))
            and not _FROM_BEFORE.search(before)
        ]
        places = here or places
        # ("i grew up in LA", "nací en Santiago"): where they were born or grew up is never
        # where they are
        places = [
            p for p in places if not _GREW_UP_BEFORE.search(folded[max(0, p.start - 30) : p.start])
        ]
        found += demonyms + countries + places
        body = BODY.search(folded) is not None  # "que le corps soit rapatrié": the remains
        trades = list(_MY_TRADE.finditer(folded))
        found += [
            Entity("need", "remains" if body and v == "repatriation" else v, s, e, 0.9)
            for s, e, v in self.needs.find(folded)
            # "Refugio Salas, 72 años": a need's word as a first name, not a need
            if not (expected == "person_name" and _NAMED.match(text, s))
            # ("en la doctores": Mexico City's Colonia Doctores, a place, no doctor asked for)
            and not any(p.start <= s and e <= p.end for p in places)
            # ("uns homens gritando pra gente voltar pra venezuela": shouted at them, no request)
            and not (v == "repatriation" and _SHOUTED_AT.search(folded[max(0, s - 40) : s]))
            # ("I'm a nurse with a mobile clinic", "soy enfermera": who writes, no care asked)
            and not (v == "medical" and any(t.start() <= s and e <= t.end() for t in trades))
            # ("coordino un albergue en camino verde", "I volunteer at a shelter"): where they
            # work, no roof asked
            and not (v == "shelter" and _MY_WORKPLACE.search(folded[max(0, s - 40) : s]))
            # ("m pa gen kòb nan telefòn nan", "no money on my phone": no credit to call, no need)
            and not (v == "financial" and _PHONE_CREDIT.match(folded, e))
            # ("our car died in the water": no one died)
            and not (v == "remains" and machine_stopped(folded, s, e))
            # ("buen día, una consulta": a question, in Spanish; a doctor's visit in Portuguese)
            and not (folded[s:e] == "consulta" and _A_QUERY.search(folded[max(0, s - 8) : s]))
            # ("pitit gason m pa retounen lakay depi yè": did not come home, no way home asked)
            and not (v == "repatriation" and _NOT_BACK.search(folded[max(0, s - 12) : s]))
            # ("they told us we cant go back in", "no podemos volver adentro"): into the house
            and not (v == "repatriation" and _BACK_INSIDE.match(folded, e))
            # ("los vecinos del pasaje": the alley, in Chile, not the fare)
            and not (folded[s:e] == "pasaje" and _IN_THE_ALLEY.search(folded[max(0, s - 16) : s]))
        ]
        if {e.value for e in found if e.entity == "need"} <= {"financial"}:
            # ("need help getting back home to belize, lost all my money"): money for the way
            # home is the way home
            if home := self._going_home(folded):
                found = [e for e in found if e.entity != "need"] + home
        taken = [(e.start, e.end) for e in found]
        place_spans = [(e.start, e.end) for e in found if e.entity == "place"]
        names = self._names(text, folded, expected, taken, place_spans)
        # ("se llama Santiago Perez Lugo"): a place inside the name said is the name's
        found = [
            e
            for e in found
            if not (
                e.entity == "place"
                and any(_overlaps(e.start, e.end, [(n.start, n.end)]) for n in names)
            )
        ]
        found += names
        if names and not any(e.entity == "age" for e in found):
            # "Woodley Jean-Baptiste, 16, he has autism": a bare number right after the name.
            after = _AGE_AFTER_NAME.match(text, names[0].end)  # "…, fifteen" too
            age = self.number(after.group(1), language) if after else None
            if after and age is not None and 0 < age < 120:
                found.append(Entity("age", str(age), after.start(1), after.end(1), 0.8))
        found.sort(key=lambda e: (e.start, e.entity))
        return _corrected(found, folded, regions, numbered)

    def number(self, token: str, language: str | None = None) -> int | None:
        """A number said in digits or in a word of the message's language (French "très" is
        no Spanish "tres"), any language's when it is not known."""
        token = fold(token)
        if token.isdigit():
            return int(token)
        own = self.lexicon.numbers.get(language or "", {})
        if token in own or token in _FALSE_FRIENDS.get(language or "", ()):
            return own.get(token)
        return self.numbers.get(token)  # the language may be misread on a short message

    # rules

    def _phones(self, text: str, regions: tuple[str, ...]) -> list[Entity]:
        out = self._spoken_phones(fold(text), regions)
        for match in _PHONE_CANDIDATE.finditer(text):
            if _overlaps(match.start(), match.end(), [(e.start, e.end) for e in out]):
                continue
            digits = re.sub(r"\D", "", match.group())
            if len(digits) < 7:
                continue
            e164 = normalise_phone(match.group(), regions)
            if e164:
                out.append(Entity("phone", e164, match.start(), match.end(), 0.95))
        return out

    def _spoken_phones(self, folded: str, regions: tuple[str, ...]) -> list[Entity]:
        """A number said digit by digit in words, alone or with digits: "tres cuatro seis,
        cinco cinco cinco, cero uno dos ocho", "al nueve 3247 0155", "neuf quatre quatre…".
        Kept only when it is a valid number of where the person is or of their phone."""
        out = []
        for match in self.spoken_phone.finditer(folded):
            tokens = re.findall(r"\d+|[a-z]+", match.group())
            words = [t for t in tokens if not t.isdigit()]
            digits = "".join(t if t.isdigit() else str(self.digit_words[t]) for t in tokens)
            if not words or len(digits) < 7:
                continue
            e164 = normalise_phone(digits, regions)
            if e164:
                out.append(Entity("phone", e164, match.start(), match.end(), 0.9))
        return out

    def _numbers(
        self, folded: str, expected: str | None, taken: list, language: str | None = None
    ) -> list[Entity]:
        out = []
        for name, patterns in (("people_count", self.people_patterns), ("age", self.age_patterns)):
            for pattern in patterns:
                for m in pattern.finditer(folded):
                    value = self.number(m.group(1), language)
                    if value is None or _overlaps(m.start(), m.end(), taken):
                        continue
                    if name == "people_count" and SHORTER_THAN_YEARS.match(folded, m.end()):
                        continue  # "ti bebe nou 4 mwa": the baby's months, no count
                    if name == "age" and (
                        not 0 <= value < 120
                        or FOR_A_TIME.search(folded[: m.start(1)])
                        or _AGO.match(folded, m.end())
                        or SHORTER_THAN_YEARS.match(folded, m.end())
                        or years_of(folded, m.start(1), m.end())
                    ):
                        continue  # "vivo aquí hace 2 años", "sa gen uit jou", "2 years ago"
                    if (
                        name == "age"
                        and not m.group(1).isdigit()
                        and _NOUN_AFTER.match(folded, m.end())
                        and not self.age_patterns[0].match(folded, m.start(1))
                    ):
                        continue  # "tem uma mulher presa": an article before a noun
                    out.append(Entity(name, str(value), m.start(), m.end(), 0.9))
                    taken = [*taken, (m.start(), m.end())]
        if expected in ("people_count", "age") and not any(e.entity == expected for e in out):
            bare = next(  # ("12 years married, he is 38")
                (m for m in self.bare_number.finditer(folded) if not years_of(folded, *m.span(1))),
                None,
            )
            if expected == "people_count" and self.lexicon.kin_ages(folded):
                bare = None  # "my daughter is 6": an age, not how many they are
            if bare and not bare.group(1).isdigit() and len(folded.split()) > 3:
                bare = None  # "se nos cayó un árbol": an article; "cuatro" alone is a count
            if bare and expected == "people_count" and _AGED.search(folded[: bare.start()]):
                bare = None  # "my grandma, she's 81": her age, not how many they are
            if bare and expected == "people_count" and _TWO_AGES.match(folded, bare.start()):
                bare = None  # "tenemos 70 i 74": two ages, the couple's
            if (
                bare
                and (
                    _NOT_A_COUNT.search(folded[: bare.start()])
                    or _CLOCK.match(folded, bare.end())
                    or (bare.group(1).isdigit() and _STREET_AFTER.match(folded, bare.end()))
                    or _DISTANCE.match(folded, bare.end())  # "a dos cuadras de la central"
                    or _DATE_AFTER.match(folded, bare.end())  # "colonia 5 de febrero"
                    # ("vivimos 4 años en cúcuta"): years, of a life or a stay, count no one
                    or (expected == "people_count" and _YEARS_AFTER.match(folded, bare.end()))
                    # ("aquí estamos 2 familias"): households, not how many people
                    or (expected == "people_count" and _HOUSEHOLDS.match(folded, bare.end()))
                    # "no nos paga desde hace 2 meses"
                    or SHORTER_THAN_YEARS.match(folded, bare.end())
                    or folded[bare.start() - 1 : bare.start()] == "("
                )
            ):
                bare = None  # "pasaje 3 casa 1421", "llamé al 911", "umas 3 da tarde", "me (15)"
            if bare and not _overlaps(bare.start(), bare.end(), taken):
                value = self.number(bare.group(1), language)
                if value is not None and value < _MOST:
                    out.append(Entity(expected, str(value), bare.start(), bare.end(), 0.8))
        return out

    def _going_home(self, folded: str) -> list[Entity]:
        """ "Como faço pra voltar pra Angola", "quiero regresar a Honduras": the way home asked
        for, whichever country ("volta pra África", shouted at them, is no request)."""
        for s, _, _ in self.country_names.find(folded):
            lo = max(0, s - 50)
            if going := _GOING_HOME.search(folded[lo:s]):  # the words, not the country's name
                return [Entity("need", "repatriation", lo + going.start(), s, 0.8)]
        return []

    def _country_names(
        self,
        folded: str,
        expected: str | None,
        taken: list,
        places: list[Entity],
        named: list[tuple[int, int, str]],
    ) -> list[Entity]:
        out = []
        for s, e, code in named:
            if _overlaps(s, e, taken):
                continue
            # "Ciudad de México" is a city: a longer place match wins.
            if any(_overlaps(s, e, [(p.start, p.end)]) and p.end - p.start > e - s for p in places):
                continue
            # "en México" is where someone is; "de México" (or a name alone) where they are from.
            from_cue = bool(self.origin_cue.search(folded[:s]))
            # "trabajar en España", "a job in Canada": a country no consulate here serves,
            # named without "from", is where someone goes, not where they are from.
            served = code in self.served_codes and code not in self.host_codes
            # "isit la nan Chili", "here in Chile": a host country someone is in says nothing
            # of where they are from, even asked it.
            inside = code in self.host_codes and _IN_A_COUNTRY.search(folded[:s])
            # ("si tengo papeles de aqui de mexico"): a paper of the country they are in
            inside = inside or (code in self.host_codes and _PAPER_OF.search(folded[:s]))
            # "bangladesh", said alone in the middle of a report: where they are from
            alone = code not in self.host_codes and folded.strip(" .!?¿¡") == folded[s:e]
            if not inside and (served or from_cue or alone or expected == "nationality"):
                out.append(Entity("nationality", code, s, e, 0.9 if from_cue else 0.8))
        return out

    def _town_at(self, folded: str, taken: list) -> Entity | None:
        """ "we're at my uncle's house in altadena": a host country's town (GeoNames) said
        after "in", "en", "à", "em", "nan", the directory not listing it among its areas."""
        town = self.directory.town(folded)
        if town is None:
            return None
        name = fold(town.name)
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
            before = folded[max(0, m.start() - 12) : m.start()]
            # ("en el segundo piso": the second floor, not El Segundo)
            floor = _A_FLOOR.match(folded, m.end()) is not None
            if _IN_TOWN.search(before) and not floor and not _overlaps(m.start(), m.end(), taken):
                return Entity("place", town.name, m.start(), m.end(), 0.8)
        return None

    def _home_towns(
        self, folded: str, taken: list, named: list[tuple[int, int, str]]
    ) -> list[Entity]:
        """ "Somos de Michoacán", "soy de San Pedro Sula", "nou soti Jakmèl": a home town or
        region after "from" says the nationality, when no country was named."""
        found = self.home_towns.find(folded)
        # ("es de zamora michoacan", "from georgetown, guyana": the town's region or country,
        # said right after it, tells which of the towns of that name)
        regions = [(s, code) for s, _, code in found]
        regions += [(s, code) for s, _, code in named]
        out, cued_end = [], -9
        for s, e, code in found:
            after = next((c for at, c in regions if e < at <= e + 3), None)
            cued = self.home_cue.search(folded[:s]) is not None or s - cued_end <= 3
            if _overlaps(s, e, taken) or not cued:
                continue
            cued_end = e
            if not self._metro_town(folded[s:e], code) and (after is None or after == code):
                out.append(Entity("nationality", code, s, e, 0.85))
        return out

    def _heard_after_in(self, folded: str, taken: list) -> list[Entity]:
        """A place written as it sounds after "in" at the end of a clause ("kote m te rete a
        nan rekoleta", "we live in itakera"): one or two words, looked up as they sound."""
        for m in _IN_AT_THE_END.finditer(folded):
            if _overlaps(m.start(1), m.end(1), taken):
                continue
            words = m[1].split()
            for n in (2, 1):
                if len(words) < n:
                    continue
                said = " ".join(words[-n:])
                heard = self.directory.sounds_like(said) if len(said) >= 6 else None
                if heard is not None and _ARTICLE_FIRST.sub("", fold(heard)) == said:
                    continue  # ("the hurricane in florida"): the word itself, no sound-alike
                if heard is not None:
                    start = m.end(1) - len(said)
                    return [Entity("place", heard, start, m.end(1), 0.7)]
        return []

    def _metro_town(self, name: str, code: str) -> bool:
        """A town of that country inside a served metro ("the people from altadena"): where
        people live, never where they are from ("somos de San Miguel" stays Salvadoran)."""
        city = self.directory.find_city(name, None)
        return city is not None and city.country == code

    def _names(
        self, text: str, folded: str, expected: str | None, taken: list, places: list | None = None
    ) -> list[Entity]:
        out = []
        lowercase_text = text == text.lower()
        cue_pattern = self.lowercase_name_cue if lowercase_text else self.name_cue
        for cue in cue_pattern.finditer(folded):
            if _PHONED.search(folded[: cue.end()]) or _CALLS_US.match(folded, cue.start()):
                continue  # "il m'a appelé vendredi", "li pa rele m ankò": a call, no name
            tokens = _name_tokens(text, cue.end(), lowercase_text, taken)
            if not tokens and places and _NAMING_CUE.search(folded[cue.start() : cue.end()]):
                # ("se llama Santiago Perez Lugo"): a name of several words after a naming
                # verb, its first a city's name, is the name ("chez une amie à Little Haiti"
                # names a place)
                others = [span for span in taken if span not in places]
                tokens = _name_tokens(text, cue.end(), lowercase_text, others)
                tokens = tokens if len(tokens) >= 2 and not lowercase_text else []
            again = _RESTATED.match(text, tokens[-1].end()) if tokens else None
            if tokens and again:
                # "Rogelio Sanchez, Rogelio Sanchez Villa", "Mariangel, bueno Maria de los
                # Angeles Rojas Salazar": the name said again in full, or corrected
                more = _name_tokens(text, again.end(), lowercase_text, taken)
                fuller = bool(more) and fold(more[0].group()) == fold(tokens[0].group())
                # (a correction names someone: "kevin, no cell phone" corrects nothing)
                capital = bool(more) and not lowercase_text and more[0].group()[0].isupper()
                corrected = bool(again.group(1)) and (fuller or capital)
                if more and (corrected or (fuller and len(more) > len(tokens))):
                    tokens = more
            if tokens:
                start, end = tokens[0].start(), tokens[-1].end()
                out.append(Entity("person_name", text[start:end], start, end, 0.8))
        if lowercase_text and not out:
            out += self._kin_named(text, folded, taken)
        if expected == "person_name" and not out and not self.lexicon.declines(text):
            # ("se wilner jean", "c'est marc delva", "es juan perez": "it is", then the name)
            said = _IT_IS.match(text)
            lead = said.end() if said and not not_a_name(text[said.end() :]) else 0
            text = " " * lead + text[lead:]  # the offsets hold
            words = _TOKEN.findall(text)
            # "Ana Ruiz, she is sixteen", "María López de 45": the name, then facts
            listed = re.search(r"[,;:\d]", text)
            # ("mèsi anpil", "ok gracias": thanks, not a name)
            polite = bool(words) and fold(words[0]) in _COURTESY
            # ("con el huracan encima", asked the name: a circumstance, not a name)
            worded = not_a_name(text)
            if 1 <= len(words) <= 5 and not taken and not listed and not polite and not worded:
                stripped = text.strip(" .!?")
                start = text.index(stripped)
                out.append(Entity("person_name", stripped, start, start + len(stripped), 0.6))
            else:  # "Kevin Andrew Usher, he's 19": the name before the other facts
                out += self._leading_name(text, taken)
        return out

    def typed_name(self, text: str) -> tuple[int, int] | None:
        """Where a message is only a name typed in any case ("reinaldo perez", "edner
        charles"): two to four words, none of them a word the examples use outside a name."""
        match = _TYPED_NAME.match(text)
        if match is None or text.isupper():
            return None
        words = [fold(w) for w in match.group(1).split()]
        inner = set(words[1:-1]) & PARTICLES  # "antonio carlos da silva"
        if any(
            w not in inner and (w in _NAME_STOP or w in _GREETING_WORDS or w in self.everyday)
            for w in words
        ):
            return None
        return match.span(1)

    def _kin_named(self, text: str, folded: str, taken: list) -> list[Entity]:
        """ "mi hijo kevin josue mejia de 17 años…", "frè m nan jean robert pierre ki gen 45
        an", typed in lower case: two to four words after a relation, then the age or the
        missing said (a relation is followed by a verb as often as by a name)."""
        for _, end in self.lexicon.spans(self.lexicon.kin, text):
            run = _KIN_NAMED.match(folded, end)
            if run is None or _overlaps(run.start(1), run.end(1), taken):
                continue
            words = run.group(1).split()
            # ("mis dos chamacos de 7", "mi hijo y mi hija de 5"): a count or a relation
            kin = {w for w in words if self.lexicon.spans(self.lexicon.kin, w)}
            if kin or any(w in self.numbers for w in words):
                continue
            if any(w in _NAME_STOP or w in _SAID_OF_THEM or w in _KIN_WORDS for w in words):
                continue
            if words[0] in self.everyday:
                continue  # ("mi mama vive en santiago", "his dad just call me"): a verb, no name
            start, end = run.span(1)
            return [Entity("person_name", text[start:end], start, end, 0.6)]
        return []

    def _leading_name(self, text: str, taken: list) -> list[Entity]:
        """Asked a name, "Ana Sofía, tiene 12 añitos", "its my son, Kevin Alvarez, 16",
        "Nombre: María López", "mi hijo kevin de 16 años": the first run of capitalised words
        (of any words, in a message typed in lower case) after a relation or a label, before
        the other facts."""
        lowercase_text = text == text.lower()
        kin = [e for _, e in self.lexicon.spans(self.lexicon.kin, text)]
        # "…nan San Jose, Costa Rica, li te…": a country is nobody's name
        taken = taken + [(s, e) for s, e, _ in self.country_names.find(fold(text))]
        runs = self._name_runs(text, taken, kin, lowercase_text)
        first = next(runs, None)
        if first is None:
            return []
        # "Freddy, i dont know his last name... Freddy Lanzas i think": the fuller name, later
        fuller = [
            run
            for run in runs
            if run.value.split()[0] == first.value.split()[0]
            and len(run.value.split()) > len(first.value.split())
        ]
        return [fuller[0] if fuller else first]

    def _name_runs(
        self, text: str, taken: list, kin: list[int], lowercase_text: bool
    ) -> Iterator[Entity]:
        """Each segment's leading run of name words, in order, until one is too long to be a
        name."""
        for segment in re.finditer(r"[^,;:.!?\d()]+", text):
            tokens: list[re.Match[str]] = []
            led = False  # a relation or a label came first: "mi hijo kevin"
            for tok in _TOKEN.finditer(text, segment.start(), segment.end()):
                word = fold(tok.group())
                if not tokens and word in _ADDRESS_WORDS:
                    break  # "en la calle Shaver": a street's name, no person's
                leads = word in _NAME_STOP and word not in _WHEN_OR_THEIRS
                if not tokens and (word in _LABELS or tok.end() in kin or leads):
                    led = led or tok.end() in kin or word in _NAMING  # not "il y a"
                    continue  # "its my son", "Nombre", "mi hijo": before the name
                if _inside_a_name(text, tok, tokens) or (led and not tokens and word in _HT_MY):
                    continue  # "se mwen ki manman l": Creole "his" after the relation
                stop = word in _NAME_STOP or _overlaps(tok.start(), tok.end(), taken)
                # ("her friend says she left friday morning": in lower case, a verb after them)
                stop = stop or (lowercase_text and not tokens and word in _SAID_OF_THEM)
                # ("his dad just call me crying"): in lower case, an everyday word is no name
                # (or opening the message: "Somos angolanos" is sentence case, no name)
                opening = not text[: tok.start()].strip()
                stop = stop or (
                    (lowercase_text or opening) and not tokens and word in self.everyday
                )
                if stop or not (tok.group()[0].isupper() or (lowercase_text and led)):
                    break
                tokens.append(tok)
            if 1 <= len(tokens) <= 4:
                start, end = tokens[0].start(), tokens[-1].end()
                yield Entity("person_name", text[start:end], start, end, 0.6)
            elif tokens:
                return


# What is said of someone after a relation, in lower case, where a name could stand: "her
# friend says", "mi vecina dice", "son ami a dit", "minha vizinha disse", "zanmi l di".
_SAID_OF_THEM = frozenset({
    "says", "said", "told", "saw", "thinks", "thought", "heard", "texted", "left", "went",
    "was", "dice", "dijo", "vio", "cree", "salio", "escribio", "dit", "pense", "croit",
    "disse", "falou", "viu", "acha", "saiu", "di", "we", "panse", "ekri", "m'a", "l'a", "me",
    "nos", "nous", "te",
})  # fmt: skip
# Words that label or lead a name, not part of it: "Nombre: Ana", "its my son, Kevin".
_LABELS = TITLES | frozenset({
    "nombre", "name", "nom", "nome", "non", "its", "it's", "es", "c'est", "e", "se", "is", "my",
    "mi", "mon", "ma", "meu", "minha", "the", "el", "la", "o", "a", "le", "son", "fullname",
})  # fmt: skip
# The labels that say a name follows: in a message typed in lower case, only these or a
# relation lead one ("il y a eu un contrôle" names nobody).
_NAMING = frozenset({"nombre", "name", "nom", "nome", "non", "fullname"})
# "Ana Pérez, 16,", "Ana Pérez de 16", "Ana Pérez (16)": an age given with the name.
_AGE_AFTER_NAME = re.compile(
    # ("Yaritza Peña 16": a number right after the name, digits only)
    r"(?:\s*,\s*|\s+de\s+|\s*\(\s*|\s+(?=\d))(\d{1,2}|[^\W\d_]+)"
    r"(?=\s*(?:[,.;!)]|$|y |and |et |e |ak ))"
)
_COURTESY = frozenset(
    "mesi merci gracias thanks thank thx obrigado obrigada valeu hola hello hi bonjou bonjour "
    "bonswa bonsoir ok okay oki dale listo".split()
)
_HT_MY = frozenset({"m", "mwen", "li", "l", "nou"})
_GREETING_WORDS = _COURTESY | frozenset(
    "buenas buenos buen noches dias tardes boa bom noite dia tarde bonne soiree journee good "
    "morning evening afternoon night oi ola salut saludos bendiciones".split()
)
# Words after a relation that say which one, not who: "mi hermano menor", "mon petit frère"
_KIN_WORDS = frozenset({
    "menor", "mayor", "chiquito", "chiquita", "pequeno", "pequena", "grande", "mas", "petit",
    "petite", "grand", "little", "older", "younger", "eldest", "youngest", "oldest",
    "big", "baby", "mais", "velho", "velha", "novo", "nova", "cacula", "ti", "piti", "gran",
    "senor", "senora", "don", "dona", "mr", "mrs", "madame", "monsieur", "seu", "la", "l", "of",
})  # fmt: skip
# After a relation, in lower case: "mi hijo kevin josue mejia de 17", "frè m nan jean pierre ki
# gen 45 an", "my brother delroy bodden, 42", "mi primo jonathan lopez no aparece".
_KIN_NAMED = re.compile(
    r"(?:\s+(?:m|mwen|nan|la|a))*\s+((?:[a-z'-]{2,}\s+){1,3}?[a-z'-]{2,})"
    # then the age: "de 17", ", 42", "ki gen 45", "quarante cinq ans" (not ", de 2, 8 e 12")
    r"(?=\s+(?:(?:de|d'|ki gen|qui a|who is|tiene|tem|a|gen|has)\s+)?\d|\s*,\s*\d"
    r"|\s+(?:[a-z]+\s+){0,2}(?:anos|years|ans|an|yrs)(?!\w)"
    # or that they are missing
    r"|\s+(?:no aparece|no contesta|no llega|no ha|desaparecio|a disparu|n'est pas|pa paret|"
    r"pa janm|sumiu|nao voltou|nao aparece|is missing|has been missing|hasn'?t|went missing))"
)
# A calling verb after an auxiliary or a "not" ("il m'a appelé", "me ha llamado", "li pa
# rele"), or "rele m" (call me): someone phoned, no one named.
_PHONED = re.compile(
    r"(?<!\w)(?:m'a|t'a|l'a|nous a|a|ai|avait|ha|han|he|pa|pa t|poko|not)\s+"
    r"(?:appele|appelee|llamado|llamada|chamado|chamada|called|rele)\s*$"
)
_CALLS_US = re.compile(r"rele\s+(?:m|mwen|nou)(?!\w)")
# Zero said in a phone number ("cero uno", "oh one", "zéro", "zewo").
_ZEROS = {"cero": 0, "zero": 0, "oh": 0, "zewo": 0}
# Men said of by a number ("de nèg", "dos tipos", "two guys"), not a person's age.
_GUYS = "neg|nonm|bandi|msye|tipos|tipo|vatos|manes|guys|dudes|mecs|types|caras|sujeitos"
# "she's 81", "tiene 80", "li gen 17": an age said just before a number.
# "I am" / "I have" before the speaker's own age: "tengo 71", "(im 15)"
I_AM = r"(?:i'?m|im|tengo|tenho|j'ai)"
# "they beat a venezuelan guy in front of me", "un señor guatemalteco", "yon nèg dominiken":
# a stranger described, not the writer ("a" before, a person's noun after).
_SOMEONE_ELSE = re.compile(
    r"\s+(?:guy|man|woman|boy|girl|lady|dude|worker|kid|senor|senora|muchacho|"
    r"muchacha|chavo|chava|hombre|mujer|homme|femme|gars|type|mec|garcon|fille|cara|moco|moca|"
    r"homem|mulher|rapaz|menino|menina|neg|fanm|gason)(?!\w)"
)
# "yon gwoup brezilyen atake nou", "des brésiliens ont attaqué des africains": the attackers'
# nationality, never the writer's (the victims' is: "están atacando a los venezolanos").
_MY_TRADE = re.compile(
    r"(?<!\w)(?:i'?m|i am|im|i work as|soy|trabajo de|trabajo como|je suis|sou|trabalho como|"
    r"mwen se|m se)\s+(?:an?\s+|un\s+|une\s+|una\s+|um\s+|uma\s+|yon\s+)?(?:\w+\s+)?"
    r"(?:nurse|doctor|medic|paramedic|enfermer[oa]|medic[oa]|doctor[a]?|infirmier|infirmiere|"
    r"medecin|docteur|enfermeir[oa]|enfimye|dokte)(?!\w)"
    r"(?:\s+(?:\w+\s+)?(?:with|at|in|en|de|dans|a|com|no|na|nan|del)\s+(?:\w+\s+){0,3}?"
    r"(?:clinic|clinica|hospital|hopital|clinique|lopital|klinik|dispensaire|centro de salud|"
    r"posto de saude))?"
)
_MY_WORKPLACE = re.compile(
    r"(?<!\w)(?:coordino|dirijo|administro|trabajo en|trabajamos en|soy voluntari[oa] en|"
    r"i run|i manage|i work (?:at|in)|i volunteer (?:at|in)|we run|je travaille (?:dans|a)|"
    r"je suis benevole (?:dans|a)|je coordonne|je gere|trabalho (?:no|num|em)|coordeno|"
    r"sou voluntari[oa] (?:no|num|em)|m travay nan|mwen travay nan)\s+(?:\w+\s+){0,2}$"
)
_PHONE_CREDIT = re.compile(
    r"\s*(?:\w+\s+){0,2}?(?:nan telefon|sou telefon|on (?:my|the) phone|in (?:my|the) phone|"
    r"en el (?:cel|celular|telefono)|no (?:celular|telefone|cel)|para (?:llamar|ligar)|"
    r"pou m rele|to call|sur (?:mon|le) telephone|pour appeler)(?!\w)"
)
_MANY_ORIGINS = re.compile(
    r"(?<!\w)(?:plusieurs|differents|several|different|many|various|varios|varias|distintos|"
    r"diferentes|muchos|diversos|plizye|anpil) (?:pays|countries|paises|"
    r"nationalites|nationalities|nacionalidades|peyi|nasyonalite)(?!\w)"
)
_ATTACKING = re.compile(
    r"\s+(?:\w+\s+){0,2}(?:atake|attaque\w*|attack\w*|atacar\w*|atacaron|atacan|atacando|"
    r"golpe\w*|pegaron|bateram|batendo|espancaram|mataron|tuent|ont tue|beat\w*|jumped|"
    r"frappe\w*|bat nou|bat yo|touye|kouri deye)(?!\w)"
)
_ARTICLE_BEFORE = re.compile(r"(?<!\w)(?:a|an|un|una|une|um|uma|yon|the|el|le|o|otro|another)\s+$")
_NOUN_AFTER = re.compile(r"\s+[^\W\d_]{3,}")
_TWO_AGES = re.compile(r"(\d{2})\s+(?:y|i|e|and|et|ak)\s+\d{2}(?!\d)(?!\s*(?:ninos|kids|enfants))")
_AGED = re.compile(
    r"(?<!\w)(?:he'?s|she'?s|hes|shes|he is|she is|tiene|tem|il a|elle a|gen)\s*$"
    rf"|^\s*(?:yo\s+)?{I_AM}\s*$"  # "tengo 71" asked how many: their age
    rf"|\({I_AM}\s*$"  # "its me (im 15), …"
)
# A number alone answers "how many?" or "how old?" only when it is not part of an address, a
# phone line or a time: "pasaje 3", "apt 12", "call 911", "a las 3", "vers 21h".
_A_QUERY = re.compile(r"(?<!\w)(?:una|otra)\s+$")
_BACK_INSIDE = re.compile(
    r"\s+(?:in|inside|into|there|adentro|dentro|al edificio|al cuarto|dans|a l'interieur|"
    r"anndan)(?!\w)"
)
_NOT_BACK = re.compile(r"(?<!\w)(?:pa|poko|pa t|pat|no ha|no|didn'?t|hasn'?t|never)\s+$")
_NOT_A_COUNT = re.compile(
    r"(?<!\w)(?:pasaje|casa|calle|avenida|av|apt|apto|depto|piso|lote|manzana|mz|block|bloco|"
    r"street|st|ave|apartment|unit|floor|hwy|highway|route|ruta|km|rue|etage|numero|no|lari|"
    r"nimewo|number|#|al|a las|las|at|a eso de|vers|as|por volta das|la pelas|depuis|apre|ve|"
    # "por la 75 y harrisburg", "off I-10", "exit 12": a road
    r"por la|por el|sobre la|off|exit|salida|i-|fm|sr|interstate|freeway|fwy|"
    r"ne|nw|sw|sou|"  # "ne 79 st", "sou 59 la": a street, a highway ("se" is a word too)
    # "on remonte à Montréal le 15", "volvemos el 20", "on the 15", "dia 15": a date
    r"le|el|on the|o dia|dia)"
    r"\s*\.?\s*$"
)
# "79 st", "183rd", "12 ave": a street's number
_STREET_AFTER = re.compile(
    r"(?:st|nd|rd|th)?\s*(?:st|street|ave|avenue|av|rd|road|blvd|dr|drive|ln|lane|ct|pl|hwy|"
    r"calle|rue|rua)(?!\w)|(?:st|nd|rd|th)(?!\w)"
)
_DATE_AFTER = re.compile(
    r"\s+(?:de\s+)?(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|"
    r"novembre|decembre|janeiro|fevereiro|marco|maio|junho|julho|setembro|outubro|novembro|"
    r"dezembro|january|february|march|april|june|july|august|september|october|november|"
    r"december)(?!\w)"
)
_DISTANCE = re.compile(
    r"\s*(?:cuadras?|blocks?|calles?|quadras?|ruas?|km|kms|kilometros?|kilometers?|miles?|millas?|"
    r"metros?|meters?|metres?|minutos?|minutes?|min|pates|blok)(?!\w)"
)
_CLOCK = re.compile(
    r"\s*(?:h\b|:\d|am\b|pm\b|a\.m|p\.m|o'?clock|horas?\b|heures?\b|hrs?\b|"
    r"(?:de|da|du|in|nan|di)\s+(?:(?:la|the|a|o)\s+)?(?:manana|tarde|noche|madrugada|morning|afternoon|"
    r"evening|night|matin|soir|apres-midi|nuit|noite|manha|maten|aswe|swa)|"
    # "saw him around 4 this morning": an hour of today
    r"(?:this|esta|ce|cette|hoje de|hoje a|jodi a)\s+(?:morning|afternoon|evening|manana|tarde|"
    r"noche|matin|soir|apres-midi|manha|noite|maten|aswe))"
)
_YEARS_AFTER = re.compile(r"\s*(?:anos|ano|years?|yrs?|ans|an)(?!\w)")
_HOUSEHOLDS = re.compile(
    r"\s+(?:familias|families|familles|fanmi|grupos|groups|groupes|casas)(?!\w)"
)
_AGO = re.compile(r"\s+(?:ago|atras|passados|que passaram)(?!\w)")
# "…, no perdón", "... errei, é", "non", "I mean": what was just said is being corrected.
CORRECTED = (
    r"[\s.,;:!…-]*(?:(?:no|non|nao|not|nope|ay|uy|oops|ops|oh|ah)[\s.,;:!-]+)?"
    # "no wait sorry", "no espere", "non attendez": a pause before the correction
    r"(?:(?:wait|espere|espera|pera|attends|attendez|tann|peraí|perai)[\s.,;:!-]+)?(?:perdon|perdao|"
    r"desculpa|errei|digo|quise decir|quiero decir|i mean|sorry|pardon|je veux dire|eskize|"
    r"bueno|mejor dicho|quer dizer|en fait|actually|en realidad|na verdade|"
    r"no|non|nao|wait|espere|espera|attendez|tann)(?!\w)[\s.,;:!-]*"
    r"(?:(?:no|non|nao)(?!\w)[\s.,;:!-]*)?"  # "18 - sorry no, 14"
    r"(?:(?:es|e|c'est|it'?s|se|era)\s+"
    # "hes 16. no wait he turned 17 last month", "tiene 70, bueno ya cumplió 71"
    r"|(?:he|she|il|elle|ele|ela)\s+(?:just\s+)?(?:turned|is|a|tem|fez)\s+"
    r"|(?:he'?s|she'?s|hes|shes|li gen)\s+"  # "16. no wait hes 15"
    r"|(?:ya\s+)?(?:cumplio|tiene)\s+)?"
)
_FIXED = re.compile(CORRECTED)
_FIXED_TAIL = re.compile(CORRECTED + r"(\d{2,4})(?![\d\s]*\d)")
_FIXED_AGE = re.compile(CORRECTED + r"(\d{1,3})(?![\d:])")  # "tiene 16... no, 17", "somos 6… no, 7"
_NAMED = re.compile(r"[A-ZÀ-Ý][\w'’-]*\s+[A-ZÀ-Ý]")
_CORRECTABLE = frozenset({"age", "phone", "people_count"})
# ("toupre Rancagua, Chili": a town, then its country)
_IN_A_COUNTRY = re.compile(
    r"(?<!\w)(?:en|in|nan|au|em|no|na|aqui|here|ici|isit|isit la)\s+(?:el |le |o |the )?$"
    r"|\w\s*,\s*$"
    # "del lado de mexico", "on the mexican side", "du côté du Mexique": the border's side
    r"|(?<!\w)(?:lado de|lado do|side of|cote du|cote de|bo kote)\s+(?:el |le |o |the )?$"
)
_MOST = 100  # a group, or an age, is never 911
# French "le bras cassé", "blessé au bras", English "his arm" said as "him bras" is an arm, not
# São Paulo's Brás ("no Brás", "in bras", "à Brás" stay the place).
_ARM = re.compile(
    r"(?<!\w)(?:le|au|du|son|mon|ses|mes|les|des|un|deux|ton|sa|ma|his|her|my)\s+bras(?!\w)"
    r"|(?<!\w)bras\s+(?:casse|cassee|brule|blesse|gauche|droit)(?!\w)"
)
# "que el cuerpo sea repatriado a Jacmel", "mandarlo a Honduras", "send him back to Haiti",
# "l'enterrer au Cap": where someone or their body goes, not where the person is.
_DESTINATION = re.compile(
    r"(?<!\w)(?:repatri\w*|rapatri\w*|mandarlo|mandarla|enviarlo|enviarla|llevarlo|llevarla|"
    r"send (?:him|her|it|the body)(?: back| home)?|take (?:him|her) (?:back|home)|enterrar\w*|"
    r"bury (?:him|her)|enterrer|l'enterrer|voye (?:l|li|ko a)|manda-lo|mandar o corpo|"
    r"levar o corpo|enterra-lo)"
    r"\s+(?:\w+\s+){0,2}(?:a|al|en|to|in|au|aux|para|pra|pou|nan|lakay|em|no|na)\s+$"
)
# "les escribo desde", "I'm writing from", "je vous écris de", "escrevo de", "m ap ekri soti"
_WRITING_FROM = re.compile(
    r"(?<!\w)(?:(?:escribo|escribimos|writing|write|ecris|ecrit|escrevo|escrevendo|ekri)"
    r"\s+(?:\w+\s+){0,2}?(?:desde|from|de|du|depuis|da|do|soti|sot)"
    # ("bonjou, mwen Pòtoprens, m pa jwenn manman m… nan Quilicura"): where the writer is
    r"|^(?:\w+\W+)?(?:mwen|m))"  # bare, not "m nan Alajuela": where they are, in danger
    r"\s+$"
)
# "on our way to", "rumbo a", "pour aller à", "indo pra", "pou n al": where they are going
_HEADED_TO = re.compile(
    r"(?<!\w)(?:(?:on (?:our|my|the) way|going|headed|heading|en route|rumbo|camino|de camino|"
    r"para ir|pa ir|pour aller|en allant|indo|pra ir|vamos|iba|ibamos)\s+"
    r"(?:to|a|al|para|pra|pro|à|a la|vers|pour)|pou (?:n|nou|m|mwen) (?:al|ale)|"
    r"n ap (?:al|ale)|nou t ap (?:al|ale)|pou al)\s+$"
)
# "tiene como 25", "about 30", "uns 40": an age given roughly
_ABOUT = r"(?:(?:como|unos|unas|uns|umas|about|around|like|environ|tipo|anviwon|maso)\s+)?"
# "lopital san jose", "hospital san juan": a hospital or a church named for a saint or a
# place, not the city ("el hospital de san josé" may still be the city's hospital)
_INSTITUTION = re.compile(
    r"(?<!\w)(?:hospital|hopital|lopital|clinica|clinique|klinik|iglesia|eglise|legliz|igreja|"
    r"parroquia|paroisse)\s+$"
)
# "todos le dicen Chepe", "they call him Tex", "on l'appelle…": a nickname, not a place
_NICKNAMED = re.compile(
    r"(?<!\w)(?:le dicen|le decimos|lo llaman|la llaman|le dicen el|le dicen la|apodo|alias|"
    r"they call (?:him|her)|goes by|nickname|on l'appelle|surnomme|chamam (?:ele|ela) de|"
    r"apelido|yo rele l|ti non)\s+$"
)
# "como faço pra voltar pra", "I want to go back to", "je veux rentrer en", "m vle retounen
# nan": wanting to go home, said just before a country's name.
_GOING_HOME = re.compile(
    r"(?<!\w)(?:quero|queria|queremos|quiero|quisiera|necesito|necesitamos|"
    r"preciso|precisamos|want|wanna|need|would like|veux|voudrais|voulons|vle|bezwen|"
    r"como faco pra|como faco para|como hago para|como hacemos para|how (?:do|can) (?:i|we)|"
    r"help (?:me|us)|ayudar(?:me|nos)? a|me ajuda a|ajudar a gente a|pou m|pou nou)\s+"
    r"(?:\w+\s+){0,2}(?:voltar|regressar|volver|regresar|irme|irnos|go back|go home|return|"
    r"fly back|rentrer|retourner|retounen|tounen|ale|get back|getting back|going back|rentre)\s+"
    # ("getting back home to belize", "rentrer chez moi en côte d'ivoire")
    r"(?:(?:home|chez moi|chez nous|pra casa|a casa|lakay)\s+)?"
    r"(?:pra|pro|para|para o|para a|ao|a|al|to|en|au|a la|nan|lakay|an)?\s*"
    r"(?:o\s+|a\s+|la\s+|el\s+)?$"
)
# A body or ashes to bring home: repatriating remains, not a living person.
BODY_WORDS = (
    r"cuerpo|cadaver|restos|cenizas|body|remains|ashes|corps|depouille|cendres|corpo|cinzas|"
    r"ko li|ko a|kadav"
)
BODY = re.compile(rf"(?<!\w)(?:{BODY_WORDS})(?!\w)")
# "our car died", "se nos murió el carro", "batri telefòn mwen mouri": a machine stopped, no one
# died. Only small words may stand between ("car accident, he died" is a death).
_MACHINE = (
    r"(?:car|truck|van|phone|cellphone|cell|battery|engine|motor|generator|charger|carro|coche|"
    r"auto|camion|camioneta|troca|celular|cel|telefono|bateria|pila|planta|voiture|telephone|"
    r"portable|batterie|moteur|generateur|telefone|gerador|machin|telefon|batri|mote|jenerate)"
)
_BETWEEN = (
    r"(?:just|already|finally|almost|nearly|completely|is|was|has|se|nos|me|ya|casi|est|a|"
    r"presque|deja|ja|quase|mwen|m|nan|an|la|preske|fin|my|mi|mon|ma|meu|minha|do|da|de)"
)
_MACHINE_BEFORE = re.compile(rf"(?<!\w){_MACHINE}(?:\s+{_BETWEEN}){{0,3}}\s+$")
_MACHINE_AFTER = re.compile(
    rf"\s+(?:(?:el|la|mi|my|the|our|o|a|meu|minha|mon|ma|le|nuestro|nuestra)\s+)?{_MACHINE}(?!\w)"
)


def machine_stopped(folded: str, start: int, end: int) -> bool:
    """Whether the death word at folded[start:end] is said of a machine, not a person."""
    before = folded[max(0, start - 40) : start]
    return bool(_MACHINE_BEFORE.search(before) or _MACHINE_AFTER.match(folded, end))


# "the chinese supermarket", "la iglesia coreana" is said before; "el restaurante chino",
# "a loja chinesa" after: a landmark, not where the person is from.
_A_SHOP = re.compile(
    r"\s+(?:supermarket|market|store|shop|restaurant|food|church|bakery|grocery|place|"
    r"mall)(?!\w)"
)
# "her mexican number", "son numéro mexicain", "un chip mexicano": the phone's country, not
# where the person is from
_A_PHONE = re.compile(r"\s+(?:number|phone|cell)(?!\w)")
_PHONE_BEFORE = re.compile(
    r"(?<!\w)(?:numero|chip|celular|cel|telefone|telefono|telephone|nimewo|linha|linea|ligne)\s+$"
)
# "el restaurante chino", "a loja chinesa", "yon gwo magazen chinwa", "l'épicerie
# africaine": a landmark, the shop's noun first
_SHOP_BEFORE = re.compile(
    r"(?<!\w)(?:restaurante|restaurant|tienda|tiendita|supermercado|mercado|mercadito|abarrotes|"
    r"panaderia|iglesia|loja|lojinha|mercadinho|padaria|igreja|magasin|supermarche|epicerie|"
    r"boulangerie|eglise|magazen|boutik|machann|legliz|restoran|makèt|maket)"
    r"(?:\s+(?:grande|gran|gwo|petit|ti|big))?\s+$"
)
# "documento brasileiro", "RUT chileno", "papeles americanos": a paper of the country someone
# lives in says nothing of where they are from ("pasaporte hondureño" still does).
_A_PAPER = re.compile(
    r"(?<!\w)(?:documentos?|papeles|papers|papiers|papeis|papye|rut|cpf|rg|residencia|"
    r"residence|permiso|permis|visa|visto|licencia|license|licence|carteira|cartao|id|"
    r"carte de sejour|titre de sejour|green card|seguro social|social security)\s+$"
)
_PAPER_OF = re.compile(
    r"(?<!\w)(?:documentos?|papeles|papers|papiers|papeis|papye|permiso|visa|residencia|"
    r"carte de sejour|green card)\s+(?:de |of |do |da |du |d')?(?:aqui |here |ici |isit )?"
    r"(?:de |of |do |da |du |d'|en |in )?(?:el |la |o |le |the )?$"
)
# "la migration mexicaine", "la policía mexicana", "mexican immigration", "brazilian police":
# the authorities of the country someone is in, not where they are from.
_AUTHORITIES = (
    r"(?:migracion|migration|migra|imigracao|migrasyon|immigration|inm|policia|police|polis|"
    r"lapolis|policias|guardia nacional|guarda|army|ejercito|armee|exercito|militares|military|"
    r"soldados|soldiers|gobierno|government|gouvernement|governo|autoridades|authorities|"
    r"autorites|justice|justicia|border patrol|patrulla)"
)
_AUTHORITY_BEFORE = re.compile(rf"(?<!\w){_AUTHORITIES}\s+(?:federale?s?\s+)?$")
_AUTHORITY_AFTER = re.compile(rf"\s+(?:federal\s+)?{_AUTHORITIES}(?!\w)")
# "in Altadena", "en Alajuelita", "à Pearland", "em Osasco", "nan Sharpstown": where they are.
_IN_TOWN = re.compile(r"(?<!\w)(?:in|en|a|em|no|na|nan|near|cerca de|pres de|perto de)\s+$")
_A_FLOOR = re.compile(r"\s+(?:piso|pisos|floor|etage|andar|nivel|planta|lugar|dia|vez|ano)(?!\w)")
_SHOUTED_AT = re.compile(
    r"(?<!\w)(?:gritando|gritaban|gritan|gritaron|gritavam|shouting|yelling|yelled|shouted|"
    r"criant|criaient|crient|ont crie|diziam|dizendo|decian|diciendo|kriye|t ap rele)(?!\w)"
)
_IN_THE_ALLEY = re.compile(r"(?<!\w)(?:del|en el|al|en un|por el|vivo en el)\s+$")
_DOOR_BEFORE = re.compile(
    r"(?<!\w)(?:devant|derriere|a|de|sur|contre|par|ouvre|ouvrir|ferme|fermer|casse|cassent|"
    r"frappe|frappent|enfonce|enfoncent|mis|jusqu'a)\s+$"
)
_COMMON_WORDS = frozenset({"okay", "ok", "si", "no", "yes", "wi", "non", "sim"})
# "Soy de", "we're from", "je viens de", "sou de", "nou soti": where someone comes from.
# "from xela, quetzaltenango", "from georgetown, guyana": a town, then its region or country
_TOWN_FIRST = r"(?:[a-z][a-z' -]{1,24},\s*)?"
_HOME_CUES = (
    r"(?<!\w)(?:soy|somos|es|son|vengo|venimos|viene|vienen|nacido|nacida|originario|originaria)"
    r"\s+(?:de|del)|(?<!\w)(?:from|vient de|viens de|venons de|suis de|sommes de|est de|sont de|"
    # ("on est des Gonaïves": "de" and "les" together)
    r"est des|sommes des|sont des|"
    r"originaire de|originaires de|sou de|somos de|e de|venho de|viemos de|natural de|soti|"
    r"moun)"
)


# Another language's number word that is a common word in this one: French "très" (very),
# "dos" (back), "dis" (say); "de" and "en" (Creole 2 and 1) in the others; English "set".
_FALSE_FRIENDS = {
    "fr": frozenset({"tres", "dos", "dis", "de", "en", "set", "sis"}),
    "es": frozenset({"de", "en", "set", "dis"}),
    "pt": frozenset({"de", "en", "set", "dis", "sis"}),
    "en": frozenset({"de", "en", "set", "dis", "sis", "uit"}),
}


def _inside_a_name(text: str, tok: re.Match[str], tokens: list[re.Match[str]]) -> bool:
    """Whether a particle stands between capitalised words of a name ("Ferreira dos Santos")."""
    if not tokens or fold(tok.group()) not in _PARTICLES:
        return False
    after = re.match(r"\s+(?:(?:de|la|los|las)\s+)?([^\W\d_])", text[tok.end() :])
    return after is not None and after.group(1).isupper()


def _corrected(
    found: list[Entity], folded: str, regions: tuple[str, ...], numbered: str
) -> list[Entity]:
    """The entities with those corrected at once dropped: "li gen 6 an... non, 7 an", "11 94567
    0133... errei, é 11 94576 0133"; "95 99105 0172, no perdón 0127" mends the number's end,
    and "tiene 16... no, 17" (or "…non, katòz": `numbered` has the words as digits) the age."""
    out: list[Entity] = []
    for e in found:
        earlier = next((o for o in reversed(out) if o.entity == e.entity), None)
        if earlier and e.entity in _CORRECTABLE and _FIXED.match(folded, earlier.end):
            out.remove(earlier)
        out.append(e)
    for i, e in enumerate(out):
        fixed = _FIXED_AGE.match(numbered, e.end) if e.entity in ("age", "people_count") else None
        if fixed and not any(o.start >= e.end and o.entity == e.entity for o in out):
            # "tiene 16... no, 17", "somos 6... no espere, 7": the number said again, mended
            out[i] = Entity(e.entity, str(int(fixed[1])), e.start, fixed.end(), e.confidence)
        tail = _FIXED_TAIL.match(folded, e.end) if e.entity == "phone" else None
        if tail and not any(o.start >= e.end and o.entity == "phone" for o in out):
            digits = re.sub(r"\D", "", e.value)
            mended = normalise_phone("+" + digits[: -len(tail[1])] + tail[1], regions)
            if mended:
                out[i] = Entity("phone", mended, e.start, tail.end(), e.confidence)
    return out


# The verbs and nouns that name: "se llama", "his name is", "s'appelle", "se chama", "rele"
_NAMING_CUE = re.compile(r"llam|name|appel|chama|rele|nom")
# "…nan rekoleta", "…in itakera.": after "in", at the end of a clause
_IN_AT_THE_END = re.compile(
    r"(?<!\w)(?:nan|en|in|em|na|no)\s+((?:[a-z]+\s+)?[a-z]+)\s*(?=$|[.,!?;])"
)
_ARTICLE_FIRST = re.compile(r"^(?:la|el|los|las|le|les|o|a|the)\s+")
_FROM_BEFORE = re.compile(
    r"(?<!\w)(?:from|soy de|somos de|je suis de|nous sommes de|sou de|nou soti)\s*$"
)
_GREW_UP_BEFORE = re.compile(
    r"(?<!\w)(?:grew up in|raised in|born in|naci en|creci en|me crie en|je suis nee? a|"
    r"j'ai grandi a|nasci em|cresci em|m fet|m grandi)\s*$"
)


def _name_tokens(text: str, at: int, lowercase_text: bool, taken: list) -> list[re.Match[str]]:
    """The words of a name from `at`: capitalised (any case in a message typed all in lower
    case), up to four, titles and particles passed over."""
    tokens: list[re.Match[str]] = []
    last = at
    for tok in _TOKEN.finditer(text, at):
        if tokens and tok.start() - last > 1:
            break
        last = tok.end()
        if not tokens and fold(tok.group()) in TITLES:
            continue  # "se llama Doña Refugio"
        if not tokens and tok.start() == at and fold(tok.group()) in _HT_MY:
            continue  # "pitit fi m Nadège": Creole says "my" after the relation
        if _inside_a_name(text, tok, tokens):
            continue
        if fold(tok.group()) in _NAME_STOP or not (tok.group()[0].isupper() or lowercase_text):
            break
        if _overlaps(tok.start(), tok.end(), taken):
            break
        tokens.append(tok)
        # ("se llama kevin josue martinez lopez": two names and two surnames, however typed)
        if len(tokens) == 4:
            break
    return tokens


# After a name, the same said again ("Shanice, Shanice Persaud") or corrected ("Mariangel,
# bueno Maria de los Angeles…", "Moussa Diop, non pardon, Moussa Ndiaye")
_RESTATED = re.compile(
    r"\s*,\s*(?:((?:bueno|digo|o sea|mejor dicho|perdon|i mean|sorry|well|en fait|je veux dire|"
    r"non pardon|pardon|quer dizer|ou seja|desculpa|perdao|perdão|perdón|mwen vle di|non|no|nao|"
    r"não)\s*,?\s*))?",
    re.IGNORECASE,
)


def _overlaps(start: int, end: int, spans: list) -> bool:
    return any(start < e and s < end for s, e in spans)


def normalise_phone(raw: str, regions: tuple[str, ...] = ()) -> str | None:
    """A phone number as E.164, accepting WhatsApp's '+'-less form and Mexico's old '+52 1'.
    `regions` are the countries a local number is most likely from, in order (where the person
    is, then their own phone's country): "(95) 99134-0129" is Brazilian in Boa Vista, not a
    '+'-less number of Myanmar, and "4877 0128" from a Haitian phone is Haitian."""
    digits = re.sub(r"\D", "", raw)
    international: list[tuple[str, str | None]] = [("+" + digits, None)]
    if digits.startswith("521") and len(digits) == 13:
        international = [("+52" + digits[3:], None)]
    local: list[tuple[str, str | None]] = [
        (digits, r) for r in dict.fromkeys((*regions, *_PHONE_REGIONS))
    ]
    if raw.strip().startswith("+"):
        candidates = international
    elif len(digits) > 10:
        candidates = local[: len(regions)] + international + local[len(regions) :]
    else:
        candidates = local
    for number, reg in candidates:
        try:
            parsed = phonenumbers.parse(number, reg)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


# A name alone, then a stop: "Joseph Alcide Belizaire. mwen se pitit pitit li"; typed in lower
# case, only before its age: "edvin rolando cux, treinta y cuatro años".
# a capitalised word, hyphenated parts capitalised too ("Jean-Robert", "Pierre-Louis")
_CAPITALISED = r"[A-ZÀ-Ý][a-zà-ÿ']+(?:-[A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ']+)*-?"
_IT_IS = re.compile(
    r"^\s*(?:(?:no|non|nao|wi|si|yes|oui|sim)[\s,]+)?(?:se|li se|c'?\s?est|es|it'?s|its|it is|"
    r"e|é|era|ele e|ela e|ele é|ela é|il s'?appelle|s'?appelle)\s+",
    re.IGNORECASE,
)
# Words no name has, even one given whole in answer to "what is their name?" (a name may hold
# "de", "del", "y", "e", "da": "María de la Cruz", "João da Silva e Souza")
_NEVER_A_NAME = (_NAME_STOP - {"de", "del", "y", "e", "et", "a", "ak"}) | {
    "con", "with", "avec", "com", "encima", "por", "para", "pour", "pou", "the", "when",
    "cuando", "quand", "quando", "le", "les", "los", "las",
    # "del albergue del george brown": where they were, in answer to their name
    "albergue", "shelter", "abrigo", "refugio", "refuge", "abri", "iglesia", "church", "igreja",
    "eglise", "legliz", "escuela", "school", "escola", "ecole", "lekol", "hospital", "hopital",
    "lopital",
}  # fmt: skip
_BARE_NAME = re.compile(rf"^\s*((?:{_CAPITALISED}\s+){{1,4}}{_CAPITALISED})\s*(?:[.,;!]|$)")
# "… li gen 16 an, Jean Wesley Pierre": a full name closing the message, after a comma
_CLOSING_NAME = re.compile(rf",\s*((?:{_CAPITALISED}\s+){{1,3}}{_CAPITALISED})\s*[.!]?\s*$")
_ARTICLES = frozenset("el la los las the le les o a os as san santa sao st saint sainte".split())
_TYPED_NAME = re.compile(r"^\s*((?:[^\W\d_][\w'’-]+\s+){1,3}[^\W\d_][\w'’-]+)\s*\.?\s*$")
_BARE_NAME_LOWER = re.compile(r"^\s*((?:[a-zà-ÿ'-]{2,}\s+){1,3}[a-zà-ÿ'-]{2,})\s*,")


def _everyday_words(training: TrainingData) -> frozenset[str]:
    """The words the training examples use at least twice outside a person's name: "somos",
    "ayer", "boa", "vista" are said every day; "reinaldo", "charles" only as names."""
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for example in training.examples:
        text = example.text
        for a in example.entities:
            if a.entity == "person_name":
                names.update(fold(w) for w in _TOKEN.findall(text[a.start : a.end]))
                text = text[: a.start] + " " * (a.end - a.start) + text[a.end :]
        counts.update(fold(w) for w in _TOKEN.findall(text))
    return frozenset(w for w, n in counts.items() if n >= 2) - names


def closing_name(text: str) -> tuple[int, int] | None:
    """Where a full name closes a message after a comma ("…li gen 16 an, Jean Wesley
    Pierre"): two to four capitalised words, none a word that is never a name, not led by an
    article ("…a la finca, Los Chiles" is a town)."""
    match = _CLOSING_NAME.search(text)
    words = [fold(w) for w in match.group(1).split()] if match else []
    if match is None or text.isupper() or set(words) & _NAME_STOP or words[0] in _ARTICLES:
        return None
    return match.span(1)


def not_a_name(text: str) -> bool:
    """Whether words said in answer to "what is their name?" hold one no name has ("con el
    huracán encima")."""
    return any(fold(w) in _NEVER_A_NAME for w in _TOKEN.findall(text))


def bare_name(text: str, aged: bool) -> tuple[int, int] | None:
    """Where a full name said alone opens a message, whatever was asked: two to five
    capitalised words, or (when the message gives an age, `aged`) two to four in lower case
    before a comma, none of them a word that is never a name."""
    match = _BARE_NAME.match(text)
    if match is None and aged:
        match = _BARE_NAME_LOWER.match(text)
        words = match.group(1).split() if match else []
        if any(fold(w) in _NAME_STOP or fold(w) in _GREETING_WORDS for w in words):
            match = None  # ("boa noite, minha filha de 15 anos…": a greeting, no name)
    if match is None or text.isupper():
        return None
    return match.span(1)
