"""Each shipped data source loads from a local file through config alone (`data=<source> data.path=<file>`)."""

import json

import pytest
from omegaconf import OmegaConf

from lorasweep.data.pipeline import prepare

INSTRUCTION = "If you are a doctor, please answer the medical questions based on the patient's description."
LONG_ANSWER = (
    "A cough that lasts more than three weeks deserves an examination. Common causes are a lingering viral "
    "infection, asthma, reflux and postnasal drip from the sinuses. Ask your doctor for a chest examination and, "
    "if needed, a chest X-ray, and see someone urgently if you cough blood or lose weight without trying."
)


def _rows(source: str, count: int) -> list[dict]:
    """Rows shaped like each public dataset's own columns, written here (never copied from the real sets)."""
    rows = []
    for i in range(count):
        question = f"I am {20 + i} and have had a cough for {i + 3} weeks, worse at night. What should I do?"
        if source == "chatdoctor":
            rows.append({"instruction": INSTRUCTION, "input": question, "output": "Hi. " + LONG_ANSWER})
        elif source == "ai_medical_chatbot":
            rows.append({"Description": "Q. Long cough?", "Patient": question, "Doctor": "Hello. " + LONG_ANSWER})
        elif source == "medquad":
            rows.append(
                {"qtype": "symptoms", "Question": f"What are the symptoms of condition {i}?", "Answer": LONG_ANSWER}
            )
        elif source == "medical_o1":
            rows.append(
                {
                    "Open-ended Verifiable Question": f"Which drug is first line for case {i} of type 2 diabetes?",
                    "Ground-True Answer": "Metformin",
                }
            )
    return rows


@pytest.mark.parametrize("source", ["chatdoctor", "ai_medical_chatbot", "medquad", "medical_o1"])
def test_source_loads_from_a_local_file(compose_cfg, tokenizer, tmp_path, source):
    path = tmp_path / f"{source}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows(source, 30)))
    cfg = compose_cfg(f"data={source}", f"data.path={path}", "data.sample_size=null")
    prepared = prepare(OmegaConf.to_container(cfg.data, resolve=True), tokenizer, 256, tmp_path / "cache")
    assert prepared.report["rows_in"] == 30 and prepared.report["rows_out"] == 30
    record = prepared.records("train")[0]
    assert record["question"].startswith(("I am", "What are", "Which drug"))
    if source == "chatdoctor":
        assert record["system"] == INSTRUCTION  # the constant instruction column became the system prompt
        assert record["answer"].startswith("A cough")  # the greeting was scrubbed
    if source == "medical_o1":
        assert record["answer"] == "Metformin"  # short answers survive: per-source cleaning defaults


def test_the_forum_rules_would_empty_a_short_answer_set(compose_cfg, tokenizer, tmp_path):
    from lorasweep.errors import DataError

    path = tmp_path / "o1.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows("medical_o1", 30)))
    cfg = compose_cfg("data=medical_o1", f"data.path={path}", "data/cleaning=forum")
    with pytest.raises(DataError, match="min_answer_words"):
        prepare(OmegaConf.to_container(cfg.data, resolve=True), tokenizer, 256, tmp_path / "cache")
