"""Loss falls on answer tokens only, the model learns to stop, and the token budget is applied as configured."""

import pytest

from lorasweep.data.formatting import IGNORE_INDEX, messages, tokenize_records

RECORD = {
    "system": "You are a doctor.",
    "question": "Why does my knee hurt?",
    "answer": "Probably a strain. Rest it.",
}


def test_prompt_turns_and_completion_turn():
    prompt, completion = messages(RECORD)
    assert [m["role"] for m in prompt] == ["system", "user"]
    assert completion == [{"role": "assistant", "content": RECORD["answer"]}]
    merged, _ = messages(RECORD, system_role="merge_into_user")
    assert [m["role"] for m in merged] == ["user"] and merged[0]["content"].startswith(
        "You are a doctor.\n\n"
    )


def test_labels_cover_exactly_the_answer_and_its_end_of_turn(tokenizer):
    out = tokenize_records(tokenizer, [RECORD], max_length=256, over_length="drop")
    ids, labels = out.input_ids[0], out.labels[0]
    supervised = [tok for tok, lab in zip(ids, labels, strict=True) if lab != IGNORE_INDEX]
    text = tokenizer.decode(supervised)
    assert text.startswith("Probably a strain. Rest it.")
    # The end-of-turn token is supervised: this is what teaches the model to stop.
    assert tokenizer.eos_token_id in supervised
    prompt_ids = [t for t, lab in zip(ids, labels, strict=True) if lab == IGNORE_INDEX]
    assert tokenizer.decode(prompt_ids).endswith("assistant\n")
    prompt_len = labels.index(next(lab for lab in labels if lab != IGNORE_INDEX))
    assert all(lab == IGNORE_INDEX for lab in labels[:prompt_len])
    assert labels[prompt_len:] == ids[prompt_len:]


def test_pad_token_is_not_the_eos_token(tokenizer):
    assert tokenizer.pad_token_id is not None
    assert tokenizer.pad_token_id != tokenizer.eos_token_id


def test_trl_collator_pads_labels_positionally_so_eos_stays_supervised(tokenizer):
    from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

    out = tokenize_records(
        tokenizer, [RECORD, {**RECORD, "answer": "Rest."}], max_length=256, over_length="drop"
    )
    batch = DataCollatorForLanguageModeling(pad_token_id=tokenizer.pad_token_id)(
        [{"input_ids": i, "labels": lab} for i, lab in zip(out.input_ids, out.labels, strict=True)]
    )
    short = batch["labels"][1]
    assert (short == tokenizer.eos_token_id).sum() == 1  # the short answer's end is still a target
    assert (batch["input_ids"][1] == tokenizer.pad_token_id).sum() > 0
    assert (short[batch["attention_mask"][1] == 0] == IGNORE_INDEX).all()


def test_over_length_rows_are_dropped_or_truncated(tokenizer):
    long_record = {**RECORD, "answer": "word " * 400}
    dropped = tokenize_records(tokenizer, [RECORD, long_record], max_length=64, over_length="drop")
    assert dropped.dropped["max_tokens"] == 1 and len(dropped.input_ids) == 1
    assert dropped.lengths[1] > 64
    cut = tokenize_records(tokenizer, [RECORD, long_record], max_length=64, over_length="truncate")
    assert cut.truncated == 1 and len(cut.input_ids) == 2 and len(cut.input_ids[1]) == 64


def test_an_example_whose_prompt_fills_the_budget_is_dropped_not_trained_on(tokenizer):
    long_question = {**RECORD, "question": "pain " * 300}
    out = tokenize_records(tokenizer, [long_question], max_length=64, over_length="truncate")
    assert out.dropped["no_supervised_tokens"] == 1 and out.input_ids == []


@pytest.mark.parametrize("count", [1, 7])
def test_every_kept_example_has_a_supervised_token(tokenizer, count):
    out = tokenize_records(tokenizer, [RECORD] * count, max_length=256, over_length="drop")
    assert len(out.labels) == count
    assert all(any(lab != IGNORE_INDEX for lab in labels) for labels in out.labels)
