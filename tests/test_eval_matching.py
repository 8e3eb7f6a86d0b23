"""The answer matchers, the bootstrap interval and the generation metrics, on hand-written cases."""

from __future__ import annotations

import math

import pytest

from lorasweep.evaluation.genmetrics import generation_metrics, has_forum_noise, repetition
from lorasweep.evaluation.matching import exact_match, key_terms, normalise, partial_match
from lorasweep.evaluation.stats import bootstrap_ci


@pytest.mark.parametrize(
    ("prediction", "reference"),
    [
        ("Epinephrine", "epinephrine"),
        ("The answer is epinephrine.", "Epinephrine"),  # contains: a sentence holding the term
        ("streptococcus PNEUMONIAE!", "Streptococcus pneumoniae"),  # case and punctuation
        ("An ACE inhibitor", "ACE inhibitor"),  # articles
        ("ACE inhibitors are first line", "ACE inhibitor"),  # plurals
        ("beta-blockers", "beta blocker"),  # hyphen is punctuation
        ("Vitamin C, not vitamin D.", "Vitamin C"),  # "X, not Y" leaves X affirmed
        ("It is diabetes, but not type 1.", "diabetes"),  # the negation belongs to the later clause
        ("Café au lait spots", "cafe au lait spots"),  # accents
    ],
)
def test_exact_match_normalises(prediction: str, reference: str) -> None:
    assert exact_match(prediction, reference)


@pytest.mark.parametrize(
    ("prediction", "reference"),
    [
        ("not diabetes", "diabetes"),
        ("This is not diabetes.", "Diabetes"),
        ("It isn't diabetes", "diabetes"),
        ("There is no fever, cough or diabetes.", "diabetes"),
        ("Diabetes was ruled out.", "diabetes"),
        ("It is hypertension rather than diabetes.", "diabetes"),
        ("Without epinephrine the patient recovered", "epinephrine"),
    ],
)
def test_negation_guard(prediction: str, reference: str) -> None:
    assert not exact_match(prediction, reference)
    assert not partial_match(prediction, reference).matched
    assert partial_match(prediction, reference).share == 0.0


def test_equals_mode_needs_the_whole_answer() -> None:
    assert exact_match("  Epinephrine. ", "epinephrine", mode="equals")
    assert not exact_match("Give epinephrine", "epinephrine", mode="equals")
    assert not exact_match("not diabetes", "diabetes", mode="equals")


def test_synonym_is_a_miss() -> None:
    # Term matchers know no synonyms; the semantic matcher is the remedy.
    assert not exact_match("Adrenaline, intramuscularly", "Epinephrine")
    assert partial_match("Adrenaline, intramuscularly", "Epinephrine").share == 0.0


@pytest.mark.parametrize(
    ("prediction", "reference"),
    [("", "Epinephrine"), ("Epinephrine", ""), ("", ""), ("...", "Epinephrine"), ("Epinephrine", "  ")],
)
def test_empty_never_matches(prediction: str, reference: str) -> None:
    assert not exact_match(prediction, reference)
    assert not partial_match(prediction, reference).matched


def test_partial_match_counts_key_terms_without_stop_words() -> None:
    reference = "Inhibition of the enzyme cyclooxygenase in platelets"
    assert key_terms(reference) == ["inhibition", "enzyme", "cyclooxygenase", "platelet"]
    three_of_four = partial_match("Aspirin causes inhibition of cyclooxygenase in platelets", reference)
    assert three_of_four.share == pytest.approx(0.75) and three_of_four.matched
    two_of_four = partial_match("It blocks cyclooxygenase in platelets", reference)
    assert two_of_four.share == pytest.approx(0.5) and not two_of_four.matched
    assert partial_match("It blocks cyclooxygenase in platelets", reference, threshold=0.5).matched


def test_partial_match_ignores_negated_terms() -> None:
    reference = "chronic kidney disease"
    assert partial_match("Chronic kidney disease is the cause", reference).matched
    assert not partial_match("It is not chronic kidney disease", reference).matched


def test_negated_reference_needs_the_negation() -> None:
    assert exact_match("No treatment is needed", "No treatment")
    assert not partial_match("Treatment with antibiotics", "No treatment").matched


def test_normalise() -> None:
    assert normalise("The Vitamins, (B12)!") == "vitamin b12"
    assert normalise("Therapies") == "therapy"


def test_interval_contains_the_estimate_and_narrows_with_n() -> None:
    small = bootstrap_ci([1, 0, 1, 1, 0, 1, 0, 1, 1, 0], resamples=2000, seed=3)
    large = bootstrap_ci([1, 0, 1, 1, 0, 1, 0, 1, 1, 0] * 20, resamples=2000, seed=3)
    assert small.value == pytest.approx(0.6) and large.value == pytest.approx(0.6)
    assert small.low <= small.value <= small.high and large.low <= large.value <= large.high
    assert small.low < small.value < small.high  # a real interval, not a point
    assert (large.high - large.low) < (small.high - small.low) / 2  # ~1/sqrt(20) as wide
    assert (small.n, large.n) == (10, 200)


def test_interval_is_seeded_and_degenerate_cases_are_defined() -> None:
    values = [0.0, 1.0, 1.0, 0.0, 1.0]
    assert bootstrap_ci(values, 500, seed=1) == bootstrap_ci(values, 500, seed=1)
    constant = bootstrap_ci([1.0] * 7, 500, seed=1)
    assert (constant.value, constant.low, constant.high) == (1.0, 1.0, 1.0)
    empty = bootstrap_ci([], 500, seed=1)
    assert empty.n == 0 and math.isnan(empty.value)
    assert bootstrap_ci(values, 500, 1).as_metrics("vqa_x")["vqa_x_n"] == 5.0


def test_generation_metrics() -> None:
    answers = [
        "As a medical assistant, I'd be happy to help. Drink water and rest.",
        "Hello, welcome to ChatDoctor. Rest well. Take care.",
        "Rest rest rest rest rest rest",
        "Drink water and see your doctor if it lasts two weeks.",
    ]
    metrics = generation_metrics(answers)
    assert metrics["filler_rate"] == pytest.approx(0.25)
    assert metrics["noise_rate"] == pytest.approx(0.25)
    assert metrics["answer_words"] == pytest.approx((13 + 8 + 6 + 11) / 4)
    assert repetition("Rest rest rest rest rest rest") == pytest.approx(3 / 4)
    assert repetition("one two three four") == 0.0 and repetition("") == 0.0
    assert metrics["repetition"] == pytest.approx(0.75 / 4)
    assert has_forum_noise("Thanks for your query. Rest.") and not has_forum_noise("Rest and drink water.")
    assert generation_metrics([]) == {}
