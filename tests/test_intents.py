"""Intent classification across the five languages: a table of messages written for the tests."""

import pytest

from bot.intents import INTENTS

CASES = [
    # distress
    ("AUXILIO se metieron a la casa unos hombres armados", "distress"),
    ("we are stuck on the roof the water keeps rising", "distress"),
    ("au secours il y a des tirs dans notre quartier", "distress"),
    ("socorro a casa desabou e tem gente presa", "distress"),
    ("tanpri ede nou dlo a ap monte nou bloke", "distress"),
    # missing_person
    ("no se nada de mi esposo desde el temblor", "missing_person"),
    ("i cant find my daughter since the earthquake", "missing_person"),
    ("je cherche mon frère disparu depuis l'ouragan", "missing_person"),
    ("minha mae sumiu depois da enchente", "missing_person"),
    ("m ap chèche manman m, li disparèt depi tranblemanntè a", "missing_person"),
    # assistance
    ("perdí mi pasaporte y necesito volver a mi país", "assistance"),
    ("i need a lawyer, my boss wont pay me", "assistance"),
    ("j'ai besoin d'un abri pour dormir ce soir", "assistance"),
    ("preciso de remédio para minha pressão", "assistance"),
    ("m bezwen yon kote pou m dòmi", "assistance"),
    # information
    ("a que hora abre el consulado", "information"),
    ("what number do i call if there is an earthquake", "information"),
    ("est-ce que le consulat est ouvert après l'inondation", "information"),
    ("onde fica o consulado do brasil", "information"),
    ("ki nimewo konsila a", "information"),
    # safe
    ("estamos bien gracias a dios, no nos paso nada", "safe"),
    ("we made it out, everyone is ok", "safe"),
    ("nou tout an sekirite", "safe"),
    # human
    ("quiero hablar con un agente", "human"),
    ("can i talk to a real person", "human"),
    ("m vle pale ak yon moun", "human"),
    # small talk and control
    ("buenas tardes", "greet"),
    ("bonjou", "greet"),
    ("gracias por todo", "thanks"),
    ("obrigada", "thanks"),
    ("adios", "goodbye"),
    ("sí", "affirm"),
    ("wi", "affirm"),
    ("no", "deny"),
    ("non", "deny"),
    ("STOP", "stop"),
    ("ya no me manden mensajes", "stop"),
    ("sispann ekri m", "stop"),
    ("quien gano el partido", "out_of_scope"),
    ("tell me a joke", "out_of_scope"),
]


@pytest.mark.parametrize(("text", "intent"), CASES, ids=[c[0] for c in CASES])
def test_intent(nlu, text, intent):
    result = nlu.parse(text)
    assert result.intent == intent, result.ranking[:3]


def test_ranking_is_complete_and_normalised(nlu):
    ranking = nlu.parse("necesito ayuda").ranking
    assert sorted(name for name, _ in ranking) == sorted(INTENTS)
    assert abs(sum(c for _, c in ranking) - 1) < 1e-6
