"""The English that the figure-event rules read: word classes, joins and verb forms.

Shared by summarizer/figures/events.py (subjects, people) and summarizer/figures/objects.py (objects,
lists). Open word classes (any verb, any noun of action) come from lemminflect's lexicon through
summarizer/figures/lexicon.py; the lists here are the closed classes of English (auxiliaries,
determiners, particles, prepositions) and the few verbs whose meaning the rules need (light verbs,
verbs of change and of reporting).
"""

from __future__ import annotations

import re

from .lexicon import VerbForm, inflect
from .units import TIME_UNITS


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CASUALTY_EVENTS = frozenset({"killed", "injured", "wounded", "hurt", "died", "missing"})
# Events whose bare count is a count of people: "killing seven" -> 7 people killed. A closed list on
# purpose: it decides the noun, so it must only hold verbs whose object is always a person.
PEOPLE_EVENTS = (
    CASUALTY_EVENTS
    | words(
        """arrested detained kidnapped abducted rescued evacuated displaced fled trapped stranded released
    deported executed infected hospitalised hospitalized vaccinated hired sacked beheaded injured
    convicted sentenced jailed charged"""
    )
    | {"laid off"}
)
# Verbs that report a clause: the number after them is the clause's subject ("said 15 prisoners were shot").
CLAUSE_VERBS = words(
    """say tell show report find estimate expect believe think claim warn note state insist admit indicate
    reveal confirm announce suggest know consider describe accord"""
)
# Reporting verbs that take a clause and never a counted object ("claimed 991 drivers had ...");
# "found 300 errors", "reported 66 incidents" do count.
CLAIM_VERBS = words("say tell claim believe think warn note state insist admit suggest allege")
# Verbs that link or report rather than happen to the number.
LIGHT_VERBS = words(
    """be have do say tell include contain involve mean represent total number equal stand remain become
    seem compare base accord estimate expect believe think report value show need want require go
    see hold get put reach face cost measure weigh span last average range age name call know consider
    describe quote list rate rank count suggest warn note state insist indicate add keep come feature"""
) - {"add"}
# Verbs of change that report a level and keep the past tense: "had risen by 18.2%" reads "rose".
INTRANSITIVE_CHANGE = words("rise fall grow sink shrink swell slide spring leap")
PARTICLES = words("down up off out back aside away over")
SUBJECT_PARTICLES = words("down up off aside back out")
AUX_BE = words("is are was were be been being 's")
AUX_HAVE = words("has have had having 've 'd")
MODALS = words("to will would could can may might must should shall 'll cannot")
AUX_ADVERBS = words(
    """also reportedly allegedly all now already since still just later then both initially eventually
    only so far subsequently apparently each either not never n't finally successfully"""
)
# Adverbs of time between a noun and its participle: "the 4,000 cuts already announced".
TIME_ADVERBS = words("already still now then later just also since initially eventually subsequently finally")
HEDGES = words("believed thought feared said reported estimated understood expected known set due likely")
# Words that may stand between a verb and its object number: "launched a total of", "cut its key rate by".
GAP_WORDS = words(
    """a an the its their his her our your my this these those another all some total of by
    further additional extra more than just only almost nearly around about roughly some over under
    least at most up to as many much estimated record whopping staggering combined overall net mere
    average from"""
)
# Focusing words between a preposition and its number: "accounts for just 7%", "cares for only 12".
FOCUS_WORDS = words("just only almost nearly about around roughly some over under barely merely")
# Heads before "of" through which a verb reaches the number: "a total of", "much of his £304,000",
# "all of its 19 games"; not "some of" or "the rest of", which are another part of it.
OF_HEADS = words("total number maximum minimum tally further additional rate average much most all half")
# Nouns of quantity before "of" that pass the verb through to the number they count: "interviewed a
# random sample of 1,006 people", "deployed a fleet of 40 drones", "led a team of 50 engineers".
QUANTITY_HEADS = words(
    """sample group crowd batch fleet team convoy squad herd flock army delegation contingent wave
    series set package pair cohort panel"""
)
# Collective nouns before "of": their verb is their number's ("a crowd of 2,000 gathered"); nouns that
# measure ("a population of") or contain ("the names of") are not among them.
COLLECTIVE_NOUNS = words(
    """sample samples cohort panel crowd crowds group groups batch batches team teams fleet fleets
    convoy convoys delegation force army squad herd herds flock flocks gang gangs pack packs band bands
    party parties contingent
    flotilla wave waves"""
)
# Light verbs that name an event in the passive: "100 people have been involved in the search".
PASSIVE_EVENTS = words("involve")
CLAUSE_BREAKS = words(
    """and or but after before when while as because since that which who whom whose where if than though
    although whereas said says say told including"""
)
BE_SUBJECTS = words("i we you they he she it who which that")
# Nouns of change: "a 6% increase", "a rise of 3%", "losses of $2bn" -> the verb they name.
CHANGE_NOUNS = {
    "rise": "rise", "rises": "rise", "increase": "increase", "increases": "increase", "fall": "fall",
    "falls": "fall", "drop": "drop", "drops": "drop", "decline": "decline", "declines": "decline",
    "gain": "gain", "gains": "gain", "jump": "jump", "surge": "surge", "cut": "cut", "cuts": "cut",
    "loss": "lose", "losses": "lose", "growth": "grow", "reduction": "reduce", "reductions": "reduce",
    "slump": "slump", "plunge": "plunge", "hike": "hike", "hikes": "hike", "boost": "boost",
    "decrease": "decrease", "slide": "slide", "climb": "climb", "dip": "dip", "fine": "fine",
}  # fmt: skip
# Verbs of change, whose number after "to" is the new level: "increased to 4,000", "fell to 2.1%".
CHANGE_VERBS = frozenset(CHANGE_NOUNS.values()) | words("double triple halve soar tumble swell shrink sink")
EVENT_FAMILY = {"killed": "dead", "died": "dead", "injured": "hurt", "wounded": "hurt", "hurt": "hurt"}

TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|n't|[^\sa-z]")
HARD_STOP = frozenset(".;:!?()[]\n")
DETERMINERS = words("a an the its their his her our your my this these those another every each both several")
OBJECT_LIGHT_VERBS = words("leave")
OBJECT_PRONOUNS = words("me him us them you")
# Verbs whose "for" names a price, not what the verb did: "sold for $1.2m", "signed for £5m".
EXCHANGE_VERBS = words("sell buy pay bid trade fetch auction rent let charge exchange swap sign go buy")
DEMONSTRATIVES = words("this that these those")
PREPOSITIONS = words("with of in for from on at by into without")
SUBJECT_PRONOUNS = words("i we you they he she")
MEASURE_UNITS = TIME_UNITS | words(
    """km kms kilometres kilometers miles mile m metres meters cm mm ft feet inches yards kg kilograms
    tonnes tons lbs mph kph degrees points hectares acres"""
)  # "left 200,000 homes without power": not what happened to them
# Verbs whose "by" gives the size of the change besides the verbs of change: "extend lives by 26%".
BY_CHANGE_VERBS = words(
    """reduce raise lower extend expand slash trim shorten lengthen widen narrow outnumber exceed beat
    improve worsen inflate devalue overspend underspend increase decrease"""
)
# Nouns counted after "by" that measure a margin, not an agent: "passed by 218 votes", "won by 3 goals".
MARGIN_UNITS = MEASURE_UNITS | words(
    """votes vote goals goal runs run wickets wicket seats seat lengths length strokes stroke shots shot
    points point per cent percent % margin"""
)
# Words between "by" and an agent's number: "watched by its 122 pupils", "by more than 300 people".
AGENT_GAP = words("more than some about around nearly almost up to as many at least over just only")
BY_UNITS = frozenset({"%", "percentage points", "basis points", "points"})
DEATH_TOLL_BEFORE = re.compile(
    r"\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|fatalities|people\s+killed))\b[^.;:!?\d]{0,40}$",
    re.IGNORECASE,
)
# Between items of one list: "3,100 drones, 92 missiles, and ...", "187 tons of supplies, including 50 tons".
LIST_JOIN = re.compile(
    r"(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?(?:\s+(?:a|an|per|each)\s+[a-z]+)?"
    r"(?:\s*,\s*(?:and\s+|including\s+)?|\s+(?:and|or)\s+(?:then\s+)?)[\"“‘']?\Z"
)
TO_JOIN = re.compile(r"\s+to\s+\Z")
CONVERSION_JOIN = re.compile(r"\s*\(\s*\Z")
# "the survey of 2,000 adults found ...": after "of" the number is no subject ("a total of 25" is).
OF_BEFORE = re.compile(r"(?<!total )(?<!maximum )(?<!minimum )(?<!average )(?<![a-z])(?P<prep>of)\s+$")
OBJECT_AFTER = re.compile(r"\s+(?:(?:that|the|an?|his|her|their|its|this|these)(?![a-z])|\d)")
NOT_SUBJECT_BEFORE = re.compile(
    r"(?<![a-z])(?P<prep>an?|at|in|on|from|for|with|by|to|into|near|across|after|before|during|per|than"
    r"|worth|costing|through|via|under|among|amid|against|within|without|despite|beyond|behind|unlike)\s+$"
)
# A preposition and a determiner before the number: "between the two states", "of the country's
# 180,000 civil servants"; the number is no subject (after "of", "with", "from" a participle may follow).
DETERMINED_AFTER_PREPOSITION = re.compile(
    r"(?<![a-z])(?P<prep>at|in|on|from|for|with|by|to|into|near|across|during|between|through|under|among"
    r"|amid|against|within|without|behind|of)\s+(?:(?:the|its|their|his|her|these|those)(?:\s+[a-z]+['’]s)?"
    r"|[a-z]+['’]s)\s+$"
)
WHOLE_BEFORE_OF = re.compile(r"(?<![a-z])(?:each|all|both|every\s+one)\s+$")
# A number inside a partitive after a preposition is no subject, as after "of": "the strike by half
# of the 1,380 controllers would paralyse" (the strike would); only a participle after it is its own.
PARTITIVE_AFTER_PREPOSITION = re.compile(
    r"(?<![a-z])(?:by|at|in|on|for|to|into|against|among|between)\s+(?:[a-z]+\s+){1,3}?(?P<prep>of)\s+"
    r"(?:the|its|their|his|her|these|those)\s+$"
)
# Where an apposition after the subject ends: ", aged 17, 18 and 25, were injured".
# "all"/"both" close it only before an auxiliary: ", all under 18, were" goes on past "all under 18".
APPOSITION_END = re.compile(
    r"[^.;:!?\n]{0,140}?[,)–—]\s+(?=(?:were|was|are|is|have|has|had|will|would|could|may|might|must"
    r"|should|can|also|now|(?:all|both)(?=\s+(?:were|was|are|is|have|has|had|will|would|could|may|might"
    r"|must|should|can)\b))\b(?! \d))"
)
APPOSITION_CLOSE = re.compile(r"[,)–—]\s+")
# The number of a second subject after "and": "13,000 police officers and 17,000 soldiers were used".
COORDINATED_NUMBER = re.compile(r"\s+(?:an?\s+|the\s+)?\d[\d,.]*")
ADVERBS = words("only also not still then just never even already now n't")
NEGATIONS = words("not never n't no")
RELATIVES = words("who which that")
PARTICLE_AFTER = re.compile(r" (?:up|down|off|aside|back|out)(?! (?:of|to)\b)(?![a-z])")
# "the 103 people they asked", "the two awards she won": a relative clause without "who" or "that".
REDUCED_RELATIVE = re.compile(
    r" (?:i|we|you|they|he|she)(?: (?:had|have|has|would|will|could|can|did|then|later|once|had since))?"
    r" ([a-z]+)(?![a-z'’])"
)
# The "of" phrase after a share: "40% of eligible union members".
SHARE_OF = re.compile(r" of(?: [a-z]+(?:['’]s)?){1,4}?(?= to )")
# "with 3,000 homes to build", "with 300 more to be recruited": what is still to happen to the number.
TO_VERB = re.compile(r" (?:still |yet )?to (be )?([a-z]+)(?![a-z'’])")
LIVES_AFTER = re.compile(r"\s+(?:their|his|her)\s+lives?\b")
# Prepositions that open a phrase inside a subject: "Two spills in 2008", "women in one camp of the city".
POSTMODIFIER_PREPOSITIONS = words("in of at on from near across around outside inside across")
# "two men aged 19 and 21": the ages after "aged", skipped like an apposition.
AGED_AFTER = re.compile(r"(?:\s+(?:and|or|to|between)?\s*\d+(?:\s*[,–-])?)+")
ADJECTIVE_AFTER = re.compile(r"\s+(dead|missing|homeless|injured)(?![a-z])")


def past_form(form: VerbForm, like: str) -> str:
    """What happened, as a digest reads it: "rose 5%" for a change, "118 drones launched" otherwise."""
    if form.lemma in INTRANSITIVE_CHANGE:
        return inflect(form.lemma, "VBD", like)
    return inflect(form.lemma, "VBN", like)


def change_past(noun: str) -> str:
    lemma = CHANGE_NOUNS[noun]
    past_tense = lemma in INTRANSITIVE_CHANGE or lemma == "lose"  # "rose", "lost"
    return inflect(lemma, "VBD" if past_tense else "VBN")
