"""What a consular officer would write down from any message, whatever question it answers:
who is hurt, a child or a baby, a pregnancy, old age, a disability, and the ages said.

Read from every message of a report, so a fact given early is never asked again and always
counts towards the priority; kept on the case as "what the person told us".
"""

import re
from collections.abc import Iterable

from bot.entities import CORRECTED, I_AM, TITLES
from bot.nlu import ParseResult
from bot.numbers import FOR_A_TIME, OF_AGE, SHORTER_THAN_YEARS, SINCE, numeric, years_of
from data.lexicon import Lexicon
from data.words import fold

# The reasons, in the order an officer reads them.
REASONS = ("injured", "children", "pregnancy", "elderly", "disability")
# Reasons that say what is happening, not who is vulnerable: they raise the priority but
# answer no question about the people.
SITUATION_REASONS = ("life_at_risk", "in_danger", "detained", "exploited", "hungry", "unanswered")
# "unanswered": a caller in danger who could not answer the phone line's questions.
# "vulnerable": a yes to "is anyone hurt, a child…?" that did not say who.
OLD_AGE = 65
ADULT_AGE = 18

# "de 80 años", "he's 14", "elle a 70 ans", "tem 70 anos", "li gen 14 an": an age in years.
_YEARS = re.compile(
    r"(?<!\d)(\d{1,3})\s*(?:anos|ano|years?|yrs?|ans|an)(?!\w)"
    r"|(?:he'?s|she'?s|he is|she is|tiene)\s+(?:(?:como|about|around|like|unos)\s+)?"
    r"(\d{1,2})(?![\d:%])"
    # "my mom she 66": the verb left out, as people type
    r"|(?<!\w)(?:she|he)\s+(\d{1,2})(?=\s*(?:[,.;!?]|$|and\b|y\b))"
    # "our twins, theyre three": their age, not how many (that is "we are 3")
    r"|(?:they'?re|theyre)\s+(\d{1,2})(?=\s*(?:[,.;!?]|$|and\b|years?))"
    # "my little brother whos 9", "me (15), my brother…"
    r"|(?:who'?s|who is)\s+(\d{1,2})(?![\d:%])"
    r"|(?<!\w)(?:me|yo|moi|eu|mwen|i)\s*\((\d{1,2})\)"
    # "its me (im 15), …", and "tengo 71" said alone: the speaker's own age
    rf"|\({I_AM}\s+(\d{{1,2}})\)"
    rf"|^\s*(?:yo\s+)?{I_AM}\s+([1-9]\d)\s*[.!]*\s*$",
    re.IGNORECASE,
)
# "our 3 week old", "bebé de 2 semanas", "bébé de 10 jours": weeks or days of life ("38
# semanas de embarazo" is a pregnancy, said with no baby before it)
_WEEKS_OLD = re.compile(
    r"(?<!\d)\d{1,2}[\s-]*(?:weeks?|days?)[\s-]*old(?!\w)"
    r"|(?<!\w)(?:bebe|bebito|bebita|nene|neném|nenem|ti bebe)\s+(?:de\s+)?\d{1,2}\s*"
    r"(?:semanas?|semaines?|jours|dias|semen|jou)(?!\w)"
    # "nasceu faz 10 dias", "tiene 15 dias de nacida", "born 3 days ago", "recién nacido"
    r"|(?<!\w)(?:nasceu|nacio|was born|born|est nee?|fet)\s+(?:faz |hace |il y a |ha )?\d{1,2}\s*"
    r"(?:dias|days|jours|jou|semanas|weeks|semaines)(?!\w)"
    r"|(?<!\d)\d{1,2}\s*(?:dias|semanas) de (?:nacid|nascid)[oa](?!\w)"
    r"|(?<!\w)(?:recien nacid[oa]|recem[- ]nascid[oa]|newborn|nouveau[- ]nee?)(?!\w)"
)
_TURNS = re.compile(
    r"(?<!\w)(?:cumple|va a cumplir|turns|will turn|is turning|will be|vai fazer|vai completar|"
    r"va avoir|pral gen|ap gen)\s+(\d{1,2})(?![\d:])"
)
# "ela fez 70 em janeiro", "ya cumplió 66", "my mama wey don reach 68", "il vient d'avoir 70":
# the age reached, years unsaid
_TURNED = re.compile(
    r"(?<!\w)(?:fez|ja fez|acabou de fazer|cumplio|ya cumplio|acaba de cumplir|turned|"
    r"just turned|don reach|reached|vient d'avoir|a eu)\s+(\d{1,2})(?![\d:])"
    r"(?!\s*(?:anos? de|years? of|ans de|de casad|dias|days?|jours?|semanas?|weeks?|semaines?|"
    r"meses|months?|mois|horas?|hours?|heures?|h)(?!\w))"
)
# "he's 19. sorry 20", "tiene 40, no, 41", "li gen 30 an, non 31": the age corrected at once.
_AGE_FIXED = re.compile(CORRECTED + r"(\d{1,2})(?![\d:])")  # "he's 19. sorry 20"
# Someone hurt, a life at risk or a danger around them; a damaged thing can be said with them:
# "techo quemado" is no burn.
HARMS = frozenset({"injured", "life_at_risk", "in_danger"})
_NOT_KNOWN = (
    r"(?<!\w)(?:no se|no sabemos|don'?t know|dont know|not sure|ne sais pas|sais pas|nao sei|"
    r"pa konnen|pa konn)"
)
# "no sé si…", "I don't know if…", "m pa konnen si…": a doubt, not a denial.
_UNSURE = re.compile(_NOT_KNOWN + r"(?:\s+(?:if|si|se|whether))?\s*$")
# "no sé si", "i don't know if", "je ne sais pas si": whether it happened is not known
_WHETHER = re.compile(_NOT_KNOWN + r"\s+(?:if|si|se|whether)(?!\w)")
# "nadie herido", "no one is hurt", "pa gen moun blese": a fact denied is not a fact; and in
# "pasaporte quemado", "house burnt", a thing is damaged, not a person.
# The denial reaches no further than its own clause: in "mi suegra que no anda y 3 niños" the
# children are not denied.
_DENIED = re.compile(
    # ("nan zona nòt la": the north, in Creole, denies nothing)
    # ("si no nos vamos hoy nos queman la casa": a condition, not a denial)
    r"(?<!\w)(?<!si )(?<!se )(?<!if )(?:no|nadie|ningun|ninguno|ninguna|sin|not(?! la\b)|no one|"
    r"nobody|none|noone|personne|pas|aucun|aucune|sans|ninguem|nenhum|nenhuma|nao|sem|pa|okenn)"
    r"(?!\w)(?:(?!\s(?:y|e|and|et|ak|pero|but|mais|mas|epi|men)\s)[^.!?,;\n]){0,16}$"
)
# "no para de botar sangre", "won't stop bleeding", "n'arrête pas de saigner": it goes on.
_ON = re.compile(
    r"(?<!\w)(?:no para de|no deja de|no dejo de|won'?t stop|wont stop|doesn'?t stop|"
    r"does not stop|can'?t stop|n'arrete pas de|arrete pas de|nao para de|nao parou de|"
    r"pa sispann|pa janm sispann|pa vle sispann)\s+(?:\w+\s+){0,2}$"
)
_ADULTS_COUNTED = re.compile(r"(?<!\w)(?:\d{1,2}|de|twa|kat|senk|tout se|tout moun se)\s+$")
# Homes, workplaces, vehicles, papers and belongings: what burns, breaks or is cut without a
# wound ("pasaporte quemado", "house burnt", "se quemó la insulina"), read before or after the
# harm word.
_THINGS = (
    r"casa|casita|cuartito|cuartico|piecita|ranchito|house|home|maison|kay|techo|roof|toit|"
    r"edificio|building|immeuble|batiment|predio|"
    r"bilding|barraco|barraca|ocupacao|ocupacion|cortico|foyer|pieza|cuarto|departamento|depto|"
    r"apartamento|room|apartment|chambre|appartement|quarto|chanm|cite|conventillo|vecindad|"
    r"mediagua|cuarteria|rancho|trailer|traila|carpa|tent|tente|tenda|lugar|place|bodega|galpon|"
    r"hostel|guesthouse|guest house|hotel|motel|posada|pousada|pension|hostal|dorm|dormitorio|"
    r"warehouse|banca|puesto|stall|negocio|tienda|loja|shop|store|magasin|boutique|restaurant|"
    r"restaurante|kitchen|cocina|cozinha|cuisine|taller|workshop|oficina|office|fabrica|factory|"
    r"usine|carro|auto|coche|car|voiture|machin|pasaporte|passport|passeport|passaporte|paspo|"
    r"documento|document|papeles|papers|papiers|papeis|papye|cedula|identidad|idantite|carteira|"
    r"rg|dni|ropa|clothes|loza|platos|vasos|vidrios|ventana|repisas|tele|dishes|plates|window|"
    r"vitre|fenetre|vaisselle|assiettes|pratos|janela|louca|insulina|insulin|insuline|medicina|"
    r"medicamento|remedio|pastillas|medicine|meds|pills|medicament|medikaman|ensilin"
)
# Between the thing and the harm word, only what binds them ("se", "got", "ont", "was all",
# "in hialeah"): in "en la casa hay heridos" people are hurt in the house.
_BINDING = (
    r"(?:(?:se|me|nos|le|les|lo|la|ya|got|get|has|have|had|was|were|is|are|been|all|just|"
    r"completely|totally|also|a|o|ont|est|sont|ete|tout|toute|toutes|tous|todo|toda|foi|foram|"
    r"ficou|ficaram|ta|esta|estan|estaba|quedo|quedaron|m|li|l|yo|an|nou|mwen|completamente|"
    r"totalmente|inteira|inteiro|entera|entero|ja|deja|already|down|up|"
    # ("a la casa nomás se le cayó un pedazo"): only the house
    r"nomas|solo|solamente|only|seulement|apenas|selman)\s+"
    r"|(?:in|en|em|no|na|nan|at|dans|a)\s+(?:(?:the|el|la|le|o|a)\s+)?\w+\s+)"
)
# "la luz cortada", "l'électricité coupée", "kouran an koupe": the power, not a wound; "li di
# wout la koupe ak lapli", "la carretera cortada", "dlo a koupe wout la": a road cut
_CUT_OFF = (
    r"luz|electricidad|corriente|electricity|power|electricite|courant|energia|kouran|"
    r"wout|chemen|pon|road|bridge|highway|carretera|camino|puente|route|pont|estrada|ponte"
)
_THING = re.compile(
    rf"(?<!\w)(?:{_THINGS}|"
    rf"{_CUT_OFF}|"
    # "ta tudo queimado", "everything burned": things
    rf"tudo|everything|anyen)(?:e?s)?\s+{_BINDING}{{0,3}}$"
)
# "a window cut my brother", "el techo le cayó encima a mi hijo", "la ventana le cortó el
# brazo": the thing did the harm, to someone or a body named after it.
_TO_SOMEONE = re.compile(
    r"\s*(?:(?:on|onto|sobre|encima|encima de|a|sur|em cima de|em cima do|sou)\s+)?"
    r"(?:(?:him|her|me|us|them|li|yo)(?!\w)"
    r"|(?:my|his|her|our|their|mi|mis|su|sus|nuestro|nuestra|mon|ma|mes|son|sa|ses|meu|minha|"
    r"seu|sua|o|el|la|le|the|a)\s+"
    r"(?:brazo|pierna|mano|pie|cabeza|cara|espalda|arm|leg|hand|foot|head|face|back|bras|jambe|"
    rf"main|pied|tete|visage|dos|braco|perna|cabeca|rosto|costas)(?!\w)"
    rf"|(?:my|his|her|our|their|mi|mis|su|sus|nuestro|nuestra|mon|ma|mes|son|sa|ses|meu|minha|"
    rf"seu|sua|a mi|a su)\s+(?!(?:{_THINGS})(?:e?s)?(?!\w))\w+)"
)
# "l'immeuble occupé qui a brûlé", "el cuarto que se quemó", "the building that burned": a
# place that burned or fell, told by what it is, then "which".
# "meu chip chileno vai ser cortado", "they cut our line": a service cut, not a wound.
_A_SERVICE = re.compile(
    r"(?<!\w)(?:chip|sim|linea|linha|line|servicio|servico|service|plano|contrato|contract|"
    r"telefone|telefono|phone|celular|wifi|gas|gaz)\s+(?:\w+\s+){0,3}$"
)
_THING_THAT = re.compile(
    rf"(?<!\w)(?:{_THINGS})(?:e?s)?"
    # ("the place where i was renting burned down")
    r"\s+(?:\w+\s+)?(?:qui a|qui s'est|qui est|que se|que|that|which|ki|where|donde|ou|onde|"
    r"kote)\s+(?:\w+\s+){0,4}$"
)
# "se cortó la luz", "cut off by the water", "coupé le courant": the word for a wound, said of
# a thing.
_NOT_A_WOUND = re.compile(
    r"^\s*(?:de |da |do |d'|of |la |el |le |a |o |the |off |off by |l')?"
    r"(?:llamada|luz|agua|senal|comunicacion|internet|linea|call|power|line|signal|water|electricity|courant|ligne|appel|eau|ligacao|"
    r"sinal|energia|kouran|apel|dlo|siyal)(?!\w)"
)
# "i cant see the stairs", "m pa ka tande anyen ak van an": smoke, dark or wind keep them from
# seeing or hearing something; no one blind or deaf
_NOT_A_SENSE = re.compile(
    r"\s+(?:(?:the|anything|nothing|a thing|where|out|through|much|far)(?!\w)|"
    r"(?:\w+\s+){0,2}?(?:ak van|ak bri|with the wind|for the wind|over the wind|over the noise|"
    r"with the noise|por el ruido|con el ruido|por el viento|con el viento|avec le bruit|"
    r"avec le vent|com o barulho|com o vento)(?!\w))"
)
# "…a accouché à l'hôpital il y a 10 jours", "…dio a luz hace 3 semanas", "…gave birth 2
# weeks ago": a birth some days or weeks past.
_BIRTH_AGO = re.compile(
    r"[^.!?]{0,50}?(?:il y a \d+ (?:jours|semaines|mois)|hace \d+ (?:dias|semanas|meses)|"
    r"\d+ (?:days|weeks|months) ago|(?:ha|faz) \d+ (?:dias|semanas|meses)|"
    r"gen \d+ (?:jou|semen|mwa))"
)
# "se quemó la casa", "burned our car": the wound word said of a thing, after it.
_THING_AFTER = re.compile(
    r"^\s*(?:la |el |le |les |a |o |the |my |our |mi |mis |nuestra |nuestro |ma |mon |mes |notre |"
    r"minha |nossa |meu |meus |minhas |nosso |nossos )?"
    rf"(?:{_THINGS}|{_CUT_OFF}|todo|everything|tout|tudo)(?:e?s)?(?!\w)"
)
# "no power since the storm", "sin luz", "plus de courant", "sem energia", "pa gen kouran":
# a service cut off, which safe people report as news.
OUTAGE = re.compile(
    r"(?<!\w)(?:sin luz|no hay luz|se fue la luz|sin electricidad|sin corriente|no power|"
    r"power (?:is |went |has been |has gone )?out|power'?s (?:been |gone )?out|power outage|"
    r"no electricity|"
    r"pas d'electricite|plus d'electricite|"
    r"plus de courant|pas de courant|electricite coupee|courant coupe|coupure de courant|"
    r"sem luz|sem energia|faltou luz|acabou a luz|caiu a energia|pa gen kouran|kouran an koupe|"
    r"kouran an pa la|kouran pa la|pa gen limye|limye a koupe|no tenemos luz|no tengo luz|"
    r"lost power|we have no power|we got no power|"
    r"kouran koupe|san kouran|no internet|sin internet|sem internet|sin senal|no signal|"
    r"sans electricite|without electricity|without power|sem eletricidade|sin electricidad)(?!\w)"
)
# What someone's life runs on: "usa oxígeno", "his oxygen machine", "dialyse".
MACHINE = re.compile(
    r"(?<!\w)(?:oxigeno|oxygen|oxygene|oxigenio|oksijen|concentrador|concentrator|ventilador|"
    r"ventilator|respirateur|respirador|dialisis|dialysis|dialyse|dialise|dyaliz)(?!\w)"
)
# "ya casi no le queda batería", "se le acaba el oxígeno", "il n'a plus d'oxygène".
RUNNING_OUT = re.compile(
    r"(?<!\w)(?:no le queda|ya no le queda|casi no le queda|se le acaba|se le esta acabando|"
    r"se (?:le|nos|me) acabo|"
    r"se acabo|running out|ran out|almost out|no (?:more )?battery|il n'a plus|plus de batterie|"
    r"n'a presque plus|acabando|acabou|ta acabando|pa gen batri|prèske fini|preske fini)(?!\w)"
)
# ("la bouteille de secours est presque vide": the oxygen's spare, said of the machine only)
_EMPTYING = re.compile(
    r"(?<!\w)(?:presque vide|almost empty|casi vacio|casi vacia|quase vazio|quase vazia)(?!\w)"
)


def cut_off(folded: str) -> bool:
    """Someone who lives on a machine (oxygen, dialysis), with the power out or its supply
    running out: "se fue la luz y mi tío usa oxígeno". Their life is at risk."""
    return MACHINE.search(folded) is not None and bool(
        OUTAGE.search(folded) or RUNNING_OUT.search(folded) or _EMPTYING.search(folded)
    )


# "tengo miedo que lo hayan detenido", "i'm afraid ice got him", "m pè imigrasyon pran l",
# "maybe he was arrested": a fear or a guess about someone, not a fact.
_FEARED = re.compile(
    r"(?<!\w)(?:miedo (?:de )?que|miedo de|temo que|a lo mejor|tal vez|quizas|capaz que|afraid|"
    r"scared(?: that)?|worried|maybe|might|peur qu|peut-etre|crains qu|medo (?:de )?que|"
    r"talvez|sera que|pe pou|m pe|mwen pe|petet|gen dwa|si (?:se|lo|la) (?:lo |la )?agarr|"
    r"y si)(?!\w)"
)
# A fire, smoke or water said to be close, however worded: "the fire is super close", "el
# fuego ya está bien cerquita", "le feu est tout près", "o fogo está muito perto", "dife a pre".
# "el agua ya pasó el escalón de la puerta y sigue subiendo", "the water keeps rising": the
# water still coming up, whatever is said between
_WATER_RISING = re.compile(
    r"(?<!\w)(?:agua|water|eau|dlo)(?!\w)[^.!?]{0,60}?(?<!\w)(?:sigue subiendo|keeps rising|"
    r"still rising|keeps coming up|continue de monter|monte encore|continua subindo|segue subindo|"
    r"ap kontinye monte|toujou ap monte)(?!\w)"
)
_HAZARD_NEAR = re.compile(
    r"(?<!\w)(?:fire|flames|smoke|water|flood|fuego|incendio|llamas|humo|agua|feu|flammes|"
    r"fumee|eau|fogo|incendio|chamas|fumaca|agua|dife|lafimen|dlo)\s+"
    r"(?:(?:is|are|its|it's|esta|estan|ya esta|ya|est|sont|deja|ta|tá|esta|estao|ja esta|a|la|"
    r"getting|coming|now|already|ap)\s+){1,3}"
    r"(?:(?:so|very|super|really|too|real|like|muy|bien|super|re|tres|tout|muito|bem|mega|"
    r"tou|vreman|twop)\s+){0,2}"
    r"(?:close|near|nearby|cerca|cerquita|cerquitas|encima|proche|pres|tout pres|perto|"
    r"pertinho|pre|toupre|kole)(?!\w)"
    # "the fire is on the hill right behind her street", "el fuego ya está atrás de la casa"
    r"|(?<!\w)(?:fire|flames|fuego|incendio|llamas|feu|flammes|fogo|chamas|dife)\s+"
    r"(?:[^\s.!?]+\s+){0,6}(?:right |justo |juste |bem |jis )?(?:behind|next to|across from|"
    r"detras de|atras de|junto a|al lado de|derriere|a cote de|atras d[aoe]|do lado d[aoe]|"
    r"deye|bo)\s+(?:the |her |his |our |my |their |mi |su |nuestra |la |el |sa |notre |ma |a |"
    r"o |minha |nossa )?(?:house|home|street|building|apartment|block|casa|calle|cuadra|edificio|"
    r"depa|maison|rue|immeuble|rua|predio|kay|lari)(?!\w)"
)
# "mis 3 hijos", "my two daughters", "mes deux enfants", "nossos 2 filhos", "3 pitit mwen": a
# parent's children, with a count between, are in the report as children.
# "nuestros hijos están allá en guate con mi mamá", "my kids stayed back home": children
# named where the case is not.
_KIDS_AWAY = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:estan|se quedaron|quedaron|are|stayed|sont|sont restes|restent|"
    r"estao|ficaram|rete|yo rete)\s+(?:\w+\s+)?(?:alla|back home|home in|au pays|la-bas|la bas|"
    r"no meu pais|no nosso pais|nan peyi|lakay nan|en (?:mi|el|nuestro) pais|in my country|"
    r"dans mon pays|con (?:mi|su) (?:mama|abuela|madre))(?!\w)"
)
_OWN_CHILDREN = re.compile(
    r"(?<!\w)(?:mis|my|our|nuestros|nuestras|mes|nos|meus|minhas|nossos|nossas)\s+"
    r"(?:\w+\s+)?(?:hijos|hijas|ninos|ninas|kids|children|sons|daughters|girls|boys|enfants|"
    r"fils|filles|garcons|filhos|filhas|meninos|meninas)(?!\w)"
    r"|(?<!\w)(?:\d|de|twa|kat|senk)\s+pitit\s+(?:mwen|m|nou)(?!\w)"
    # ("me my wife and 2 boys"): children counted among those with the writer
    r"|(?<!\w)(?:and|y|et|e|ak|with|con|avec|com)\s+(?:\d{1,2}|two|three|four|dos|tres|cuatro|"
    r"deux|trois|quatre|dois|duas|quatro)\s+(?:kids|children|boys|girls|ninos|ninas|hijos|hijas|"
    r"enfants|garcons|filles|filhos|filhas|criancas|meninos|meninas|timoun)(?!\w)(?!\s+from)"
)
# "se llevaron a mi esposo los de ICE", "ICE pran mari m", "picked up by immigration": the
# authorities taking someone, however the words fall.
_AUTHORITY = (
    r"(?:ice|la migra|migra|migracion|la migration|migration|immigration|imigracao|imigrasyon|"
    r"migrasyon|la policia "
    r"federal|policia federal|federales|border patrol|la patrulla)"
)
_TAKING = (
    r"(?:took|taken|picked up|picked him up|picked her up|got him|got her|grabbed|arrested|"
    r"detained|se llevaron|se lo llevaron|se la llevaron|se lo llevo|se la llevo|se llevo(?= a )|"
    r"agarraron|agarro|detuvieron|levou|levaram|pegou|pegaram|prendeu|prenderam|a pris|ont pris|"
    r"ont arrete|a arrete|ont embarque|ont emmene|a emmene|emmene|pran|arete|kenbe|ramase)"
)
_HELD = re.compile(
    # "llegó la migra a la obra donde trabaja mi esposo y se lo llevaron": one sentence
    rf"(?<!\w){_AUTHORITY}\s+(?:[^\s.!?]+\s+){{0,12}}{_TAKING}(?!\w)"
    # ("we took him to the immigration office": a visit, not an arrest)
    rf"|(?<!\bwe )(?<!\bi )(?<!\bnou )(?<!\bnous )(?<!\bm )(?<!\w){_TAKING}\s+"
    rf"(?:[^\s.!?]+\s+){{0,6}}(?:by\s+|pela\s+|par\s+|los de\s+|la\s+)?{_AUTHORITY}(?!\w)"
    r"(?!\s+(?:office|oficina|offices|bureau|escritorio|biwo))"
)
# "se llevaron a mi esposo", then "fue ice en la mañana afuera del trabajo": who took them,
# said on its own
_IT_WAS_THEM = re.compile(
    r"(?:^|[.,;!?]\s*)(?:fue|fueron|it was|it'?s|its|c'?etait|foi|foram|se te|se)\s+"
    rf"(?:el\s+|la\s+|los\s+|o\s+|a\s+|the\s+)?{_AUTHORITY}(?!\w)(?!\s+(?:office|oficina))"
)
# "the farm company took all our passports", "el mayordomo tiene los papeles": an employer
# holding the workers' papers is exploitation, however it is said.
_PAPERS_HELD = re.compile(
    r"(?<!\w)(?:boss|employer|company|farm|crew leader|contractor|patron|jefe|empresa|"
    r"contratista|mayordomo|capataz|patrao|chefe|empregador|employeur|entreprise|bos|konpayi|"
    r"dono|dona|dueno|duena|owner|patroa|la senora|the lady|madame|patwon|"
    # ("el enganchador nos quitó las cédulas"): who brought them to the job holds them too
    r"enganchador|reclutador|recruiter|agent|agente|recruteur|gato|ajan)"
    r"(?!\w)[^.!?]{0,30}(?<!\w)(?:took|takes|kept|keeps|is keeping|has|holds|is holding|quito|"
    r"quitaron|tiene|guarda|guardo|se quedo con|pegou|ficou com|segura|a pris|garde|pran|kenbe|"
    r"retiene|se queda con|esta reteniendo|nos tiene|me tiene|tem|retem|fica com|garde)(?!\w)"
    r"[^.!?]{0,20}(?<!\w)(?:passports?|pasaportes?|passaportes?|passeports?|paspo|papers|"
    r"papeles|documentos|documents|papiers|papye|ids|cedulas?|identificaciones)(?!\w)"
)
# "le patron ne paie pas depuis 3 mois", "boss owes me 9 weeks pay", "bos la pa peye nou": an
# employer keeping the pay is exploitation, however it is said
_PAY_KEPT = re.compile(
    r"(?<!\w)(?:boss|employer|patron|patrona|jefe|jefa|empleador|patrao|patroa|chefe|bos|"
    r"patwon|employeur|dono|dueno|contractor|contratista|foreman|capataz)(?!\w)[^.!?]{0,25}"
    # (still working unpaid, or owed; "no pagó 2 meses y cerró la fábrica" is a job lost)
    r"(?<!\w)(?:ne (?:nous |me )?(?:paie|paye) (?:pas|plus)|doesn'?t pay|does not pay|"
    r"hasn'?t paid|never paid|owes|owe|no (?:nos |me )?(?:paga|ha pagado)|"
    r"nos debe|me debe|nao (?:nos |me )?paga|deve|pa (?:janm )?peye|dwe)(?!\w)"
)
# "they have my passport… when i ask for it they say no", "no me lo quieren devolver": papers
# kept from them, whoever keeps them
_PAPERS_REFUSED = re.compile(
    r"(?<!\w)(?:passports?|pasaportes?|passaportes?|passeports?|paspo|papers|papeles|documentos|"
    r"papiers|papye)(?!\w)[^.!?]{0,70}(?<!\w)(?:they say no|won'?t give (?:it|them) back|"
    r"(?:don'?t|do not|won'?t) (?:want to )?give (?:it|them) (?:back|to me)|refuse\w* to give|"
    r"no me (?:lo|los|la|las) (?:quieren )?(?:dan|dar|devuelven|devolver|regresan|regresar)|"
    r"ne (?:veulent|veut) pas (?:me )?(?:le|les|la) rendre|nao (?:querem|quer) (?:me )?devolver|"
    r"nao (?:me )?devolvem|pa vle (?:remet|renmet|ban m) li)(?!\w)"
)
# "working all day with no pay", "trabajando sin pagarnos": work kept unpaid
_UNPAID_WORK = re.compile(
    r"(?<!\w)(?:working|work|trabajando|trabajar|trabajamos|travailler|travaille|trabalhando|"
    r"trabalhar|travay)(?!\w)[^.!?]{0,40}(?<!\w)(?:with no pay|without pay|for no pay|unpaid|"
    r"sin (?:paga|pago|pagarme|pagarnos|sueldo)|sans (?:salaire|etre payee?s?|nous payer|me payer)|"
    r"sem (?:pagamento|receber|salario)|san (?:peye|yo pa peye))(?!\w)"
)
# "boss says she owes him for the visa", "dice que le debemos el pasaje": a debt the employer
# or the recruiter holds over them (debt bondage)
_DEBT_HELD = re.compile(
    r"(?<!\w)(?:says?|said|dice|dicen|dijo|diz|dizem|disse|dit|disent|di)\s+(?:that\s+|que\s+|"
    r"qu'?\s*)?(?:(?:i|we|she|he|you|yo|le|les|lhe|nou|m|on|nous|je|a gente)\s+)?"
    r"(?:owe|owes|debo|debemos|debe|devo|devemos|deve|dois|devons|doit|dwe)(?!\w)"
    # (what is owed, not what must be done: "la lettre dit que je dois quitter le pays")
    r"(?=[^.!?]{0,30}(?<!\w)(?:\d{3,}|\$|dollars?|dolares|pesos|reais|money|dinero|plata|dinheiro|"
    r"argent|lajan|kob|trip|viaje|pasaje|passagem|voyage|vwayaj|tickets?|boleto|billete|billet|"
    r"visa|visto|deuda|debt|dette|divida|det|crossing|cruce|travessia|passage))"
)
# the rest of a sentence that ends in a question mark
_ASKED_AFTER = re.compile(r"[^.!?]*\?")
# "hell call immigration on us", "dice que me va a denunciar a migración": a threat to report
# them to the authorities, made by someone else
_THREAT_TO_REPORT = re.compile(
    r"(?<!\w)(?:he'?ll|she'?ll|they'?ll|hell|shell|will|gonna|going to|va a|van a|vai|vao|"
    r"va|vont|ap|pral|threatens? to|threatened to|amenaza con|amenazo con|ameaca|menace de|"
    r"menase)\s+(?:(?:me|nos|te|la|lo|le|les|nous|vous|m|nou|a gente)\s+)?"
    r"(?:call|report|denunciar|reportar|llamar|llamarle|chamar|denunciar|appeler|denoncer|"
    r"signaler|rele|denonse)\s+(?:\w+\s+){0,2}?(?:a la |a |la |the |a l'|l'|o |on us )?"
    rf"{_AUTHORITY}(?!\w)"
)
# "j'ai vu un ami brûlé, je revois ça chaque nuit": a harm seen, told as what haunts them
# (seen at the scene now, "vi a un señor herido", it is in the report)
_WITNESSED = re.compile(
    r"(?<!\w)(?:j'ai vu|i saw|i seen|vi a|vi como|vi que|eu vi|vi o|"
    r"m te we|mwen te we)(?!\w)"
)
_HAUNTS = re.compile(
    r"(?<!\w)(?:chaque nuit|toutes les nuits|every night|cada noche|todas las noches|toda noite|"
    r"todas as noites|chak swa|chak nwit|nightmares?|pesadillas?|cauchemars?|pesadelos?|kochma|"
    r"can'?t sleep|no puedo dormir|ne dors plus|nao consigo dormir|pa ka dómi|pa ka domi|"
    r"je revois|i keep seeing|sigo viendo|no dejo de ver)(?!\w)"
)
_FOR_MONTHS = re.compile(
    rf"(?:{SINCE}|(?<!\w)(?:already|over|mas de|more than|plus de|mais de|ja))\s+$"
)
_PREGNANT_BEFORE = re.compile(
    r"(?:embarazada|embarasada|encinta|enceinte|gravida|pregnant|ansent|gwos|de barriga)"
    r"\s+(?:de\s+)?$"
    # "está embarazada, tiene 5 meses", "pregnant, she's 6 months": how far, said after it
    r"|(?:embarazada|embarasada|encinta|enceinte|gravida|pregnant|ansent)[,.]?\s+(?:y\s+|and\s+)?"
    r"(?:ya\s+)?(?:tiene|va en|esta de|she'?s|she is|elle est a|est a|ta com|esta com|tem|li gen|"
    r"gen)\s+(?:de\s+)?$"
    # "ando de 7 meses", "tô de 8 meses", "je suis à 7 mois": the writer's own pregnancy
    r"|(?<!\w)(?:ando|anda|estoy|toy|estou|to|je suis a|jsuis a)\s+(?:de\s+)?$"
    # "mi esposa tiene 8 meses", "ma femme est à 8 mois", "madanm mwen gen 8 mwa": how far
    r"|(?:esposa|mujer|wife|femme|mulher|madanm|fanm)\s+(?:\w+\s+)?(?:tiene|ya tiene|is|est a|"
    r"esta de|ta de|gen|a)\s+$"
)
_WIFE_MONTHS = re.compile(
    r"(?<!\w)(?:(?:esposa|mujer|wife|femme|mulher|madanm|fanm)\s+(?:\w+\s+)?(?:tiene|ya tiene|is|"
    r"est a|esta de|ta de|gen|a)|(?:ando|estoy|toy|estou|to|je suis a|jsuis a)\s+de)"
    r"\s+[1-9]\s*(?:meses|months?|mois|mwa)(?!\w)"
)
_UNBORN = re.compile(
    r"(?<!\w)(?:first baby|primer bebe|primer hijo|premier bebe|premier enfant|primeiro bebe|"
    r"primeiro filho|premye pitit|premye tibebe"
    # "le bébé doit arriver dans 3 semaines", "the baby is due": not born yet
    r"|(?:bebe|baby|bebes|nene)\s+(?:doit arriver|doit naitre|va naitre|is due|is coming|"
    r"va a nacer|vai nascer|pral fet))(?!\w)"
)
# "shes 38 weeks, first baby", "tiene 34 semanas": how far along a pregnancy is, in weeks.
_WEEKS_ALONG = re.compile(
    r"(?<!\w)(?:she'?s|shes|she is|i'?m|im|tiene|esta de|ta de|ando de|estoy de|estou de|to de|"
    r"ta com|tem|elle est a|je suis a|li gen|m gen|mwen gen)\s+"
    r"(?:[2-3]\d|4[0-2])\s*(?:weeks?|semanas|semaines|semen)(?!\w)"
)
# "de 8 meses", "8 months", "8 mois", "8 mwa": a baby.
_MONTHS = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:meses|mes|months?|mois|mwa)(?!\w)"
    # "8 months along", "7 meses de embarazo", "6 mois de grossesse": a pregnancy, not a baby
    r"(?!\s+(?:along|pregnant|de embarazo|de embarazada|embarazada|de grossesse|enceinte|"
    r"de gravidez|gravida|ansent|gwoses|gwos))"
    # "4 months no pay", "3 meses sin pago", "2 mois sans salaire": how long, not a baby
    r"(?!\s+(?:no pay|without pay|unpaid|of no pay|sin pago|sin paga|sin sueldo|sin salario|"
    r"sans salaire|sans paie|sans etre paye|sem pagamento|sem salario|sem receber|san peye|"
    r"ago|atras|atrás|here|aqui|ici|aqui|sin trabajo|without work))",
    re.IGNORECASE,
)


_DAYS = (
    r"lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|segunda|terca|"
    r"quarta|quinta|sexta|sabado|lendi|madi|mekredi|jedi|vandredi|samdi|dimanch"
)
_SPAN = (
    r"(?:(?:\d{1,2}|un|una|uno|dos|tres|cuatro|cinco|one|two|three|four|five|a|an|un|une|deux|"
    r"trois|quatre|cinq|um|uma|dois|duas|tres|quatro|cinco|youn|de|twa|kat|senk|"
    r"diez|quince|veinte|treinta|ten|fifteen|twenty|thirty|dix|quinze|vingt|trente|dez|"
    r"vinte|trinta|dis|ven|trant)\s+"
    r"(?:horas?|dias?|semanas?|mes(?:es)?|hours?|days?|weeks?|months?|heures?|jours?|"
    r"semaines?|mois|hora|jou|semen|mwa|le|minutos?|minutes?|mins?|minit|edtan)"
    # ("hace media hora", "sa fè mwatye èdtan"): half an hour
    r"|media hora|half an hour|une demi-heure|demi-heure|meia hora|mwatye edtan)"
)
# "hace 2 semanas", "since monday", "depuis hier soir", "faz três dias", "depi jedi": when a
# missing person was last seen or heard from, as the person said it.
_WHEN = re.compile(
    rf"(?<!\w)(?:(?:hace|desde hace|faz|ha|il y a|depuis|since|desde|depi|gen|sa fe|sa gen|ca fait|"
    r"it'?s been|ya van|ja faz)\s+"
    # ("faz umas 2 horas", "hace como 3 días"): about so long
    r"(?:(?:como|unos|unas|umas|uns|about|around|like|environ|presque|quase|anviwon)\s+)?"
    rf"{_SPAN}"
    rf"|{_SPAN}\s+(?:ago|atras|passados)"
    rf"|(?:desde|since|depuis|depi|desde o|desde el|desde la|on|el|last|le)?\s*"
    rf"(?:ayer|anoche|antier|anteayer|antenoche|yesterday|last night|hier soir|hier|avant-hier|"
    rf"ontem a noite|ontem|anteontem|aye|ye swa|ye maten|{_DAYS})(?:\s+(?:en la|a la|in the|"
    rf"au|de|a|pela|na|nan)\s+(?:manana|tarde|noche|morning|afternoon|evening|night|matin|soir|"
    rf"apres-midi|noite|maten|aswe))?"
    rf"|(?:la semana pasada|last week|la semaine derniere|semana passada|semen pase)"
    rf"|(?:this morning|this afternoon|this evening|tonight|esta manana|esta tarde|esta noche|"
    rf"hoy en la manana|ce matin|cet apres-midi|ce soir|hoje de manha|hoje cedo|hoje a tarde|"
    rf"hoje a noite|maten an|maten a|aswe a|jodi a maten))(?!\w)"
)


def last_seen(text: str) -> str | None:
    """When someone was last seen or heard from, in the person's words, if the message says."""
    match = _WHEN.search(fold(text))  # folding keeps offsets: the person's own words come back
    return text[match.start() : match.end()].strip() if match else None


def numbered(text: str, lexicon: Lexicon | None, language: str | None) -> str:
    """The folded text with its number words as digits ("diecisiete años": "17 años")."""
    words = lexicon.numbers.get(language or "") if lexicon else None
    return numeric(fold(text), language, words)


_ROUGH_AGE = re.compile(
    r"(?<!\w)([6-9]\d)\s+(?:y tantos|y pico|y algo|something|odd|e tantos|e poucos|e pouco|"
    r"et quelques|et des poussieres|ak kek)(?!\w)"
    r"(?!\s+(?:personas|people|personnes|pessoas|moun|familias|families|familles|dolares|dollars|"
    r"pesos|reais|km|kilometros|miles|metros|meters))"
)


_MY_AGE = re.compile(
    r"(?<!\w)(?:i'?m|i am|(?:yo )?tengo|j'ai|(?:eu )?tenho|m gen|mwen gen)\s+(\d{1,2})"
    r"(?=\s*(?:[,.;!?]|$|(?:y|and|e|et|ak)\s"
    # "im 17 travelling by myself", "tengo 16 viajando solo": the writer's age, then their way
    r"|(?:travell?ing|alone|by myself|on my own|viajando|vengo|vine|solo|sola|"
    r"voyage|seule?|sozinh[oa]|pou kont)(?!\w)"
    # "im 60 shes 58": the writer's age, then another's
    r"|(?:she'?s|he'?s|she is|he is|my wife|my husband|mi esposa|mi esposo|ella|el|elle|il|"
    r"ela|ele|ma femme|mon mari|minha esposa|meu marido)\s+\d{1,2}(?!\d)))"
    r"(?!\s*(?:y|e|and) (?:medio|meio|a half))"
)
# "mi hijo 6 y mi hija 3", "my son 6": one child's age right after the word, years unsaid
# (after a plural, "mis hijos 3" says how many)
_CHILD_AGED = re.compile(
    r"(?<!\w)(?:hijo|hija|nieto|nieta|son|daughter|grandson|granddaughter|fils|fille|"
    r"petit-fils|petite-fille|filho|filha|neto|neta|pitit gason|pitit fi)\s+(\d{1,2})"
    r"(?=\s*(?:[,.;!)]|$|(?:y|and|e|et|ak)\s))"
)
# "a small boy of 6", "a lady of 70", "uma senhora de 66", "un garçon de 9": someone, then
# their age in years (not "una niña de 8 meses", a baby's months)
_SOMEONE_OF_AGE = re.compile(
    r"(?<!\w)(?:(?:small|little|young|old|older|elderly|pequen[oa]|petite?|vieil|vieille)\s+)?"
    r"(?:boy|girl|kid|child|man|woman|lady|gentleman|guy|senhora|senhor|moca|moco|menino|menina|"
    r"garoto|garota|homem|mulher|velhinha|velhinho|idosa|idoso|garcon|femme|homme|dame|monsieur|"
    r"nino|nina|hombre|mujer|senor|viejita|viejito|chamaco|chamaca|ti gason|ti fi|nonm)"
    r"\s+(?:of|de|d'|is|who is)\s*(\d{1,3})(?!\d)(?!\s*(?:months?|meses|mes|mois|mwa|weeks?|"
    r"semanas?|semaines?|dias|days|jours|minutes?|mins?|miles?|km|people|of us|feet|ft|%))"
)
# "one of us is just 15", "uno de ellos tiene 16", "l'un de nous a 15 ans": one of the group
_ONE_OF_US_AGED = re.compile(
    r"(?<!\w)(?:(?:one|1)\s+of (?:us|them)|(?:uno|una|1)\s+de (?:nosotros|nosotras|ellos|ellas)|"
    r"(?:l'|l )?(?:une?|1)\s+de (?:nous|eux|elles)|(?:uma?|1)\s+de (?:nos|eles|elas)|"
    r"(?:youn|1)\s+nan (?:nou|yo))\s+"
    r"(?:is|tiene|a|tem|gen)\s+(?:(?:just|only|solo|apenas|seulement|selman)\s+)?(\d{1,2})"
    r"(?!\d)(?!\s*(?:months?|meses|mois|mwa|weeks?|semanas?|semaines?|days?|dias|jours|jou))"
)
# "mi abuela, 80, no puede caminar", "an older lady from the Dominican Republic, 66,": a
# person, then two digits set apart by commas (a count is said with what it counts)
_AGE_ASIDE = r"(?:\s+[^\s,.;:!?\d]+){0,6}\s*,\s*(\d{2})(?=\s*(?:[,.;!]|$))"
_PERSON_ASIDE = re.compile(
    r"(?<!\w)(?:man|woman|lady|gentleman|guy|senhora|senhor|homem|mulher|velhinha|velhinho|"
    r"idosa|idoso|femme|homme|dame|monsieur|hombre|mujer|senora|senor|viejita|viejito|granmoun|"
    r"nonm)" + _AGE_ASIDE
)
# "she 80 but she fine", "he 72": an age said without "is", in English written as spoken
_AGE_UNSAID_VERB = re.compile(
    r"(?<!\w)(?:she|he)\s+(\d{2})(?!\d)(?=\s*(?:$|[,.;!?]|but|and|years|yrs|y/o|yo)(?!\w))"
)
# "shes from belize, 79", "il est du Cameroun, 70": who she is, then her age last, years unsaid
_AGE_LAST = re.compile(
    r"(?<!\w)(?:she'?s|he'?s|she is|he is|ella es|el es|elle est|il est|ela e|ele e|li se)"
    r"\s+[^.,;!?\d]{2,40},\s*(\d{2})\s*[.!]*\s*$"
)
# "the youngest is 71", "el menor tiene 3", "la plus jeune a 80 ans": an age said of the group
_YOUNGEST_OLDEST = re.compile(
    r"(?<!\w)(?:youngest|oldest|eldest|(?:el|la) mas (?:joven|chic[oa]|grande)|el menor|la menor|"
    r"el mayor|la mayor|(?:le|la) plus (?:jeune|petite?|age|agee|vieux|vieille)|(?:o|a) mais "
    r"(?:novo|nova|velho|velha)|pi piti a|pi gran an)\s+(?:is|tiene|a|tem|gen|has)\s+(\d{1,2})"
    r"(?!\d)"
)
# "19, 21 y 23 años": the ages before the last of a list ending in years.
_AGE_LIST = re.compile(
    r"(?<![\d+.,])((?:\d{1,2}\s*,\s*)*\d{1,2})\s*,?\s*(?:y|e|et|and|ak|&)\s*\d{1,2}\s*"
    r"(?:anos|years?|yrs?|ans|an)(?!\w)"
)
_PAIR_AGES = re.compile(
    r"(?<!\w)(?:suegros|sogros|abuelos|avos|parents|in-laws|grandparents|grands-parents|"
    r"beaux-parents|papas|padres|pais|granparan|paran)\s+(?:(?:\w+\s+)?(?:de|tienen|are|sont|"
    r"ont|tem|tem|com|gen)\s+)?(\d{2})\s+(?:y|e|and|et|ak)\s+(\d{2})(?!\d)"
)
# "sus 2 hijos de 10 y 12", "my kids 4 and 7", "nos jumeaux de 2 et 5": children's ages, years
# unsaid (not "de 2 y 3 meses", babies' months, read apart)
_KIDS_AGES = re.compile(
    r"(?<!\w)(?:hijos|hijas|ninos|ninas|nietos|kids|children|sons|daughters|boys|girls|"
    r"grandkids|enfants|fils|filles|garcons|filhos|filhas|meninos|meninas|criancas|timoun|"
    r"pitit yo)\s+(?:(?:de|of|aged|are|tienen|ont|tem|gen)\s+)?(\d{1,2})\s*(?:,|y|e|and|et|ak)"
    r"\s*(\d{1,2})(?!\d)(?!\s*(?:mes|month|mois|mwa))"
)
# "they are", "tienen", "ils ont", "eles têm", "yo gen": before the ages of others
_THEY_HAVE = r"they are|they're|theyre|tienen|ils ont|elles ont|eles tem|elas tem|yo gen"
_OUR_AGES = re.compile(
    # ("they are 80 and 77", "tienen 72 y 70", "ils ont 81 et 79 ans"): theirs, said alike
    rf"(?<!\w)(?:tenemos|temos|we'?re|we are|nou gen|on a|{_THEY_HAVE})\s+(\d{{2}})\s+"
    r"(?:y|i|e|and|et|ak)\s+"
    r"(\d{2})(?!\d)(?!\s*(?:ninos|ninas|hijos|kids|children|enfants|filhos|criancas|timoun|"
    r"personas|people|personnes|pessoas|moun|dolares|dollars|pesos|reais|anos de|years in))"
)


def ages(text: str, lexicon: Lexicon | None = None, language: str | None = None) -> list[int]:
    """The ages in years said in a message (babies' months count as 0), in digits or words."""
    folded = numbered(text, lexicon, language)
    # ("my daughter is 346 555 0119": a phone number, no age)
    found = [age for age in (lexicon.kin_ages(folded) if lexicon else []) if age < 120]
    for match in _YEARS.finditer(folded):
        if FOR_A_TIME.search(folded[: match.start()]) or SHORTER_THAN_YEARS.match(
            folded, match.end()
        ):
            continue  # "vivo aquí hace 2 años", "tiene 7 meses de embarazo": not how old
        if years_of(folded, match.start(), match.end()):
            continue  # "tiene 6 años conmigo", "15 years married": how long, not how old
        fixed = _AGE_FIXED.match(folded, match.end())  # "he's 19. sorry 20"
        value = int(fixed.group(1) if fixed else next(g for g in match.groups() if g))
        if 0 < value < 120:
            found.append(value)
    # "el señor ya grande, 70 y tantos", "she's 80 something": an old age said roughly
    found += [int(m.group(1)) for m in _ROUGH_AGE.finditer(folded)]
    # "tenemos 70 i 74", asked how many: a couple's ages, years unsaid
    found += [int(n) for m in _OUR_AGES.finditer(folded) for n in m.groups()]
    # "meus sogros de 70 e 74", "my parents are 80 and 78": a pair's ages
    found += [int(n) for m in _PAIR_AGES.finditer(folded) for n in m.groups()]
    found += [
        int(n) for m in _KIDS_AGES.finditer(folded) for n in m.groups() if int(n) not in found
    ]
    # "im 14", "yo tengo 15 y mi hermana 8": the writer's own age, years unsaid
    found += [int(m.group(1)) for m in _MY_AGE.finditer(folded)]
    found += [int(m.group(1)) for m in _YOUNGEST_OLDEST.finditer(folded)]
    found += [a for m in _SOMEONE_OF_AGE.finditer(folded) if 0 < (a := int(m[1])) < 120]
    found += [a for m in _ONE_OF_US_AGED.finditer(folded) if (a := int(m[1])) not in found]
    asides = [_PERSON_ASIDE, *([lexicon.kin_pattern(_AGE_ASIDE)] if lexicon else [])]
    found += [a for p in asides for m in p.finditer(folded) if (a := int(m[1])) not in found]
    found += [a for m in _AGE_UNSAID_VERB.finditer(folded) if (a := int(m[1])) not in found]
    found += [a for m in _AGE_LAST.finditer(folded) if (a := int(m[1])) not in found]
    # (one alone at the end may be how many they are: "yo y mi hija 2")
    aged = list(_CHILD_AGED.finditer(folded))
    aged = aged if len(aged) > 1 else [m for m in aged if folded[m.end() :].strip(" .!")]
    found += [a for m in aged if (a := int(m[1])) not in found]
    found += [0 for _ in _WEEKS_OLD.finditer(folded)]  # "our 3 week old": a newborn
    # "tienen 19, 21 y 23 años": every age of the list, not only the last (read already)
    listed = [int(n) for m in _AGE_LIST.finditer(folded) for n in re.findall(r"\d+", m[1])]
    found += [age for age in listed if age not in found]
    found += [a for m in _TURNED.finditer(folded) if (a := int(m[1])) not in found]
    # "cumple 17 el mes que entra", "she turns 15 next week": a year younger now
    found += [int(m.group(1)) - 1 for m in _TURNS.finditer(folded) if int(m.group(1)) > 1]
    # "embarazada de 7 meses", "ansent 7 mwa": how far the pregnancy is, not a baby's age;
    # "desde hace dos meses", "for 3 months": how long, not a baby's age either.
    found += [
        0
        for m in _MONTHS.finditer(folded)
        if not _PREGNANT_BEFORE.search(folded[: m.start()])
        and not _FOR_MONTHS.search(folded[: m.start()])
    ]
    return found


def age_turning(text: str) -> int | None:
    """The age now of someone said to turn a year older soon ("cumple 15 el mes que viene":
    14)."""
    turns = _TURNS.search(fold(text))
    return int(turns.group(1)) - 1 if turns and int(turns.group(1)) > 1 else None


# "nos sacaron del cuarto", "el dueño nos sacó", "ya no nos deja entrar", "the landlord put
# us out", "we got evicted", "le propriétaire nous a mis dehors", "fomos despejados", "o dono
# nos colocou pra fora", "mèt kay la mete nou deyò": put out of their home, done.
_PUT_OUT = re.compile(
    r"(?<!\w)(?:nos|me|los|las|les) (?:saco|sacaron|desalojaron|echaron|corrio|corrieron|"
    r"botaron) (?:del|de la|de) (?:cuarto|casa|apartamento|depa|departamento|edificio|pieza|"
    r"vivienda|lugar|hotel|albergue|refugio|renta)|"
    r"(?<!\w)(?:dueno|duena|casero|casera|arrendador) (?:\w+ )?(?:nos|me|los) (?:saco|echo|corrio)|"
    # ("la señora del cuarto nos sacó hoy"): whoever rents the room
    r"(?<!\w)(?:del|de la) (?:cuarto|casa|pieza|renta|apartamento|depa) (?:nos|me) "
    r"(?:saco|echo|corrio)(?!\w)|"
    r"(?<!\w)(?:ya no|no) nos (?:deja|dejan) (?:entrar|volver|regresar)|"
    r"(?<!\w)(?:nos desalojaron|desalojad[oa]s)(?!\w)|"
    r"(?<!\w)(?:put|kicked|threw) (?:us|me|them|all of us|everyone|everybody) out(?!\w)|"
    r"(?<!\w)(?:got|were|was|been|get) evicted|evicted (?:us|me|them)|"
    r"(?<!\w)(?:red.tagged|condemned)(?!\w)|"
    r"(?<!\w)(?:(?:nous|les) |m'\s?)(?:a|ont) (?:mise?s?|chasse\w*) dehors|"
    r"(?<!\w)(?:fomos|foram|fui) despejad|(?<!\w)despejaram|"
    r"(?:(?:me|nos|os) )?(?:colocou|botou|jogou|expulsou|colocaram|botaram|expulsaram)"
    r"(?: (?:a gente|nos|me|eles))? (?:pra|para) (?:fora|a rua|rua)|"
    # ("o dono do quarto mandou a gente sair"): told to go, by whoever rents it
    r"(?<!\w)(?:dono|dona|senhorio|proprietario) (?:\w+ ){0,3}mandou (?:a gente|nos|me|eles) "
    r"(?:sair|embora)(?!\w)|"
    r"(?<!\w)mete (?:nou|n|m|mwen|yo) deyo(?!\w)"
)
# ("nos echaron y nos siguen persiguiendo"): those who put them out are still after them
_STILL_AFTER_THEM = re.compile(
    r"(?<!\w)(?:persig\w*|chasing|chased|atac\w*|attack\w*|machet\w*|armad[oa]s|armed|"
    r"dispar\w*|shoot\w*|golpe\w*|frapp\w*|pourchass\w*|perseg\w*|amenaz\w*|ameac\w*|"
    r"threat\w*|menac\w*|kouri deye|atake)(?!\w)"
)


def put_out(folded: str) -> bool:
    """Put out of their home, done ("el dueño nos sacó", "the landlord kicked us out",
    "fomos despejados", "mèt kay la mete nou deyò")."""
    return _PUT_OUT.search(folded) is not None


def closing_in(folded: str) -> bool:
    """Fire, smoke or water said to be close or still rising: "el agua sigue subiendo"."""
    return bool(_HAZARD_NEAR.search(folded) or _WATER_RISING.search(folded))


def feared(text: str) -> bool:
    """Whether a message tells a fear or a guess ("on a peur qu'on l'ait enlevé", "maybe he
    was arrested"), not a fact."""
    return _FEARED.search(fold(text)) is not None


def _denied(before: str) -> bool:
    """Whether the words before a fact deny it ("nadie herido"), not merely doubt it ("no sé
    si respira", "m pa konnen si l ap respire") or say it goes on ("no para de sangrar")."""
    return bool(_DENIED.search(before)) and not _UNSURE.search(before) and not _ON.search(before)


def harm_denied(text: str, lexicon: Lexicon) -> bool:
    """Whether a message says no one was hurt ("nadie salió lastimado", "pa gen moun blese"),
    read as `reasons_in` reads a denial."""
    folded = fold(text)
    spans = lexicon.spans(lexicon.vulnerability["injured"], text)
    return any(_denied(folded[max(0, start - 30) : start]) for start, _ in spans)


# "call my daughter", "appelez plutôt ma fille", "llamen a mi hijo", "liga pro meu filho",
# "rele pitit fi m": the relative asked to be called.
_TO_CALL = re.compile(
    r"(?<!\w)(?:call|text|phone|ring|contact|message|appelez|appeler|appelle|contactez|ecrivez a|"
    r"llamen|llame|llama|llamar|marquen|marcale|marquele|hablen|hablenle|escribanle|escriban a|"
    r"contacten|liga|ligue|liguem|ligar|chama|mande mensagem|rele|relem|ekri)"
    r"(?:\s+(?:instead|plutot|mejor|better|mieux|rather))?"
    r"(?:\s+(?:a|al|pra|pro|para|a la|au|to|on|in))?\s+(?:(?:my|mi|mon|ma|meu|minha|o|a)\s+)?$"
)
# "my daughter is 346 555 0119", "ma fille au 754…", "mi hijo 55 1234 0177": a number follows.
_NUMBER_AFTER = re.compile(
    r"(?:\s+(?:m|mwen))?\s*(?:,|:)?\s*(?:(?:is|es|est|e|au|at|al|on|no|nan|numero|number|"
    r"number is|numero es|cell|cel)\s+)*\+?\(?\d[\d\s().-]{6,}"
)
# "mon fils de 22 ans", "my son is 30", "mi hija tiene 19": a grown child.
_GROWN = re.compile(
    r"\s*,?\s*(?:(?:de|is|tiene|a|tem|com|gen|has|aged|who is|que tiene|qui a|ki gen|"
    r"tienen|are|ont|yo gen)\s+)?"
    r"(\d{2}(?:\s*(?:,|y|e|et|and|ak)\s*\d{1,2})*)(?!\d)"
    r"(?!\s*(?:meses|months?|mois|mwa|semanas|weeks|dias|days|jours))"
)


# A bare word of burning, said of whatever burned: "se quemó", "burned", "a brûlé", "queimou",
# "boule" (not "me quemé", "burned his hand", "brûlures", "boule men l").
_BURNT = re.compile(r"(?:se quemo|quemad[oa]s?|burned|burnt|brulee?s?|queimou|queimad[oa]s?|boule)")
# What a home, a camp or a thing that burned is called, and a fire itself ("dife a ap boule").
_BURNT_THINGS = re.compile(
    rf"(?<!\w)(?:{_THINGS}|campamento|campement|acampamento|camp|albergue|shelter|refugio|"
    r"abri|abrigo|local|wheelchair|silla|fauteuil|cadeira|mine|mien|mio|telefono|phone|celular|"
    r"cerro|monte|bosque|forest|woods|fuego|fire|feu|fogo|dife|flammes|llamas|chamas|cama|bed|"
    r"kabann|cite|favela|barrio|bairro|quartier|katye)(?:e?s)?(?!\w)"
)
# Who a burn may be said of: a body, a child, she or he (not "el", "il", "li", "nou", "mwen",
# "do", "dos", "back": also said of things, of whose, or of nothing of the body).
_A_BODY = re.compile(
    r"(?<!\w)(?:mano|manos|brazo|pierna|cara|espalda|piel|pie|pies|hand|hands|arm|arms|leg|legs|"
    r"face|skin|foot|feet|main|mains|bras|jambe|visage|peau|mao|maos|braco|perna|rosto|"
    r"costas|pele|men|bra|janm|figi|pye|ella|ellas|ellos|he|she|him|they|them|elle|elles|"
    r"lui|eux|ele|ela|eles|elas|myself|us|bebe|baby|nene|moun|people|gente|gens|pessoas|"
    r"personas|persona|alguien|someone|somebody|quelqu|alguem|"
    r"nena|nino|nina|ninos|ninas|kid|kids|child|enfant|enfants|crianca|criancas|timoun)(?!\w)"
)


def _burnt_thing(text: str, folded: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """A bare word of burning in a sentence that names a thing that burned, and no one, no
    body, no kin in its clause: the home or the papers burned, no one in it."""
    if not _BURNT.fullmatch(folded[start:end]):
        return False
    low = max(folded.rfind(mark, 0, start) for mark in ".;!?\n") + 1
    ends = [at for at in (folded.find(mark, end) for mark in ".;!?\n") if at >= 0]
    high = min(ends, default=len(folded))
    if not _BURNT_THINGS.search(folded[low:high]):
        return False
    # who is burned is said in the clause ("…a brûlé, je suis dehors avec ma fille": she is
    # with them, not burned); what burned may be said before it ("el campamento, el que…")
    low = max(low, folded.rfind(",", 0, start) + 1)
    comma = folded.find(",", end)
    high = high if comma < 0 else min(high, comma)
    if _A_BODY.search(folded[low:high]):
        return False
    return not any(low <= at < high for at, _ in lexicon.spans(lexicon.kin, text))


def _not_a_minor(folded: str, start: int, end: int) -> bool:
    """A child word that names the one to call back, or a grown son or daughter."""
    if _TO_CALL.search(folded[max(0, start - 30) : start]) or _NUMBER_AFTER.match(folded, end):
        return True
    grown = _GROWN.match(folded, end)
    return grown is not None and min(map(int, re.findall(r"\d+", grown[1]))) >= ADULT_AGE


# "rentre pas", "monte plus": French denies after the verb.
_PAS_AFTER = re.compile(r"\s+(?:pas|plus|jamais)(?!\w)")
# "granmoun" says grown-up as often as old: with ages all under 65, it is grown-up.
_ADULTS_ONLY = re.compile(r"(?<!\w)gran ?moun(?!\w)")
# "los niños ya están grandes, 19, 21 y 23", "my kids are adults": sons and daughters, grown.
_GROWN_UP = re.compile(
    r"(?<!\w)(?:hijos|hijas|ninos|ninas|muchachos|kids|children|sons|daughters|enfants|"
    r"fils|filles|filhos|filhas|meninos|pitit|timoun)\W+(?:(?!(?:y|and|et|ak|e)\W)\w+\W+){0,3}?"
    r"(?:(?P<sure>adult[oe]?s|mayores de edad|majeurs|maiores de idade|grown[- ]?ups)|"
    r"grandes|grown|grands)(?![\w-])"
    r"(?:\W+(?:\w+\W+){0,2}?(?P<ages>\d{1,2}(?:\s*(?:,|y|e|et|and|ak)\s*\d{1,2})*)(?!\d))?"
)


# A part of the body said to be broken, open, crushed or pinned, in the same clause: "the
# bone is showing", "la pierna abajo de una pared", "la ceja abierta", "o braço tá quebrado",
# "janm li kase". (Words that are also common words elsewhere are left out: "main", "os",
# "côté", "men", "do".)
_BODY = (
    r"pierna|piernas|brazo|brazos|pie|pies|mano|manos|cabeza|ceja|costilla|costillas|tobillo|"
    r"rodilla|cadera|hombro|muneca|hueso|leg|legs|arm|arms|foot|feet|hand|hands|head|eyebrow|"
    r"rib|ribs|ankle|knee|hip|shoulder|wrist|bone|jambe|jambes|bras|pied|pieds|tete|sourcil|"
    r"cotes|cheville|genou|hanche|epaule|poignet|perna|pernas|braco|bracos|mao|maos|cabeca|"
    r"sobrancelha|costela|costelas|tornozelo|joelho|quadril|ombro|pulso|osso|janm|pye|tet|"
    r"sousi|cheviy|jenou|ranch|zepol|ponyet|zo"
)
_HEAVY = (
    r"(?:pared|barda|muro|piedra|piedras|roca|escombros|arbol|viga|carro|techo|losa|puerta|"
    r"columna|mueble|refri|wall|rock|rocks|rubble|tree|beam|slab|car|roof|debris|concrete|"
    r"cabinet|fridge|door|column|bricks|mur|pierre|gravats|decombres|poutre|arbre|voiture|"
    r"dalle|toit|parede|pedra|arvore|laje|telhado|porta|coluna|armario)"
)
_HARMED_PART = (
    r"broke|broken|is bad|showing|sticking out|bleeding|crushed|cut open|split open|"
    r"rota|roto|quebrad[ao]|fracturad[ao]|abiert[ao]|destrozad[ao]|aplastad[ao]|"
    rf"(?:abajo|debajo) de(?:l| una| la| un| el| los| las)?\s+{_HEAVY}|"
    rf"under (?:a|the|some) (?:\w+ )?{_HEAVY}|"
    rf"sous (?:un|une|le|la|les|des) (?:\w+ )?{_HEAVY}|(?:debaixo|embaixo) d[aoe]s? {_HEAVY}|"
    rf"anba (?:yon |mi |blok |beton |tol |pye bwa )|"
    r"cassee?|ouverte?|ecrasee?|partid[ao]|abert[ao]|esmagad[ao]|kase|kraze|louvri|"
    r"can'?t move it|no (?:la|lo|se la|se lo) puede mover|ne peut (?:plus|pas) (?:le|la) bouger|"
    r"nao consegue mexer|pa ka bouje l"
)
_BODY_HARMED = re.compile(
    # (not "pye bwa", a tree, nor "tèt kay", a roof)
    rf"(?<!\w)(?:{_BODY})(?!\s+(?:bwa|kay|mango|fle))(?:\s+(?:m|l|li|mwen))?"
    rf"(?:\s+[^\s.,;!?]+){{0,4}}?\s+(?:{_HARMED_PART})(?!\w)"
)

# The harm said first, then the part of the body: "me cortaram a mão", "se quemó las manos",
# "broke his arm", "il s'est coupé le pied", "kase janm li" (not "cortaron la luz")
_HARM_TO_PART = re.compile(
    r"(?<!\w)(?:cortaram|cortaron|corto|cortou|cut|coupe|coupee|koupe|quebr\w+|rompi\w*|"
    r"broke|cass\w+|kase|quem\w+|queim\w+|burn\w*|brul\w+|boule|fractur\w+)"
    rf"(?:\s+[^\s.,;!?]+){{0,3}}?\s+(?:{_BODY})(?!\s+(?:bwa|kay|mango|fle))(?!\w)"
)


_HOMELANDS = (
    r"(?:guate\w*|honduras|el salvador|nicaragua|haiti|ayiti|venezuela|colombia|cuba|"
    r"peru|ecuador|bolivia|guinee|guinea|guine|senegal|camerun|cameroun|cameroon|congo|"
    r"nigeria|jamaica|jamaique|belize|belice|angola|mali|filipinas|philippines)"
)
# A clause that puts the people it names in another country ("mi abuela de 85 está allá en
# guate", "nos femmes et nos enfants sont restés en guinée", "my kids are back home"): they are
# not among those in the case.
_ELSEWHERE = re.compile(
    r"(?<!\w)(?:esta|estan|vive|viven|se quedo|se quedaron|quedaron|siguen|is|are|lives|live|"
    r"stayed|est|sont|vit|vivent|reste|restee|restes|restees|restent|estao|mora|moram|ficou|"
    r"ficaram|vivem|rete|ye)\s+(?:\w+\s+)?(?:alla|back home|home in|au pays|la-bas|la bas|"
    r"no meu pais|no nosso pais|nan peyi|lakay|en (?:mi|el|nuestro) pais|in (?:my|our) country|"
    r"dans (?:mon|notre) pays|(?:en|in|au|a|na|no|em|nan|ann|an) " + _HOMELANDS + r")(?!\w)"
)
# "…, yo pa la", "they're not here": said of those named just before.
_NOT_HERE = re.compile(
    r"^\s*(?:(?:yo|li) pa la|(?:they|she|he) (?:are|is|re|s)? ?not (?:here|with (?:us|me))|"
    r"no (?:estan|esta) (?:aqui|aca|con nosotros|conmigo)|(?:ils|elles?|il) (?:ne )?(?:sont|est) "
    r"pas (?:ici|avec nous)|nao (?:estao|esta) (?:aqui|com a gente))\s*$"
)
_CLAUSE = re.compile(r"[.,;:!?]+|\s(?:pero|but|mais|mas|men)\s")


def _away(folded: str) -> list[tuple[int, int]]:
    """The spans of the clauses about people in another country."""
    bounds = [0, *(m.start() for m in _CLAUSE.finditer(folded)), len(folded)]
    clauses = list(zip(bounds, bounds[1:], strict=False))
    away: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(clauses):
        if _ELSEWHERE.search(folded, a, b):
            away.append((a, b))
        elif _NOT_HERE.match(folded[a:b].lstrip(" .,;:!?")) and i > 0:
            away += [clauses[i - 1], (a, b)]
    return away


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans blanked, its length and offsets kept."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def reasons_in(text: str, parse: ParseResult | None, lexicon: Lexicon) -> set[str]:
    """The vulnerabilities a message states, from its words and the ages in it; never of those
    it says are in another country."""
    folded = fold(text)
    away = _away(folded)
    folded, text = _blanked(folded, away), _blanked(text, away)
    counted = numbered(text, lexicon, parse.language if parse else None)
    burial = {
        at
        for e in (parse.entities if parse else [])
        if e.entity == "need" and e.value == "remains"
        for at in range(e.start, e.end)
    }
    found = {
        reason
        for reason, words in lexicon.vulnerability.items()
        if any(
            not _denied(folded[max(0, start - 30) : start])
            # a thing damaged ("la casa e…", "pasaporte quemado") is said of harm, never of who
            # is there: "en casa e minha avó" still has a grandmother in it
            and not (
                reason in HARMS
                and _THING.search(folded[max(0, start - 30) : start])
                # ("cut my" is one cue: who follows its first word)
                and not any(_TO_SOMEONE.match(folded, at) for at in (end, _word_end(folded, start)))
            )
            and not (reason in HARMS and _THING_THAT.search(folded[max(0, start - 45) : start]))
            and not (reason in HARMS and _A_SERVICE.search(folded[max(0, start - 40) : start]))
            and not (
                reason in HARMS
                and _WITNESSED.search(folded[max(0, start - 30) : start])
                and _HAUNTS.search(folded)
            )
            and not _NOT_A_WOUND.match(folded[end : end + 24])
            and not (reason == "injured" and _THING_AFTER.match(folded[end : end + 24]))
            and not (reason == "disability" and _NOT_A_SENSE.match(folded, end))
            # ("ma femme a accouché il y a 10 jours", "dio a luz hace 2 semanas"): a birth told
            # done, with how long ago; the baby is there, the pregnancy is over
            and not (reason == "pregnancy" and _BIRTH_AGO.match(folded, end))
            # ("l'eau rentre pas chez nous"): French denies after the verb
            and not (reason == "in_danger" and _PAS_AFTER.match(folded, end))
            # ("the family wants him buried in dangriga"): a burial asked, no one under rubble
            and not (reason in HARMS and start in burial)
            # ("le foyer où je dormais a brûlé", "se quemó el campamento donde vivíamos")
            and not (reason == "injured" and _burnt_thing(text, folded, start, end, lexicon))
            # ("call my daughter at 954…", "appelez mon fils, il est à Dallas", "mon fils de
            # 22 ans"): the one to call back, or a grown child, is no minor in the case
            and not (reason == "children" and _not_a_minor(folded, start, end))
            and not (reason == "children" and _KIDS_AWAY.match(folded, end))
            # "3 granmoun, pesonn pa blese": three adults, not three old people
            and not (
                folded[start:end] in ("granmoun", "gran moun")
                and _ADULTS_COUNTED.search(counted[:start])
            )
            for start, end in lexicon.spans(words, text)
        )
    }
    if _WIFE_MONTHS.search(folded) or _WEEKS_ALONG.search(folded):
        found.add("pregnancy")  # "mi esposa tiene 8 meses": how far along, said of a wife
    harmed = _BODY_HARMED.search(folded) or _HARM_TO_PART.search(folded)
    if harmed and not _denied(folded[max(0, harmed.start() - 30) : harmed.start()]):
        found.add("injured")  # "la ceja abierta", "his leg is under a wall", "pye l kase"
    # ("se cayó el techo… el dueño ya no nos deja entrar"): a home the disaster damaged and
    # they were put out of is no danger they are in, unless it comes on or someone is after them
    if "in_danger" in found and put_out(folded) and not _STILL_AFTER_THEM.search(folded):
        found.discard("in_danger")
    if closing_in(folded) and not _DENIED.search(folded[:30]):
        found.add("in_danger")  # "the fire is super close", "el agua ya está bien cerca"
    if cut_off(folded):
        found.add("life_at_risk")  # the oxygen machine without power
    if _HELD.search(folded) or _IT_WAS_THEM.search(folded):
        found.add("detained")
    held = (_PAPERS_HELD, _PAY_KEPT, _DEBT_HELD, _PAPERS_REFUSED, _UNPAID_WORK)
    if any(p.search(folded) for p in held):
        found.add("exploited")
    threat = _THREAT_TO_REPORT.search(folded)
    if threat and not _FEARED.search(folded) and not _ASKED_AFTER.match(folded, threat.end()):
        found.add("exploited")  # (not "est-ce qu'ils vont appeler l'immigration ?": a fear)
    if "detained" in found and (_FEARED.search(folded) or _WHETHER.search(folded)):
        # "j'ai peur qu'il soit arrêté", "no sé si lo agarró la migra": a fear or a doubt
        found.discard("detained")
    # (the words before the children deny them, not a "no hemos salido" told after)
    own = _OWN_CHILDREN.search(folded)
    if own and not _DENIED.search(folded[max(0, own.start() - 40) : own.start()]):
        if not (_KIDS_AWAY.match(folded, own.end()) or _not_a_minor(folded, *own.span())):
            found.add("children")
    said = ages(text, lexicon, parse.language if parse else None)
    if parse is not None:
        said += [
            int(e.value)
            for e in parse.entities
            if e.entity == "age"
            and e.value.isdigit()
            and not any(a <= e.start < b for a, b in away)
        ]
    if any(age < ADULT_AGE for age in said):
        found.add("children")
    if any(age >= OLD_AGE for age in said):
        found.add("elderly")
    grown = _GROWN_UP.search(folded)
    told = said + [int(n) for n in re.findall(r"\d+", grown["ages"] or "")] if grown else said
    if grown and (told or grown["sure"]) and not any(a < ADULT_AGE for a in told):
        found.discard("children")  # grown sons and daughters, with no minor's age said
    if "elderly" in found and said and max(said) < OLD_AGE and _ADULTS_ONLY.search(folded):
        found.discard("elderly")  # "nou tout se granmoun: 25, 30 ak 33 an": grown, not old
    if "pregnancy" in found and not said and _UNBORN.search(folded):
        found.discard("children")  # "shes 38 weeks, first baby": the baby is not born yet
    return found


def ordered(reasons: Iterable[str]) -> list[str]:
    """Reasons in the officer's order, each once."""
    wanted = set(reasons)
    return [r for r in REASONS if r in wanted] + sorted(wanted - set(REASONS))


_KIDS = (
    r"(?:hijos|hijas|ninos|ninas|nenes|chamacos|chamacas|cipotes|chiquitos|kids|children|"
    r"sons|daughters|girls|boys|youths|enfants|petits|"
    r"garcons|filles|filhos|filhas|meninos|meninas|criancas|pitit|timoun|chiquitas|ninitos|"
    r"ninitas|nenas|bichos|bichas|cipotas|chamacas|escuincles|morros|guaguas|cabros|pibes|"
    r"pequenos|pequenas|petites|gamins|gamines|ti moun|carajitos|carajitas|chavitos|chavitas|"
    r"miudos|miudas|chamos|chamas|chamitos|chamitas|chavalos|chavalas|chavalitos|chavalitas|"
    r"hijitos|hijitas|pickney|pickneys|pickney dem|yute|yutes|yute dem|plebes|plebitos|"
    r"plebitas|patojos|patojas|guiros|morritos|morritas|pikin|pikins)"
)
# "our twins", "mis gemelos", "les jumeaux": two children in one word.
_TWINS = re.compile(
    r"(?<!\w)(?:twins|gemelos|gemelas|cuates|jimaguas|jumeaux|jumelles|gemeos|gemeas|marasa)"
    r"(?!\w)"
)
# "miss Pearl from next door", "doña Rosa", "madame Joseph", "seu João": a neighbour named.
# ("señora", "sra" are counted as relation words, once)
_TITLED = re.compile(
    r"(?<!\w)(?:{})\.?\s+[a-z]".format("|".join(sorted(TITLES - {"senora", "senor", "sra", "sr"})))
)
_COUNT = r"(\d{1,2}|[a-z]+)"
# "con mis 3 hijos", "with my two kids", "avec mes 4 enfants", "com meus 2 filhos": the
# speaker and their children.
_WITH_KIDS = re.compile(
    rf"(?<!\w)(?:con|with|avec|com|ak|avek)\s+(?:mis|my|mes|meus|minhas|mi|mes)?\s*{_COUNT}\s+{_KIDS}"
)
# "con mi hija", "with my baby", "avec mon fils", "com meu filho", "ak pitit mwen": the
# speaker and one child ("pitit mwen yo", "mis hijos" are several, not counted here).
_WITH_ONE_CHILD = re.compile(
    r"(?<!\w)(?:con|with|avec|com|ak|avek)\s+(?:mi|my|mon|ma|meu|minha|o|a|le|la)?\s*"
    r"(?:hijo|hija|bebe|nene|nena|nino|nina|son|daughter|baby|kid|child|fils|fille|enfant|"
    r"filho|filha|nenem|pitit|tibebe)(?![\w-])"
)
# "… pitit mwen yo", "con mi hijo y mi esposa": more people follow the child.
_MORE_AFTER = re.compile(r"(?:\s+(?:mwen|m)\b)?\s*(?:yo\b|y\s|and\s|et\s|e\s|ak\s)")
# "se li menm ak mwen sèlman", "solo ella y yo", "estamos las dos", "we're both here": two.
_THE_TWO_OF_US = re.compile(
    r"(?<!\w)(?:se (?:li|l) (?:menm )?ak mwen|(?:solo|nomas|just|only|juste|so|solas|solos|sola) "
    r"(?:ella|el|her|him|"
    r"elle|lui|ela|ele) (?:y|and|et|e) (?:yo|me|moi|eu)|(?:estamos|somos) (?:los|las) (?:2|dos)|"
    r"(?:estamos|somos) (?:ambos|ambas)|we'?re both|we are both|"
    # said last or before its verb ("5 of us 2 kids", "nous deux et les 3 enfants",
    # "peruvian both of us. its me, him and our daughter" go on)
    r"(?:both of us|us (?:2|two)|us both|(?:nosotros|nosotras) (?:2|dos)|nous (?:2|deux))"
    r"(?=\s*[.!]*\s*$|\s+(?:are|r|were|estamos|tamos|somos|estan|sommes|sont|on est)(?!\w))|"
    r"(?:estamos|somos) (?:os|as) (?:2|dois|duas)|"
    r"on est (?:tous |toutes )?les (?:2|deux)|"
    r"(?:^\s*|(?:se|its|it's|es|c'est|e|just|only|solo|nomas|juste|so)\s+)(?:mwen|me|yo|moi|eu)\s+"
    r"(?:ak|and|y|et|e)\s+(?:li|l|her|him|ella|el|elle|lui|ela|ele)"
    r"(?:\s+(?:selman|only|nomas|solamente|seulement|so|sozinhos))?(?=\s*(?:[.,!;]|$)))(?!\w)"
)
# "the two of them", "están los dos juntos", "ils sont tous les deux": two others, counted.
_THE_TWO_OF_THEM = re.compile(
    r"(?<!\w)(?:the (?:2|two)\s+of them|both of them|they'?re both|they are both|"
    r"(?:estan|son) (?:los|las) (?:2|dos)|"
    r"(?:ils|elles) sont (?:tous |toutes )?les (?:2|deux)|(?:estao|tao|sao) (?:os|as) "
    r"(?:2|dois|duas)|yo (?:tou )?(?:2|de) a)(?!\w)"
)
# "esta con mi tio", "she's with my uncle", "elle est avec mon frère": the one and one other.
_WITH_ONE_OTHER = re.compile(
    r"^\s*(?:ella |el |she'?s |he'?s |she is |he is |elle est |il est |ela |ele |li )?"
    r"(?:esta|is|est|ta|la a|ap viv)?\s*(?:con|with|avec|com|ak|avek)\s+"
    r"(?:mi|my|mon|ma|meu|minha|o|a|su|her|his|sa|son)\s+\w+\s*(?:[,.;!]|$)"
)
# "some men attacked me and my friend near the station": the writer and one other, the list
# ending there
_ME_AND_ONE = re.compile(
    r"(?<!\w)(?:me and my|me y mi|yo y mi|moi et (?:mon|ma)|eu e (?:meu|minha)|mwen ak|m ak)\s+"
    r"(\w+)(?:\s+(?:m|mwen))?(?=\s*(?:[,.;!?]|$)|\s+(?:near|cerca|pres|perto|bo|are|were|"
    r"estamos|sommes|somos|nou|in|en|at|a|em|nan)(?!\w))"
)
# "m kache nan twalèt la ak manman m": the writer hiding with one relative, said in Creole
_I_WITH_ONE = re.compile(
    r"(?:^|[.,;!?]\s*)(?:m|mwen)\s+[^,.;!?]{0,40}?(?<!\w)(?:ak|avek)\s+(\w+)\s+(?:m|mwen)"
    r"(?=\s*(?:[,.;!?]|$))"
)
# "me plus 6 seniors", "yo más 4 compañeros": the writer and a number of others.
_ME_PLUS_N = re.compile(
    r"(?<!\w)(?:me|yo|moi|eu|mwen) (?:plus|mas|mais|plis) (\d{1,2})\s+(?!ans|anos|years|an\b)"
)
# "somos", "we r", "nou", "on est": how a count of us begins
_WE_SAY = r"(?:somos|we are|we'?re|we r|nou|on est|nous sommes|estamos)"
# "somos 3 más la niña", "nou 3 plis ti bebe a", "we're 4 plus the baby": the count, and one.
_N_PLUS_BABY = re.compile(
    rf"(?<!\w){_WE_SAY}\s+(\d{{1,2}})\s+"
    r"(?:mas|plus|mais|plis|and|y|et|e|ak)\s+(?:(?:la|el|o|a|the|le|ti|un|una|um|uma|our|my|mi|nuestra|"
    r"nuestro|notre|nosso|nossa)\s+)?(?:bebe|baby|nina|nino|nena|nene|ti bebe|crianca|enfant|"
    r"menina|menino|petite|petit|kid|child|pitit)(?!\w)"
    # "we r 2 + my mother in law", "somos 3 + mi suegra": one more, named after a plus sign
    rf"|(?<!\w){_WE_SAY}\s+(\d{{1,2}})\s*\+\s*"
    r"(?:(?:my|mi|ma|mon|minha|meu|la|el|the|manman|papa)\s+[a-z]|(?:bebe|baby|ti bebe|nene|nena)"
    r"(?!\w))"
)
# "6 conmigo", "5 with me", "4 avec moi", "3 comigo": the total, the writer counted.
_N_WITH_ME = re.compile(
    r"(?<!\w)(\d{1,2})\s+(?:conmigo|with me|avec moi|comigo|avè m|avek mwen|"
    # "4 con mi esposo": the total, the husband counted in it
    r"(?:con|with|avec|com) (?:mi|my|mon|ma|meu|minha) \w+)(?!\w)"
)
_AND_WITH = re.compile(
    r"\s(?:y con|and with|et avec|e com|ak avek|ak)\s"
    r"|\s(?:y|and|et|e)\s+(?:a\s+)?(?:mi|my|ma|mon|minha|meu|la|le|the)\s"  # "… y mi suegra"
)
# "me, my sister and her 2 kids": a list that starts with the speaker.
_SELF_FIRST = re.compile(
    r"(?:^|[,;.?!]\s*|\s(?:and|y|et|e|ak)\s|(?<!\w)(?:aqui|aca|here|ici)\s"
    # "estamos metidos todos en el baño yo mi esposo…": said in one breath, by voice
    r"|(?<!\w)(?:estamos|tamos|somos|we are|we're|nous sommes|on est)\s(?:[^.,;!?]{0,40}?\s)?"
    # "ma femme moi et nos 3 enfants", "its my wife me and our 3"
    r"|^(?:(?:its|it's|it is|is|c'est|es)\s+)?(?:mi|my|ma|mon|minha|meu)\s+\w+\s"
    # ("is me my grandmother and…", "we go up to the attic me my wife and 2 kids")
    r"|^is\s|(?<=\s)(?=me\s+my\s+(?:wife|husband|mom|mother|mum|dad|father|sons?|daughters?|"
    r"kids?|children|sisters?|brothers?|grand\w+|baby|family|cousins?|aunt|uncle|partner|"
    r"boyfriend|girlfriend|roommates?|neighbou?rs?|in-laws|little|\d)(?!\w)))"
    r"\s*(?:(?:se|c'est|its|it's|es|somos|estamos|sou|"
    # "tô eu e meus 2 filhos", "estoy yo con…": the speaker there, said first
    r"to|tou|estou|estoy|"
    r"nou se|nou|we are|we're|were|on est|nous sommes)\s+)?"
    r"(?:(?:just|only|solo|nomas|juste|seulement|so|selman)\s+)?"  # "just me and my mom"
    # (Creole "m ak manman m": "m" is "mwen" before "ak")
    r"(?:me|yo|moi|eu|mwen|m(?=\s+ak\s))(?:\s+(?:menm|mismo|misma|meme|mesmo|mesma|myself))?"
    rf"(?:\s*\((?:{I_AM}\s)?\d{{1,2}}\))?"  # "me (15), my brother…": an age
    r"(?:\s*,|\s+(?:and|y|et|e|ak)\s|\s+(?:my|mi|mis|ma|mon|mes|minha|meu|meus|minhas)\s"
    r"|\s+(?=(?:him|her|el|ella|lui|elle|ele|ela)\s))"
    # "es para mí y mis dos niños", "pour moi et ma fille": the speaker, then the others
    r"|(?<!\w)(?:para mi|para mim|pra mim|pour moi|for me)\s+(?:y|e|et|and)\s"
)
# "its me, him and his sister", "its me her and my husband", "somos ella y yo": a person
# named by a pronoun in the list.
_PRONOUN_ITEM = re.compile(
    r"(?:(?:,|\s(?:and|y|et|e|ak))\s+|(?<=\bme )|(?<=\byo )|(?<=\bmoi )|(?<=\beu )"
    r"|(?<=\bsomos )|(?<=\bits )|(?<=\bc'est )"
    r"|(?<=\bnada mas )|(?<=\bnomas )|(?<=\bsolo )|(?<=\bjust )|(?<=\bonly )|(?<=\bjuste )"
    r"|(?<=\bso )|(?<=\bseulement )"
    # "estamos ella mi mama yo…" said in one breath; "moi et ma soeur avec elle"
    r"|(?<=\bestamos )|(?<=\btamos )|(?<=\bavec )|(?<=\bwith )|(?<=\bcon )|(?<=\bcom )"
    r"|(?<=\bestan )|(?<=\bestao )|(?<=\btao )|(?<=\bsont )"  # "estan ella, su esposo y…"
    # ("its me my husband him and my mom": one breath, no commas)
    r"|(?<=\w )(?=(?:him|her|el|ella|lui|elle|ele|ela)\s+(?:and|y|et|e|ak)\s+(?:my|mi|ma|mon|meu|"
    r"minha|the|la|el|o|a)\s))"
    r"(?:him|her|el|ella|lui|elle|ele|ela)(?!\w)"  # ("ele bateu": not "el" and "e")
    r"(?=\s*(?:[,.;!]|$|and\s|y\s|et\s|e\s|ak\s"
    # ("it's me and her in the apartment", "estamos ella mi mama yo")
    r"|(?:in|en|at|dans|em|no|na|nan|aqui|here|ici|alone|solos|solas)\s"
    r"|(?:mi|my|ma|mon|meu|minha|yo|me|moi|eu|mwen|his|su|sa|son)\s))"  # "its him his wife"
)
# "los niños de 4 y 9", "the kids, 3 and 7", "mes enfants de 2 et 5 ans": children counted by
# their ages.
_KIDS_AGED = re.compile(
    # ("and the kids, 1, 4 and 10": the ages after a comma)
    r"[\s,:]*(?:(?:de|of|aged|ages|d')\s*)?(\d{1,2}(?:\s*(?:,|y|e|and|et|ak)\s*\d{1,2})+)"
    r"(?:\s*(?:anos|ano|years?|yrs|ans|an))?"
)
# "6 personas", "5 people in all", "5 personnes en tout": the total, said as people.
_N_PEOPLE = re.compile(
    r"(?<!\w)(?<!con )(?<!with )(?<!avec )(?<!com )(?<!ak )(\d{1,2})\s+(?:personas|people|"
    r"persons|personnes|pessoas|moun)(?:\s+(?:en tout|in all|en total|total|no total|au total|"
    r"avec moi|with me|conmigo|comigo|ak mwen|ave m))?"
    # ("umas 9 pessoas com 4 crianças": the children among the nine)
    r"(?:\s*(?:[.!,;]|$)|,?\s+(?:com|con|with|avec|ak|dont|including|incluyendo)\s+\d"
    # ("5 people 2 kids": the children among the five, said straight after)
    rf"|\s+\d{{1,2}}\s+(?:\w+\s+)?{_KIDS}(?!\w)"
    # ("8 moun lakay la, ladan yo 2 ti bebe": the babies among the eight)
    r"|(?:\s+\w+){0,3}\s*,?\s+(?:ladan yo|among them|of whom|entre ellos|de los cuales|"
    r"entre eles|parmi eux|parmi lesquels|dont)\s+\d)"
)
# ("me and 2 little kids", "avec mes 2 petits enfants": a word of size between)
_SIZE_WORD = r"(?:ti|little|lil|small|petits?|petites?|pequenos?|pequenas?)"
_SIZE = rf"(?:{_SIZE_WORD}\s+)?"
_N_KIDS = re.compile(rf"(?<!\w){_COUNT}\s+{_SIZE}({_KIDS})")
# Creole "pitit" is one child unless "yo" follows: "pitit li", "pitit la"; "pitit mwen yo"
_HT_PLURAL = re.compile(r"(?:\s+(?:mwen|m|li|l|nou|ou|la|sa))?\s+yo(?!\w)")
# "meus 2 filho", "my 3 kid", "mis 2 hijo": a count, the plural dropped as texted
_N_KIDS_TEXTED = re.compile(
    rf"(?<!\w)([2-9]|1\d)\s+{_SIZE}(hijo|hija|nino|nina|kid|child|son|daughter|enfant|filho|"
    r"filha|menino|menina|crianca|chamaco|chamaca|cipote|cipota)(?!\w)"
)
# "my wife, me and our 3", "eu, meu marido e nossos 3": the couple's children, by number alone
_OUR_N = re.compile(
    r"(?<!\w)(?:our|nuestros|nuestras|nossos|nossas|nos)\s+([1-9]|1\d)(?!\d)"
    r"(?=\s*(?:[,.;!?]|$|(?:and|y|e|et|ak)\s))"
)
# "mis 2 hermanos", "my 3 brothers", "meus 2 irmãos", "mes 2 soeurs": relatives by number.
_N_KIN = re.compile(
    # "me and 2 other guys", "y 3 compas más", "avec 2 autres amis": people by number too
    rf"(?<!\w){_COUNT}\s+(?:(?:other|otros|otras|autres|outros|outras|lot|little|younger|older|"
    r"big|small|petits|petites|grands|grandes|ti|piti)\s+)?"
    r"(guys|men|women|friends|people|amigos|amigas|compas|companeros|companeras|personas|"
    r"amis|amies|personnes|pessoas|zanmi|moun|hermanos|hermanas|primos|primas|sobrinos|sobrinas|"
    r"hermanitos|hermanitas|brothers|sisters|"
    r"cousins|nephews|nieces|freres|soeurs|cousines|neveux|irmaos|irmas|sobrinhos|sobrinhas|"
    r"fre|se|kouzen|roommates|coworkers|co-workers|workmates|companions|tios|tias|uncles|aunts|"
    r"companeros de cuarto|colegas|collegues|colegas|koleg|"
    # ("mis dos cuñados", "my 2 brothers-in-law", "mes 2 beaux-frères", "meus 2 cunhados")
    r"cunados|cunadas|brothers-in-law|sisters-in-law|beaux-freres|belles-soeurs|cunhados|"
    r"cunhadas|nietos|nietas|grandchildren|netos|netas|bofre|belse)(?!\w)"
)
# "estoy con mi mamá y…", "i'm with my wife and…", "je suis avec ma mère": the speaker with
# relatives.
_WITH_KIN = re.compile(
    r"(?<!\w)(?:estoy|estamos|ando|andamos|quede|quedamos|i'?m|i am|we'?re|we are|je suis|"
    r"on est|nous sommes|estou|tou|to|ta|tamo|m|mwen|nou|here|aqui|ici)\s+"
    r"(?:[^\s.!?]+\s+){0,4}"  # "je suis enceinte de 6 mois, avec mon mari"
    r"(?:con|with|avec|com|ak|avek)\s+(?:(?:a|o|os|as)\s+)?"  # "com a minha esposa"
    r"(?=(?:mi|my|ma|mon|mes|mis|minha|meu|meus|minhas|sa|son|su|sus|ella|el|him|her|elle|lui|"
    r"ele|ela)\s)"  # "estoy con ella y su esposo": the aunt just spoken of, and her husband
    r"|(?<!\w)(?:traigo|traje|llevo)\s+(?:a\s+)?(?=(?:mi|mis)\s)"  # "traigo a mi bebe y…"
)
# A list of other people, the writer not in it: it starts with a relative or a pronoun and
# goes on with another ("ma soeur, son mari et…", "him and his girlfriend").
_THIRD_PERSON_LIST = re.compile(
    # ("la señora, su mamá que ya es viejita y los dos niños", "tem a mãe o pai e os 3 filhos")
    r"(?:^|[.!?,]\s*)(?:(?:hay|tem|there'?s|there are|il y a|gen|its|it'?s|c'est|es|se|son|sao|"
    r"sont|they'?re)\s+)?"
    r"(?:(?:mi|my|ma|mon|minha|meu|su|his|her|sa|son|la|el|the|le|a|o)\s+\w+|him|her|el|ella|"
    r"lui|elle|ele|ela)(?:\s*,|\s+(?:and|y|et|e|ak)\s|\s+(?=(?:o|a|la|el|le|the)\s)"
    r"|\s+(?=(?:his|her|su|sa|son)\s))"  # "its him his wife and the baby"
)
# ("con el niño": "el" is an article there, not "him")
_LEAD_PRONOUN = re.compile(
    r"(?:[.!?,]\s*)?(?:(?:hay|tem|there'?s|there are|il y a|gen|its|it'?s|c'est|es|se|son|sao|"
    r"sont|they'?re)\s+)?"  # ("tem ele, a esposa e o filho": he, then those with him)
    r"(?:him|her|el|ella|lui|elle|ele|ela)(?=\s*(?:[,;.]|$)|\s+(?:and|y|et|e|ak)\s)"
)
_GUESS = re.compile(r"(?<!\w)(?:i think|i guess|creo|je crois|je pense|acho|eu acho|m panse)(?!\w)")
# The writer among the people: "yo", "we", "nous", "nou", "somos", "avec moi".
_FIRST_PERSON = re.compile(
    r"(?<!\w)(?:yo|me|moi|eu|mwen|i|i'm|im|we|we're|were|nous|on|nou|nosotros|nosotras|somos|"
    r"estamos|conmigo|comigo|a gente|us)(?!\w)"
)
# "tô com meu marido", "estoy con mi mamá", "mwen ak pitit mwen": the writer with others
_SELF_WITH = re.compile(
    r"(?<!\w)(?:estoy|estamos|tamos|ando|andamos|estou|i'?m|i am|we'?re|we are|"
    r"je suis|nous sommes|on est|mwen|nou)\s+(?:[^\s.!?]+\s+){0,3}(?:con|com|with|avec|ak|avek)\s"
    r"|(?:^|[.!?,;]\s*|\s(?:e|eu)\s)(?:to|tou)\s+(?:[^\s.!?]+\s+){0,3}com\s"  # "tô com"
)


def _writer_in(folded: str, language: str | None) -> bool:
    """Whether the writer is among the people a folded text speaks of ("yo" is "they" in
    Creole: "yo 5: papa, manman ak 3 timoun")."""
    said = [m[0] for m in _FIRST_PERSON.finditer(folded)]
    if language == "ht":
        said = [w for w in said if w != "yo"]
    return bool(said) or _SELF_WITH.search(folded) is not None


# "mi hijo", "my sister", "ma mère", "meu filho", "nuestra hija": the writer's own relative;
# Creole says "my" after the word ("manman m", "pitit gason mwen").
_MINE = (
    "mi|mis|my|our|mon|ma|mes|notre|nos|meu|minha|meus|minhas|nuestro|nuestra|nuestros|"
    "nuestras|nosso|nossa"
)
_MINE_BEFORE = re.compile(rf"(?<!\w)(?:{_MINE})\s+$")
_MINE_WORD = re.compile(rf"(?:{_MINE})\s")  # kin said with "my" in it: "mi mujer", "my man"
_MINE_AFTER = re.compile(r"\s+(?:m|mwen|nou)(?!\w)")


def relation_said(text: str, lexicon: Lexicon, language: str | None) -> str | None:
    """The writer's relation to the one they write about, when one relative is named as theirs
    ("busco a mi hermano": "hermano"); None when none is, or several are ("mi esposo y yo
    buscamos a nuestro hijo" leaves the question to be asked)."""
    folded = fold(text)
    kin = lexicon.spans(lexicon.of_language(lexicon.kin, language), text)
    mine = {}
    for a, b in kin:
        before = _MINE_BEFORE.search(folded[max(0, a - 10) : a])
        after = _MINE_AFTER.match(folded, b)
        if before or after or _MINE_WORD.match(folded, a):
            # as said, with its "my": "mi hijo" reads as whose son, "hijo" alone would not
            start = a - len(before.group()) if before else a
            mine[folded[a:b]] = text[start : after.end() if after else b].strip()
    return next(iter(mine.values())) if len(mine) == 1 else None


def children_named(text: str) -> bool:
    """Whether a message speaks of children as such ("los niños son Brayan de 9 y Ashley de
    6", "avec ses deux enfants", "pitit la se yon ti gason 10 mwa")."""
    return re.search(rf"(?<!\w){_KIDS}(?!\w)", fold(text)) is not None


# "yo estoy en la casa con los chiquitos", "eu tô com nossos dois filhos", "mwen menm mwen nan
# santiago ak timoun yo", "tiene 6 años conmigo": children placed with the writer.
_KIDS_WITH_WRITER = re.compile(
    r"(?<!\w)(?:conmigo|comigo|with me|avec moi|ak mwen|ave m|avek mwen)(?!\w)"
    rf"|(?<!\w)(?:con|com|with|avec|ak|avek)\s+(?:(?:los|las|mis|nuestros|nuestras|os|as|meus|"
    rf"minhas|nossos|nossas|my|our|the|mes|nos|les)\s+)?(?:\w+\s+)?{_KIDS}(?!\w)"
)
_WRITER_HERE = re.compile(
    r"(?<!\w)(?:yo|eu|mwen|je|i|i'm|im|nosotros|a gente|we|we're|nous|nou)\s+(?:\w+\s+)?"
    r"(?:estoy|toy|estou|to|sou|am|suis|menm|nan|la|rete|stay|estamos|somos|tamo|tamos|sommes)"
    r"(?!\w)|(?<!\w)(?:aqui|aca|here|ici|isit|aki) (?:estamos|we are|on est|nou ye)(?!\w)"
    r"|(?<!\w)(?:conmigo|comigo|with me|avec moi|ak mwen)(?!\w)"
)
# ("los niños estaban con él", "with his kids"): the children are the other's
_KIDS_WITH_THEM = re.compile(
    r"(?<!\w)(?:con|com|with|avec|ak|avek)\s+(?:el|ella|him|her|lui|elle|ele|ela|li)(?!\w)"
    r"|(?<!\w)(?:sus|his|her|their|ses|leurs|seus|suas|dele|dela)\s+(?:\w+\s+)?" + _KIDS
)


def kids_with_writer(text: str) -> bool:
    """Whether the children a message names are with the writer, not with the one searched
    for ("yo estoy en la casa con los chiquitos, aqui estamos bien")."""
    folded = fold(text)
    return (
        _KIDS_WITH_WRITER.search(folded) is not None
        and _WRITER_HERE.search(folded) is not None
        and _KIDS_WITH_THEM.search(folded) is None
    )


def writer_among(text: str) -> bool:
    """Whether the writer speaks of themself ("yo", "we", "nou", "a gente")."""
    return _FIRST_PERSON.search(fold(text)) is not None


# "our 2 yr old", "my 5-year-old", "our 3 week old": a child named by age alone
_AGED_ONE = re.compile(
    r"(?<!\w)(?:our|my|his|her|the|a)\s+\d{1,2}[\s-]*(?:yr|year|week|wk|month|mo)s?[\s-]*old"
    r"(?=\s*(?:[,.;!?]|$|and\s))"
)
# "su", "their", "leur", "dela": someone else's, said before a baby
_THEIR = re.compile(r"(?<!\w)(?:su|their|her|his|leur|son|sa|dele|dela|seu|sua)\s+$")
# One baby in a list of people: "me, my wife and the baby".
_BABY = re.compile(
    r"(?<!\w)(?:baby|bebe|bebito|bebita|nenem|tibebe|ti bebe|nina|nino|nena|nene|menina|menino|"
    # "3 adultes et le petit", "the little one": a child said by size
    r"(?:(?<=le )petit|(?<=la )petite|(?<=the )little one|(?<=el )chiquito|(?<=la )chiquita)"
    r"(?=\s*(?:[,.;:!?]|$|(?:et|and|y|e|qui|who|que|est|is|a|tiene|has)\s)))"
    r"(?!\w)"
)
# "los cuatro de la casa", "the 4 of us", "nous 4", "os 3 da família": everyone, counted.
_ALL_OF_US = re.compile(
    r"(?<!\w)(?:(?:los|las|os|as|todos los|todas las|tous les|toutes les) (\d{1,2})\s+"
    r"(?:de la casa|de casa|de la familia|da casa|da familia|de la maison|de nosotros|de nous)"
    # "the 4 of us", "se 2 nou ye" (Creole: "we are two")
    r"|the (\d{1,2})\s+of us|(?:se\s+)?(\d{1,2})\s+nou\s+ye"
    # ("so 5 of us", "5 of us 2 kids"; not "2 of us are hurt", some among them)
    r"|(?:^|[.,;!]\s*|(?<!\w)so\s+|(?<!\w)we(?:'re| are| r)\s+)(\d{1,2})\s+of us"
    r"(?!\s+(?:are|is|were|was|got|have|has|had|need|needs|can|cant|can't)(?!\w))"
    # "los 6, se fue la luz", "all 5 of us": all of them, said after "we're all fine"
    r"|^(?:si |yes |oui |sim |wi )?(?:los|las|os|as|tous les|toutes les|all) (\d{1,2})"
    # ("los 4 estamos bien", "os 3 estamos aqui": the verb after the count)
    r"(?=\s*(?:[,.!]|$|(?:estamos|tamos|somos|sommes|are)\s))"
    r"|all (\d{1,2})\s+of us"
    # "estamos bem sim, os 4": all of them, said last
    r"|(?<=[,;])\s*(?:los|las|os|as|tous les|toutes les|all) (\d{1,2})(?=\s*[.!]*$)"
    # ("están solitos los 2": the two of them, written for from afar)
    r"|(?:estamos|somos|tamos|on est|nous sommes|nous allons|on va|we are|we'?re|estan|"
    r"estao|tao|ils sont|elles sont)\s+"
    r"(?:(?:bien|bem|fine|ok|okay|bons|tranquilos|a salvo|safe|solitos|solitas|solos|solas|"
    r"sozinhos|sozinhas|seuls|seules|juntos|juntas|ensemble|together|ansanm)\s+)?"
    r"(?:tous |toutes |todos |todas )?"
    r"(?:los|las|os|as|les) (\d{1,2})(?!\s*(?:de |d'|anos|ans|an\b|years|meses|mois|h\b|:))"
    # "there's 4 of us", "its 4 of us", "4 of us here"
    r"|(?:there'?s|there is|there are|theres|its|it's|it is|we'?re|we are|^|(?<=[,;.]))\s*"
    r"(\d{1,2})\s+of us)(?!\w)"
)
# "nou 4. non 5", "somos 5, no perdón, 6": the count corrected at once.
_RECOUNTED = re.compile(
    # ("nous sommes 3 haïtiens. non 4", "somos 5 en la casa, bueno 6"): who they are or where
    # may stand between
    r"(?:\s+[^\W\d]+){0,3}?"
    + CORRECTED
    + r"(?:somos |we are |we're |on est |nou |nous sommes )?(\d{1,2})(?!\d)"
)
# "no 5 se me olvidó la bebé", "non set, m bliye bebe a", "cinco o seis kkk nao seis": the
# count said just before, corrected in a message of its own
_RECOUNT = re.compile(
    r"^(?:\S+\s+){0,4}?"
    + CORRECTED
    + r"(?:somos |we are |we're |on est |nou |nous sommes |son |sao |eramos )?(\d{1,2})"
    r"(?![\s.-]*\d)"  # ("errei, é 11 98812 3410": a phone number)
    r"(?!\s*(?:anos|ano|years?|yrs|ans|an|meses|mes|months?|mois|mwa|h|horas?|hours?|heures?|"
    r"dias|days?|jours?|jou|de|st|street|calle|rue|rua)(?!\w))(?!\s*:)"
)
_AGE_VERB_BEFORE = re.compile(
    r"(?<!\w)(?:tiene|cumplio|turned|he'?s|she'?s|is|il a|elle a|tem|fez|gen)\s+$"
)
_NOT_PEOPLE = (
    r"(?!\d|\s*(?:anos|ano|years?|yrs|ans|an|meses|mes|months?|mois|mwa|semanas|weeks?|"
    r"semaines?|semen|dias|days?|jours?|jou|horas?|hours?|heures?|minutes?|minutos?|lb|kg)(?!\w))"
)
# "…and my mother in law so 4", "somos 8 hondureños... 9 con el cocinero", "nous sommes 5... 6
# avec le bébé": the total the count ends on, said last.
_ENDS_ON = re.compile(
    r"(?:(?<!\w)(?:so|that'?s|thats|that makes|makes|in total|en total|entonces|o sea|donc|"
    r"ca fait|ce qui fait|alors|entao|no total|kidonk|sa fe)\s+|(?:\.{2,}|…)\s*(?:(?:no|non|nao)"
    r"[\s,]+)?(?:(?:somos|we are|we'?re|nou|on est|nous sommes|son|sao)\s+)?"  # "... non nou 5"
    # "…y mi suegro.. no perdon tambien mi suegra, 6": the count corrected, said last
    r"|(?<!\w)(?:no|perdon|sorry|wait|non|pardon|desculpa|tambien|also|aussi|tambem)(?!\w)"
    r"[^.!?]*?,\s*(?=\d{1,2}\s*[.!]*$))(\d{1,2})"
    + _NOT_PEOPLE
    + r"(?=\s*(?:$|[.!,;]|(?:con|avec|with|com|ak|counting|sorry|perdon|pardon|desculpa|"
    r"contando|including|incluyendo|people|personas|personnes|pessoas|moun|of us|en total|"
    r"in total)(?!\w)))"
)
# "son 5 ellos y yo 6": the writer adds themself to the count just said.
_AND_I_MAKE = re.compile(
    r"(?<!\w)(\d{1,2})(?!\d)\D{0,20}?(?<!\w)(?:y yo|and me|plus me|et moi|e eu|ak mwen)\s+"
    r"(\d{1,2})(?!\d)"
)
# "me and 5 more guys", "yo y 3 compañeros más", "moi et 4 autres", "eu e mais 7", "me and 3
# fellas from work": the writer and the others.
_AND_N_MORE = re.compile(
    r"(?<!\w)(?:me|yo|moi|eu|mwen)\s+(?:and|y|et|e|ak)\s+"
    r"(?:(\d{1,2})\s+(?:more|others?|otros|otras|mas|autres|outros|outras|lot|guys|fellas|men|"
    r"women|ladies|people|friends|coworkers|companeros|companeras|amigos|amigas|hombres|mujeres|"
    r"personas|colegas|compas|chavos|hommes|femmes|personnes|amis|collegues|homens|mulheres|"
    r"pessoas|colegas|amigos|gason|fanm|moun|zanmi)"
    r"|(?:mas|mais|plus|plis)\s+(\d{1,2}))(?!\w)"
)
# "she and 3 other Guyanese girls", "él y otros 4", "lui et 2 autres": one named, and others
_AND_N_OTHERS = re.compile(
    r"(?<!\w)(?:she|he|him|her|ella|el|elle|lui|ele|ela|li|my \w+|mi \w+|mon \w+|ma \w+|"
    r"meu \w+|minha \w+)\s+(?:and|y|et|e|ak)\s+"
    r"(?:(\d{1,2})\s+(?:others?|otros|otras|autres|outros|outras|lot)"
    r"|(?:otros|otras|autres|outros|outras)\s+(\d{1,2}))(?!\w)"
)
# "he's with his wife and 3 kids", "está él con su esposa y la bebé", "elle est avec son mari":
# someone else, and who is with them
_SOMEONE_WITH = re.compile(
    r"(?<!\w)(?:he'?s|hes|he is|she'?s|shes|she is|esta el|el esta|esta ella|ella esta|"
    r"il est|elle est|ele esta|ela esta|ele ta|ela ta|li)\s+(?:[^\s.!?,;]+\s+){0,4}?"
    r"(?:with|con|avec|com|ak|avek)\s+"  # ("el esta en el tercer piso con su esposa")
    # "mi hermana está en iquique con sus 2 hijos", "my sister is at the shelter with her kids"
    r"|(?<!\w)(?:mi|my|ma|mon|minha|meu)\s+\w+\s+(?:esta|is|est|ta|li)\s+(?:[^\s.!?,;]+\s+){0,7}?"
    r"(?:with|con|avec|com|ak|avek)\s+(?=(?:sus?|her|his|ses|sa|son|seus|suas|dele|dela|os|as)\s)"
    # "mi hija…, esta con su esposo y la niña": the one written about, with their own
    r"|(?:^|(?<=[,.;!?]\s)|(?<=[,.;!?]))esta\s+con\s+(?=sus?\s)"
)
# "aquí estamos 5", "so 4 here", "donc 5 ici", "isit la nou 5": how many are where they are
_COUNT_HERE = re.compile(
    r"(?<!\w)(?:(?:aqui|aca|here|ici|isit(?: la)?)\s+(?:(?:estamos|somos|tamos|we are|we'?re|"
    r"on est|nous sommes|sommes|nou|nos)\s+)?(\d{1,2})(?!\s*(?:de |anos|ans|an\b|years|mwa|meses))"
    r"|(\d{1,2})\s+(?:here|aqui|aca|ici|isit(?: la)?)(?!\w))"
)
# "…mi esposo está trabajando en antofagasta…", "…my oldest is in caracas…": the rest elsewhere
_OTHERS_AWAY = re.compile(
    r"(?<!\w)(?:esta|is|est|ta|rete|stayed|se quedo|se quedaron|ficou|ficaram|se fue|left|"
    r"vive|viven|lives|live|mora|moram|habite|trabaja|trabajando|working|works|travay|reste|"
    r"restes|resterent)(?!\w)"
)
# "theyre 5, plus me and my son": a count of others, then the writer and who is with them.
_THEY_PLUS_ME = re.compile(
    r"(?<!\w)(?:they'?re|they are|son|ellos son|ils sont|elles sont|eles sao|elas sao|yo se|yo)\s+"
    r"(\d{1,2})(?!\d),?\s+(?:plus|mas|y|and|et|e|ak)\s+(?:me|yo|moi|eu|mwen)(?!\w)"
)
# "somos mi esposo yo la bebe y mi cuñado", by voice: the writer said among the relatives.
_WE_LIST = re.compile(
    r"(?<!\w)(?:somos|estamos|we are|we're|nous sommes|on est|nou)\s+(?:(?:mi|my|ma|mon|mes|mis|"
    r"su|sa|son|meu|minha)\s+\w+,?\s+){1,3}(?:(?:and|y|et|e|ak)\s+)?(?:yo|me|moi|eu|mwen)\s"
)
# "mari m avè m", "my wife is with me", "mi mamá está conmigo": the writer and who is with them.
_WITH_ME = re.compile(
    r"(?<!\w)(?:ave m|avek m|avek mwen|ave mwen|with me|conmigo|avec moi|comigo)(?!\w)"
)
# A count after "we are" or "they are": "à 6", "em 5", "como 10", "about 8", then the number
# ("15 familias", "somos 4 adultos y 3 niños": not the total).
_HOW_MANY = (
    r"(?:(?:a|em|como|unos|unas|uns|tipo|about|around|like|environ|quelque|anviwon|"
    r"aproximadamente|approximately|quase|presque|cerca de|mais ou menos|mas o menos)\s+)?"
    r"(\d{1,2})"
    r"(?!\d|\s*(?:anos|ano|years?|ans|an|meses|months?|mois|mwa|horas?|hours?|heures?|:\d|h\b|"
    r"dias?|days?|jours?|jou|semanas?|weeks?|semaines?|semen|"
    r"minutes?|minutos?|familias|families|familles|fanmi))"
    rf"(?!\s*(?:{_KIDS}|"
    r"adultos?|adults?|adultes?|ninos|ninas|kids|children|enfants|criancas|timoun|"
    r"hombres|mujeres|men|women|hommes|femmes|homens|mulheres|granmoun|grandes|mayores))"
)
# "We were": a count said in the past tense
_WE_WERE_WORDS = (
    r"on etait|nous etions|eramos|estabamos|veniamos|viajabamos|ibamos|vinhamos|viajavamos"
)
# "somos cuatro, yo, mi señora…", "nou 5": the total said outright wins over any list.
_WE_ARE = re.compile(
    r"(?<!\w)(?:somos|we are|we're|were|we r|we got|we be|we|nous sommes|on est|nou se|nou|"
    rf"estamos|nos|nois|{_WE_WERE_WORDS})"
    r"\s+(?:(?:tout|todos|todas|tous|toutes|all)\s+)?" + _HOW_MANY
)
# The count the group was before some left: "éramos 8", "on était 10", "viajábamos 12"
_WE_WERE = re.compile(rf"(?:{_WE_WERE_WORDS})\s")
# "somos 3 casais", "we are 2 couples", "on est 3 couples": two to a couple
_COUPLES = re.compile(
    rf"(?<!\w)(?:{_WE_SAY}\s+)?(\d{{1,2}})\s+"
    r"(?:casais|parejas|couples|koup)(?!\w)"
)
# "we are a couple", "somos una pareja de ancianos", "nou se yon koup": two
_A_COUPLE = re.compile(
    rf"(?<!\w)(?:{_WE_SAY})\s+(?:un|una|a|um|yon)\s+(?:couple|pareja|casal|koup)(?!\w)(?! of)"
)
# ("nous sommes 5 adultes"): said as who we are
_WE_ARE_BEFORE = re.compile(rf"(?<!\w)(?:{_WE_SAY}|sao)\s+$")
_COUNT_DENIED = re.compile(r"(?<!\w)(?:no|not|pa|nao|non)\s+$")
# "5 total", "7 en total", "6 au total", "8 no total", "5 antou": the total, said as such
_N_TOTAL = re.compile(
    r"(?<!\w)(\d{1,2})\s+(?:total|in total|en total|en tout|au total|no total|antou|an tou)(?!\w)"
)
_AND_MORE = re.compile(r"\s*,?\s*(?:and|y|et|e|ak|plus|mas|mais)\s")
_KID_BEFORE = re.compile(r"(?:timoun|pitit|bebe|gen)\s+$")
# "4 of us from my house and 3 from theirs", "da nossa casa somos 3 e do vizinho 4": two
# households, added
_TWO_HOUSES = re.compile(
    r"(?<!\w)(\d{1,2})\s+(?:of us\s+)?(?:from|de|da|do)\s+(?:my|our|mi|nuestra|nossa|minha)\s+"
    r"(?:house|home|casa|place)\s+(?:and|y|e|et)\s+(\d{1,2})\s+(?:from|de|da|do)\s"
    r"|(?:da|de|from)\s+(?:nossa|nuestra|our|my|mi|minha)\s+(?:casa|house)\s+(?:somos|we are|"
    r"we'?re|are)\s+(\d{1,2})\s*,?\s*(?:e|y|and)\s+(?:da|do|de|de la|del|from)\s+\w+\s+(\d{1,2})"
)
# "nosotros 4 y los vecinos 5", "us 3 and the neighbours 4", "nous 4 et nos voisins 6"
_US_AND_THEM = re.compile(
    r"(?<!\w)(?:nosotros|nosotras|us|we|nous|nos|a gente|nou)\s+(\d{1,2})\s*,?\s*"
    r"(?:y|and|et|e|ak)\s+"
    r"(?:(?:los|las|the|les|nos|os|as|our|nuestros|mis|my|mes)\s+)?"
    r"(?:vecinos|neighbou?rs|voisins|vizinhos|vwazen|otros|others|autres|outros|ellos|them|eux|"
    r"eles|yo|primos|cousins|tios|uncles|oncles)\s+(\d{1,2})(?!\d)"
)
# "ils sont 7 dans la maison", "they're 5", "son 6": a count of others, told by a relative
# ("ils sont une vingtaine dehors avec des bâtons": the attackers; only those inside count)
_THEY_ARE = re.compile(
    r"(?<!\w)(?:ils sont|elles sont|they are|they're|theyre|eles sao|elas sao|son|yo se)\s+"
    + _HOW_MANY
    + r"(?=\s+(?:dans|en la|en el|en una|en un|in the|in a|inside|adentro|dentro|la dedans|"
    r"coinces|atrapad\w*|stuck|trapped|na casa|em casa|no predio|nan kay|anndan))"
)
# "…, son 3", "…, they're 4 in all": the total, said last of the people just listed
_THEY_ARE_LAST = re.compile(
    r"[,.;]\s*(?:son|they are|they're|theyre|ils sont|elles sont|sao|yo)\s+"
    + _HOW_MANY
    + r"(?:\s+(?:en total|in all|en tout|au total|no total|an tou)"
    # ("son 4 con los niños": the children among them)
    r"|\s+(?:con|with|avec|com|ak)\s+(?:los|las|the|les|os|as)\s+"
    r"(?:ninos|ninas|nenes|kids|children|enfants|criancas|timoun|pitit yo))?\s*[.!]*$"
)
# "devem ser uns 8", "deben ser como 10", "there must be 6", "ils doivent être 5": a count
# guessed by someone who sees them
_MUST_BE_N = re.compile(
    r"(?<!\w)(?:devem ser|deve ser|deben ser|deben de ser|debe haber|deve ter|deve haver|"
    r"must be|there must be|there should be|doivent etre|il doit y avoir|dwe gen)\s+"
    + _HOW_MANY
    + r"(?=\s*(?:[,;.!]|$|personas|pessoas|people|personnes|moun|gente)(?!\w))"
)
# "são 5, o casal e três crianças", "ils sont 5 : lui, sa femme…": asked how many, their count
_THEY_ARE_FIRST = re.compile(
    r"\s*(?:ils sont|elles sont|they are|they're|theyre|sao|son|ellos son|yo se|yo)\s+"
    + _HOW_MANY
    + r"\s*(?:[,:;.]|$|con|with|avec|com|ak)"
)
# "solo con 2 compas", "with 3 friends", "avec 2 amis", "com 2 amigos", "ak 2 zanmi": the
# speaker and the people named.
_WITH_PEOPLE = re.compile(
    rf"(?<!\w)(?:con|with|avec|com|ak|avek)\s+(?:mis|my|mes|meus|minhas|mi|mes)?\s*"
    # ("com mais 2 colegas de quarto", "con otros 3 compas": more people, the speaker's one)
    rf"(?:(?:mais|otros|otras|other|autres|lot)\s+)?{_COUNT}\s+(?:(?:other|more|autres|mas)\s+)?"
    r"(?:colegas|colleagues|collegues|coworkers|co-workers|roommates|companheiros|companheiras|"
    r"compas|amigos|amigas|companeros|companeras|personas|hermanos|hermanas|primos|friends|"
    r"people|brothers|sisters|cousins|amis|amies|personnes|freres|soeurs|pessoas|irmaos|irmas|"
    r"zanmi|moun)(?!\w)"
)
# "im 7 months pregnant and alone", "estoy sola", "je suis seule ici": one person.
_ALONE_SAID = re.compile(
    r"(?<!\w)(?:alone|by myself|(?:estoy|ando|quede|me quede)\s+(?:sola|solo|solita|solito)|"
    r"je suis (?:seule|seul)|toute seule|tout seul|sozinha|sozinho|pou kont mwen|poukont mwen|"
    r"mwen sel|m sel|"
    # "vivo solo", "voy solo", "vengo sola": one person, by their own account
    r"(?:vivo|voy|vengo|viajo|duermo|ando)\s+(?:sola|solo|solita|solito)|"
    # "sola, tengo 5 meses", "seul, ma femme est en haiti", "solito": said first, as the answer
    r"^\s*(?:sola|solo|solita|solito|seule|seul|sozinha|sozinho|alone)(?=\s*(?:[,.!;]|$))|"
    r"(?:^|(?<=[,.;])\s*)so eu(?=\s)|(?:its |it'?s |no )?(?:just|only) me"
    # ("only me in the apartment", "just me at home": where, not who else)
    r"(?=\s*(?:[,.!;]|$)|\s+(?:in|at|here|home|en|aqui|aca|ici|a|em|no|na|nan)\s)|"
    # "nomas soy yo", "solo soy yo", "je vis seul", "moro sozinha": one person
    r"(?:nomas|nada mas|solo|solamente) soy yo|soy yo (?:nomas|solo|solito|solita)|"
    r"je vis (?:seule|seul)|j'habite (?:seule|seul)|(?:eu )?moro (?:sozinha|sozinho)|"
    r"m rete pou ?kont mwen|i live alone|"
    # ("se quedó sola en su apartamento", "on her own", "vine solo"): one person, of whom it is
    # said
    r"(?:se quedo|esta|vine|vino|llego)\s+(?:sola|solo|solita|solito)|on (?:her|his|my) own|"
    r"by (?:herself|himself)|(?:elle est|il est) (?:seule|seul)|li pou ?kont li|"
    r"(?:vim|veio|chegou|ficou|esta|ta)\s+(?:sozinha|sozinho))(?!\w)"
)
_UNABLE = re.compile(
    r"(?<!\w)(?:can'?t|cannot|couldn'?t|unable|nao consegue|nao consigo|nao da|no puede|no puedo|"
    r"no podemos|no alcanza|ne peut|ne peux|n'arrive|narrive|pa ka|pa kapab)(?!\w)"
)
_BE = frozenset("estoy esta ando quede se vine vino llego vim veio chegou ficou ta".split())
_ALONE_STATE = re.compile(
    r"(?<!\w)(?:i'?m|i am|am|is|are|was|were|estoy|esta|estou|to|ta|tou|je suis|est|suis|"
    r"li|mwen|m|me quede|quedo|ficou|fiquei)\s+(?:\w+\s+)?$"
)
# "they are 72 and 70", "tienen 80 y 78", "ils ont 72 et 70 ans": two people, by their ages;
# "he's 72, I'm 68": the writer and one other.
_TWO_AGES = re.compile(
    rf"(?<!\w)(?:(?:{_THEY_HAVE})\s+"
    r"\d{1,2}\s+(?:and|y|et|e|ak)\s+\d{1,2}(?!\d)"
    r"|(?:he'?s|she'?s|hes|shes|he is|she is)\s+\d{1,2}\s*(?:,|and|\.)\s*(?:and\s+)?"
    r"(?:i'?m|im|i am)\s+\d{1,2}(?!\d))"
)
# "im 15 and my brother is 11", "I'm 72 and my husband is in a wheelchair": the writer, aged,
# then who is with them.
_AGED_SELF_FIRST = re.compile(
    r"(?<!\w)(?:i'?m|im|i am|yo tengo|tengo|j'ai|eu tenho|tenho|mwen gen|m gen)\s+\d{1,2}"
    r"(?:\s+(?:years old|anos|ans|an))?\s*(?:,\s*|\s+)(?:and|y|et|e|ak)\s+"
    r"(?=(?:my|mi|ma|mon|meu|minha)\s)"
)
# "estoy sola con ellos", "i'm alone with them", "je suis seule avec eux": the writer, and the
# people just named
_ALONE_WORDS = r"sola|solo|alone|seule|seul|sozinha|sozinho|pou ?kont mwen"
_ALONE_WITH_THEM = re.compile(
    rf"(?<!\w)(?:{_ALONE_WORDS})\s+"
    r"(?:con|with|avec|com|ak)\s+(?:ellos|ellas|them|eux|elles|eles|elas|yo)(?!\w)"
)
# "estoy sola con ella", "I'm alone with him", "je suis seule avec elle", "m pou kont mwen
# avè l": the writer and one other
_ALONE_WITH_ONE = re.compile(
    rf"(?<!\w)(?:{_ALONE_WORDS})\s+"
    r"(?:con|with|avec|com|ak|ave|avek)\s+(?:ella|el|him|her|lui|elle|ele|ela|li|l)(?!\w)"
)
# ("vive sola", "li rete pou kont li", "nadie más adentro"): one person, who lives alone
_LIVES_ALONE = re.compile(
    r"(?<!\w)(?:(?:vive|vivia|vit|mora|lives|rete)\s+(?:sola|solo|seule|seul|sozinha|sozinho|"
    r"alone|by (?:herself|himself)|pou ?kont li)|nadie mas adentro|nobody else (?:inside|in there)|"
    r"no one else (?:inside|in there))(?!\w)"
)
# ("estoy sola con ellos", "with my kids", "somos…"): others are there with them
_TOGETHER = re.compile(
    r"(?<!\w)(?:con (?:mi|mis|ellos|ellas|nosotros|sus|su)|conmigo|with (?:my|me|us|them|her|his)|"
    r"avec (?:moi|mon|ma|mes|eux|elles|nous)|com (?:meu|minha|meus|minhas|eles|elas|a gente)|"
    r"comigo|ak (?:pitit|mari|madanm|manman|papa|fre|se|yo)|avek yo|somos|estamos|we are|"
    r"we're|nous sommes|on est|nou (?:\d|de|twa|kat|senk)|both of us|los dos|as duas|os dois|"
    r"nou de)(?!\w)"
)
# "mi esposa y yo", "ma femme, mes 2 enfants et moi": a list that ends with the speaker.
_SELF_LAST = re.compile(
    r"(?:,|\s(?:and|y|et|e|ak))\s+(?:me|yo|moi|eu|mwen|i|myself)"
    r"(?:\s+(?:nomas|nada mas|solamente|solos|solas|only|seulement|so|selman|nomá))?"
    r"\s*(?:[.!,;]|$|(?=\s(?:en|in|at|a|em|no|na|nan|aqui|here|ici|aca)\s))"
)
# "mi esposo y yo estamos bien", "my wife and i are ok", "ma femme et moi on va bien": the
# ones safe, counted at a check-in (in a report, "yo y mi hermana estamos bien" may leave out
# the mother trapped).
_SELF_LAST_FINE = re.compile(
    r"(?:,|\s(?:and|y|et|e|ak))\s+(?:me|yo|moi|eu|mwen|i)"
    r"(?=\s(?:estamos|tamos|somos|are|were|we're|sommes|on|nous|ficamos|nou|n)\s)"
)
# "mis suegros", "my parents", "meus pais", "paran m": two people in one word.
_PAIR = re.compile(
    r"(?<!\w)(?:papas|padres|suegros|abuelos|parents|in-laws|grandparents|grands-parents|"
    r"beaux-parents|pais|sogros|avos|paran|granparan)(?!\w)"
)
# "and me. so 4", "o sea 5", "donc 6", "kidonk 4": the sum said at the end
_SO_TOTAL = re.compile(
    r"(?:^|[.,;]|\s)\s*(?:so|so that'?s|entonces|o sea|osea|serian|donc|alors|ca fait|"
    r"entao|ou seja|kidonk|sa fe)\s+(\d{1,2})\s*(?:en total|in all|en tout|no total|total)?"
    r"\s*[.!]*$"
)
# "solo yo", "just me", "je suis seule", "só eu", "se mwen sèl": one person.
_ALONE = re.compile(
    r"^\s*(?:(?:its|it's|it is|es|c'est|c est|e|se)\s+)?(?:just me|only me|solo yo|yo nomas|"
    r"seulement moi|juste moi|so eu|se mwen selman|m poukont mwen|poukont mwen)\s*(?:[.!;,]|$)"
    # ("ayisyen, se sel mwen": the count after another answer)
    r"|(?:^|,)\s*(?:solo yo|nada mas yo|yo solo|yo sola|estoy solo|estoy sola|just me|only me|"
    r"me alone|i am alone|i'm alone|im alone|by myself|je suis seul|je suis seule|moi seul|"
    r"moi seule|juste moi|so eu|sou so eu|estou sozinho|estou sozinha|sozinho|sozinha|"
    r"mwen sel|m sel|se mwen sel|se sel mwen|sel mwen|mwen poukont mwen)\s*[.!]*$"
)
# "both fine", "los dos están bien", "les deux vont bien": two, said of who is safe
_BOTH_FINE = re.compile(
    r"(?<!\w)(?:both (?:of (?:them|us) )?(?:are |r )?(?:fine|ok|okay|good|safe|well|alright)"
    # (number words arrive as digits, padded: "les deux" is "les 2   ")
    r"|(?:los|las) (?:dos|2)\s+(?:estan|tan|estamos) (?:bien|a salvo)"
    r"|(?:os|as) (?:dois|duas|2)\s+(?:estao|tao|estamos|tamos|ta) (?:bem|bons|ok)"
    r"|(?:les|tous les|toutes les) (?:deux|2)\s+(?:vont bien|sont bien|allons bien|sont sains)"
    r"|(?:yo|nou) (?:tou )?(?:de|2)\s+(?:a )?(?:byen|anfom))(?!\w)"
)
# "4 adultos y 3 niños", "2 adults and 3 kids": groups to add up.
_ADULTS = r"adultos?|adults?|adultes?|grandes|mayores|granmoun|hombres|mujeres"
_WORKERS = r"trabajadores|workers|travailleurs|trabalhadores|travaye|obreros"
_MEN_WOMEN = r"men|women|hommes|femmes|homens|mulheres"
_PEOPLE = r"personas|people|personnes|pessoas|moun"
_GROUP = re.compile(
    rf"(?<!\w){_COUNT}\s+(?:{_ADULTS}|{_WORKERS}|"
    rf"{_SIZE}(?:{_MEN_WOMEN}|gason|fanm|bebes|bebe|babies|baby|{_PEOPLE}|{_KIDS})"
    # ("4 adults and a small boy of 6"): one child, counted by its article
    r"|(?:(?<=\ba\s)|(?<=\ban\s)|(?<=\bone\s)|(?<=\bun\s)|(?<=\buna\s)|(?<=\bum\s)|"
    rf"(?<=\buma\s)|(?<=\bune\s)){_SIZE}(?:boy|girl|kid|child|nino|nina|menino|menina|garcon|"
    r"enfant))(?!\w)"
)
# "4 ti moun", "3 little ones": children, no grown-ups
_SIZED = re.compile(rf"\s{_SIZE_WORD}\s")
_GROWN_GROUP = re.compile(rf"(?:{_ADULTS}|{_MEN_WOMEN}|{_PEOPLE}|{_WORKERS})$")
# "nomas ellos 2", "yo 2" (Creole: "they are two"), "las 2 tienen veintitantos": a count of
# others, said last
_THEM_N = re.compile(
    r"(?:^|[,.;:]\s*|\s(?:nomas|solo|just|only|juste|so|selman)\s)"
    r"(?:ellos|ellas|them|eux|eles|elas|yo|las|los|os|as)\s+(\d{1,2})"
    r"(?=\s*(?:[.!,;]|$|tienen|tem|ont|have|estan|estao|sont|are)(?!\w))"
)
# "4 en la casa", "5 in the house", "3 dans la maison", "4 na casa": the people at home
_N_AT_HOME = re.compile(
    r"(?:^|[,.;:]\s*)(\d{1,2})\s+(?:en la casa|en casa|in the house|at home|dans la maison|"
    r"a la maison|na casa|em casa|nan kay la|lakay)(?!\w)"
)
# "con nosotros", "with us", "avec nous", "com a gente", "ak nou": the writer among them
_WITH_US = re.compile(r"(?<!\w)(?:con nosotros|with us|avec nous|com a gente|conosco|ak nou)(?!\w)")
# "somos una familia de 5", "a family of four", "une famille de 6", "fanmi 5 moun".
_FAMILY_OF = re.compile(
    r"(?<!\w)(?:familia de|family of|famille de|fanmi(?:\s+(?:an|la|nou|m)\s+gen)?)\s+" + _COUNT
)
# "the whole family (6)", "toda la familia (6) contando a mi abuela": everyone, counted aside
_FAMILY_COUNTED = re.compile(
    r"(?<!\w)(?:familia|family|famille|fanmi(?:\s+(?:an|la|nou))?)\s*\(\s*(\d{1,2})\s*\)"
)


_ARTICLE_COUNTS = {"en": {"a": 1, "an": 1}, "ht": {"yon": 1}}
_WORD = re.compile(r"\w+")


def _word_end(text: str, start: int) -> int:
    """Where the word beginning at `start` ends."""
    match = _WORD.match(text, start)
    return match.end() if match else start


def _number(word: str, lexicon: Lexicon) -> int | None:
    if word.isdigit():
        return int(word)
    return next((n for table in lexicon.numbers.values() if (n := table.get(word))), None)


# "… il y a aussi le voisin", "also my neighbour", "también está mi vecina": the list goes on
_ALSO = re.compile(
    r"[.!?]\s+(?:il y a aussi|y a aussi|there'?s also|also|and also|tambien esta|tambien|"
    r"tem tambem|tambem|gen .{0,20}? tou)\b"
)
_AND_AFTER_DOTS = re.compile(
    r"\.\s*(?:(?:ah|oh|a|bueno|wait|espera|ay)\s+)?(?:y|and|et|e|ak|tambien|also|aussi|tambem)\s"
)
# "o avô dos meninos", "the grandpa of the kids": whose relative, the children named before
_OF_THE = re.compile(r"(?<!\w)(?:dos|das|de los|de las|of the)\s+$")
# "de mi esposa", "of my wife", "de ma femme", "da minha esposa": whose, not who is there
_WHOSE = re.compile(
    r"(?<!\w)(?:de|of|da|do|du|des|d')\s*(?:mi|my|ma|mon|minha|meu|su|sa|son|his|her|la|el|the|"
    r"le)\s+$"  # ("los dos niños de la vecina": the neighbour's, she is not there)
)


def _sentence(folded: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around a span."""
    ends = [m.start() for m in re.finditer(r"[.!?]\s", folded)]
    lo = max((e for e in ends if e < start), default=-1) + 1
    hi = min((e for e in ends if e >= end - 1), default=len(folded))  # "…y yo." ends it
    return lo, hi


# Someone named who is elsewhere: "mi esposo anda trabajando en dallas", "my husband is at
# work", "mon mari est au travail", "meu marido tá no trabalho", "mari m ap travay lòt bò".
_AWAY = re.compile(
    r"\s+(?:(?:anda|esta|is|est|ta|tava|estava|was|etait|te)\s+)?(?:trabajando|working|at work|"
    r"en el trabajo|au travail|trabalhando|no trabalho|no servico|ap travay|de viaje|away|"
    r"out of town|en voyage|viajando|passed|passed away|died|murio|fallecio|faleceu|morreu|"
    r"mouri|est decedee?|est morte?)(?!\w)"
)


# Relations one has only one of: named twice in a list, still one person.
_ONLY_ONE = frozenset(
    "esposo esposa marido mujer suegra suegro mama papa madre padre husband wife mom mum dad "
    "mother father mari femme mere pere maman mae pai madanm manman papa".split()
)


def _listed(folded: str, text: str, lo: int, lexicon: Lexicon, language: str | None) -> int | None:
    """How many people a list names from `lo` on, the speaker not counted; None when a
    number is not said ("and my kids")."""
    # ("o avô dos meninos": Portuguese "dos" is "of the", the boys already counted)
    kids = [
        n
        for m in _N_KIDS.finditer(folded, lo)
        if (n := _number(m.group(1), lexicon)) and not (language == "pt" and m.group(1) == "dos")
    ] + [int(m[1]) for m in _N_KIDS_TEXTED.finditer(folded, lo)]
    kids += [int(m[1]) for m in _OUR_N.finditer(folded, lo)]  # "my wife me and our 3"
    numbered_kids = {m.end() for m in _N_KIDS.finditer(folded, lo) if m.group(1).isdigit()}
    for m in re.finditer(rf"(?<!\w){_KIDS}(?!\w)", folded[lo:]):
        aged = _KIDS_AGED.match(folded, lo + m.end())
        counted_before = re.search(r"(?<!\w)\d{1,2}\s+(?:\w+\s+)?$", folded[: lo + m.start()])
        if aged and lo + m.end() not in numbered_kids and not counted_before:
            # "los niños de 4 y 9": two ("mis 2 primos chiquitos de 9 y 12" are counted)
            kids.append(len(re.findall(r"\d{1,2}", aged.group(1))))
    # ("pitit fi m", "pitit gason m": one daughter, one son, a relation counted below)
    # ("mis 2 primos chiquitos": the two counted, "chiquitos" says how old)
    unsaid = [
        m
        for m in re.finditer(rf"(?<!\w){_KIDS}(?!\w)(?!\s+(?:fi|gason)\b)", folded[lo:])
        if not re.search(r"(?<!\w)\d{1,2}\s+(?:\w+\s+)?$", folded[: lo + m.start()])
        and not _OF_THE.search(folded[max(0, lo + m.start() - 8) : lo + m.start()])
        and not (
            language == "ht" and m[0] == "pitit" and not _HT_PLURAL.match(folded, lo + m.end())
        )
    ]
    if len(unsaid) > len(kids):
        return None  # "me and my kids": how many is not said
    kin_counts = [
        (m.span(2), n)
        for m in _N_KIN.finditer(folded, lo)
        # Creole "sè", "frè" only with a number: "los demás se fueron" names no sister, and
        # only in Creole: "la niña de 6 se golpeó" is no six sisters
        if (n := _number(m.group(1), lexicon)) is not None or m.group(2) not in ("se", "fre")
        if not (m.group(2) in ("se", "fre") and language not in (None, "ht"))
    ]
    counted = [
        m.span(2)
        for p in (_N_KIDS, _N_KIDS_TEXTED)
        for m in p.finditer(folded, lo)
        if _number(m[1], lexicon)  # ("ak ti pitit li": "ak" is "and", no count)
    ]
    counted += [s for s, _ in kin_counts]
    kin_words = lexicon.of_language(lexicon.kin, language)
    # ("los papás de mi esposa, ella y yo": the wife is whose parents they are, counted once)
    kin = [
        s
        for s in lexicon.spans(kin_words, text)
        if s not in counted and s[0] >= lo and not _WHOSE.search(folded[max(0, s[0] - 12) : s[0]])
    ]
    # ("solo yo y mis dos niños, mi esposo anda trabajando en dallas": not with them)
    kin = [s for s in kin if not _AWAY.match(folded, s[1])]
    # ("yo mi esposo mi suegra… y mi esposo se pegó en la cabeza": one husband, said twice)
    words = [folded[a:b] for a, b in kin]
    kin = [s for i, s in enumerate(kin) if words[i] not in _ONLY_ONE or words[i] not in words[:i]]
    # "y sus 2 niños, el bebé tiene 8 meses": the baby is one of the children counted; ("mis
    # dos nenas… y la vecina con su bebé", "my cousin and her husband, and their baby": a
    # baby of someone else's in the list is one more)
    babies = [
        m.span()
        for m in _BABY.finditer(folded, lo)
        if not kids or _THEIR.search(folded[max(0, m.start() - 7) : m.start()])
    ]
    relatives = sum(n or 1 for _, n in kin_counts)
    pronouns = len(_PRONOUN_ITEM.findall(folded, lo))
    pairs = sum(
        1 if any(a <= m.start() < b for a, b in kin) else 2 for m in _PAIR.finditer(folded, lo)
    )
    twins = 2 * len(_TWINS.findall(folded, lo))
    by_age = len(_AGED_ONE.findall(folded, lo))  # "me, her and our 2 yr old"
    titled = [
        m.start()
        for m in _TITLED.finditer(folded, lo)
        if not any(b <= m.start() <= b + 2 + (b - a) for a, b in kin)  # "mi vecina doña Rosa"
    ]
    people = len(kin) + pairs + len(babies) + relatives + sum(kids) + pronouns + twins + by_age
    return people + len(titled)


def _counted_text(text: str, lexicon: Lexicon, language: str | None) -> str:
    """The text folded, numbers as digits, the texted "and" as "y", Creole "avèk" as "ak"."""
    # "me her n my husband", "yo & mi hija": the texted "and", same length, same offsets
    folded = re.sub(r"(?<=\s)[n&](?=\s)", "y", numbered(text, lexicon, language))
    if language == "es":
        folded = re.sub(r"(?<=\s)i(?=\s)", "y", folded)  # "yo i mi viejo": the "y" as heard
    # Creole "avèk" is "ak" said in full: "mwen avèk manman m ak frè m" (same length)
    folded = re.sub(r"(?<!\w)avek(?!\w)", " ak ", folded)
    # ("we are 9 men, one of us is bleeding"): one among them is no count (same length)
    return _ONE_OF_US.sub(lambda m: " " * len(m[0]), folded)


_ONE_OF_US = re.compile(
    r"(?<!\w)(?:1|one|uno|una|un|l'un|l'une|um|uma|youn)\s+(?:of us|of them|de nosotros|"
    r"de nosotras|de ellos|de nous|d'entre nous|de nos|de nois|nan nou|nan yo)(?!\w)"
)


def _unhosted(text: str) -> str:
    """The text with whose home they are in blanked ("on est chez un ami, moi, ma femme et
    notre bébé" counts no friend), same length, same offsets."""
    folded = fold(text)
    if len(folded) != len(text):
        return text
    for found in reversed(list(_HOSTED_BY.finditer(folded))):
        text = text[: found.start()] + " " * len(found[0]) + text[found.end() :]
    return text


_HOSTED_BY = re.compile(
    r"(?<!\w)(?:chez (?:un|une|des|mon|ma|mes|nos|notre) (?:ami|cousin|oncle|tante|voisin|frere"
    r"|soeur|parent)\w*|en (?:la )?casa de (?:un|una|unos|unas|mi|mis|nuestr[oa]s?) \w+"
    r"|at (?:my|a|our) \w+'?s (?:place|house|home|apartment|apt)"
    # ("we went to stay by my friend", "staying with my cousin in katy"): who hosts them
    r"|(?:stay|stays|stayed|staying|sleeping|slept) (?:by|with|at) (?:my|a|our) (?:\w+ )?"
    r"(?:friend|cousin|aunt|uncle|neighbou?r|sister|brother|family|relatives?)s?"
    r"|donde (?:un|una|mi|mis) (?:amig|prim|vecin|ti|conocid)\w*"
    r"|(?:na|em) casa d[aoe]s? (?:um |uma |meu |minha |meus |minhas )?\w+"
    r"|lakay (?:yon|youn) \w+|lakay (?:zanmi|kouzen|kouzin|fanmi|matant|tonton)\w*)(?!\w)"
)


def lists_everyone(text: str, lexicon: Lexicon, language: str | None = None) -> bool:
    """Whether a message counts the whole group in so many words: "somos 5", or a list with
    the writer in it ("mwen, mari m ak de pitit nou yo")."""
    folded = _counted_text(text, lexicon, language)
    return any(p.search(folded) for p in (_WE_ARE, _SELF_FIRST, _SELF_LAST, _N_TOTAL))


# "et mon oncle aussi", "also my mom is here with us", "se me olvidó mi suegra": more people,
# after the count was given ("mi mamá está con nosotros" alone is one of the count)
_JOINING_WORD = re.compile(
    r"(?<!\w)(?:also|too|as well|aussi|tambien|tambem|se me olvido|i forgot|j'ai oublie|"
    r"esqueci|m bliye)(?!\w)"
)
_HT_TOO = re.compile(r"(?<!\w)tou(?!\w)")  # Creole "too" (Portuguese "tou" is "I am")
# ("we are 3 adults", then "an 2 pickney"): a message that begins with "and" adds to the count
_AND_FIRST = re.compile(r"^\W*(?:and|an|n|y|et|e|ak|plus|mas|mais|\+)\s+(?=\d)")
_CLAUSE_END = re.compile(r"[.!?,;]|\s(?:but|pero|mais|mas|men)\s")
_LIVES_ELSEWHERE = re.compile(r"(?<!\w)(?:vive|vit|mora|lives|rete|abroad|lot bo)(?!\w)")


def joining(text: str, lexicon: Lexicon, language: str | None = None) -> int | None:
    """How many more people a message adds to a count already given ("et mon oncle aussi",
    "also my mom is here with us"), or None."""
    plain = fold(text)  # (the cheap test first: asked of every message once a count is known)
    ht_too = language == "ht" and _HT_TOO.search(plain)
    if not (_JOINING_WORD.search(plain) or ht_too or _AND_FIRST.match(plain)):
        return None
    folded = _counted_text(text, lexicon, language)
    # the first clause: "…their mum is still inside" is someone else's
    clause = _CLAUSE_END.search(folded)
    hi = clause.start() if clause else len(folded)
    joined = (
        _JOINING_WORD.search(folded, 0, hi)
        or (language == "ht" and _HT_TOO.search(folded, 0, hi))
        or _AND_FIRST.match(folded)
    )
    if not joined or _LIVES_ELSEWHERE.search(folded, 0, hi):
        return None
    if _RECOUNT.match(folded) or _ENDS_ON.search(folded):
        return None  # "no 5, se me olvidó la bebé": the count corrected, not added to
    return _listed(folded[:hi], text[:hi], 0, lexicon, language) or None


# "como 12, hay 4 niños", "about 20. 6 kids": a bare number first, asked how many, is the total
_TOTAL_FIRST = re.compile(
    r"^\W*(?:(?:como|unos|unas|uns|umas|about|around|like|maybe|environ|tipo|anviwon|"
    r"mas o menos|more or less|casi|almost|quase|presque)\s+)?(\d{1,2})\s*[,.;:]"
)


_NO_ONE = re.compile(r"(?<!\w)no[ -]?one(?!\w)", re.IGNORECASE)


def recount(text: str, lexicon: Lexicon, language: str | None = None) -> int | None:
    """The head count corrected in a message of its own ("no 5, se me olvidó la bebé", "non
    set"), or None."""
    # ("no one is hurt": nobody, no "no, 1")
    text = _NO_ONE.sub("nobody", text)
    match = _RECOUNT.match(_counted_text(text, lexicon, language))
    if not match or not 0 < int(match[1]) < 100:
        return None
    # ("perdón, tiene 78, no 87": an age corrected, not the count)
    aged = _AGE_VERB_BEFORE.search(match.string, 0, match.start(1)) is not None
    return None if aged or int(match[1]) in ages(text, lexicon, language) else int(match[1])


def count_here(text: str, lexicon: Lexicon, language: str | None = None) -> int | None:
    """How many are where the writer is, said after the whole family ("somos 6 en la familia
    pero mi esposo está en antofagasta, aquí estamos 5", "so 4 here"), or None."""
    return _here_of(_counted_text(text, lexicon, language))


def _here_of(folded: str) -> int | None:
    """`count_here` on text already counted (numbers as digits)."""
    here = _COUNT_HERE.search(folded)
    if here is None:
        return None
    n = int(here[1] or here[2])
    bigger = [
        m for m in re.finditer(r"(?<!\w)\d{1,2}(?!\w)", folded[: here.start()]) if int(m[0]) > n
    ]
    # ("somos 6… mi esposo está en antofagasta… aquí 5"; not "nós é seis da família, cinco aqui
    # embaixo", the sixth trapped inside): the others said to be elsewhere
    away = bigger and _OTHERS_AWAY.search(folded, bigger[0].end(), here.start())
    return n if 0 < n < 100 and away else None


def head_count(
    text: str, lexicon: Lexicon, language: str | None = None, safe: bool = False
) -> int | None:
    """How many people a phrase counts, the speaker included, when it says so plainly:
    "con mis 3 hijos" is 4, "me, my sister and her 2 kids" is 4; otherwise None. `safe`: said
    of who is fine ("mi esposo y yo estamos bien" is 2)."""
    counted = _head_count(text, lexicon, language, safe)
    if language != "en" and _SAID_IN_ENGLISH.search(fold(text)):
        # ("mi wife, yo y 3 kids", "its me, my mom, my dad…" read as Spanish): the people
        # named in English words are counted in English too
        other = _head_count(text, lexicon, "en", safe)
        if other is not None and (counted is None or other > counted):
            return other
    return counted


# English words for the people with them, in a message read as another language
_SAID_IN_ENGLISH = re.compile(
    r"(?<!\w)(?:my|me and|wife|husband|kids|daughter|brother|sister|mom|dad|"
    r"grandma|grandpa)(?!\w)"
)


def _head_count(text: str, lexicon: Lexicon, language: str | None, safe: bool) -> int | None:
    """`head_count` in one language."""
    text = _unhosted(text)
    folded = _counted_text(text, lexicon, language)
    if _ALONE.search(folded):
        return 1
    if (here := _here_of(folded)) is not None:
        return here  # "somos 6 en la familia pero mi esposo está en antofagasta, aquí estamos 5"
    if (so := _SO_TOTAL.search(folded)) and 1 < int(so[1]) < 100:
        return int(so[1])  # "and me. so 4": the total, said last
    if match := _FAMILY_OF.search(folded):
        return _number(match.group(1), lexicon)
    if (aside := _FAMILY_COUNTED.search(folded)) and 0 < int(aside[1]) < 100:
        return int(aside[1])
    if safe and _BOTH_FINE.search(folded):
        return 2  # "both fine, my dad is 66 my mom 61"
    if (last := _THEY_ARE_LAST.search(folded)) and 1 < int(last[1]) < 100:
        return int(last[1])  # "esta con su esposa y la niña de 2 años, son 3"
    first = _THEY_ARE_FIRST.match(folded)
    if first and first[0].endswith(":") and 1 < int(first[1]) < 100:
        return int(first[1])  # "yo 4: tonton m, madanm li ak 2 ti pitit yo": the count, then who
    if _THE_TWO_OF_US.search(folded) or _THE_TWO_OF_THEM.search(folded):
        return 2  # "se li menm ak mwen sèlman", "solo ella y yo", "the two of them"
    if _WITH_ONE_OTHER.match(folded):
        return 2  # "esta con mi tio, el tiene 58"
    if (me_plus := _ME_PLUS_N.search(folded)) and 0 < int(me_plus[1]) < 99:
        return int(me_plus[1]) + 1  # "me plus 6 seniors"
    if (plus := _N_PLUS_BABY.search(folded)) and 0 < int(plus[1] or plus[2]) < 99:
        return int(plus[1] or plus[2]) + 1  # "somos 3 más la niña", "we r 2 + my mother"
    if (with_me := _N_WITH_ME.search(folded)) and 0 < int(with_me[1]) < 100:
        return int(with_me[1])  # "cuantos somos? 6 conmigo"
    said_first = re.search(r"(?<!\w)\d{1,2}(?!\d)", folded)
    ends = list(_ENDS_ON.finditer(folded))
    if said_first and ends and said_first.start() < ends[-1].start(1) and 1 < int(ends[-1][1]):
        return int(ends[-1].group(1))  # the last total said, after a first count or list
    if (mine := _AND_I_MAKE.search(folded)) and int(mine[2]) == int(mine[1]) + 1:
        return int(mine[2])
    if more := _AND_N_MORE.search(folded):
        return int(more[1] or more[2]) + 1
    if (band := _AND_N_OTHERS.search(folded)) and 0 < int(band[1] or band[2]) < 99:
        return int(band[1] or band[2]) + 1  # "she and 3 other girls are hiding"
    if plus := _THEY_PLUS_ME.search(folded):
        hi = _sentence(folded, plus.start(), plus.end())[1]
        with_them = _listed(folded[:hi], text[:hi], plus.end(), lexicon, language)
        return int(plus[1]) + 1 + (with_them or 0)
    total = _N_TOTAL.search(folded)
    if total and total[0].endswith("tou") and _KID_BEFORE.search(folded, 0, total.start()):
        total = None  # "gen yon timoun 4 an tou": a child of 4 too, no total
    if total and 1 < int(total[1]) < 100:
        return int(total[1])  # "5 total w my husband", "7 en total con la abuela"
    if houses := _TWO_HOUSES.search(folded):
        return sum(int(n) for n in houses.groups() if n)
    if (both := _US_AND_THEM.search(folded)) and 0 < int(both[1]) + int(both[2]) < 100:
        return int(both[1]) + int(both[2])  # "nosotros 4 y los vecinos 5": two households
    if (couples := _COUPLES.search(folded)) and 0 < int(couples[1]) < 50:
        return 2 * int(couples[1])  # "somos 3 casais brasileiros"
    if _A_COUPLE.search(folded):
        return 2  # "nous sommes un couple de retraités"
    # ("no somos 5, somos 6", "we're not 4, we are 5"): the count denied is not the count
    counts = [m for m in _WE_ARE.finditer(folded) if not _COUNT_DENIED.search(folded, 0, m.start())]
    said = counts[0] if counts else None
    if said and _WE_WERE.match(said[0]) and not _WE_WERE.match(counts[-1][0]):
        said = counts[-1]  # "éramos 8 pero… se fueron en lancha, ahora somos 6"
    if said and 0 < int(said.group(1)) < 100:
        if fixed := _RECOUNTED.match(folded, said.end()):
            return int(fixed.group(1))  # "nou 4. non 5, m bliye tonton m"
        return int(said.group(1))  # "nou sèt moun, gen 3 timoun ladan": 7, the 3 among them
    other = _SOMEONE_WITH.search(folded)
    # ("eu to em goiania. ela ta com os 2 filhos"): the writer said apart, in a sentence of
    # their own, is not with them
    lo, hi = _sentence(folded, other.start(), other.end()) if other else (0, len(folded))
    if other and not (_writer_in(folded[lo:hi], language) or _N_PEOPLE.search(folded)):
        with_them = _listed(folded[:hi], text[:hi], other.end(), lexicon, language)
        if with_them:
            return with_them + 1  # "hes with his wife and 3 kids": 5, someone else's group
    they = _THEY_ARE.search(folded) or _THEY_ARE_FIRST.match(folded)
    if they and 0 < int(they.group(1)) < 100 and not _writer_in(folded, language):
        return int(they.group(1))  # ("son dos chamacos… y yo": the writer counts too)
    if (guess := _MUST_BE_N.search(folded)) and 1 < int(guess[1]) < 100:
        return int(guess[1])  # "devem ser uns 8, tem 2 crianças", seen from outside
    if (said := _ALL_OF_US.search(folded)) and 0 < int(next(g for g in said.groups() if g)) < 100:
        return int(next(g for g in said.groups() if g))  # "los cuatro de la casa", "the 4 of us"
    if (said := _N_PEOPLE.search(folded)) and 0 < int(said.group(1)) < 100:
        return int(said.group(1))  # "… et nos 2 enfants. 5 personnes en tout"
    if (first := _TOTAL_FIRST.match(folded)) and 1 < int(first[1]) < 100:
        among = [n for m in _GROUP.finditer(folded, first.end()) if (n := _number(m[1], lexicon))]
        if among and all(n < int(first[1]) for n in among):
            return int(first[1])  # "como 12, hay 4 niños": the total first, then who is among it
    matches = list(_GROUP.finditer(folded))
    # ("4 adults and a baby", "3 granmoun ak yon bebe": the article counts one)
    article = _ARTICLE_COUNTS.get(language or "", {})  # ("a bebe" in Portuguese is "the baby")
    # ("o avô dos meninos": Portuguese "dos" is "of the")
    matches = [m for m in matches if not (language == "pt" and m.group(1) == "dos")]
    groups = [n for m in matches if (n := _number(m.group(1), lexicon) or article.get(m.group(1)))]
    numbers = [m.span() for m in re.finditer(r"(?<!\w)\d+(?!\w)", folded)]
    # "nous sommes 6, 4 adultes et 2 enfants" says its total: a number outside the groups.
    # ("4 grandes y 2 chiquitos, uno de 4 y uno de 1 año": the ages are no total)
    total_said = any(
        not any(g.start() <= a < g.end() for g in matches)
        and not OF_AGE.search(folded[:a])
        and not _AGE_VERB_BEFORE.search(folded[:a])  # "… my mother in law who is 69"
        and re.match(_NOT_PEOPLE, folded[b:]) is not None
        and not re.match(r"\s+(?:de|of)\s", folded[b:])  # "uno de 4": one of them, aged 4
        for a, b in numbers
    )
    if len(groups) > 1 and not total_said:
        # ("3 adults and 2 kids, and my grandma who is 81": someone more after the groups)
        last = matches[-1]
        hi = _sentence(folded, last.start(), last.end())[1]
        after = _listed(folded[:hi], text[:hi], last.end(), lexicon, language) or 0
        return sum(groups) + (after if _AND_MORE.match(folded, last.end()) else 0)
    # (a count in the message's own words: "de homens" is no Creole "two men")
    grown = matches[0] if len(matches) == 1 and groups else None
    own = lexicon.numbers.get(language or "", {})
    if grown is None or not (grown[1].isdigit() or grown[1] in own) or _SIZED.search(grown[0]):
        grown = None
    if grown and _GROWN_GROUP.search(grown[0]) and _MORE_AFTER.match(folded, grown.end()):
        # "somos 3 adultos y mi hijo de 12", "3 adults and my mom": the writer among the
        # grown-ups, the list going on to its full stop
        hi = _sentence(folded, grown.start(), grown.end())[1]
        rest = _listed(folded[:hi], text[:hi], grown.end(), lexicon, language)
        if rest:
            return groups[0] + rest
    if grown and _GROWN_GROUP.search(grown[0]) and not _writer_in(folded, language):
        return groups[0]  # "una cuadrilla de 6 trabajadores atrapados en una obra"
    if grown and _GROWN_GROUP.search(grown[0]) and _WE_ARE_BEFORE.search(folded, 0, grown.start()):
        return groups[0]  # "nous sommes 5 adultes, personne blessé": all of them grown-ups
    if (them := _THEM_N.search(folded)) and not _writer_in(folded, language):
        return int(them[1])  # "esta con su señora…, nomas ellos 2", "yo nan yon abri, yo 2"
    if (home := _N_AT_HOME.search(folded)) and 0 < int(home[1]) < 100:
        return int(home[1])  # "somos colombianos, 4 en la casa"
    if (us := _WITH_US.search(folded)) is not None:
        lo, hi = _sentence(folded, us.start(), us.end())
        others = _listed(folded[:hi], text[:hi], lo, lexicon, language)
        if others:
            return 1 + others  # "mi esposa… y esta mi suegro con nosotros": the writer, and them
    listed = (
        _SELF_FIRST.search(folded)
        or _SELF_LAST.search(folded)
        or (_SELF_LAST_FINE.search(folded) if safe else None)
    )
    if listed:
        # The list is the sentence the speaker is in: "mi esposo, yo y mis suegros. mi suegro
        # tiene 72" names the father-in-law twice, not five people.
        lo, hi = _sentence(folded, listed.start(), listed.end())
        # "… et moi. il y a aussi le voisin", "mi esposa... ah y la bebe": one more sentence
        if _ALSO.match(folded, hi) or (
            folded[hi - 2 : hi] == ".." and _AND_AFTER_DOTS.match(folded, hi)
        ):
            hi = _sentence(folded, hi + 2, hi + 2)[1]
        others = _listed(folded[:hi], text[:hi], lo, lexicon, language)
        return None if others is None else 1 + others
    # "ma soeur, son mari et leurs 3 enfants", "him and his girlfriend", written by a relative
    # from home: the people in the case, the writer not among them
    if (first := _THIRD_PERSON_LIST.search(folded)) is not None:
        lo, hi = _sentence(folded, first.start(), first.end())
        # ("its her and the baby i think": a guess of the writer's, who is not among them)
        if not _writer_in(_GUESS.sub(" ", folded[lo:hi]), language):
            # a pronoun leading the list is a person too: "him and his girlfriend"
            lead = _LEAD_PRONOUN.match(folded, first.start()) is not None
            # ("mi primo está atrapado, él, su esposa y…": the cousin is "él", the list his)
            start = first.start() if lead else lo
            others = _listed(folded[:hi], text[:hi], start, lexicon, language)
            # (", el, mi hermana y sus 2 hijos": a pronoun the list counted is counted once)
            lead = lead and _PRONOUN_ITEM.search(folded, first.start(), hi) is None
            if others is not None and others + lead >= 2:
                return others + lead
    if (voiced := _WE_LIST.search(folded)) is not None:
        hi = _sentence(folded, voiced.start(), voiced.end())[1]
        others = _listed(folded[:hi], text[:hi], voiced.start(), lexicon, language)
        if others:
            return 1 + others
    if (mine := _WITH_ME.search(folded)) is not None:
        lo, hi = _sentence(folded, mine.start(), mine.end())
        others = _listed(folded[:hi], text[:hi], lo, lexicon, language)
        if others:
            return 1 + others
    if match := _WITH_KIDS.search(folded) or _WITH_PEOPLE.search(folded):
        others = _number(match.group(1), lexicon)
        if others and _MORE_AFTER.match(folded, match.end()):
            # "con mis 4 hijos y mi mamá que tiene 70": the list goes on to its full stop
            hi = _sentence(folded, match.start(), match.end())[1]
            others = _listed(folded[:hi], text[:hi], match.start(), lexicon, language) or others
        return others + 1 if others else None
    one = _WITH_ONE_CHILD.search(folded)
    # ("estoy con mi hijo de 14 que es sordo y con mi mamá": the list goes on)
    hi = _sentence(folded, one.start(), one.end())[1] if one else 0
    goes_on = one is not None and _AND_WITH.search(folded, one.end(), hi) is not None
    if one and not _MORE_AFTER.match(folded, one.end()) and not goes_on:
        return 2  # "m ap dòmi nan lari a ak pitit mwen": the speaker and the child
    if (along := _WITH_KIN.search(folded)) is not None:
        # "estoy con mi mamá y mi hermana": the speaker and the relatives named
        lo, hi = _sentence(folded, along.start(), along.end())
        others = _listed(folded[:hi], text[:hi], along.end(), lexicon, language)
        lead = _LEAD_PRONOUN.match(folded, along.end()) is not None
        lead = lead and _PRONOUN_ITEM.search(folded, along.start(), hi) is None  # counted once
        if others:
            return 1 + others + lead
    # ("estoy sola, mi esposo está trabajando en otay", "vim sozinho, minha tia não atende"):
    # alone, whoever else is named
    if _TWO_AGES.search(folded):
        return 2
    if _ALONE_WITH_THEM.search(folded) and (others := _listed(folded, text, 0, lexicon, language)):
        return 1 + others  # "tengo 3 niños de 2, 5 y 8. estoy sola con ellos"
    if (aged := _AGED_SELF_FIRST.search(folded)) is not None:
        hi = _sentence(folded, aged.start(), aged.end())[1]
        others = _listed(folded[:hi], text[:hi], aged.end(), lexicon, language)
        if others:
            return 1 + others
    if _LIVES_ALONE.search(folded):
        return 1
    # (with an age or a relation said: "je suis seule avec lui", locked in by him, is one)
    if _ALONE_WITH_ONE.search(folded) and (
        ages(text, lexicon, language) or relation_said(text, lexicon, language)
    ):
        return 2  # "minha sogra tem 80 anos, eu tô sozinha com ela": the writer and her
    alone = _ALONE_SAID.search(folded)
    if alone is None:
        pair = _ME_AND_ONE.search(folded) or _I_WITH_ONE.search(folded)
        if pair and not pair[1].endswith("s") and lexicon.spans(lexicon.kin, pair[1]):
            return 2  # "attacked me and my friend near the station", "m kache ak manman m"
    if alone is None or _TOGETHER.search(folded):
        return None
    # ("I'm alone and can't get out" is alone: said as a state)
    state = _ALONE_STATE.search(folded[: alone.start()]) or alone[0].split()[0] in _BE
    # ("he can't get her upstairs by himself", "a filha sozinha não consegue carregar ela"):
    # how a task is done, not who is there
    around = folded[max(0, alone.start() - 40) : alone.end() + 30]
    return 1 if state or not _UNABLE.search(around) else None


# Who a report is about when no count is said. An officer records one person for a woman
# locked in a bathroom by her partner, and two for "my parents", though neither says a number.
SELF = "self"  # the writer, speaking of themself alone
PAIR = "pair"  # the writer's parents (grandparents, in-laws), the writer not with them
OTHERS = "others"  # someone else named, or a group: no count without a number
# The writer and one other, named by relation ("mi esposa está por dar a luz", "my roommate
# is stuck"): two. Kept as "one:<word>" so that the same relation named again is still two.
ONE_MORE = "one"

# A singular writer: "estoy", "im locked in", "je suis", "tô", "m bloke".
_I = re.compile(
    r"(?<!\w)(?:yo|estoy|me|mi|i|i'm|im|i am|my|je|j'|moi|suis|eu|estou|to|tou|mwen|m)(?!\w)"
)
# A group the writer is in: "we", "nosotros", "on est", "a gente", "nou".
_WE = re.compile(
    r"(?<!\w)(?:we|we're|were|us|our|nosotros|nosotras|somos|estamos|tamos|nuestro|nuestra|"
    r"nuestros|nuestras|nos|nous|on est|on a|notre|a gente|nossa|nosso|ficamos|nou|both|"
    r"ambos|los dos|les deux|os dois|todos|tous|everyone|tout moun)(?!\w)"
)
# The partner or employer harming the writer is no company: "mi pareja me pegó", "my bf is
# hitting the door", "mari m bat mwen", "meu marido me bateu", "la patrona me encierra".
_HARMER = re.compile(
    r"(?<!\w)(?:pareja|esposo|marido|novio|ex|bf|boyfriend|husband|partner|mari|copain|"
    r"conjoint|namorado|companheiro|patron|patrona|jefe|jefa|boss|patroa|patrao|mennaj)"
    r"(?:\s+(?:m|mwen))?(?!\w)(?=(?:\s+\S+){0,6}?\s+(?:me|m'|m|mwen|the door|la puerta|la porte|"
    r"a porta|pot la)\b)"
)
# "hay otras 2 muchachas", "there are others": more people than the writer
_OTHER_PEOPLE = re.compile(
    r"(?<!\w)(?:otras|otros|others|other people|other girls|other guys|d'autres|autres|outros|"
    r"outras|lot moun|lot yo|vecinos|neighbors|neighbours|voisins|vizinhos|vwazen yo)(?!\w)"
)
_PARENT = re.compile(
    r"(?<!\w)(?:papa|mama|padre|madre|dad|mom|mum|father|mother|pere|mere|maman|pai|mae|"
    r"manman)(?!\w)"
)


def company(text: str, lexicon: Lexicon, language: str | None, before: str | None) -> str | None:
    """Who a report's message says is in it, given what the report's earlier messages said
    (`before`): SELF, PAIR, OTHERS, or None when it says nothing of who."""
    folded = fold(text)
    if before == OTHERS:
        return OTHERS
    kin_words = lexicon.of_language(lexicon.kin, language)
    kids_words = lexicon.of_language(lexicon.vulnerability.get("children", {}), language)
    old_words = lexicon.of_language(lexicon.vulnerability.get("elderly", {}), language)
    harmers = [m.span() for m in _HARMER.finditer(folded)]
    kin_spans, old_spans = (
        [(a, b) for a, b in lexicon.spans(words, text) if not any(x <= a < y for x, y in harmers)]
        for words in (kin_words, old_words)
    )
    named = [folded[a:b] for a, b in (*kin_spans, *old_spans)]
    kids = bool(lexicon.spans(kids_words, text)) or children_named(text)
    counted = _GROUP.search(numbered(text, lexicon, language)) or _OTHER_PEOPLE.search(folded)
    parents = _PAIR.search(folded) is not None and not _WE.search(folded)
    if parents and before in (None, SELF, PAIR) and not kids:
        rest = [w for w in named if not _PAIR.fullmatch(w) and not _PARENT.search(w)]
        return OTHERS if rest else PAIR
    if before == PAIR:
        rest = [w for w in named if not _PARENT.search(w)]
        return OTHERS if rest or kids or counted else PAIR
    if not (kids or counted) and (one := _one_more(folded, kin_spans, language, before)):
        return one
    if named or kids or counted or _WE.search(folded):
        return OTHERS
    if _I.search(folded):
        return before or SELF
    return before


# A neighbour the writer reports for is someone apart, not company
_NEIGHBOUR = re.compile(r"vecin[oa]|neighbou?r|voisine?|vizinh[oa]|vwazi?n")


# Creole plural after a relation: "frè m yo", "kouzen yo"
_HT_THEY = re.compile(r"\s+(?:m\s+|mwen\s+)?yo(?!\w)")


def _one_more(
    folded: str, kin_spans: list[tuple[int, int]], language: str | None, before: str | None
) -> str | None:
    """ONE_MORE with the relation when a message names one relative of the writer's (among
    `kin_spans`, the relations named and not harming), singular and not away (or names no one
    new after such a message); None otherwise."""
    if before not in (None, SELF) and not (before or "").startswith(ONE_MORE + ":"):
        return None
    kin = {
        folded[a:b]
        for a, b in kin_spans
        if not _AWAY.match(folded, b) and not (language == "ht" and _HT_THEY.match(folded, b))
    }
    # ("mis hermanitos"; "its my neighbour, she's 83": the writer reports for them, apart)
    if any(w.endswith(("os", "as")) or _NEIGHBOUR.fullmatch(w) for w in kin):
        return None
    said = {(before or "").partition(":")[2]} - {""}
    if len(kin | said) != 1:
        return None
    if not kin and not _WE.search(folded):
        return before  # nothing of who: as before
    return f"{ONE_MORE}:{next(iter(kin | said))}"


def implied_count(company_said: str | None) -> int | None:
    """The head count an officer records when none was said: one for a writer alone, two for
    a pair (parents, grandparents, in-laws) or for the writer and one relative; None
    otherwise."""
    if (company_said or "").startswith(ONE_MORE + ":"):
        return 2
    return {SELF: 1, PAIR: 2}.get(company_said or "")
