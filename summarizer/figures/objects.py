"""Figure events from the verb before the number: the number as an object.

"VERB [a few plain words] NUMBER": "launched a total of 118 drones", "killing seven", "shot down 12
drones", "will pay back the whole £185,000", "offered him $1m", "accounted for 40%", "were charged
with 14 offences", "plans to cut 500 jobs and close 40 branches"; nouns of action and change before
"of" ("the closure of 40 branches", "a rise of 3%"); an event shared along a list ("3,100 drones, 92
missiles and 1,360 glide bombs") and with a conversion in brackets ("$275m (£176m)").
"""

from __future__ import annotations

import re

from .grammar import (
    ADVERBS,
    AGENT_GAP,
    AUX_BE,
    AUX_HAVE,
    BE_SUBJECTS,
    BY_CHANGE_VERBS,
    BY_UNITS,
    CASUALTY_EVENTS,
    CHANGE_NOUNS,
    CHANGE_VERBS,
    CLAIM_VERBS,
    CLAUSE_BREAKS,
    CLAUSE_VERBS,
    CONVERSION_JOIN,
    DEMONSTRATIVES,
    DETERMINERS,
    EXCHANGE_VERBS,
    FOCUS_WORDS,
    GAP_WORDS,
    HARD_STOP,
    INTRANSITIVE_CHANGE,
    LIGHT_VERBS,
    LIST_JOIN,
    MARGIN_UNITS,
    MEASURE_UNITS,
    MODALS,
    OBJECT_LIGHT_VERBS,
    OBJECT_PRONOUNS,
    OF_HEADS,
    PARTICLES,
    PREPOSITIONS,
    QUANTITY_HEADS,
    TO_JOIN,
    TOKEN,
    change_past,
    past_form,
    words,
)
from .lexicon import VerbForm, inflect, is_noun, is_verb_only, verb_form
from .mention import Mention
from .nominals import nominal_verb
from .positions import is_comparison, present_verb_after_subject
from .units import MONEY_UNITS, SPAN_UNITS, TIME_UNITS

__all__ = ["can_take_event", "has_own_verb", "object_event"]

# Light verbs that move their object somewhere: "got 55 people into ambulances", "put 300 troops on
# the border"; with a phrase of direction after the object they say what happened to it.
# Nouns that name an amount of money that changes hands, before "of": "pay a fine of $40,000", "won a
# prize of $1m". Not levels ("its deficit of €70bn", "a profit of"), prices or values, which a verb of
# change or report does not move.
AMOUNT_HEADS = words(
    """penalty penalties fine fines sum sums ransom bonus bonuses grant grants loan loans payment payments
    payout payouts donation donations contribution contributions settlement bailout subsidy subsidies
    compensation award awards prize prizes reward rewards fund funds funding investment package deposit
    bond bill bills fee fees refund refunds bail jackpot handout handouts aid budget"""
)
# Between two conversions inside one pair of brackets: "72m Swiss francs (£51m; $78m)".
SECOND_CONVERSION = re.compile(r"\s*[;,/]\s*")
MOVING_VERBS = frozenset({"get", "put"})
MOTION_AFTER = re.compile(r"\s+(?:into|onto|out\s+of|off|on\s+board|aboard|to\s+safety|to\s+hospital)\b")


def can_take_event(m: Mention) -> bool:
    # Durations ("after spending three days underground") describe, they do not count what happened.
    # An amount that describes the noun after it ("the 16-storey tower", "the £18bn plant") is its size.
    if m.drop or m.adjectival or m.span:
        return False
    return m.unit is None or m.unit.lower().split()[-1] not in TIME_UNITS


# --------------------------------------------------------------------------------------------------
# Object: the verb before the number
# --------------------------------------------------------------------------------------------------


def _tokens_before(low: str, start: int, end: int) -> list[tuple[str, int]]:
    return [(t.group(), t.start()) for t in TOKEN.finditer(low, start, end)]


def object_event(text: str, low: str, mentions: list[Mention], starts: list[int], i: int) -> None:
    m = mentions[i]
    tokens = _tokens_before(low, max(0, m.start - 70), m.start)
    found = _verb_before(text, low, m, tokens)
    if found is None:
        return
    v_start, event, gap = found
    if event is None:
        m.event_at = v_start  # a light verb: "will have 20 bedrooms" is no subject of what follows
        return
    if _reports_a_clause(low, v_start, m):
        return  # "found 15% of pollution came from tyres": the number is the clause's subject
    target_index = i
    if gap and gap[-1] == "from":  # "fell from 2.9% to 2.4%": the verb goes with the new level
        nxt = i + 1
        if nxt < len(mentions) and CONVERSION_JOIN.match(text[m.end : mentions[nxt].start]):
            nxt += 1  # "from 11,300m (37,000ft) to 4,600m"
        if nxt >= len(mentions) or not TO_JOIN.match(
            _after_conversion(text, mentions[nxt - 1], mentions[nxt])
        ):
            return
        target_index = nxt
    target = mentions[target_index]
    if target.event is not None or not can_take_event(target):
        return
    group = [target]
    for nxt_m in mentions[target_index + 1 :]:
        if nxt_m.event is not None or not can_take_event(nxt_m):
            break
        if not _continues_list(text, low, group[-1], nxt_m):
            break
        group.append(nxt_m)
    for member in group:
        member.event, member.event_at, member.group = event, v_start, group


def _reports_a_clause(low: str, v_start: int, m: Mention) -> bool:
    """A verb that reports a clause ("found", "showed") with a finite verb after the number's phrase."""
    verb = TOKEN.match(low, v_start)
    form = verb_form(verb.group()) if verb else None
    if form is None or form.lemma not in CLAUSE_VERBS:
        return False
    words = [t.group() for t in TOKEN.finditer(low, m.np_end, min(len(low), m.np_end + 50))][:6]
    # "15% of plastic pollution came", "40% of staff had been": past a short "of" phrase
    for n, word in enumerate(words):
        if (n and words[0] != "of") or n > 4 or not word.isalpha() or word in CLAUSE_BREAKS:
            return False
        form = verb_form(word)
        if word in AUX_BE or word in AUX_HAVE or (form is not None and form.is_only_past):
            return n == 0 or words[n - 1] not in DETERMINERS
    return False


def _after_conversion(text: str, last: Mention, nxt: Mention) -> str:
    """The text between two numbers, a closing bracket after the first left out: "(37,000ft) to"."""
    return text[last.end : nxt.start].replace(")", "", 1)


def _verb_before(
    text: str, low: str, m: Mention, tokens: list[tuple[str, int]]
) -> tuple[int, str | None, list[str]] | None:
    """The verb whose object the number is, as (start, event, words between); None when there is none."""
    gap: list[str] = []
    particle: str | None = None
    heads_of: frozenset[str] = frozenset()  # nouns before "of" that this amount lets the verb through
    for k in range(len(tokens) - 1, max(-1, len(tokens) - 8), -1):
        word, at = tokens[k]
        if len(word) == 1 and not word.isalpha():
            if word in HARD_STOP or word == "," or word.isdigit() or word in "–—":
                return None
            continue
        if not gap and word in ("up", "down") and _is_change_adjective(_word_before(tokens, k)):
            return at, word, []  # "up 1.8%", "was still down 2%": an adjective of change
        if word == "over" and not gap and m.unit is not None and m.unit.lower() in SPAN_UNITS:
            return None  # "broadcast over 36 series": "over" a span is a preposition, not a particle
        if (
            word in PARTICLES
            and particle is None
            and _particle_gap(gap, heads_of)
            and k
            and verb_form(tokens[k - 1][0])
        ):
            particle = word  # "shot down 12 drones", "will pay back the whole £185,000"
            gap.append(word)
            continue
        if gap == ["of"] and k + 1 < len(tokens) and tokens[k + 1][0] == "of":
            found = _of_event(tokens, k, m)  # "a rise of 3%", "the closure of 40 branches"
            if found is not None:
                return at, found, gap
        if word in ("for", "with") and all(w in ADVERBS or w in FOCUS_WORDS for w in gap):
            # "accounts for just 7%": a focusing adverb may stand between the preposition and the number
            found = _prepositional_event(text, tokens, k, m)  # "cares for 46 patients", "charged with 14"
            return (tokens[k - 1][1], found, [word]) if found is not None else None
        if word == "as" and not (gap and gap[-1] in ("many", "much")):
            return None  # "gathered as 40 lorries blocked the road": a clause of its own
        if word in MODALS and word != "to":
            return None  # "we would average 10%": a modal is no verb of its own
        if word == "rate" or word in GAP_WORDS or word.endswith(("ly", "'s", "’s")):
            gap.append(word)
            continue
        if word in QUANTITY_HEADS and gap and gap[-1] == "of":
            gap.append(word)  # "a random sample of 1,006 people": the noun of quantity passes the verb on
            continue
        if word in AMOUNT_HEADS and gap and gap[-1] == "of" and m.unit in MONEY_UNITS:
            gap.append(word)  # "will pay a civil penalty of $40,000": a noun that names the money itself
            heads_of = AMOUNT_HEADS
            continue
        if word in OBJECT_PRONOUNS and _particle_gap(gap):
            gap.append(word)  # "offered him $1m", "ordered to pay them £3,000": the indirect object
            continue
        form = verb_form(word)
        if form is not None and _is_name(text, at):
            return None  # "cost Barclays Bank a record £290m": "Bank" is a name, not a verb
        before = tokens[k - 1][0] if k else ""
        pronoun = before in DEMONSTRATIVES and form is not None and form.is_only_past
        pronoun = pronoun or (before == "those" and form is not None and form.is_ing)  # "those earning over"
        if before in DETERMINERS and not pronoun:  # but "this fell to 17.3%": a pronoun subject
            gap.append(word)  # "cut its key rate by", "her favoured 200m", "a record 32 million": a modifier
            continue
        # Verbs that report a clause ("claimed 991 drivers had broken ...") are no object verb either.
        light = form is not None and form.lemma in LIGHT_VERBS | OBJECT_LIGHT_VERBS | CLAIM_VERBS
        if light and form is not None and form.lemma in MOVING_VERBS and MOTION_AFTER.match(low, m.np_end):
            light = False  # "managed to get 55 people into ambulances": a light verb that moves its object
        if light and form is not None and (particle is None or form.lemma in CLAUSE_VERBS):
            governs = _clean_gap(gap, heads_of) and form.lemma not in CLAUSE_VERBS
            return (at, None, []) if governs else None
        if form is not None and "by" in gap and not _measures_change(m):
            # "watched by its 122 pupils": the agent of a passive did what the verb says; "passed by
            # 218 votes" is a margin, not what happened to the number
            return _agent_event(word, at, form, gap, m.unit, _word_before(tokens, k))
        event = None if form is None else _object_form(text, word, form, tokens[:k], gap, m)
        if event is None:
            if gap and gap[0] == "by" and _measures_change(m) and len(gap) < 5:
                gap.append(word)  # "reduced deaths by 30%": the verb's object stands before "by"
                continue
            return None
        if form is None:
            return None
        if not _clean_gap(gap, heads_of):
            return None
        if (
            gap
            and gap[0] == "to"
            and not _measures_change(m)
            and form.lemma not in CHANGE_VERBS | BY_CHANGE_VERBS
        ):
            return None  # "performed to 60,000 fans", "delivered aid to 80,000 people": not what was done
        if "by" in gap and not _changes_by(form, gap, particle):
            if gap[-1] == "by" and low.startswith(" of ", m.np_end):  # "approved by 86% of investors"
                return _agent_event(word, at, form, gap, "people", _word_before(tokens, k))
            if gap[-1] == "by" and m.unit in MONEY_UNITS and _word_before(tokens, k) in AUX_BE:
                return at, event, list(reversed(gap))  # "is funded by £3.1m": the money did it
            if gap[0] == "by" and particle is None and len(gap) < 5:
                gap.append(word)  # "cut public service spending by 30%": "spending" is the object
                continue
            return None  # "turned down the offer by 56.6%", "won by 3%": a margin, not a change
        if heads_of and (
            form.lemma in CHANGE_VERBS | BY_CHANGE_VERBS | INTRANSITIVE_CHANGE or particle == "down"
        ):
            return None  # "cut the budget of £5m": a change of the level, not an amount that moved
        if particle is not None:
            event = f"{event} {particle}"
        return at, event, list(reversed(gap))
    return None


def _agent_event(
    word: str, at: int, form: VerbForm, gap: list[str], unit: str | None, before: str
) -> tuple[int, str | None, list[str]] | None:
    """ "was watched by its 122 pupils", "a plaque unveiled by 30 pupils": the agent, in the past tense
    as any subject. Not a margin ("by 218 votes", "by 3 metres"), and not a casualty verb: "killed by
    3 gunmen" would count the gunmen among the dead."""
    if gap[-1] != "by" or not form.is_past or unit is None:
        return None
    if not all(w in DETERMINERS or w in AGENT_GAP for w in gap[:-1]):
        return None
    if unit.lower().split()[-1] in MARGIN_UNITS or unit in MONEY_UNITS:
        return None
    # "was watched by", or a participle after its noun: "a plaque unveiled by"
    passive = before in AUX_BE or (form.is_only_past and before not in BE_SUBJECTS and is_noun(before))
    event = inflect(form.lemma, "VBD", word)
    if not passive or form.lemma in LIGHT_VERBS or event in CASUALTY_EVENTS:
        return None
    return at, event, list(reversed(gap))


def _changes_by(form: VerbForm, gap: list[str], particle: str | None) -> bool:
    """ "cut its key rate by 25 basis points", "brought down by £1bn": "by" gives the amount of a change
    when the verb is one of change, or its particle says the direction right before "by"."""
    if form.lemma in CHANGE_VERBS or form.lemma in INTRANSITIVE_CHANGE or form.lemma in BY_CHANGE_VERBS:
        return True
    return particle in ("up", "down") and gap[-1] == particle and len(gap) > 1 and gap[-2] == "by"


def _is_name(text: str, at: int) -> bool:
    """A capitalised word that does not open a sentence."""
    if not text[at : at + 1].isupper():
        return False
    before = text[max(0, at - 3) : at].rstrip(" \"“‘'")
    return bool(before) and before[-1] not in ".!?:\n"


def _word_before(tokens: list[tuple[str, int]], k: int) -> str:
    """The word before tokens[k], adverbs skipped: "were still up 3%" -> "were"."""
    k -= 1
    while k > 0 and (tokens[k][0] in ADVERBS or tokens[k][0].endswith("ly")):
        k -= 1
    return tokens[k][0] if k >= 0 else ""


def _particle_gap(gap: list[str], heads: frozenset[str] = frozenset()) -> bool:
    """Words that may stand between a verb's particle and its object: "pay back the whole", "brought
    down by", "pay back much of the"."""
    heads_of = all(
        k + 1 < len(gap) and gap[k + 1] in OF_HEADS | heads for k, w in enumerate(gap) if w == "of"
    )
    return heads_of and "to" not in gap and "from" not in gap and len(gap) <= 3


def _of_event(tokens: list[tuple[str, int]], k: int, m: Mention) -> str | None:
    """The event of "NOUN of NUMBER" or "was VERBED of NUMBER" (tokens[k] is the word before "of")."""
    word = tokens[k][0]
    if word in CHANGE_NOUNS:
        return change_past(word)  # "a rise of 3%", "losses of $2bn"
    before = _word_before(tokens, k)
    form = verb_form(word)
    if before in AUX_BE and form is not None and form.is_past and form.lemma not in LIGHT_VERBS:
        return inflect(form.lemma, "VBN", word)  # "was convicted of 14 counts", "were accused of"
    if m.unit is None or m.unit.lower().split()[-1] in TIME_UNITS:
        return None
    before = tokens[k - 1][0] if k else ""
    definite = before in ("the", "its", "their", "his", "her", "our", "my", "your") or before.endswith(
        ("'s", "’s")
    )
    lemma = nominal_verb(word, definite=definite)
    if lemma is None or lemma in LIGHT_VERBS:
        return None
    return past_form(VerbForm(lemma, frozenset({"VB"})), lemma)  # "the closure of 40 branches" -> closed


def _prepositional_event(text: str, tokens: list[tuple[str, int]], k: int, m: Mention) -> str | None:
    """ "accounted for 40%", "cares for 46 patients" (an active verb and its preposition), "were
    charged with 14 offences" (a passive); not a price ("sold for $1.2m") or a reason."""
    if k == 0:
        return None
    word, prep = tokens[k - 1][0], tokens[k][0]
    form = verb_form(word)
    if form is None or form.lemma in LIGHT_VERBS:
        return None
    passive = _word_before(tokens, k - 1) in AUX_BE and form.is_past
    if prep == "with":
        return inflect(form.lemma, "VBN", word) if passive else None
    if passive and _counts_things(m) and form.lemma not in EXCHANGE_VERBS:
        return inflect(form.lemma, "VBN", word)  # "was nominated for four awards": the things themselves
    if passive or form.lemma in EXCHANGE_VERBS:
        return None  # "was jailed for 10 years", "were praised for": a reason; "sold for": a price
    if not is_verb_only(word) and (k < 2 or _noun_context(tokens[k - 2][0])):
        return None  # "his cast and crew for over 150 shows": "crew" is a noun here
    event = _object_form(text, word, form, tokens[: k - 1], [], m)
    return f"{event} {prep}" if event is not None else None


def _counts_things(m: Mention) -> bool:
    """A count of things, not an amount of money, a share or a measure of time or space."""
    if m.unit is None or m.unit in MONEY_UNITS or m.unit in BY_UNITS:
        return False
    return m.unit.lower().split()[-1] not in MEASURE_UNITS


def _noun_context(before: str) -> bool:
    """A word after which a noun-or-verb word reads as a noun: "and crew", "the cares"."""
    return before in ("and", "or", ",") or before in DETERMINERS or before.endswith(("'s", "’s"))


def _is_change_adjective(before: str) -> bool:
    """ "shares were up 3%", "finished down 2%"; not the particle of "shot down 12 drones"."""
    form = verb_form(before)
    return form is None or before in AUX_BE or form.lemma in ("finish", "close", "end", "trade", "open")


def _clean_gap(gap_reversed: list[str], heads_of: frozenset[str] = frozenset()) -> bool:
    """ "a total of", "cut its key rate by", "at a rate of": not "the rest of", "some of"."""
    gap = list(reversed(gap_reversed))
    for k, word in enumerate(gap):
        if word == "of" and not (k and gap[k - 1] in OF_HEADS | QUANTITY_HEADS | heads_of):
            return False
        if (
            word == "to"
            and k
            and gap[k - 1] not in ("up", "it", "them", "by")
            and not gap[k - 1].endswith("ly")
        ):
            return False  # "fell sharply to 4.1%" is a change; "the rest to" is not
        if word == "from" and k != len(gap) - 1:
            return False  # "fell from 2.9% to 2.4%" only
    return len(gap) <= 5


def _measures_change(m: Mention) -> bool:
    return m.unit in BY_UNITS or m.unit in MONEY_UNITS


def _object_form(
    text: str, word: str, form: VerbForm, earlier: list[tuple[str, int]], gap: list[str], m: Mention
) -> str | None:
    before = earlier[-1][0] if earlier else ""
    # The word before the verb once adverbs are skipped: "could only descend", "will not cut".
    k = len(earlier) - 1
    while k > 0 and (earlier[k][0] in ADVERBS or earlier[k][0].endswith("ly")):
        k -= 1
    head = earlier[k][0] if k >= 0 else ""
    if before in PREPOSITIONS and form.is_past and not form.is_ing:
        return None  # "women with advanced cancer": a participle after a preposition describes a noun
    if before in AUX_BE and form.is_past and form.lemma not in INTRANSITIVE_CHANGE:
        if ("by" in gap and _measures_change(m)) or (_second_object(m) and not gap):
            return past_form(form, word)  # "was cut by 60%", "was fined £500", "would be given 30% more"
        if gap and gap[-1] == "to" and form.lemma in CHANGE_VERBS | BY_CHANGE_VERBS:
            return past_form(form, word)  # "was reduced to about 275 sq km": the new level
        return None  # passive: "the village was destroyed by 3 missiles" has no object
    if form.is_ing:
        if before in ("the", "a", "an", "their", "its", "his", "her"):
            return None  # "the killing of", a noun; but "of closing 250 stations" is a verb
        if before == "to":
            return form.lemma  # "committed to raising £1m": still to do
        if before == "be" and len(earlier) > 1 and earlier[-2][0] in MODALS:
            return form.lemma  # "would be receiving £51m": a modal's base form, as "will receive"
        return past_form(form, word)
    if form.is_past:
        return past_form(form, word)
    if head == "to" and k > 0 and earlier[k - 1][0] == "been" and not is_verb_only(word):
        return None  # "had been to war four times": "to" is a preposition here
    if head in MODALS or head in ("n't", "not"):
        return form.lemma  # "plans to hire 600 pilots", "will cut 1,800 jobs", "could only descend"
    if form.is_base and _is_help(head):
        return form.lemma  # "to help protect 19 homes": "help" takes a bare infinitive
    if head in ("and", "or") and form.is_base and _planned_before(earlier[:k]):
        return form.lemma  # "plans to cut 500 jobs and close 40 branches"
    # A present tense needs a subject right before it: "the firm employs 300", "cars contribute 18%";
    # "25 basis points to 3.75%" and "218 votes to 214" are nouns after a number.
    if is_comparison(text, m):
        return None  # "Oil prices 5% higher hurt airlines": the amount measures a comparison, no verb
    if before in BE_SUBJECTS:
        return past_form(form, word)
    present = present_verb_after_subject(text, word, form, earlier, m)
    if present is not None:
        return present  # "the firm offers 10 ...", "the two institutions already offer 10 ..."
    after_number = any(t.isdigit() for t, _ in earlier[-4:])
    subject = "VBZ" in form.tags and before.isalpha() and before not in DETERMINERS and not after_number
    if subject and (is_verb_only(word) or verb_form(before) is None or text[earlier[-1][1]].isupper()):
        return past_form(form, word)  # "the firm employs 3,000", "Snow makes $168,000": a name is a noun
    if form.is_base:
        plural_subject = len(before) > 3 and before.endswith("s") and before not in DETERMINERS
        change = form.lemma in CHANGE_VERBS | INTRANSITIVE_CHANGE  # "saw profits fall 20%"
        if plural_subject and not after_number and (change or verb_form(before) is None):
            return past_form(form, word)
    return None


def _is_help(word: str) -> bool:
    form = verb_form(word)
    return form is not None and form.lemma == "help"


def _second_object(m: Mention) -> bool:
    """A number that can be the second object of a passive ("was paid £500", "were given 30% more",
    "were sent 300 letters"); not a distance or a duration ("was found 20 miles away")."""
    if m.unit is None:
        return False
    return m.unit in MONEY_UNITS or m.unit == "%" or m.unit.lower().split()[-1] not in MEASURE_UNITS


def _planned_before(earlier: list[tuple[str, int]]) -> bool:
    """A modal or "to" and a verb earlier in the clause: "plans to cut 500 jobs and [close]"."""
    for k in range(len(earlier) - 1, max(-1, len(earlier) - 12), -1):
        word = earlier[k][0]
        if word in HARD_STOP or word in CLAUSE_BREAKS - {"and", "or"}:
            return False
        if word in MODALS and k + 1 < len(earlier):
            nxt = verb_form(earlier[k + 1][0])
            return nxt is not None and nxt.is_base
    return False


def _continues_list(text: str, low: str, last: Mention, nxt: Mention) -> bool:
    """Numbers that share one verb: the items of a list ("3,100 drones, 92 missiles, and around 1,360
    glide bombs", "3kg of heroin and £20,000") and an amount and its conversion ("$275m (£176m)").
    The new level after an amount of change is not one of them: "jumped 14% to £2.3bn" is a level."""
    if last.unit is None or nxt.unit is None:
        return False
    between = text[last.np_end : nxt.start]
    if CONVERSION_JOIN.match(between) or (
        SECOND_CONVERSION.fullmatch(between) and _opens_bracket(text, last)
    ):
        return (last.unit in MONEY_UNITS) == (nxt.unit in MONEY_UNITS) and "%" not in (last.unit, nxt.unit)
    if not LIST_JOIN.match(between) or has_own_verb(low, nxt):
        return False
    if last.unit in MONEY_UNITS or last.unit == "%" or nxt.unit == "%":
        return last.unit == nxt.unit or nxt.unit in MONEY_UNITS
    return True


def _opens_bracket(text: str, m: Mention) -> bool:
    """ "(£51m; $78m)": the amount is the first of conversions in brackets."""
    return text[: m.start].rstrip().endswith("(")


def has_own_verb(low: str, m: Mention) -> bool:
    """ "... and 300 people were hurt": the next item is the subject of a verb of its own."""
    word = TOKEN.match(low, m.np_end + 1) if low[m.np_end : m.np_end + 1] == " " else None
    if word is None:
        return False
    if word.group() in AUX_BE or word.group() in AUX_HAVE or word.group() in MODALS:
        return True
    form = verb_form(word.group())
    return form is not None and (form.is_only_past or is_verb_only(word.group()))
