"""Events named by a noun of action before "of": "the closure of 40 branches" -> closed.

News often turns the verb into a noun ("the evacuation of 2,000 residents", "the deaths of 7 workers",
"the killing of 12 protesters"). The noun's verb is found by English derivational morphology checked
against lemminflect's verb lexicon (summarizer/figures/lexicon.py), not by a list of nouns:

* "-ing" nouns are verb forms already ("killing", "sacking");
* suffixes are taken off and the stem checked as a verb: "-ation" ("evacuation" -> evacuate,
  "deportation" -> deport, "cancellation" -> cancel), "-ion" ("creation" -> create, "election" ->
  elect), "-ure" ("closure" -> close, "departure" -> depart), "-al" ("removal" -> remove, "arrival"
  -> arrive), "-ment" ("deployment" -> deploy, "payment" -> pay);
* a noun that is also a verb ("the release of", "the arrest of") only after "the" and in the
  singular, since plurals and indefinite nouns before "of" are mostly containers ("names of",
  "a group of").

Two closed lists carry meaning a lexicon cannot: a few irregular pairs (death -> die, sale -> sell,
theft -> steal, loss -> lose), and the nouns that measure or contain a number rather than happen to
it ("a population of", "a total of", "the rest of"), whose verb readings exist but are not events.
"""

from __future__ import annotations

from functools import lru_cache

from .lexicon import verb_form

__all__ = ["nominal_verb"]

_IRREGULAR = {
    "death": "die",
    "deaths": "die",
    "sale": "sell",
    "sales": "sell",
    "theft": "steal",
    "thefts": "steal",
    "loss": "lose",
    "losses": "lose",
    "seizure": "seize",
    "seizures": "seize",
    "destruction": "destroy",
    "detention": "detain",
    "abduction": "abduct",
    "injury": "injure",
    "injuries": "injure",
}
# Nouns before "of" that measure, contain or describe a number: never an event.
_NOT_EVENTS = frozenset(
    """population generation nation collection selection portion proportion fraction combination
    delegation congregation coalition division section region station position location duration
    population total number group rest share set list team crowd host range average pair batch fleet
    crew band score lot bunch quarter half sum figure tally count record peak level rate price cost
    value estimate budget fund name home head top end support help return series majority minority
    variety maximum minimum field class order line total amount size age length weight height depth
    capacity family staff workforce army panel jury board committee council union party
    association federation corporation organisation organization institution foundation
    administration government management department nation operation question attention
    condition relation tradition edition version opinion religion mission commission
    proposition mark marks""".split()  # noqa: SIM905 - a word list reads better as text
)


# Nouns that are also verbs and name, even after "a", what was done to the people or things counted
# after "of": "a survey of 540,000 students" -> surveyed (containers such as "a group of" do not).
_STUDIES = frozenset(["survey", "poll", "study", "review", "census", "audit", "test", "screening"])


@lru_cache(maxsize=4096)
def nominal_verb(noun: str, *, definite: bool) -> str | None:
    """The verb lemma a noun of action names ("closures" -> close), or None.

    `definite`: the noun follows "the" or a possessive, which a noun that is also a verb needs.
    """
    if noun in _NOT_EVENTS or len(noun) < 4:
        return None
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    singular = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    if singular in _NOT_EVENTS:
        return None
    form = verb_form(singular)
    if form is not None and form.is_ing and singular == noun:
        return form.lemma  # "the killing of", "the sacking of"
    for stem in _stems(singular):
        found = verb_form(stem)
        if found is not None and found.lemma == stem and "VB" in found.tags:
            return stem
    if (definite or noun in _STUDIES) and singular == noun and form is not None and form.lemma == noun:
        return noun  # "the release of 300 prisoners", "the arrest of five men"
    return None


def _stems(noun: str) -> list[str]:
    """Verb stems a derived noun may come from, most likely first."""
    out: list[str] = []
    if noun.endswith("ation"):
        base = noun[: -len("ation")]
        out += [base + "ate", base, base + "e"]
        if len(base) > 2 and base[-1] == base[-2]:
            out.append(base[:-1])  # "cancellation" -> cancel
        if base.endswith("ic"):
            out.append(base[:-2] + "y")  # "notification" -> notify
    elif noun.endswith("ion"):
        base = noun[: -len("ion")]
        if base.endswith("uct"):
            out.append(base[:-1] + "e")  # "reduction" -> reduce, "production" -> produce
        out += [base + "e", base]  # "creation" -> create, "election" -> elect
        if base.endswith("ss"):
            out.append(base[:-2] + "t")  # "admission" -> admit
    elif noun.endswith("ure"):
        base = noun[: -len("ure")]
        out += [base + "e", base]  # "closure" -> close, "departure" -> depart
    elif noun.endswith("al") and len(noun) > 5:
        base = noun[: -len("al")]
        out += [base + "e", base]  # "removal" -> remove, "dismissal" -> dismiss
        if base.endswith("i"):
            out.append(base[:-1] + "y")  # "burial" -> bury
    elif noun.endswith("ment") and len(noun) > 6:
        out.append(noun[: -len("ment")])  # "deployment" -> deploy, "payment" -> pay
    return out
