"""Audit detectors for conversational noise in answers (training data or generated text).

These are deliberately *not* the cleaner's rules: the cleaning benchmark uses them to measure what the cleaner
left behind, and the evaluation stage uses them to measure what a fine-tuned model produces. They look at the
first or last sentence only and use broad, fixed phrase lists, so they are domain-neutral (nothing medical).

- opens_with_greeting: the first words are a salutation or welcome/thanks ("Hi", "Hello Dear", "Welcome to",
  "Thanks for your query", "Good morning"), not words that merely start with those letters ("Highly", "Hip").
- names_platform: the text names a Q&A platform or addresses "this forum/site/platform".
- ends_with_signoff: the last sentence is a sign-off ("Take care.", "Regards, X", "Hope this helps",
  "Wish you good health", "Let me know if ...", a "... online -->" referral) or a trailing "Dr. Name"
  signature;
  "take care to avoid lifting" as the last instruction is not one.
- filler_opening: the answer opens with assistant/forum filler instead of content ("As an AI", "As a medical
  assistant", "I'd be happy to help", "Great question", "I understand your concern", "I have gone through
  your query").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_FLAGS = re.IGNORECASE

# First-sentence checks work on the first 200 characters after leading punctuation/space.
_GREETING = re.compile(
    r"(?:hi+|hello+|hey+|hiya|howdy|hai|dear|greetings|namaste|good\s+(?:morning|afternoon|evening|day))"
    r"(?![a-z])"
    r"|(?-i:(?:H[Ii]|Hello)(?=[A-Z][a-z]))"  # "HiThanks", "HelloDoctor": glued salutations
    r"|(?:and\s+|i\s+)?(?:welcome|well\s?come)\s+(?:back\s+)?(?:to|on)\b"
    r"|thanks?\s+(?:you\s+)?(?:so\s+much\s+|a\s+lot\s+)?for\b|thank\s*(?:you|u)\b(?!\s+(?:note|letter))",
    _FLAGS,
)

_PLATFORM_NAMES = (
    r"health\s*care\s*magic|healthcarmagic|\bhcm\b|\bhcmi\b|i\s?clini?q|ilciniq|chat\s*doctor|"
    r"just\s*answer|\bpracto\b|\bwebmd\b|\bzocdoc\b|ask\s+a\s+doctor\s+service|\bdocprime\b|\blybrate\b|"
    r"\bthis\s+(?:forum|platform|website|portal)\b|\bour\s+(?:forum|platform|website|portal)\b"
)
_PLATFORM = re.compile(_PLATFORM_NAMES, _FLAGS)

# A sign-off sentence: starts with one of these and is short (checked in code).
_SIGNOFF_START = re.compile(
    r"(?:take\s*care(?!\s+(?:to|that|not|when|while|of\s+(?!yourself)))"
    r"|(?:best|kind|warm|warmest|with)?\s*regards(?!\s+to\b)"
    r"|best\s+wishes|all\s+the\s+best|good\s*luck|get\s+well|god\s+bless|stay\s+(?:safe|healthy)|cheers"
    r"|(?:i\s+)?(?:hope|wish|trust)\s+(?:this|that|it|my|i\s+have|i\s+had|the\s+above|you\s+(?:get|find|found|got)"
    r"|your\s+(?:query|concern|question|doubt))"
    r"|wish(?:ing)?\s+you"
    r"|have\s+a\s+(?:nice|good|great|healthy|healthful|blessed|wonderful)\s+(?:day|time|week|evening)"
    r"|thanks?\b|thank\s*(?:you|u)\b|thanx|thnx"
    r"|(?:please\s+)?(?:feel\s+free|do\s+not\s+hesitate|don'?t\s+hesitate|let\s+me\s+know|write\s+back"
    r"|revert\s+back|get\s+back\s+to\s+me|contact\s+me)"
    r"|(?:for|in\s+case\s+of)\s+(?:any\s+)?(?:further|more|other)\s+(?:queries|questions|doubts|information))",
    _FLAGS,
)
_REFERRAL = re.compile(r"-+\s*>\s*$")
# A trailing signature: "Dr. Name Surname, MD" (capitalised words) anywhere after a space, or up to four
# words of any case ("dr gaurav patel") right after a sentence or clause end.
_SIGNATURE = re.compile(
    r"\s(?i:dr\b\.?|doctor\b)\s*[A-Z][\w.'-]*(?:[\s,.]+[A-Z\[(][\w.'()\[\]-]*){0,6}[\s.,]*$"
    r"|(?:^|[.!?,\n]\s*)(?i:dr\b\.?|doctor\b)\s*[A-Za-z][\w.'-]*(?:[\s,.]+[A-Za-z][\w.'()\[\]-]*){0,3}[\s.,]*$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s*(?=[A-Z])|\n+|(?<=[.!?])\s+")
_SIGNOFF_MAX_WORDS = 16

_FILLER = re.compile(
    r"as\s+an?\s+(?:ai|artificial|language\s+model|llm|virtual|digital|medical|healthcare|health|helpful)"
    r"(?:\s+\w+){0,2}\s*(?:assistant|model|ai|chatbot|bot|professional)?\s*,"
    r"|as\s+an?\s+ai\b"
    r"|i(?:'d|\s+would|\s+am|'m)\s+(?:be\s+)?(?:happy|glad|delighted|here)\s+to\s+(?:help|assist)"
    r"|i\s+am\s+not\s+a\s+(?:doctor|medical\s+professional|physician)"
    r"|(?:great|good|excellent|thank\s+you\s+for\s+your)\s+question"
    r"|(?:certainly|sure|absolutely|of\s+course)\s*[!,.]"
    r"|i\s+(?:can\s+|do\s+|fully\s+)?(?:understand|appreciate)\s+your\s+(?:concern|worry|situation|query|anxiety)"
    r"|i\s+(?:have\s+|had\s+)?(?:gone|went|read|reviewed|seen)\s+(?:through\s+)?your\s+(?:query|question|case"
    r"|history|message|post)",
    _FLAGS,
)


def _head(text: str, chars: int = 200) -> str:
    return text.lstrip(" \t\n\"'*-#>.,:;!").strip()[:chars]


def opens_with_greeting(text: str) -> bool:
    """True when the text starts with a salutation, welcome or thanks (see module docstring)."""
    if not isinstance(text, str):
        return False
    return _GREETING.match(_head(text)) is not None


def names_platform(text: str, extra_names: Iterable[str] = ()) -> bool:
    """True when the text names a Q&A platform; `extra_names` adds plain (non-regex) names to look for."""
    if not isinstance(text, str):
        return False
    if _PLATFORM.search(text):
        return True
    low = text.lower()
    return any(name.lower() in low for name in extra_names)


def _last_sentence(text: str) -> str:
    tail = text.rstrip()[-400:]
    parts = [p for p in _SENTENCE_END.split(tail) if p and p.strip()]
    return parts[-1].strip() if parts else ""


def ends_with_signoff(text: str) -> bool:
    """True when the last sentence is a sign-off or the text ends with a referral link or a signature."""
    if not isinstance(text, str) or not text.strip():
        return False
    tail = text.rstrip()
    if _REFERRAL.search(tail[-20:]):
        return True
    if _SIGNATURE.search(tail[-160:]):
        return True
    last = _last_sentence(tail)
    if not last:
        return False
    if len(last.split()) > _SIGNOFF_MAX_WORDS:
        return False
    return _SIGNOFF_START.match(last.lstrip(" \"'*-,.;:")) is not None


def filler_opening(text: str) -> bool:
    """True when the text opens with assistant/forum filler rather than content (see module docstring)."""
    if not isinstance(text, str):
        return False
    head = _head(text)
    # Look past one salutation ("Hello! As an AI, ...") so greeting and filler are measured independently.
    m = _GREETING.match(head)
    if m:
        head = head[m.end() :].lstrip(" ,.!:;-")
        head = re.sub(r"^(?:there|dear|sir|madam|friend)\b[\s,.!:;]*", "", head, flags=_FLAGS)
    return _FILLER.match(head) is not None
