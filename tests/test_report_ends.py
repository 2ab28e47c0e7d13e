"""What a report records and tells the person (where to turn, how they are reached back):
whole conversations through the turn runner, and the facts an officer reads in a message."""

import pytest

from bot.facts import reasons_in


def names(turn):
    return [r.name for r in turn.replies]


def test_a_nationality_with_no_consulate_anywhere_hears_who_helps_instead(say, store):
    sender = "+525512340190"
    say("help they threw stones at our room, we ran out", sender=sender)
    say("mexico city, near the bus terminal", sender=sender)
    turn = say("we are senegalese, 3 of us", sender=sender)
    told = [r for r in turn.replies if r.name == "utter_no_consulate_anywhere"]
    assert told and "Senegal" in told[0].text and "UNHCR" in told[0].text
    assert store.case(turn.case.id).consulate_id is None


def test_the_nearest_consulate_says_its_hours(say):
    turn = say("is there an ecuadorian consulate in houston?", sender="+17135550191")
    nearest = next(r for r in turn.replies if r.name == "utter_nearest_consulate")
    assert "Hours:" in nearest.text and "—" not in nearest.text


def test_questions_about_someone_unnamed_never_show_a_blank(say):
    sender = "+50934560191"
    say("mi sobrino desaparecio en la frontera hace 5 dias", sender=sender)
    say("no se su nombre completo, prefiero no decir", sender=sender)
    turn = say("tiene 17", sender=sender)
    assert "—" not in " ".join(r.text for r in turn.replies)


# (sender, the person's messages, the callback the case must hold)
CALLBACKS = [
    # a number typed beats "this phone"
    (
        "+17135550192",
        ["my cousin is missing since the flood", "Darnell Pierre, 40", "he is from haiti",
         "last seen in houston on friday", "cousin", "call 832 555 0193, this phone is my boss's"],
        "+18325550193",
    ),
    # a mother in Haiti, her son missing in Tapachula: a local number is Haitian, like her phone
    (
        "+50934560194",
        ["pitit gason m disparèt Tapachula depi 4 jou", "Jonas Michel, 19 an", "ayisyen",
         "li te nan Tapachula, bò estasyon bis la, lendi", "manman l", "rele m nan 3712 0195"],
        "+50937120195",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("sender", "messages", "contact"), CALLBACKS)
def test_the_callback_is_the_number_meant(say, store, sender, messages, contact):
    turns = [say(text, sender=sender) for text in messages]
    assert store.case(turns[-1].case.id).contact == contact


def test_reach_me_here_said_to_another_question_is_the_callback(say, store):
    sender = "+56932110150"
    say("frè m pa tounen depi yè swa", sender=sender)
    say("li rele Wilner Paul, 30 an", sender=sender)
    say("nou se ayisyen", sender=sender)
    asked_where = say("pa rele m, ekri m sou nimewo sa a", sender=sender)
    assert asked_where.replies[-1].name == "utter_ask_last_seen_place"  # still to be answered
    say("li te Quilicura, Santiago, yè swa", sender=sender)
    last = say("mwen se sè li", sender=sender)
    case = store.case(last.case.id)
    assert case.contact == sender and case.place == "santiago"
    # "frè m" said whose brother: the report was complete, and "mwen se sè li" adds to it; the
    # number is never asked again
    assert names(last) == ["utter_case_updated"]


def test_here_in_a_place_is_no_callback(say, store):
    sender = "+17135550196"
    say("help the water is coming in fast", sender=sender)
    turn = say("we are here in houston, on this street by the bayou", sender=sender)
    assert "callback" not in store.case(turn.case.id).details


def test_a_town_of_the_country_they_write_from_is_no_nationality(say, store):
    sender = "+18185550197"  # a Los Angeles phone: Sunland is where they were, not who they are
    turn = say("we were evacuated from sunland last night, sleeping in our car now", sender=sender)
    assert turn.case is not None and store.case(turn.case.id).nationality is None


def test_the_nearest_consulate_to_a_town_outside_every_metro_is_said_at_once(say, directory):
    sender = "+14095550198"
    say("the water is coming in the trailer fast", sender=sender)
    say("beaumont texas, by the refinery", sender=sender)
    say("5 of us", sender=sender)
    say("no one hurt", sender=sender)
    turn = say("we are hondurans", sender=sender)  # the report is not finished: callback next
    nearest = [r for r in turn.replies if r.name == "utter_nearest_consulate"]
    assert nearest and directory.consulate("hn-houston").address in nearest[0].text
    assert turn.replies[-1].name == "utter_ask_callback"


# (language, words, the reasons an officer records): injuries and children said in everyday
# words, and the look-alikes that are no injury.
FACTS = [
    ("en", "he got hit in the head with a rock", {"injured"}),
    ("es", "le cayó una pared encima a mi tío", {"injured"}),
    ("fr", "elle a une grosse coupure à la jambe", {"injured"}),
    ("pt", "bateram nele com um pau", {"injured"}),
    ("ht", "yo frape l nan tèt", {"injured"}),
    ("pt", "estou com meus filhinhos", {"children"}),
    ("pt", "teve um corte de luz ontem", set()),
    ("fr", "une coupure de courant depuis hier", set()),
]


@pytest.mark.parametrize(("language", "words", "reasons"), FACTS, ids=[w for _, w, _ in FACTS])
def test_what_an_officer_records(nlu, lexicon, language, words, reasons):
    parse = nlu.parse(words, language)
    assert reasons_in(words, parse, lexicon) & {"injured", "children"} == reasons
