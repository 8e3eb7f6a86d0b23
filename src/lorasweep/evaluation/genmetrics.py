"""Text-level measures of generated answers, the same for any domain: filler, forum noise, length, repetition.

The detectors are the cleaner's audit detectors (lorasweep.data.noise), so "noise the cleaner removes" means
one thing in the data report and in the evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence

from lorasweep.data.noise import ends_with_signoff, filler_opening, names_platform, opens_with_greeting

REPETITION_N = 3  # trigrams: short enough to catch loops in a 16-token answer, long enough to ignore "of the"


def has_forum_noise(text: str) -> bool:
    """A greeting opening, a platform name or a sign-off ending: what the forum cleaner strips from training
    data."""
    return opens_with_greeting(text) or names_platform(text) or ends_with_signoff(text)


def repetition(text: str, n: int = REPETITION_N) -> float:
    """Share of the answer's word n-grams that repeat an earlier n-gram (0 = no loop, near 1 = one phrase
    looped)."""
    words = text.lower().split()
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    if not grams:
        return 0.0
    return (len(grams) - len(set(grams))) / len(grams)


def generation_metrics(answers: Sequence[str]) -> dict[str, float]:
    """Rates over a set of answers: filler_rate, noise_rate, answer_words (mean), repetition (mean)."""
    count = len(answers)
    if count == 0:
        return {}
    return {
        "filler_rate": sum(filler_opening(a) for a in answers) / count,
        "noise_rate": sum(has_forum_noise(a) for a in answers) / count,
        "answer_words": sum(len(a.split()) for a in answers) / count,
        "repetition": sum(repetition(a) for a in answers) / count,
    }
