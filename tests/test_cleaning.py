"""Row cleaner rules, config validation, presets and audit detectors. All texts are written for the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from omegaconf import OmegaConf

from lorasweep.data.cleaning import CleaningRules, clean_records
from lorasweep.data.noise import ends_with_signoff, filler_opening, names_platform, opens_with_greeting
from lorasweep.errors import ConfigError

CONF = Path(__file__).resolve().parents[1] / "conf" / "data" / "cleaning"
BODY = (
    "Your symptoms suggest a mild viral throat infection. Gargle with warm salt water three times a day, "
    "drink plenty of fluids and take paracetamol 500 mg if the fever goes above 38 degrees. If it lasts "
    "more than five days, see your physician for a throat swab."
)
QUESTION = "I have had a sore throat and a mild fever for three days. What should I do?"


def forum(**overrides: Any) -> CleaningRules:
    cfg = OmegaConf.to_container(OmegaConf.load(CONF / "forum.yaml"))
    cfg.update(overrides)
    return CleaningRules.from_mapping(cfg)


def row(answer: Any, question: Any = QUESTION, system: Any = None) -> dict[str, Any]:
    return {"system": system, "question": question, "answer": answer}


def clean_one(answer: str, rules: CleaningRules | None = None, question: str = QUESTION):
    out = clean_records([row(answer, question)], rules or forum())
    return out, (out.kept[0]["answer"] if out.kept else None)


# --- scrubs -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "Hello, welcome to Chat Doctor.",
        "Hi Dear,",
        "Hi,",
        "Hi. Thanks for posting your query.",
        "Hello. Thanks for your question.",
        "Hi. I have gone through your query with diligence and would like you to know that I am here to help "
        "you.",
        "Hello and welcome to HealthcareMagic forum. I understand your concern.",
        "Dear Anna, Welcome to iCliniq.",
    ],
)
def test_greeting_scrub_keeps_medical_content(opening: str) -> None:
    out, answer = clean_one(f"{opening} {BODY}")
    assert answer == BODY
    assert out.scrubbed["greeting"] == 1


def test_greeting_scrub_recapitalises_a_lowercase_continuation() -> None:
    _, answer = clean_one("Hi, " + BODY[0].lower() + BODY[1:])
    assert answer == BODY


def test_greeting_rule_does_not_touch_words_starting_with_hi() -> None:
    text = "Highly likely this is " + BODY[0].lower() + BODY[1:]
    _, answer = clean_one(text)
    assert answer == text


@pytest.mark.parametrize(
    "ending",
    [
        "Take care.",
        "Best wishes, Chat Doctor.",
        "Regards",
        "Hope this helps.",
        "Wish you good health.",
        "For further information consult a throat specialist online -->",
        "Hope I have answered your question. Let me know if I can assist you further. "
        "Regards, Dr. Anil Rao MD",
        "Take care and have a nice day.",
    ],
)
def test_signoff_scrub_keeps_medical_content(ending: str) -> None:
    out, answer = clean_one(f"{BODY} {ending}")
    assert answer == BODY
    assert out.scrubbed.get("signoff", 0) + out.scrubbed.get("signature", 0) >= 1


def test_take_care_as_an_instruction_is_kept() -> None:
    text = BODY + " Take care to avoid cold drinks until the throat heals."
    _, answer = clean_one(text)
    assert answer == text


# HealthCareMagic-style openings and endings (own wording). Each family: forms that go, and look-alikes that stay.
LOWER_BODY = BODY[0].lower() + BODY[1:]


@pytest.mark.parametrize(
    "text",
    [
        # welcome glued to the first word
        "Well come to HCM" + BODY,
        "Welcome to HCM" + BODY,
        # thanks without punctuation before the content
        "Thanks for your query " + BODY,
        "Thank you for your question " + LOWER_BODY,
        # read-your-query openings
        "I have gone through your query and " + LOWER_BODY,
        "I saw your pictures. " + BODY,
        "I have looked at the attached photos and your reports carefully. " + BODY,
        "I have reviewed your question and here is my advice. " + BODY,
        "I have read your message with great interest and would like to tell you that " + LOWER_BODY,
        "I read your post and do understand your worries. " + BODY,
        # understanding / appreciating the concern
        "Understanding your concern. " + BODY,
        "Really appreciate your concern, " + LOWER_BODY,
        "I have understood your concern. " + BODY,
        "I can understand your worry about the fever and the sore throat. " + BODY,
        "Hi there, thanks for your query " + BODY,
    ],
)
def test_forum_openings_are_scrubbed(text: str) -> None:
    out, answer = clean_one(text)
    assert answer == BODY
    assert out.scrubbed["greeting"] == 1


@pytest.mark.parametrize(
    "opening",
    [
        # "and" continues "I": cutting there would leave "Would recommend ..." without a subject.
        "I have gone through your query and would recommend a throat swab first.",
        "I checked the attached photo and read your description.",
        # the concern phrase carries content after a comma or a dependent clause
        "I can understand your concern for the sore throat, fever and cough.",
        "I understand your concern, but a sore throat alone is rarely serious.",
        "I understand your concern about the rash, which often follows a viral fever.",
    ],
)
def test_forum_opening_look_alikes_are_kept(opening: str) -> None:
    text = f"{opening} {BODY}"
    _, answer = clean_one(text)
    assert answer == text


@pytest.mark.parametrize(
    "ending",
    [
        "Hope this was helpful. Thanks and regards.",
        "Take CareRegards",
        "Hope this helps. RegardsDr Anil Rao",
        "Cheers.",
        "Thanks, get well soon",
        "If you have further doubts, I would be happy to help you.",
        "In case you need more details, please let me know.",
        "Let me know if you have other questions. I would be glad to answer them.",
        "Kindly revert in case you need any more help.",
        "Get back with more queries if you still have doubts.",
        "Please take a moment to rate this answer.",
        "I wish you feel better soon. Best",
        "I hope you start feeling better soon.",
        "I hope to hear from you about the results.",
    ],
)
def test_forum_endings_are_scrubbed(ending: str) -> None:
    out, answer = clean_one(f"{BODY} {ending}")
    assert answer == BODY
    assert out.scrubbed.get("signoff", 0) + out.scrubbed.get("signature", 0) >= 1


@pytest.mark.parametrize(
    "ending",
    [
        # requests for information and instructions are content, not sign-offs
        "Please get back with the throat swab report so that I can adjust the treatment.",
        "Please contact your physician if the fever rises above 39 degrees.",
        "Please let me know the results of the swab.",
        "Warm salt water gargles work best.",
    ],
)
def test_forum_ending_look_alikes_are_kept(ending: str) -> None:
    text = f"{BODY} {ending}"
    _, answer = clean_one(text)
    assert answer == text


def test_signature_is_scrubbed_but_a_referral_to_a_doctor_is_not() -> None:
    out, answer = clean_one(BODY + " Dr. Meera Iyer, MBBS, MD")
    assert answer == BODY and out.scrubbed["signature"] == 1
    advice = BODY + " Please consult Dr. Rao"
    _, answer = clean_one(advice)
    assert answer == advice


def test_platform_sentence_is_removed_when_short() -> None:
    out, answer = clean_one(
        "Thank you. " + BODY[:-1] + ". You can reach me again on HealthcareMagic. Rest your voice."
    )
    assert "HealthcareMagic" not in answer
    assert answer.endswith("throat swab. Rest your voice.")
    assert out.scrubbed["platform"] == 1


def test_long_sentence_naming_the_platform_drops_the_row() -> None:
    long_sentence = (
        "As I told many patients on icliniq the infection in your throat usually clears in a week "
        "with salt water gargles, rest, fluids and paracetamol when the fever is high."
    )
    out, _ = clean_one(BODY + " " + long_sentence)
    assert out.dropped == {"platform_embedded": 1}


def test_artifact_as_its_own_clause_is_scrubbed() -> None:
    out, answer = clean_one("Chat Doctor. " + BODY)
    assert answer == BODY
    assert out.scrubbed["artifact"] == 1


def test_artifact_that_broke_the_sentence_drops_the_row() -> None:
    out, _ = clean_one(BODY + " You can also take Chat Doctor. 200 mg twice a day for the pain.")
    assert out.dropped == {"artifact_broken": 1}
    assert out.examples["artifact_broken"][0]["after"] is None


def test_artifact_after_a_platform_word_is_treated_as_platform() -> None:
    out, answer = clean_one(BODY + " Thanks for trusting us on Chat Doctor forum today. Rest well.")
    assert "Chat Doctor" not in answer and answer.endswith("Rest well.")


def test_inline_boilerplate_removed_without_breaking_punctuation() -> None:
    _, answer = clean_one("The photo shows a red throat (attachment removed to protect patient identity). " + BODY)
    assert answer.startswith("The photo shows a red throat. Your symptoms")


def test_whitespace_normalised_in_all_fields() -> None:
    out = clean_records(
        [
            row(
                BODY.replace(". ", ".  \u00a0") + "\n\n\n\nRest.",
                question=" " + QUESTION + "\t",
                system="  You answer  questions. ",
            )
        ],
        forum(),
    )
    kept = out.kept[0]
    assert kept["question"] == QUESTION and kept["system"] == "You answer questions."
    assert "  " not in kept["answer"] and "\n\n\n" not in kept["answer"]
    assert out.scrubbed["whitespace"] == 1


def test_glued_sentences_are_separated() -> None:
    _, answer = clean_one(BODY.replace("day, drink", "day.Drink"))
    assert "day. Drink" in answer


# --- drops, thresholds, invariant ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"question": None, "answer": BODY},
        {"question": QUESTION, "answer": ""},
        {"question": QUESTION, "answer": "   "},
        {"question": QUESTION, "answer": 42},
        {"question": ["a", "list"], "answer": BODY},
        {"question": QUESTION},
        {"system": 3.5, "question": QUESTION, "answer": BODY},
    ],
)
def test_non_text_rows_are_dropped(bad: dict[str, Any]) -> None:
    out = clean_records([bad], forum())
    assert out.dropped == {"non_text": 1} and out.kept == []


def test_answer_that_was_only_boilerplate_is_dropped() -> None:
    out, _ = clean_one("Hi. For further information consult a throat specialist online -->")
    assert out.dropped == {"empty_after_scrub": 1}


def test_question_mentioning_the_platform_is_dropped_and_rule_can_be_disabled() -> None:
    q = "Hi Chat Doctor, I have a sore throat. What should I do?"
    assert clean_one(BODY, question=q)[0].dropped == {"question_pattern": 1}
    assert clean_one(BODY, forum(disable=["question_pattern"]), question=q)[0].kept


def test_min_answer_words_boundary() -> None:
    rules = forum(min_answer_words=10, max_total_words=None)
    ten = "one two three four five six seven eight nine ten"
    assert len(clean_records([row(ten)], rules).kept) == 1
    out = clean_records([row(ten.rsplit(" ", 1)[0])], rules)
    assert out.dropped == {"min_answer_words": 1}


def test_max_total_words_boundary() -> None:
    rules = forum(min_answer_words=1, min_question_words=1, max_total_words=12)
    q = "one two three four five six"
    assert len(clean_records([row("a b c d e f", question=q)], rules).kept) == 1
    out = clean_records([row("a b c d e f g", question=q)], rules)
    assert out.dropped == {"max_total_words": 1}


def test_dedup_exact_and_normalised_on_cleaned_text() -> None:
    rows = [
        row("Hi. " + BODY),
        row(BODY + " Take care."),  # same after scrubbing -> exact duplicate
        row(BODY.upper().replace(",", " ;")),  # same after normalising case and punctuation
        row(BODY, question=QUESTION + " Thanks."),  # different question -> kept (key is q+a)
    ]
    out = clean_records(rows, forum())
    assert out.dropped == {"duplicate_exact": 1, "duplicate_normalized": 1}
    assert len(out.kept) == 2
    answer_only = clean_records(rows, forum(dedup_fields=["answer"]))
    assert len(answer_only.kept) == 1
    assert len(clean_records(rows, forum(disable=["dedup"])).kept) == 4
    assert clean_records(rows, forum(dedup_mode="exact")).dropped == {"duplicate_exact": 1}


def test_invariant_and_examples_over_mixed_rows() -> None:
    rows = [
        row("Hello, welcome to Chat Doctor. " + BODY + " Take care."),
        row(None),
        row("Too short."),
        row(BODY),
        row(BODY),
        {"question": QUESTION, "answer": 7},
    ]
    out = clean_records(iter(rows), forum())
    assert out.rows_in == 6
    assert out.rows_in == len(out.kept) + sum(out.dropped.values())
    # The scrubbed first row equals BODY, so both plain BODY rows are duplicates of it.
    assert out.dropped == {"non_text": 2, "min_answer_words": 1, "duplicate_exact": 2}
    assert out.examples["greeting"][0] == {
        "before": "Hello, welcome to Chat Doctor. " + BODY + " Take care.",
        "after": BODY + " Take care.",
    }
    assert out.examples["non_text"][0]["after"] is None
    assert all(len(v) <= 3 for v in out.examples.values())
    assert all(set(k) == {"system", "question", "answer"} for k in out.kept)
    assert all(isinstance(v, str) for k in out.kept for v in k.values())


def test_examples_are_capped_at_three() -> None:
    out = clean_records([row(None)] * 5, forum())
    assert out.dropped == {"non_text": 5} and len(out.examples["non_text"]) == 3


def test_disabling_greeting_keeps_it() -> None:
    _, answer = clean_one("Hi Dear, " + BODY, forum(disable=["greeting"]))
    assert answer.startswith("Hi Dear")


# --- config validation --------------------------------------------------------------------------------------


def test_invalid_regex_names_key_and_error() -> None:
    with pytest.raises(ConfigError) as exc:
        forum(greeting_patterns=["(unclosed"])
    msg = str(exc.value)
    assert "data.cleaning.greeting_patterns" in msg and "(unclosed" in msg and "missing )" in msg


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"min_answer_words": 700, "max_total_words": 600}, "data.cleaning.min_answer_words: 700 is above"),
        ({"min_answer_words": -1}, "data.cleaning.min_answer_words: -1 is negative"),
        ({"min_answer_word": 5}, "data.cleaning.min_answer_word: unknown key"),
        ({"disable": ["greetings"]}, "unknown rule(s) ['greetings']"),
        ({"disable": ["non_text"]}, "'non_text' cannot be disabled"),
        ({"dedup_mode": "fuzzy"}, "data.cleaning.dedup_mode: 'fuzzy' is not a dedup mode"),
        ({"dedup_fields": ["title"]}, "data.cleaning.dedup_fields: unknown field(s) ['title']"),
        ({"greeting_patterns": "hi"}, "data.cleaning.greeting_patterns: expected a list"),
        ({"max_total_words": 0}, "data.cleaning.max_total_words: 0 would reject"),
    ],
)
def test_each_bad_config_is_reported(overrides: dict[str, Any], expected: str) -> None:
    with pytest.raises(ConfigError) as exc:
        forum(**overrides)
    assert expected in str(exc.value)


def test_several_problems_are_reported_together() -> None:
    with pytest.raises(ConfigError) as exc:
        forum(signoff_patterns=["[oops"], min_question_words=-2, min_answer_words=900, bogus=True)
    problems = exc.value.problems
    assert len(problems) == 4
    joined = "\n".join(problems)
    for key in ("signoff_patterns", "min_question_words", "min_answer_words", "bogus"):
        assert f"data.cleaning.{key}" in joined


def test_platform_token_without_platform_patterns_is_an_error() -> None:
    with pytest.raises(ConfigError, match="platform_patterns is empty"):
        forum(platform_patterns=[])


@pytest.mark.parametrize("path", sorted(CONF.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_preset_composes(path: Path) -> None:
    text = path.read_text()
    assert text.startswith("# python train.py data/cleaning=" + path.stem)
    rules = CleaningRules.from_mapping(OmegaConf.load(path))
    out = clean_records([row("Hi. " + BODY), row(None)], rules)
    assert out.rows_in == len(out.kept) + sum(out.dropped.values()) == 2
    assert out.dropped["non_text"] == 1


def test_presets_differ_as_documented() -> None:
    def load(name: str) -> CleaningRules:
        return CleaningRules.from_mapping(OmegaConf.load(CONF / f"{name}.yaml"))

    short = [row("Metformin."), row("Metformin.")]
    assert len(clean_records(short, load("short_answer")).kept) == 1  # one-word answers kept, dedup on
    assert len(clean_records(short, load("none")).kept) == 2  # only non_text
    assert clean_records(short, load("forum")).dropped == {"min_answer_words": 2}
    recipe = clean_records([row("Hello. Welcome to the clinic forum. " + BODY)], load("chatdoctor_recipe"))
    assert recipe.kept[0]["answer"].startswith("Welcome to the clinic forum.")  # recipe strips "Hello." only


def test_cli_style_overrides_merge() -> None:
    base = OmegaConf.create({"data": {"cleaning": OmegaConf.load(CONF / "forum.yaml")}})
    merged = OmegaConf.merge(
        base,
        OmegaConf.from_dotlist(
            ["data.cleaning.min_answer_words=10", "data.cleaning.greeting_patterns=[hey]"]
        ),
    )
    rules = CleaningRules.from_mapping(merged.data.cleaning)
    assert rules.min_answer_words == 10 and rules.greeting_patterns == ("hey",)


# --- audit detectors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi, your test is normal.", True),
        ("Hello Dear. Your test is normal.", True),
        ("Welcome to the forum. Your test is normal.", True),
        ("Thanks for your query. Your test is normal.", True),
        ("Good morning! Your test is normal.", True),
        ("HiThanks for the query.", True),
        ("Highly likely this is a cold.", False),
        ("Hip pain after running is common.", False),
        ("Thanks to the vaccine, the risk is low.", False),
        ("Your test is normal. Hi to your family.", False),
    ],
)
def test_opens_with_greeting(text: str, expected: bool) -> None:
    assert opens_with_greeting(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks for using HealthcareMagic.", True),
        ("Post your reports on icliniq.", True),
        ("Welcome to Chat Doctor.", True),
        ("Feel free to post again on this forum.", True),
        ("The clinic nearby can do the test.", False),
        ("Your doctor may order a chest X-ray.", False),
    ],
)
def test_names_platform(text: str, expected: bool) -> None:
    assert names_platform(text) is expected


def test_names_platform_extra_names() -> None:
    assert names_platform("Ask again on MedBoard.", extra_names=["medboard"])
    assert not names_platform("Ask again later.", extra_names=["medboard"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rest and drink water. Take care.", True),
        ("Rest and drink water. Regards, Dr. Anil Rao", True),
        ("Rest and drink water. Hope this helps!", True),
        ("Rest and drink water. Wish you good health.", True),
        ("For more information consult a physician online -->", True),
        ("Rest and drink water. Let me know if you have more questions.", True),
        ("Rest and drink water. dr anil rao", True),
        ("Take care to avoid lifting heavy objects for two weeks.", False),
        ("Rest. Take care to avoid lifting heavy objects for two weeks.", False),
        ("Rest and drink water, and see a doctor if it gets worse.", False),
        ("With regards to the dose, take one tablet daily.", False),
    ],
)
def test_ends_with_signoff(text: str, expected: bool) -> None:
    assert ends_with_signoff(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As an AI, I cannot examine you, but rest helps.", True),
        ("As a medical assistant, I suggest rest.", True),
        ("I'd be happy to help! Rest is key.", True),
        ("Hello! I would be glad to help you with this.", True),
        ("Great question. Rest is key.", True),
        ("As a result of the infection, the throat is sore.", False),
        ("As an adult you need 2 litres of water a day.", False),
        ("Rest is key; I'd be happy if you rested.", False),
    ],
)
def test_filler_opening(text: str, expected: bool) -> None:
    assert filler_opening(text) is expected


def test_detectors_ignore_non_text() -> None:
    for fn in (opens_with_greeting, names_platform, ends_with_signoff, filler_opening):
        assert fn(None) is False  # type: ignore[arg-type]


def test_reference_to_this_platform_is_scrubbed_but_anatomical_site_is_not() -> None:
    text = BODY + " Pain at this site is expected. Get back to me through this platform."
    out, answer = clean_one(text)
    assert answer == BODY + " Pain at this site is expected."
    assert out.scrubbed["platform"] == 1
