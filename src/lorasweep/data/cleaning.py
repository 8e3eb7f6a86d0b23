"""Row cleaning: drop unusable rows and scrub forum noise from answers, every rule driven by `data.cleaning`.

The cleaner runs after loading (fields already mapped to system/question/answer, values still raw) and before
chat formatting. Each rule has a stable name that the data report uses:

drops (first rule that fires wins, so `rows_in == len(kept) + sum(dropped.values())`):
  non_text            a required field is missing, not a string, or blank (cannot be disabled: it guarantees
                      that every kept value is a string)
  question_pattern    the question matches `question_drop_patterns` (e.g. it mentions the platform)
  platform_embedded   an answer sentence names the platform and is too long to be boilerplate (see `platform`)
  artifact_broken     an anonymiser artifact sits inside a clause, so removing it would break the sentence
  empty_after_scrub   scrubbing removed the whole answer (the answer was nothing but greeting/sign-off)
  min_question_words / min_answer_words / max_total_words   word-count thresholds (after scrubbing)
  duplicate_exact / duplicate_normalized   an earlier kept row had the same key (rule `dedup`)

scrubs (text changed, row kept):
  whitespace          unicode spaces, runs of blanks, blank-line runs, sentences glued together ("done.Take")
  inline_boilerplate  `remove_patterns` removed wherever they occur (e.g. "(attachment removed ...)")
  greeting            greeting and filler openings, stripped repeatedly from the start of the answer
  signoff             sign-off endings, stripped repeatedly from the end of the answer
  signature           a doctor's signature ("Dr. A. Name MD ...") at the end of the answer
  platform            a short sentence naming the platform is removed (long ones drop the row)
  artifact            an anonymiser artifact that forms its own clause is removed (see `artifact_*` keys);
                      after a word in `artifact_platform_words` ("to", "on", "using") it names the platform
                      and is handled like a platform sentence

Every pattern is a Python regex matched case-insensitively; `<PLATFORM>` inside any pattern expands to the
alternation of `platform_patterns`, so a platform list overridden on the command line reaches every rule.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from lorasweep.errors import ConfigError

FIELDS = ("system", "question", "answer")
PLATFORM_TOKEN = "<PLATFORM>"
MAX_EXAMPLES = 3

# Rules a user may switch off through `disable`. non_text is absent on purpose (see module docstring).
DISABLEABLE = (
    "whitespace",
    "inline_boilerplate",
    "greeting",
    "signoff",
    "signature",
    "platform",
    "artifact",
    "question_pattern",
    "min_question_words",
    "min_answer_words",
    "max_total_words",
    "dedup",
)
DEDUP_MODES = ("exact", "normalized")

_PATTERN_KEYS = (
    "remove_patterns",
    "greeting_patterns",
    "signoff_patterns",
    "signature_patterns",
    "platform_patterns",
    "artifact_patterns",
    "question_drop_patterns",
)
_WORD_LIST_KEYS = (
    "signature_stop_words",
    "signature_not_after",
    "artifact_dangling_words",
    "artifact_platform_words",
)

# Sentence boundary used by the platform rule: end punctuation followed by space, or a line break.
_SENTENCE_SPLIT = re.compile(r"((?<=[.!?])\s+|\n+)")
_UNICODE_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\t\f\v]")
_BLANKS = re.compile(r" {2,}")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")
# "doctor.Take care" -> "doctor. Take care"; needs two lowercase letters before the dot so that abbreviations
# ("e.g.") and decimals are left alone. Domain names are lowercase after the dot, so they are untouched too.
_GLUED_SENTENCE = re.compile(r"[.!?]+(?=[A-Z][a-z])")
_LEAD_JUNK = " \t\n.,;:!-–—"
_TRAIL_JUNK = " \t\n,;:-–—"
_CLAUSE_START = re.compile(r"[.!?,;:>)\n]\s*|\s(?=[A-Z])")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])")
_NORMALIZE = re.compile(r"[\W_]+")
_WORD = re.compile(r"[A-Za-z']+")


@dataclass(frozen=True)
class CleaningRules:
    """Validated, compiled cleaning rules. Build with `CleaningRules.from_mapping(cfg.data.cleaning)`."""

    disable: tuple[str, ...] = ()
    required_fields: tuple[str, ...] = ("question", "answer")
    fix_glued_sentences: bool = True
    capitalize_after_scrub: bool = True
    max_scrub_passes: int = 6
    remove_patterns: tuple[str, ...] = ()
    greeting_patterns: tuple[str, ...] = ()
    signoff_patterns: tuple[str, ...] = ()
    signoff_tail_chars: int = 400
    signature_patterns: tuple[str, ...] = ()
    signature_max_words: int = 16
    signature_stop_words: tuple[str, ...] = ()
    signature_not_after: tuple[str, ...] = ()
    platform_patterns: tuple[str, ...] = ()
    platform_sentence_max_words: int = 25
    artifact_patterns: tuple[str, ...] = ()
    artifact_dangling_words: tuple[str, ...] = ()
    artifact_platform_words: tuple[str, ...] = ()
    question_drop_patterns: tuple[str, ...] = ()
    min_question_words: int = 0
    min_answer_words: int = 0
    max_total_words: int | None = None
    dedup_mode: str = "normalized"
    dedup_fields: tuple[str, ...] = ("question", "answer")
    # Compiled forms, filled by from_mapping; not config keys.
    _compiled: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def config_keys(cls) -> tuple[str, ...]:
        """The keys accepted under `data.cleaning`."""
        return tuple(f.name for f in fields(cls) if not f.name.startswith("_"))

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any]) -> CleaningRules:
        """Validate `data.cleaning` and compile its regexes; raise ConfigError listing every problem."""
        m = _plain(m)
        problems: list[str] = []
        if not isinstance(m, Mapping):
            raise ConfigError(
                [
                    f"data.cleaning: expected a mapping, got {type(m).__name__}; "
                    "pick a preset with data/cleaning=forum"
                ]
            )
        known = set(cls.config_keys())
        for key in m:
            if key not in known:
                problems.append(
                    f"data.cleaning.{key}: unknown key (value {m[key]!r}); remove it or use one of: "
                    + ", ".join(sorted(known))
                )
        values: dict[str, Any] = {}
        defaults = cls()
        for key in known:
            raw = m.get(key, getattr(defaults, key))
            values[key] = _validate_key(key, raw, problems)
        _validate_cross(values, problems)
        compiled = _compile_all(values, problems)
        if problems:
            raise ConfigError(problems)
        return cls(**values, _compiled=compiled)

    def enabled(self, rule: str) -> bool:
        """True unless the rule is listed in `disable`."""
        return rule not in self.disable


def _plain(m: Any) -> Any:
    """Turn an OmegaConf node into plain containers without importing omegaconf at module level."""
    try:
        from omegaconf import DictConfig, ListConfig, OmegaConf
    except ImportError:  # pragma: no cover - omegaconf is a hard dependency
        return m
    if isinstance(m, DictConfig | ListConfig):
        return OmegaConf.to_container(m, resolve=True)
    return m


def _fix(key: str) -> str:
    return f"data.cleaning.{key}"


def _validate_key(key: str, raw: Any, problems: list[str]) -> Any:
    """Check one key's type/range; return the normalised value (tuple for lists)."""
    name = _fix(key)
    if (
        key in _PATTERN_KEYS
        or key in _WORD_LIST_KEYS
        or key in ("disable", "required_fields", "dedup_fields")
    ):
        if raw is None:
            return ()
        if isinstance(raw, str) or not isinstance(raw, Iterable):
            problems.append(f"{name}: expected a list, got {raw!r}; write it as a list, e.g. {name}=[...]")
            return ()
        items = list(raw)
        bad = [x for x in items if not isinstance(x, str) or not x]
        if bad:
            problems.append(f"{name}: every item must be a non-empty string, got {bad!r}; quote the items")
            return ()
        if key == "disable":
            unknown = [x for x in items if x not in DISABLEABLE]
            if "non_text" in unknown:
                problems.append(
                    f"{name}: 'non_text' cannot be disabled (it guarantees string fields); "
                    "remove it from the list"
                )
                unknown.remove("non_text")
            if unknown:
                problems.append(f"{name}: unknown rule(s) {unknown!r}; choose from {list(DISABLEABLE)!r}")
        if key in ("required_fields", "dedup_fields"):
            unknown = [x for x in items if x not in FIELDS]
            if unknown:
                problems.append(f"{name}: unknown field(s) {unknown!r}; choose from {list(FIELDS)!r}")
            if key == "dedup_fields" and not items:
                problems.append(
                    f"{name}: empty; list the fields to key duplicates on, e.g. [question,answer], "
                    "or add 'dedup' to data.cleaning.disable"
                )
        if key in _WORD_LIST_KEYS:
            items = [x.lower() for x in items]
        return tuple(items)
    if key in ("fix_glued_sentences", "capitalize_after_scrub"):
        if not isinstance(raw, bool):
            problems.append(f"{name}: expected true or false, got {raw!r}")
            return False
        return raw
    if key == "dedup_mode":
        if raw not in DEDUP_MODES:
            problems.append(
                f"{name}: {raw!r} is not a dedup mode; use one of {list(DEDUP_MODES)!r} "
                "(or add 'dedup' to data.cleaning.disable)"
            )
        return raw
    # The remaining keys are integers; max_total_words also accepts null (= no limit).
    if raw is None and key == "max_total_words":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        hint = " or null for no limit" if key == "max_total_words" else ""
        problems.append(f"{name}: expected a whole number{hint}, got {raw!r}")
        return 0
    if raw < 0:
        problems.append(f"{name}: {raw} is negative; use 0 or more")
    elif raw == 0 and key in ("max_scrub_passes", "signoff_tail_chars", "max_total_words"):
        fix = "null for no limit" if key == "max_total_words" else "a positive number"
        problems.append(f"{name}: 0 would reject or skip everything; use {fix}")
    return raw


def _validate_cross(v: dict[str, Any], problems: list[str]) -> None:
    """Problems that involve two keys."""
    cap = v.get("max_total_words")
    if isinstance(cap, int) and cap > 0:
        for key in ("min_answer_words", "min_question_words"):
            low = v.get(key)
            if isinstance(low, int) and low > cap:
                problems.append(
                    f"{_fix(key)}: {low} is above data.cleaning.max_total_words={cap}, so every row "
                    f"would be dropped; lower {_fix(key)} or raise max_total_words"
                )
        low_sum = sum(
            x for x in (v.get("min_answer_words"), v.get("min_question_words")) if isinstance(x, int)
        )
        if low_sum > cap and all(v.get(k, 0) <= cap for k in ("min_answer_words", "min_question_words")):
            problems.append(
                f"data.cleaning.min_question_words + min_answer_words = {low_sum} is above "
                f"data.cleaning.max_total_words={cap}; lower the minimums or raise the maximum"
            )


def _compile_one(key: str, pattern: str, problems: list[str]) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        problems.append(f"{_fix(key)}: invalid regex {pattern!r} ({exc}); fix or remove that item")
        return None


def _compile_all(v: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    """Check every regex on its own (to name the bad item), then build one alternation per rule."""
    platform_raw = v.get("platform_patterns") or ()
    ok = True
    for key in _PATTERN_KEYS:
        for pat in v.get(key) or ():
            if key != "platform_patterns" and PLATFORM_TOKEN in pat and not platform_raw:
                problems.append(
                    f"{_fix(key)}: {pat!r} uses {PLATFORM_TOKEN} but data.cleaning.platform_patterns "
                    "is empty; add platform patterns or drop the token"
                )
                ok = False
                continue
            if PLATFORM_TOKEN in pat and key == "platform_patterns":
                problems.append(f"{_fix(key)}: {pat!r} cannot contain {PLATFORM_TOKEN}; write the names out")
                ok = False
                continue
            if _compile_one(key, pat.replace(PLATFORM_TOKEN, "(?:x)"), problems) is None:
                ok = False
    if not ok:
        return {}
    platform_alt = "(?:" + "|".join(f"(?:{p})" for p in platform_raw) + ")" if platform_raw else ""

    def alt(key: str) -> str | None:
        pats = [p.replace(PLATFORM_TOKEN, platform_alt) for p in v.get(key) or ()]
        return "|".join(f"(?:{p})" for p in pats) if pats else None

    out: dict[str, Any] = {}
    flags = re.IGNORECASE
    if a := alt("remove_patterns"):
        out["remove"] = re.compile(a, flags)
        out["remove_gate"] = _FastSearch(a)
    if a := alt("greeting_patterns"):
        # Anchored at the start; each pass removes one greeting clause and the punctuation after it.
        out["greeting"] = re.compile(rf"(?:{a})[\s.,;:!\-–—]*", flags)
    if a := alt("signoff_patterns"):
        # Anchored at the end and starting at a word boundary; searched only in the tail for speed.
        # Tried only at clause starts in the tail (see _strip_signoff), so `match` + \Z anchors both ends.
        out["signoff"] = re.compile(rf"(?:{a})[\s.,;:!\-–—>)]*\Z", flags)
    if a := alt("signature_patterns"):
        out["signature"] = re.compile(rf"(?:{a})", flags)
    if platform_alt:
        out["platform"] = _FastSearch(platform_alt)
    if a := alt("artifact_patterns"):
        out["artifact"] = _FastSearch(a)
    if a := alt("question_drop_patterns"):
        out["question"] = _FastSearch(a)
    return out


class _FastSearch:
    """Case-insensitive search, run as a case-sensitive search on lowercased text when that is equivalent.

    Python's IGNORECASE matching is 2-3x slower than plain matching, and these patterns scan whole answers.
    A pattern without uppercase characters (so no \\S, \\W, \\b-vs-\\B subtleties, no (?-i:...)) matches the
    lowercased text exactly as it matches the original case-insensitively. Returned matches give positions
    only (they refer to the lowercased text, which has the same length, otherwise the slow path is used).
    """

    __slots__ = ("ci", "low")

    def __init__(self, source: str):
        self.ci = re.compile(source, re.IGNORECASE)
        self.low = re.compile(source) if source == source.lower() else None

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        if self.low is not None:
            lowered = text.lower()
            if len(lowered) == len(text):
                return self.low.search(lowered, pos)
        return self.ci.search(text, pos)


@dataclass
class CleaningOutcome:
    """What clean_records did: kept rows plus per-rule counts and examples for the data report."""

    rows_in: int
    kept: list[dict[str, str]]
    dropped: dict[str, int]
    scrubbed: dict[str, int]
    examples: dict[str, list[dict]]


class _Tally:
    """Counts and up to MAX_EXAMPLES examples per rule."""

    def __init__(self) -> None:
        self.dropped: dict[str, int] = {}
        self.scrubbed: dict[str, int] = {}
        self.examples: dict[str, list[dict]] = {}

    def _example(self, rule: str, before: Any, after: Any) -> None:
        bucket = self.examples.setdefault(rule, [])
        if len(bucket) < MAX_EXAMPLES:
            bucket.append({"before": _jsonable(before), "after": after})

    def drop(self, rule: str, row: Mapping[str, Any]) -> None:
        self.dropped[rule] = self.dropped.get(rule, 0) + 1
        self._example(rule, {k: row.get(k) for k in FIELDS}, None)

    def scrub(self, rules_hit: dict[str, tuple[str, str]]) -> None:
        for rule, (before, after) in rules_hit.items():
            self.scrubbed[rule] = self.scrubbed.get(rule, 0) + 1
            self._example(rule, before, after)


def _jsonable(value: Any) -> Any:
    """Keep examples serialisable for report.json whatever the raw value was."""
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


class _Drop(Exception):
    """Internal: a rule dropped the row."""

    def __init__(self, rule: str):
        self.rule = rule


def clean_records(records: Iterable[Mapping[str, Any]], rules: CleaningRules) -> CleaningOutcome:
    """Apply `rules` to each record in order; see the module docstring for rule names and order."""
    tally = _Tally()
    kept: list[dict[str, str]] = []
    seen_exact: set[str] = set()
    seen_norm: set[str] = set()
    rows_in = 0
    for rec in records:
        rows_in += 1
        row = _as_text(rec, rules)
        if row is None:
            tally.drop("non_text", rec if isinstance(rec, Mapping) else {"question": rec})
            continue
        hits: dict[str, tuple[str, str]] = {}
        try:
            _clean_row(row, rules, hits)
            _check_dedup(row, rules, seen_exact, seen_norm)
        except _Drop as d:
            tally.drop(d.rule, row)
            continue
        tally.scrub(hits)
        kept.append(row)
    return CleaningOutcome(
        rows_in=rows_in, kept=kept, dropped=tally.dropped, scrubbed=tally.scrubbed, examples=tally.examples
    )


def _as_text(rec: Any, rules: CleaningRules) -> dict[str, str] | None:
    """Map raw values to strings; None when a required field is missing, non-text or blank."""
    if not isinstance(rec, Mapping):
        return None
    row: dict[str, str] = {}
    for key in FIELDS:
        value = rec.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            # Numbers or lists are not text we can train on; an optional field of the wrong type is still a
            # sign of a mis-mapped column, so the row goes rather than silently becoming "12" or "['a']".
            return None
        if key in rules.required_fields and not value.strip():
            return None
        row[key] = value
    return row


def _note(hits: dict[str, tuple[str, str]], rule: str, before: str, after: str) -> None:
    """Remember the first before/after of each rule for this row."""
    if before != after and rule not in hits:
        hits[rule] = (before, after)
    elif rule in hits and before != after:
        hits[rule] = (hits[rule][0], after)


def _clean_row(row: dict[str, str], rules: CleaningRules, hits: dict[str, tuple[str, str]]) -> None:
    """Scrub and check one row in place; raise _Drop when a rule drops it."""
    c = rules._compiled
    if rules.enabled("whitespace"):
        for key in FIELDS:
            new = normalize_whitespace(row[key], rules.fix_glued_sentences)
            _note(hits, "whitespace", row[key], new)
            row[key] = new
    if rules.enabled("question_pattern") and "question" in c and c["question"].search(row["question"]):
        raise _Drop("question_pattern")
    answer = row["answer"]
    if rules.enabled("inline_boilerplate") and "remove" in c:
        new = c["remove"].sub("", answer) if c["remove_gate"].search(answer) else answer
        if new != answer:
            new = _SPACE_BEFORE_PUNCT.sub(r"\1", _tidy(new))
        _note(hits, "inline_boilerplate", answer, new)
        answer = new
    answer = _strip_endings(_strip_greetings(answer, rules, hits), rules, hits)
    # Removing text never creates a platform mention, so these full-text searches run once; what they remove
    # can expose another greeting or sign-off, hence the second opening/ending pass.
    scrubbed = _scrub_artifacts(_scrub_platform(answer, rules, hits), rules, hits)
    if scrubbed != answer:
        answer = _strip_endings(_strip_greetings(scrubbed, rules, hits), rules, hits)
    row["answer"] = answer
    if not answer:
        raise _Drop("empty_after_scrub")
    q_words = len(row["question"].split())
    a_words = len(answer.split())
    if rules.enabled("min_question_words") and q_words < rules.min_question_words:
        raise _Drop("min_question_words")
    if rules.enabled("min_answer_words") and a_words < rules.min_answer_words:
        raise _Drop("min_answer_words")
    if (
        rules.enabled("max_total_words")
        and rules.max_total_words
        and q_words + a_words > rules.max_total_words
    ):
        raise _Drop("max_total_words")


def normalize_whitespace(text: str, fix_glued: bool = True) -> str:
    """Unicode spaces to plain spaces, collapse blank runs, trim lines, at most one empty line in a row."""
    # Cheap `in`/isascii checks first: most rows need none of the substitutions, and each costs a full scan.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() or "\t" in text or "\f" in text or "\v" in text:
        text = _UNICODE_SPACE.sub(" ", text)
    if fix_glued:
        text = _GLUED_SENTENCE.sub(_unglue, text)
    if "  " in text:
        text = _BLANKS.sub(" ", text)
    if "\n" in text:
        text = _BLANK_LINES.sub("\n\n", _SPACE_AROUND_NEWLINE.sub("\n", text))
    return text.strip()


def _unglue(m: re.Match[str]) -> str:
    # Two lowercase letters before the dot: leaves abbreviations ("e.g.") and initials ("J.Smith") alone.
    prev = m.string[max(0, m.start() - 2) : m.start()]
    glued = len(prev) == 2 and prev.isalpha() and prev.islower()
    return m.group(0) + " " if glued else m.group(0)


def _tidy(text: str) -> str:
    return _BLANKS.sub(" ", text).strip()


def _capitalize(text: str, rules: CleaningRules) -> str:
    """A scrubbed opening often leaves "your problem is ..." behind; restore the capital it would have had."""
    if rules.capitalize_after_scrub and text and text[0].islower():
        return text[0].upper() + text[1:]
    return text


def _strip_greetings(answer: str, rules: CleaningRules, hits: dict[str, tuple[str, str]]) -> str:
    pat = rules._compiled.get("greeting")
    if pat is None or not rules.enabled("greeting"):
        return answer
    new = answer
    for _ in range(rules.max_scrub_passes):
        m = pat.match(new)
        if not m or m.end() == 0:
            break
        new = new[m.end() :].lstrip(_LEAD_JUNK)
    if new != answer:
        new = _capitalize(new, rules)
        _note(hits, "greeting", answer, new)
    return new


def _strip_endings(answer: str, rules: CleaningRules, hits: dict[str, tuple[str, str]]) -> str:
    """Alternate sign-off and signature stripping at the end: "Regards, Dr. X" needs both."""
    c = rules._compiled
    use_signoff = "signoff" in c and rules.enabled("signoff")
    use_signature = "signature" in c and rules.enabled("signature")
    for _ in range(rules.max_scrub_passes):
        changed = False
        if use_signoff:
            new = _strip_signoff(answer, c["signoff"], rules.signoff_tail_chars)
            if new != answer:
                _note(hits, "signoff", answer, new)
                answer, changed = new, True
        if use_signature:
            new = _strip_signature(answer, c["signature"], rules)
            if new != answer:
                _note(hits, "signature", answer, new)
                answer, changed = new, True
        if not changed:
            break
    return answer


def _strip_signoff(answer: str, pat: re.Pattern[str], tail_chars: int) -> str:
    # Only the tail is searched: an end-anchored search over a long answer would try every position.
    """Cut the earliest sign-off that starts at a clause start in the tail and runs to the end.

    Clause starts are: the start of the text, after . ! ? , ; : > ) or a line break, and before a capitalised
    word. Trying only those positions (instead of a regex search over every character) keeps the rule fast
    and stops "take care" from matching inside "mistake care".
    """
    start = max(0, len(answer) - tail_chars)
    if start == 0 and pat.match(answer):
        return ""
    for c in _CLAUSE_START.finditer(answer, start):
        if pat.match(answer, c.end()):
            return answer[: c.end()].rstrip(_TRAIL_JUNK)
    return answer


def _at_word_start(text: str, i: int) -> bool:
    """True when position i does not continue a word ("mistake care" must not match "take care")."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "'_")


def _strip_signature(answer: str, pat: re.Pattern[str], rules: CleaningRules) -> str:
    """Cut a trailing "Dr. Name, MD ..." when it is short, name-like and not the object of a verb."""
    start = max(0, len(answer) - rules.signoff_tail_chars)
    for m in pat.finditer(answer, start):
        glued = answer[m.start()].isupper() and m.start() > 0 and answer[m.start() - 1].islower()
        if not (_at_word_start(answer, m.start()) or glued):  # "Thank youDr Name" is a glued signature
            continue
        tail_words = answer[m.start() :].split()
        if len(tail_words) > rules.signature_max_words:
            continue
        lowered = {w.lower() for w in _WORD.findall(answer[m.end() :])}
        if lowered & set(rules.signature_stop_words):
            continue
        prev = _WORD.findall(answer[max(0, m.start() - 40) : m.start()])
        if prev and prev[-1].lower() in rules.signature_not_after:
            continue
        return answer[: m.start()].rstrip(_TRAIL_JUNK)
    return answer


def _scrub_platform(answer: str, rules: CleaningRules, hits: dict[str, tuple[str, str]]) -> str:
    """Remove short sentences naming the platform; a long one carries content, so the row is dropped."""
    pat = rules._compiled.get("platform")
    if pat is None or not rules.enabled("platform") or not pat.search(answer):
        return answer
    # The split keeps separators at odd indices so line breaks around kept sentences survive.
    parts = _SENTENCE_SPLIT.split(answer)
    keep: list[str] = []
    for i in range(0, len(parts), 2):
        sentence = parts[i]
        if pat.search(sentence):
            if len(sentence.split()) > rules.platform_sentence_max_words:
                raise _Drop("platform_embedded")
            continue
        if keep:
            keep.append(parts[i - 1])
        keep.append(sentence)
    new = _capitalize("".join(keep).strip(), rules)
    _note(hits, "platform", answer, new)
    return new


def _scrub_artifacts(answer: str, rules: CleaningRules, hits: dict[str, tuple[str, str]]) -> str:
    """Remove an artifact that stands as its own clause; drop the row when it sat inside one.

    Criterion (documented in the config): the artifact is removable when
      - it starts the text or follows sentence/clause punctuation (. ! ? ; : , or a line break), and
      - it is followed by punctuation or the end of the text, and
      - the word before it is not in `artifact_dangling_words` ("like", "take", "tab", "of", ...) and
        the text after it does not continue with a number (a dose: "<artifact> 500 mg").
    Otherwise the artifact replaced a word the sentence needs (a drug or a name), and the row is dropped.
    """
    pat = rules._compiled.get("artifact")
    if pat is None or not rules.enabled("artifact"):
        return answer
    m = pat.search(answer)
    if not m:
        return answer
    new = answer
    while m:
        prev_words = _WORD.findall(new[max(0, m.start() - 40) : m.start()])
        if prev_words and prev_words[-1].lower() in rules.artifact_platform_words:
            # "Thanks for using <artifact>": the token names the platform, so treat the sentence as such.
            new = _remove_sentence(new, m.start(), m.end(), rules)
            _note(hits, "platform", answer, new)
            answer = new
            m = pat.search(new)
            continue
        before = new[: m.start()].rstrip()
        after = new[m.end() :]
        after_stripped = after.lstrip()
        left_ok = not before or before[-1] in ".!?;:,\n"
        right_ok = not after_stripped or after_stripped[0] in ".!?;:,\n"
        dangling = bool(prev_words) and prev_words[-1].lower() in rules.artifact_dangling_words
        dose = bool(re.match(r"[\s.,:;]*\d", after))
        if not (left_ok and right_ok) or dangling or dose:
            raise _Drop("artifact_broken")
        rest = re.sub(r"^[\s.!?;:,]+", "", after)
        if before and before[-1] == ",":
            before = before[:-1] + "."  # "Hello, <artifact>. You ..." -> "Hello. You ..."
        new = (before + " " + _capitalize(rest, rules)).strip() if before else _capitalize(rest, rules)
        m = pat.search(new)
    new = _tidy(new)
    _note(hits, "artifact", answer, new)
    return new


def _remove_sentence(text: str, start: int, end: int, rules: CleaningRules) -> str:
    """Remove the sentence around text[start:end]; drop the row when it is too long to be boilerplate."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    if len(text[left:right].split()) > rules.platform_sentence_max_words:
        raise _Drop("platform_embedded")
    return _capitalize(_tidy(text[:left] + " " + text[right:]), rules)


def dedup_key(row: Mapping[str, str], fields_: Iterable[str], normalized: bool) -> str:
    """The duplicate key: chosen fields joined; normalised = lowercase, punctuation and spacing removed."""
    parts = [row.get(f, "") for f in fields_]
    if normalized:
        parts = [_NORMALIZE.sub(" ", p.lower()).strip() for p in parts]
    return "\x1f".join(parts)


def _check_dedup(
    row: dict[str, str], rules: CleaningRules, seen_exact: set[str], seen_norm: set[str]
) -> None:
    """Keys are taken after scrubbing, so rows differing only in greetings or sign-offs collapse."""
    if not rules.enabled("dedup"):
        return
    exact = dedup_key(row, rules.dedup_fields, normalized=False)
    if exact in seen_exact:
        raise _Drop("duplicate_exact")
    if rules.dedup_mode == "normalized":
        norm = dedup_key(row, rules.dedup_fields, normalized=True)
        if norm in seen_norm:
            raise _Drop("duplicate_normalized")
        seen_norm.add(norm)
    seen_exact.add(exact)
