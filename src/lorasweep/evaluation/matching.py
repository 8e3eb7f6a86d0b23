"""Score a generated answer against a short reference: exact, partial (key terms), with a negation guard.

Both sides go through the same normalisation: accents and case folded, "n't" spelled "not", punctuation to
spaces, articles a/an/the dropped and plural endings cut ("vitamins" -> "vitamin", "therapies" -> "therapy").
The negation guard reads the answer clause by clause: a reference term preceded in its clause (within
NEGATION_WINDOW words) by a cue such as "not", "no", "without", "rather than", or followed by "is ruled out",
does not count, so "not diabetes" never matches "diabetes". Nothing here knows a domain: synonyms
("adrenaline" for "epinephrine") are a miss by design; the optional semantic matcher is the tool for those.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ARTICLES = frozenset({"a", "an", "the"})
# Single-word cues that negate what follows them in the same clause.
NEGATION_CUES = frozenset(
    {
        "not",
        "no",
        "never",
        "without",
        "none",
        "neither",
        "nor",
        "cannot",
        "non",
        "exclude",
        "excluding",
        "excluded",
        "except",
        "unlikely",
        "absence",
        "absent",
        "lack",
        "lacks",
        "lacking",
        "against",
    }
)
# Two-word cues before the term ("rather than X", "rule out X") and after it ("X is ruled out").
NEGATION_PAIRS_BEFORE = frozenset(
    {
        ("rather", "than"),
        ("instead", "of"),
        ("rule", "out"),
        ("ruled", "out"),
        ("free", "of"),
        ("other", "than"),
    }
)
# "X, not Y" must leave X affirmed, so a bare "not" after the term is no cue; "X is not" is.
NEGATION_AFTER = frozenset(
    {
        ("ruled", "out"),
        ("excluded",),
        ("unlikely",),
        ("is", "not"),
        ("was", "not"),
        ("are", "not"),
        ("is", "unlikely"),
        ("was", "excluded"),
        ("is", "excluded"),
        ("was", "ruled", "out"),
        ("is", "ruled", "out"),
    }
)
NEGATION_WINDOW = 4  # words before a term that a cue may sit in; "no fever, cough or X" reaches X at 4

# A compact English stop list: function words carry no key information about an answer.
STOP_WORDS = frozenset(
    """
a about above after again all also am an and any are as at be because been before being below between both but
by can could did do does doing down during each either etc few for from further had has have having he her
here hers him his how however i if in into is it its itself just may me might more most must my of off on once
only or other our ours out over own per same she should so some such than that the their theirs them then
there these they this those through thus to too under until up upon us very via was we were what when where
which while who whom whose why will with would you your yours
""".split()
)

# Clause boundaries: sentence punctuation and contrastive conjunctions (a negation does not cross them).
CLAUSE_BOUNDARY = re.compile(r"[.;:!?\n]+|\b(?:but|however|although|whereas|yet)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_NOT = re.compile(r"n['\u2019]t\b")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def singular(word: str) -> str:
    """A crude, symmetric plural cut: it only has to map both sides of a comparison to the same form."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Normalised words of `text`: folded, "n't" -> "not", no punctuation, no articles, singular forms."""
    if not isinstance(text, str):
        return []
    folded = _NOT.sub(" not", _fold(text))
    return [singular(w) for w in _WORD.findall(folded) if w not in ARTICLES]


def normalise(text: str) -> str:
    """The normalised form used for equality: `tokens` joined by single spaces."""
    return " ".join(tokens(text))


def clauses(text: str) -> list[list[str]]:
    """Normalised words of each clause of `text` (split on sentence punctuation and "but"/"however"/...)."""
    if not isinstance(text, str):
        return []
    return [words for part in CLAUSE_BOUNDARY.split(_NOT.sub(" not", _fold(text))) if (words := tokens(part))]


def _negated(words: list[str], start: int, end: int) -> bool:
    """True when words[start:end] is negated by a cue before it (within the window) or right after it."""
    before = words[max(0, start - NEGATION_WINDOW) : start]
    if any(w in NEGATION_CUES for w in before):
        return True
    if any(pair in NEGATION_PAIRS_BEFORE for pair in zip(before, before[1:], strict=False)):
        return True
    after = words[end : end + 3]
    return any(tuple(after[: len(cue)]) == cue for cue in NEGATION_AFTER)


def _starts_negated(words: list[str]) -> bool:
    return bool(words) and words[0] in NEGATION_CUES


def contains_unnegated(prediction: str, reference_words: list[str]) -> bool:
    """True when the reference phrase occurs in some clause of the prediction and that occurrence is not
    negated."""
    size = len(reference_words)
    # A reference that is itself a negation ("no treatment") carries its cue; only the phrase has to appear.
    guard = not _starts_negated(reference_words)
    for words in clauses(prediction):
        for start in range(len(words) - size + 1):
            if words[start : start + size] == reference_words and not (
                guard and _negated(words, start, start + size)
            ):
                return True
    return False


def exact_match(prediction: str, reference: str, mode: str = "contains") -> bool:
    """Exact match after normalisation.

    `equals`: the whole normalised answer is the normalised reference. `contains`: the normalised reference
    occurs as a whole phrase in the answer, not negated (what a generated sentence can be held to). Empty
    never matches.
    """
    ref = tokens(reference)
    if not ref or not tokens(prediction):
        return False
    if mode == "equals":
        return tokens(prediction) == ref
    return contains_unnegated(prediction, ref)


def key_terms(reference: str) -> list[str]:
    """The reference's informative words: normalised, stop words and negation cues removed, de-duplicated."""
    seen: dict[str, None] = {}
    for word in tokens(reference):
        if word not in STOP_WORDS and word not in NEGATION_CUES:
            seen.setdefault(word, None)
    return list(seen)


def affirmed_words(prediction: str) -> set[str]:
    """Words of the prediction that occur at least once outside a negation."""
    found: set[str] = set()
    for words in clauses(prediction):
        for index, word in enumerate(words):
            if word not in found and not _negated(words, index, index + 1):
                found.add(word)
    return found


@dataclass(frozen=True)
class PartialScore:
    share: float  # share of the reference's key terms found (un-negated) in the answer
    matched: bool  # share >= the threshold


def partial_match(prediction: str, reference: str, threshold: float = 0.7) -> PartialScore:
    """At least `threshold` of the reference's key terms appear, un-negated, in the answer.

    A reference with no key term left (only stop words, e.g. "None") falls back to the exact match.
    """
    terms = key_terms(reference)
    if not tokens(prediction) or not tokens(reference):
        return PartialScore(0.0, False)
    if not terms:
        hit = exact_match(prediction, reference)
        return PartialScore(float(hit), hit)
    present = affirmed_words(prediction)
    # A negated reference ("no antibiotics") must not be met by an answer that affirms the bare terms.
    if _starts_negated(tokens(reference)) and not contains_unnegated(prediction, tokens(reference)):
        return PartialScore(0.0, False)
    share = sum(term in present for term in terms) / len(terms)
    return PartialScore(share, share >= threshold - 1e-9)


def negates_reference(prediction: str, reference: str) -> bool:
    """True when the answer mentions a key term of the reference only in negated form ("not diabetes").

    Embedding similarity cannot see negation, so the semantic match uses this as its guard.
    """
    terms = key_terms(reference)
    if not terms:
        return False
    mentioned = {w for words in clauses(prediction) for w in words}
    affirmed = affirmed_words(prediction)
    return any(t in mentioned for t in terms) and not any(t in affirmed for t in terms)
