"""The vocabulary of the "who / where" rules (summarizer/entities/rules.py): cue words and patterns.

Every list is about how English news writes names, not about any one article: organisation words,
club words, place words, titles that follow a role, stop words, and the phrases around a name that
say what it is.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


KNOWN_ORGS = _words(
    "reuters ap afp interfax itar-tass tass xinhua bloomberg upi nato un u.n. eu e.u. osce imf wto opec "
    "unicef unesco unhcr who fifa uefa ioc nasa fbi cia nsa kgb fsb bbc cnn pentagon interpol "
    "europol hamas hezbollah taliban al-qaeda isis isil mi5 mi6 gatt asean apec g7 g8 g20 mercosur nafta "
    # Institutions named by one word of their own.
    "senate congress bundestag bundesrat duma knesset sejm treasury fed bundesbank"
) | frozenset(
    {"european union", "united nations", "world bank", "red cross", "security council",
     "european commission", "federal reserve", "wall street journal", "new york times",
     "world health organization", "al qaeda", "islamic state", "house of commons", "house of lords",
     "house of representatives", "supreme court"}
)  # fmt: skip
# The last word of an organisation's name ("Acme Corp", "Labour Party", "Ajax Amsterdam" is not here).
ORG_LAST = _words(
    "inc inc. corp corp. corporation co co. company companies ltd ltd. plc llc ag sa nv gmbh bv spa ab "
    "asa oy group holdings holding bank bancorp banks fund trust securities capital partners "
    "industries motors airlines airways systems technologies communications telecom petroleum oil "
    "energy exchange agency ministry council party union commission committee department office "
    "board authority service services institute foundation organisation organization federation "
    "association league club fc cf sc afc united rovers wanderers athletic albion hotspur "
    "university college school academy hospital parliament congress senate assembly cabinet court "
    "government police army navy forces guard brigade front movement bureau newsroom times post news "
    "journal herald telegraph gazette tribune daily press radio television tv network "
    "reserve treasury administration secretariat tribunal church"
)
# A club or body named by its first word ("Real Madrid", "FC Porto", "Bank of England").
ORG_FIRST = _words(
    "fc ac as sc sv vfb vfl tsv real sporting atletico atlético dynamo dinamo borussia olympique "
    "olympiakos racing deportivo inter lokomotiv spartak cska steaua rapid hapoel maccabi bank "
    "university ministry council department bureau institute association federation league "
    "organisation organization union committee"
)
# The last word of a place's name ("Wall Street", "Gulf of Mexico" goes by its first).
PLACE_LAST = _words(
    "street avenue road square river lake sea ocean gulf bay island islands mountains mountain valley "
    "strait straits peninsula province region county state airport desert canal heights coast massif "
    "glacier volcano harbour harbor springs beach park forest canyon falls plateau highway"
)
PLACE_FIRST = _words("gulf lake mount mont monte mt. cape port fort san santa st st. saint")
# Events, prizes, products, languages: names, but not a person, place or organisation.
OTHER_LAST = _words(
    "cup championship championships games olympics open prix trophy tournament series tour award "
    "awards prize medal day week festival war index accord agreement treaty act law bill plan "
    "conference summit talks election elections stakes classic derby final finals"
)
DEMONYM_END = re.compile(r"(?:ians?|ese|ish|eans?|ic|is?|ans?)$")
# Demonyms that share no stem with their place, and words for faiths and peoples.
DEMONYMS = _words(
    "british french dutch swiss english welsh scottish scots irish greek thai arab arabs turkish danish "
    "swedish finnish spanish polish czech slovak filipino afghan basque catalan flemish kurdish kurd "
    "kurds jewish jew jews muslim muslims christian christians catholic catholics protestant islamic "
    "western eastern northern southern european asian african american latin roman serb serbs croat "
    "croats bosnian bosnians israeli israelis palestinian palestinians briton britons scot kiwi"
)
STOP = _words(
    "the a an and but or nor so yet he she it they we i you in on at to of for by with from this that "
    "these those there here his her their our its my your as after before when while if once though "
    "although because since until unless meanwhile however also then now today yesterday tomorrow "
    "last next more most many much some several all both each every other another such no not only "
    "just even still already again monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec mr mrs ms dr officials authorities people sources reports "
    "according breaking update live watch read photo video image everything nothing something "
    "everyone anyone someone what who why how where which one two three four five six seven eight "
    "nine ten first second third total result results standings scores score table note "
    "notes summary analysis preview report reuters-style pct percent am pm gmt est edt bst cet "
    "utc q1 q2 q3 q4 h1 h2 fy vs v god did does do is are was were will would can could should has "
    "have had get got"
)
NOT_ACRONYMS = _words(
    "i ii iii iv v vi tv ceo cfo coo pm am gmt bst utc est edt ok id dna hiv aids covid gdp vat mp "
    "mps ad bc pct ltd inc plc nb ps faq rbi era ko"
)
CONNECTORS = _words("of for de del della di da du la le van von der den ter bin al el y & and")
FOR_HEADS = _words(
    "center centre institute organisation organization committee council commission foundation fund "
    "society association league alliance coalition movement campaign office agency bureau department "
    "ministry school college university federation union party front"
)
ABBREVIATIONS = _words(
    "mr mrs ms dr st mt ft gen col lt sgt capt cmdr adm prof rev gov sen rep jr sr inc corp co ltd "
    "bros no vs ala ariz ark calif colo conn fla ill kan ky md mass mich minn mont neb nev okla ore tenn "
    "vt wis wyo"
)
ROLE_MODIFIERS = _words(
    "prime foreign defence defense finance interior deputy vice acting former senior chief trade "
    "economy justice health home first state assistant junior executive managing general"
)

DIRECTIONS = _words(
    "north south east west northern southern eastern western central greater downtown upper lower inner"
)
# Words that head a name with "of": "Republic of Ireland", "Isle of Man", "Organisation of ...".
OF_HEADS = _words(
    "republic kingdom isle duke duchess earl prince princess emirate sultanate state states province "
    "city port cape bay sea strait district region county house court chamber office secretariat"
)
AFTER_TITLE = _words("state affairs general staff defence defense interior justice finance")

PERSON_AFTER = re.compile(
    r"^,?\s+(?:said|says|told|added|wrote|tweeted|explained|admitted|insisted|claimed|warned|urged|"
    r"announced|denied|stated|scored|who|himself|herself|\(\d{1,2}\)|,\s*\d{1,3},)\b|^\s*,\s*\d{1,3}\s*,"
)
# Words around a name that say it is an organisation: "the daily El Pais", "Italian club Juventus",
# "shares in Nokia", "Liverpool striker", "Acme shares".
ORG_BEFORE = re.compile(
    r"\b(?:newspaper|daily|weekly|paper|magazine|agency|company|firm|group|club|side|team|party|carrier|"
    r"airline|bank|insurer|maker|giant|rivals|champions|shares (?:in|of)|stake in|merger with|"
    r"takeover of|bid for|signed for|joined|played for|plays for|newcomers|holders)\s+(?:the\s+)?$"
)
ORG_AFTER = re.compile(
    r"^\s+(?:newspaper|daily|agency|news agency|shares|stock|striker|midfielder|defender|goalkeeper|"
    r"coach|manager|forward|winger|fans|supporters|chairman|spokesman|spokeswoman|officials|"
    r"executives|management|board)\b"
)
SPORT_WORDS = _words(
    "scored goal goals match matches league season striker midfielder defender goalkeeper coach "
    "innings wickets halftime half-time penalty penalties semifinal semi-final quarter-final "
    "playoff play-off tournament seeded champions draw drew beat"
)
PLACE_BEFORE = re.compile(
    r"\b(?:in|near|outside|across|towards|around|from|to|at|(?:north|south|east|west|city|town|village|"
    r"region|province|capital|suburb|county|state|district|port|outskirts) of)\s+(?:the\s+)?$"
)
TEAM_AFTER = re.compile(r"^\s*(?:\d|\(\d|beat\b|drew\b|lost\b|won\b|v\.?\s|vs\.?\s|-\s*\d)")
TEAM_BEFORE = re.compile(r"(?:\bbeat|\bv\.?|\bvs\.?|\bagainst|\blost to|\bdrew with|\d)\s+$")
