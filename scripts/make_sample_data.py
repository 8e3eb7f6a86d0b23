"""Generate lorasweep's embedded example data (all text written for this project, no external rows).

Writes three files into ``src/lorasweep/assets/`` (or the directory given with ``--out``):

* ``chatdoctor_sample.jsonl``   ~320 ChatDoctor-shaped rows (instruction/input/output) with realistic forum
  noise that the cleaning stage must remove: greetings, sign-offs, doctor signatures, anonymiser leftovers
  ("Chat Doctor" mid-sentence), platform mentions, too-short and over-long rows, exact and near duplicates,
  and empty outputs.
* ``probes.jsonl``              8 probe questions for before/after generation comparison.
* ``verifiable_qa_sample.jsonl`` ~120 short-answer verifiable medical questions.

Run from the repository root (pure stdlib, deterministic, seeded ``random.Random(42)``)::

    .venv/bin/python scripts/make_sample_data.py            # rewrites src/lorasweep/assets/*.jsonl
    .venv/bin/python scripts/make_sample_data.py --out /tmp/assets

The medical text is general information only: conservative, and not a substitute for seeing a clinician.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SEED = 42
INSTRUCTION = "If you are a doctor, please answer the medical questions based on the patient's description."
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "lorasweep" / "assets"

# Row budget for the ChatDoctor sample: base rows, then injected duplicates on top.
N_BASE_ROWS = 312
N_EXACT_DUPES = 4
N_NEAR_DUPES = 4
N_EMPTY = 2

# Noise rates per base row. Greetings/sign-offs are drawn per row; the rarer kinds are exact counts.
P_GREETING = 0.70
P_DOUBLE_GREETING = 0.20
P_SIGNOFF = 0.40
P_SIGNATURE = 0.35
P_CHATDOCTOR_MID = 0.08
P_PLATFORM = 0.05
P_SHORT = 0.06
P_LONG = 0.02

# ----------------------------------------------------------------------------------------------------
# Conditions: building blocks for questions (q = complaint, w = specific worry) and answers
# (c = likely causes, t = tests, a = advice, r = red flags, b = one-line brief answer for the "too short"
# rows).
# Complaint templates may use {dur}; child templates also use {age} {kid} {pr} {Pr} {pos}.
# ----------------------------------------------------------------------------------------------------


def _cond(
    key: str,
    ages: tuple[int, int],
    sex: str,
    dur: str,
    q: list[str],
    w: list[str],
    c: list[str],
    t: list[str],
    a: list[str],
    r: list[str],
    b: str,
    kid: bool = False,
) -> dict:
    """Bundle one condition's building blocks (sex is "any", "f" or "m"; dur is acute/sub/chronic)."""
    return {
        "key": key,
        "ages": ages,
        "sex": sex,
        "dur": dur,
        "q": q,
        "w": w,
        "c": c,
        "t": t,
        "a": a,
        "r": r,
        "b": b,
        "kid": kid,
    }


CONDITIONS: list[dict] = [
    _cond(
        "type2_diabetes",
        (35, 66),
        "any",
        "sub",
        q=[
            "I have been feeling very thirsty and passing urine many times a day, even at night, {dur}.",
            "I feel tired all the time and my vision gets blurry now and then {dur}, and a small cut on my "
            "foot is taking ages to heal.",
            "My random sugar at a health camp was 210 mg/dL and I have been thirsty and tired {dur}.",
        ],
        w=["Could this be diabetes?", "Do I need medicines for sugar or can diet control it?"],
        c=[
            "Increased thirst, frequent urination, tiredness, blurred vision and slow healing are classic "
            "early symptoms of raised blood sugar, and type 2 diabetes is the most likely explanation at "
            "your "
            "age.",
            "Type 2 diabetes often develops slowly, so many people notice only mild tiredness or thirst for "
            "months before it is diagnosed, especially with excess weight or a family history.",
        ],
        t=[
            "Please get a fasting blood glucose and an HbA1c test; an HbA1c of 6.5% or more, or a fasting "
            "glucose of 126 mg/dL or more on two occasions, confirms diabetes.",
            "Along with HbA1c, ask for kidney function, a urine test for protein, a lipid profile and a "
            "blood pressure check, because diabetes affects all of these.",
        ],
        a=[
            "If diabetes is confirmed, most doctors start metformin together with diet changes, regular "
            "exercise and weight loss.",
            "Cut down on sugary drinks, sweets and refined flour, fill half your plate with vegetables, and "
            "aim for about 150 minutes of brisk walking a week.",
            "Regular eye and foot checks are important once diabetes is diagnosed, because early damage "
            "often "
            "causes no symptoms.",
        ],
        r=[
            "Go to an emergency department if you have vomiting, abdominal pain, deep fast breathing, "
            "drowsiness or confusion, as these can mean a dangerously high sugar level.",
            "If your sugar readings are above 300 mg/dL or you are losing weight quickly without trying, "
            "see a doctor the same day.",
        ],
        b="These symptoms suggest high blood sugar; please get a fasting glucose and HbA1c test done.",
    ),
    _cond(
        "hypertension",
        (35, 72),
        "any",
        "chronic",
        q=[
            "My blood pressure readings at the pharmacy have been around 150/95 {dur}, though I feel fine.",
            "I get a heavy feeling in my head in the mornings and my BP was 160/100 at my last check-up.",
            "My home BP machine shows readings between 145/90 and 155/98 {dur}.",
        ],
        w=["Do I need to start BP tablets?", "Is this high blood pressure dangerous at my age?"],
        c=[
            "Readings repeatedly above 140/90 mean high blood pressure, which usually causes no symptoms "
            "but raises the long-term risk of stroke, heart attack and kidney disease.",
            "Most high blood pressure has no single cause and is linked to age, weight, salt intake, "
            "alcohol, "
            "stress and family history.",
        ],
        t=[
            "Confirm the diagnosis with home readings taken twice daily for a week, sitting and rested, and "
            "take the average to your doctor.",
            "Your doctor will usually check kidney function, urine, blood sugar, cholesterol and an ECG to "
            "look for causes and for any effect on the heart.",
        ],
        a=[
            "Reduce salt, limit alcohol, stop smoking, lose weight if needed and exercise regularly; these "
            "measures alone can lower blood pressure noticeably.",
            "If the readings stay high despite lifestyle changes, medicines such as amlodipine, an ACE "
            "inhibitor or an ARB are commonly used, and they are usually needed long term.",
            "Do not stop blood pressure medicines on your own once started, even when the readings become "
            "normal.",
        ],
        r=[
            "If your blood pressure is above 180/120 with chest pain, severe headache, blurred vision, "
            "weakness or difficulty speaking, call emergency services.",
            "Seek urgent care for sudden weakness on one side, facial drooping or slurred speech, as these "
            "are signs of a stroke.",
        ],
        b="A reading of this level needs confirming with home checks; please see your doctor about "
        "treatment.",
    ),
    _cond(
        "migraine",
        (16, 48),
        "any",
        "chronic",
        q=[
            "I get throbbing headaches on one side of my head with nausea, and light bothers me, about twice "
            "a month {dur}.",
            "Before my headaches start I see zigzag lines for about twenty minutes, then a severe pounding "
            "pain follows.",
            "I have had recurring severe headaches {dur} that force me to lie down in a dark room.",
        ],
        w=["Is this migraine?", "Which tablet can I take when the headache starts?"],
        c=[
            "A one-sided throbbing headache with nausea and sensitivity to light that comes in attacks is "
            "typical of migraine.",
            "The visual zigzag lines you describe are called an aura, which occurs in about a quarter of "
            "people with migraine and is usually harmless.",
        ],
        t=[
            "Migraine is diagnosed from the history and a normal examination; scans are usually not needed "
            "unless there are warning features.",
            "Keep a headache diary for a month noting sleep, meals, stress, periods in women, and what "
            "you took, as it helps identify triggers.",
        ],
        a=[
            "Take ibuprofen or paracetamol early in the attack, and ask your doctor about a triptan if these "
            "do not work.",
            "Avoid taking painkillers on more than about ten days a month, because overuse can itself cause "
            "daily headaches.",
            "Regular sleep, regular meals, enough water and limiting caffeine reduce attacks, and preventive "
            "tablets are an option if attacks are frequent.",
        ],
        r=[
            "Go to an emergency department for a sudden 'worst ever' headache, headache with fever and stiff "
            "neck, or headache with weakness, confusion or loss of vision.",
            "A new headache that starts after the age of 50 or keeps getting worse every week should be "
            "examined promptly.",
        ],
        b="This sounds like migraine; take a painkiller early in the attack and keep a headache diary.",
    ),
    _cond(
        "tension_headache",
        (18, 60),
        "any",
        "sub",
        q=[
            "I have a tight band-like pressure around my forehead most evenings {dur}.",
            "I work on a computer all day and get a dull ache on both sides of my head and in my neck {dur}.",
            "My headaches are not severe but they come almost daily, like a squeezing feeling.",
        ],
        w=["Why does this keep happening?", "Can stress cause this?"],
        c=[
            "A pressing, band-like headache on both sides, without vomiting, is most often a tension-type "
            "headache linked to stress, poor sleep, posture and neck muscle strain.",
            "Long hours at a screen with a fixed neck position and skipped meals commonly trigger this kind "
            "of headache.",
        ],
        t=[
            "Have your blood pressure and eyesight checked, since uncorrected vision problems can add to "
            "daily headaches.",
            "A normal examination is usually enough, and no scan is needed for a typical tension headache.",
        ],
        a=[
            "Take regular breaks from the screen, check your desk and chair height, and do gentle neck and "
            "shoulder stretches.",
            "Occasional paracetamol or ibuprofen helps, but avoid using them on most days because that can "
            "make headaches more frequent.",
            "Regular exercise, relaxation techniques and a fixed sleep schedule often reduce these headaches "
            "within a few weeks.",
        ],
        r=[
            "See a doctor urgently if the headache wakes you from sleep, is worse on lying down or "
            "coughing, or comes with vomiting or weakness.",
            "A sudden severe headache that is different from your usual ones needs emergency assessment.",
        ],
        b="This is most likely a tension headache; rest your neck, correct your posture and limit "
        "painkillers.",
    ),
    _cond(
        "gerd",
        (20, 65),
        "any",
        "sub",
        q=[
            "I get a burning pain behind my breastbone after meals and a sour taste in my mouth at night "
            "{dur}.",
            "I have heartburn almost every day {dur}, worse when I lie down after dinner.",
            "Food seems to come back up into my throat and I have a burning chest after spicy meals.",
        ],
        w=["Is this acidity or something with my heart?", "How can I stop this acid reflux?"],
        c=[
            "Burning behind the breastbone after meals and a sour taste on lying down are typical of "
            "gastro-oesophageal reflux disease, where stomach acid flows back into the food pipe.",
            "Large late meals, spicy or fatty food, coffee, alcohol, smoking and excess weight all make "
            "reflux worse.",
        ],
        t=[
            "If symptoms are typical and you are under 50 without warning signs, a trial of treatment is "
            "usually done before any tests.",
            "An endoscopy is advised if symptoms persist despite treatment or if there is difficulty "
            "swallowing, weight loss or anaemia.",
        ],
        a=[
            "A proton pump inhibitor such as omeprazole taken 30 minutes before breakfast for four to eight "
            "weeks usually controls the symptoms.",
            "Eat your last meal at least three hours before bed, raise the head end of the bed, and avoid "
            "tight clothes around the waist.",
            "Losing a few kilograms and cutting down on coffee, alcohol and fried food help many people "
            "come off medicines.",
        ],
        r=[
            "Chest pain on exertion, with sweating or breathlessness, should be checked for a heart problem "
            "before assuming it is acidity.",
            "Seek urgent care if you vomit blood, pass black stools, or food gets stuck when you swallow.",
        ],
        b="This is most likely acid reflux; avoid late heavy meals and ask about a short course of "
        "omeprazole.",
    ),
    _cond(
        "uti",
        (18, 60),
        "f",
        "acute",
        q=[
            "I have had burning when passing urine and I need to go every half hour {dur}.",
            "I have lower belly pain and cloudy, smelly urine {dur}, and it stings when I pee.",
            "I feel the urge to urinate all the time but only a few drops come, with burning, {dur}.",
        ],
        w=["Is this a urine infection?", "Do I need antibiotics for this?"],
        c=[
            "Burning, frequency, urgency and lower abdominal discomfort are the typical symptoms of a "
            "bladder infection (cystitis), usually caused by E. coli bacteria from the bowel.",
            "Urinary infections are common in women because the urethra is short, and they are more likely "
            "after intercourse or when fluid intake is low.",
        ],
        t=[
            "A urine dipstick test and a urine culture before starting antibiotics confirm the infection and "
            "show which antibiotic will work.",
            "If infections keep coming back, your doctor may check blood sugar and order an ultrasound of "
            "the "
            "kidneys and bladder.",
        ],
        a=[
            "An uncomplicated bladder infection is usually treated with a short course of an antibiotic such "
            "as nitrofurantoin, prescribed by your doctor.",
            "Drink plenty of water, do not hold urine for long, and pass urine after intercourse.",
            "Paracetamol can ease the discomfort while the antibiotic starts to work.",
        ],
        r=[
            "Fever, chills, vomiting or pain in the side or back can mean the infection has reached the "
            "kidney and needs same-day treatment.",
            "If you are pregnant, see your doctor promptly, because urine infections in pregnancy always "
            "need treatment.",
        ],
        b="This sounds like a bladder infection; give a urine sample for culture and see your doctor today.",
    ),
    _cond(
        "iron_deficiency_anaemia",
        (16, 55),
        "f",
        "sub",
        q=[
            "I feel exhausted, get breathless on the stairs and look pale {dur}, and my periods are heavy.",
            "My haemoglobin came back as 9.2 g/dL and I get dizzy when I stand up quickly.",
            "I am always tired, my hair is falling and I crave ice {dur}.",
        ],
        w=["Is this anaemia and how do I fix it?", "Should I take iron tablets?"],
        c=[
            "Tiredness, breathlessness on exertion and paleness with heavy periods strongly suggest "
            "iron-deficiency anaemia, the commonest type of anaemia in women.",
            "Iron is lost through heavy menstrual bleeding and is sometimes low in the diet, especially in "
            "vegetarians; bleeding from the gut must also be considered.",
        ],
        t=[
            "Please get a complete blood count and serum ferritin; a low haemoglobin with small red cells "
            "and "
            "low ferritin confirms iron deficiency.",
            "If there is no obvious cause such as heavy periods, your doctor may test the stool for blood "
            "and "
            "check for coeliac disease.",
        ],
        a=[
            "Oral iron once daily or on alternate days, taken with vitamin C or orange juice and away from "
            "tea, "
            "coffee and milk, is the usual treatment.",
            "Iron tablets can darken the stools and cause constipation; continue them for about three months "
            "after the haemoglobin becomes normal to refill the stores.",
            "Heavy periods should be assessed by a gynaecologist, since treating the cause prevents the "
            "anaemia coming back.",
        ],
        r=[
            "Seek urgent care if you faint, have chest pain or a racing heart at rest, or pass black tarry "
            "stools.",
            "Very heavy bleeding soaking a pad every hour needs same-day review.",
        ],
        b="This is likely iron deficiency; check a blood count and ferritin and start iron as advised.",
    ),
    _cond(
        "hypothyroidism",
        (25, 65),
        "any",
        "chronic",
        q=[
            "I have gained weight, feel cold all the time and am constipated and sleepy {dur}.",
            "My TSH came back as 9.8 and I have been feeling sluggish with dry skin {dur}.",
            "My hair has become thin and dry, my face looks puffy and I feel low {dur}.",
        ],
        w=["Is this a thyroid problem?", "Will I have to take thyroid tablets for life?"],
        c=[
            "Weight gain, feeling cold, constipation, dry skin and tiredness are typical of an underactive "
            "thyroid (hypothyroidism).",
            "The most common cause is autoimmune thyroiditis (Hashimoto's), in which the immune system "
            "slowly damages the thyroid gland.",
        ],
        t=[
            "A TSH and free T4 test confirm the diagnosis, and anti-TPO antibodies show whether it is "
            "autoimmune.",
            "A single raised TSH should be repeated after six to eight weeks before starting treatment, "
            "unless it is very high or you are pregnant.",
        ],
        a=[
            "Treatment is levothyroxine taken once daily on an empty stomach, 30 to 60 minutes before "
            "breakfast and separate from calcium or iron tablets.",
            "Your dose is adjusted by repeating TSH every six to eight weeks until it is normal, then "
            "yearly.",
            "Most people with Hashimoto's need levothyroxine long term, but the tablets are safe and "
            "symptoms usually improve within a few weeks.",
        ],
        r=[
            "Women who are pregnant or planning pregnancy need earlier review, because the dose often "
            "needs to increase early in pregnancy.",
            "Marked drowsiness, confusion or a very slow pulse needs urgent medical attention.",
        ],
        b="These symptoms fit an underactive thyroid; get TSH and free T4 checked.",
    ),
    _cond(
        "hyperthyroidism",
        (20, 55),
        "any",
        "sub",
        q=[
            "I have lost five kilos without trying, my heart races and my hands shake {dur}.",
            "I feel hot and sweaty when others are cold, and I am anxious and cannot sleep {dur}.",
            "My eyes look more prominent and I have a swelling in the front of my neck.",
        ],
        w=["Could this be an overactive thyroid?", "What treatment is there for this?"],
        c=[
            "Weight loss, palpitations, tremor, heat intolerance and anxiety suggest an overactive thyroid "
            "(hyperthyroidism).",
            "The most common cause is Graves' disease, an autoimmune condition that can also cause a goitre "
            "and prominent eyes.",
        ],
        t=[
            "A TSH with free T4 and T3 confirms it; a low TSH with high thyroid hormones is diagnostic.",
            "TSH receptor antibodies and sometimes a thyroid scan help find the cause.",
        ],
        a=[
            "A beta-blocker such as propranolol controls the racing heart and tremor while the cause is "
            "treated.",
            "Antithyroid tablets such as carbimazole or methimazole are the usual first treatment, with "
            "radioiodine or surgery as other options.",
            "Please see an endocrinologist, and avoid smoking, which worsens thyroid eye disease.",
        ],
        r=[
            "A high fever, confusion or a very fast irregular heartbeat needs emergency care.",
            "If you develop a sore throat or fever while on antithyroid tablets, stop them and get a blood "
            "count the same day.",
        ],
        b="This may be an overactive thyroid; please get TSH, free T4 and T3 tested.",
    ),
    _cond(
        "asthma",
        (12, 50),
        "any",
        "chronic",
        q=[
            "I get wheezing and a tight chest at night and when I exercise {dur}.",
            "I cough at night and get short of breath in cold air or around dust {dur}.",
            "My chest whistles when I breathe out, especially after a cold, and it happens every winter.",
        ],
        w=["Could this be asthma?", "Is it safe to use an inhaler regularly?"],
        c=[
            "Wheezing, chest tightness and night-time cough triggered by exercise, cold air or dust are "
            "typical of asthma.",
            "Asthma is inflammation and narrowing of the airways, often with a personal or family history of "
            "allergies or eczema.",
        ],
        t=[
            "Spirometry with a reversibility test is the key investigation, and peak flow readings at home "
            "over two weeks also help.",
            "A chest X-ray may be done to exclude other causes if the diagnosis is not clear.",
        ],
        a=[
            "A reliever inhaler such as salbutamol opens the airways quickly, and a preventer inhaled "
            "steroid reduces the underlying inflammation.",
            "Inhaled steroids at usual doses are safe for long-term use; rinse your mouth after each use to "
            "avoid thrush.",
            "Ask your doctor or pharmacist to check your inhaler technique and use a spacer if needed.",
        ],
        r=[
            "Go to emergency if you cannot finish a sentence, your lips turn blue, or the reliever gives "
            "little or no relief.",
            "Needing the reliever more than twice a week means your asthma is not controlled and treatment "
            "should be reviewed.",
        ],
        b="This sounds like asthma; please get a spirometry test and see a doctor for inhalers.",
    ),
    _cond(
        "eczema",
        (14, 45),
        "any",
        "chronic",
        q=[
            "I have itchy dry patches in the folds of my elbows and behind my knees {dur}.",
            "My hands are red, cracked and very itchy {dur}, and it is worse after washing dishes.",
            "I get rough scaly itchy skin on my neck and arms that flares in winter.",
        ],
        w=["Is this eczema?", "Which cream should I apply?"],
        c=[
            "Itchy dry patches in the skin folds are typical of atopic eczema, a long-term condition in "
            "which the skin barrier is weak.",
            "Soap, detergents, hot water and dry weather strip the skin's oils and commonly trigger flares.",
        ],
        t=[
            "Eczema is diagnosed by its appearance; patch testing is useful if a contact allergy is "
            "suspected.",
            "If the patches do not respond to treatment, a dermatologist may scrape the skin to rule out a "
            "fungal infection.",
        ],
        a=[
            "Apply a thick fragrance-free moisturiser at least twice a day and after every bath, and use a "
            "soap substitute.",
            "A mild to moderate steroid cream applied thinly once or twice daily for one to two weeks "
            "usually "
            "settles a flare.",
            "Wear cotton gloves under rubber gloves for wet work, and keep nails short to limit scratching.",
        ],
        r=[
            "See a doctor promptly if the skin becomes weepy, crusted, very painful or you develop a fever, "
            "as it may be infected.",
            "Clusters of painful blisters on eczema need same-day review to rule out a herpes infection.",
        ],
        b="This looks like eczema; moisturise often and use a mild steroid cream for flares.",
    ),
    _cond(
        "low_back_pain",
        (22, 65),
        "any",
        "acute",
        q=[
            "I strained my lower back lifting a heavy box and it has been stiff and painful {dur}.",
            "I have pain in my lower back that goes into my right buttock {dur}, worse when I bend.",
            "My lower back hurts after sitting for long at work and I find it hard to stand straight "
            "in the morning.",
        ],
        w=["Do I need an MRI?", "Should I rest in bed until it gets better?"],
        c=[
            "Most low back pain after lifting or prolonged sitting is mechanical, from strained muscles and "
            "ligaments, and improves within a few weeks.",
            "Pain spreading into the buttock or leg can come from an irritated nerve root, often from a disc "
            "bulge, and this also settles in most people.",
        ],
        t=[
            "Scans such as an MRI are not needed in the first six weeks unless there are warning signs, "
            "because they rarely change treatment.",
            "If pain persists beyond six weeks or there is leg weakness, your doctor may order an MRI of the "
            "lumbar spine.",
        ],
        a=[
            "Keep moving gently; bed rest slows recovery, while walking and normal activity within the "
            "limits of pain help.",
            "A short course of ibuprofen or paracetamol and a hot pack can ease the pain.",
            "Physiotherapy with core strengthening exercises helps recovery and prevents recurrence.",
        ],
        r=[
            "Seek emergency care if you lose control of your bladder or bowels, or have numbness around the "
            "genitals or back passage.",
            "Back pain with fever, unexplained weight loss, a history of cancer or progressive leg weakness "
            "needs urgent assessment.",
        ],
        b="This is most likely a muscle strain; stay active, use a pain reliever and give it a few weeks.",
    ),
    _cond(
        "kidney_stones",
        (25, 60),
        "any",
        "acute",
        q=[
            "I have severe pain in my right flank that comes in waves and goes to my groin {dur}.",
            "I had sudden pain in my left side and back with vomiting, and I saw pink urine {dur}.",
            "My ultrasound shows a 5 mm stone in the left ureter and the pain comes and goes.",
        ],
        w=["Will the stone pass by itself?", "Do I need surgery for this stone?"],
        c=[
            "Severe colicky pain from the loin to the groin with blood in the urine is typical of a kidney "
            "stone moving down the ureter.",
            "Stones form more often with low fluid intake, hot weather, a high-salt or high-protein diet and "
            "a family history.",
        ],
        t=[
            "A non-contrast CT of the kidneys, ureters and bladder is the best test, though an ultrasound is "
            "often done first.",
            "Urine tests for infection and blood tests for kidney function and calcium should be done.",
        ],
        a=[
            "Stones smaller than about 5 mm usually pass on their own within a few weeks with pain relief "
            "and good fluid intake.",
            "Your doctor may prescribe tamsulosin to relax the ureter and help a stone pass.",
            "Drink enough to pass about two and a half litres of urine a day, and reduce salt to prevent new "
            "stones.",
        ],
        r=[
            "Fever or chills with stone pain can mean an infected blocked kidney, which is an emergency.",
            "Go to emergency if the pain is uncontrollable, you cannot keep fluids down, or you pass very "
            "little urine.",
        ],
        b="This sounds like a kidney stone; get a scan and urine test, and drink plenty of water.",
    ),
    _cond(
        "malaria",
        (15, 60),
        "any",
        "acute",
        q=[
            "I came back from a trip to West Africa two weeks ago and have had fever with chills and "
            "sweating {dur}.",
            "I live in a malaria area and I get high fever every other day with shivering and body ache.",
            "I have fever, headache and vomiting {dur} after a work visit to a forest region.",
        ],
        w=["How is malaria diagnosed and treated?", "Could this be malaria?"],
        c=[
            "Fever with chills, sweats, headache and body aches after being in a malaria area must be "
            "treated as malaria until proven otherwise.",
            "Malaria is spread by Anopheles mosquitoes, and Plasmodium falciparum can become severe within a "
            "day or two.",
        ],
        t=[
            "Malaria is diagnosed with a blood test: thick and thin blood smears under the microscope or a "
            "rapid diagnostic test.",
            "If the first test is negative but the fever continues, repeat the smear every 12 to 24 hours, "
            "up to three times.",
        ],
        a=[
            "Uncomplicated falciparum malaria is treated with an artemisinin-based combination such as "
            "artemether-lumefantrine.",
            "Vivax malaria is treated to clear the blood and then with primaquine to prevent relapse, after "
            "a G6PD test.",
            "Drink plenty of fluids and take paracetamol for fever, and complete the full course of "
            "treatment.",
        ],
        r=[
            "Confusion, drowsiness, yellow eyes, dark urine, breathing difficulty or repeated vomiting are "
            "signs of severe malaria and need hospital treatment with intravenous artesunate.",
            "Pregnant women and young children with suspected malaria should be seen the same day.",
        ],
        b="Fever after travel to a malaria area needs a malaria blood test today.",
    ),
    _cond(
        "gout",
        (35, 70),
        "m",
        "acute",
        q=[
            "My big toe joint became red, hot and swollen overnight and it is too painful to touch {dur}.",
            "I woke up with severe pain in my ankle after a party with lots of beer and meat.",
            "I have had three attacks of a hot swollen big toe this year, and my uric acid is 8.9 mg/dL.",
        ],
        w=["Is this gout?", "Do I need to take allopurinol for life?"],
        c=[
            "A sudden red, hot, very painful big toe joint is the classic picture of gout, caused by urate "
            "crystals in the joint.",
            "Attacks are often triggered by alcohol, especially beer, red meat, seafood, sugary drinks, "
            "dehydration or some water tablets.",
        ],
        t=[
            "Uric acid in the blood can be normal during an attack, so recheck it two to four weeks later.",
            "If the diagnosis is unclear, fluid drawn from the joint can be examined for urate crystals.",
        ],
        a=[
            "An attack is treated with an anti-inflammatory such as naproxen, low-dose colchicine or a short "
            "course of steroids, started as early as possible.",
            "If you have repeated attacks, a urate-lowering medicine such as allopurinol is usually taken "
            "long term to prevent them.",
            "Rest the joint, apply ice, drink water, and cut down on alcohol and sugary drinks.",
        ],
        r=[
            "A hot swollen joint with fever or feeling unwell needs urgent review to rule out a joint "
            "infection.",
            "If the pain spreads to several joints or you cannot walk, see a doctor promptly.",
        ],
        b="This is typical of gout; start an anti-inflammatory early and avoid beer and red meat.",
    ),
    _cond(
        "tonsillitis",
        (14, 35),
        "any",
        "acute",
        q=[
            "I have a very sore throat, fever and pain on swallowing {dur}.",
            "My tonsils are swollen with white spots and the glands in my neck are tender {dur}.",
            "I have had a sore throat and temperature of 38.5 C {dur} and it hurts to swallow water.",
        ],
        w=["Do I need antibiotics?", "Is this strep throat?"],
        c=[
            "A sore throat with fever and swollen tonsils is tonsillitis, which is more often viral than "
            "bacterial.",
            "White patches, tender neck glands, fever and no cough make a bacterial streptococcal infection "
            "more likely.",
        ],
        t=[
            "A throat swab or rapid strep test shows whether it is bacterial and whether antibiotics will "
            "help.",
            "If the sore throat lasts with marked tiredness, a blood test for glandular fever may be done.",
        ],
        a=[
            "If strep is confirmed, penicillin V or amoxicillin for ten days is the usual treatment, unless "
            "you are allergic.",
            "Warm salt-water gargles, plenty of fluids and paracetamol or ibuprofen relieve the pain.",
            "Most viral sore throats settle within a week without antibiotics.",
        ],
        r=[
            "Go to emergency if you cannot swallow your saliva, have a muffled voice, trouble opening your "
            "mouth, or swelling on one side of the throat.",
            "Any difficulty breathing with a sore throat needs emergency care.",
        ],
        b="This is tonsillitis; a throat swab will show whether you need antibiotics.",
    ),
    _cond(
        "common_cold",
        (18, 60),
        "any",
        "acute",
        q=[
            "I have a runny nose, sneezing, a mild sore throat and a slight temperature {dur}.",
            "I caught a cold from my colleague and now have a blocked nose and a cough {dur}.",
            "I feel achy with a stuffy nose and scratchy throat {dur}.",
        ],
        w=["Should I take an antibiotic?", "How long will this last?"],
        c=[
            "A runny nose, sneezing, sore throat and mild fever are typical of a common cold, a viral "
            "infection of the nose and throat.",
            "Colds are caused by many viruses, most often rhinoviruses, and usually last seven to ten days.",
        ],
        t=[
            "No tests are usually needed for a simple cold.",
            "If you have a high fever or breathlessness, your doctor may test for influenza or COVID-19.",
        ],
        a=[
            "Antibiotics do not work against cold viruses and can cause side effects, so they are not "
            "needed.",
            "Rest, warm fluids, saline nose drops and paracetamol for fever or aches are enough for most "
            "people.",
            "Wash your hands often and cover coughs to avoid spreading the infection.",
        ],
        r=[
            "See a doctor if you have breathlessness, chest pain, a fever lasting more than three days, or "
            "you feel worse after starting to improve.",
            "People with asthma, heart or lung disease should seek advice early if symptoms worsen.",
        ],
        b="This is a common cold; rest and fluids are enough, and antibiotics will not help.",
    ),
    _cond(
        "sinusitis",
        (18, 60),
        "any",
        "sub",
        q=[
            "I have a blocked nose, thick yellow discharge and pain over my cheeks {dur}.",
            "After a cold I have pressure behind my eyes and forehead that is worse when I bend forward "
            "{dur}.",
            "My face feels heavy, my sense of smell is reduced and my nose is blocked {dur}.",
        ],
        w=["Is this sinusitis?", "Do I need antibiotics for sinus infection?"],
        c=[
            "Facial pain and pressure with a blocked nose and thick discharge after a cold suggest acute "
            "sinusitis.",
            "Most sinusitis is viral and clears within two to three weeks; bacterial infection is less "
            "common.",
        ],
        t=[
            "The diagnosis is clinical, and X-rays are not helpful in uncomplicated cases.",
            "A CT scan of the sinuses is considered only for symptoms lasting over twelve weeks or for "
            "complications.",
        ],
        a=[
            "Saline nasal rinses, steam inhalation and a steroid nasal spray ease the blockage and pain.",
            "Antibiotics are considered if symptoms last more than ten days without improving, or get worse "
            "after first improving.",
            "Avoid decongestant nasal sprays for more than five days, as they cause rebound blockage.",
        ],
        r=[
            "Swelling or redness around the eye, double vision, severe headache or a stiff neck need "
            "emergency care.",
            "A high fever that does not settle with paracetamol needs a doctor's review.",
        ],
        b="This sounds like sinusitis; use saline rinses and see a doctor if it lasts over ten days.",
    ),
    _cond(
        "allergic_rhinitis",
        (12, 50),
        "any",
        "chronic",
        q=[
            "I sneeze many times every morning and have a runny nose and itchy eyes {dur}.",
            "Every spring my nose runs like a tap, my eyes itch and I cannot stop sneezing.",
            "My nose is blocked and itchy whenever I clean the house or am near my friend's cat.",
        ],
        w=["Is this an allergy?", "Which medicine can I take every day?"],
        c=[
            "Repeated sneezing, a clear runny nose and itchy eyes at certain times or places are typical of "
            "allergic rhinitis (hay fever).",
            "Common triggers are pollen, house dust mites, animal dander and mould.",
        ],
        t=[
            "Skin prick tests or blood tests for specific IgE can identify the allergens if the cause is not "
            "obvious.",
            "No tests are needed if the pattern is clear and treatment works.",
        ],
        a=[
            "A non-drowsy antihistamine such as cetirizine or loratadine once daily controls sneezing and "
            "itching.",
            "A steroid nasal spray used every day is the most effective treatment for a blocked nose and "
            "works best after one to two weeks.",
            "Reduce exposure by washing bedding in hot water, keeping windows closed in pollen season and "
            "showering after being outdoors.",
        ],
        r=[
            "If you develop wheezing or breathlessness, see a doctor, as allergic rhinitis and asthma often "
            "go together.",
            "Nosebleeds or pain on one side only need an examination by an ENT specialist.",
        ],
        b="This is allergic rhinitis; a daily antihistamine or steroid nasal spray should help.",
    ),
    _cond(
        "gastroenteritis",
        (18, 60),
        "any",
        "acute",
        q=[
            "I have had watery diarrhoea six times a day and vomiting {dur} after eating outside.",
            "I have stomach cramps, loose motions and mild fever {dur}.",
            "I started vomiting last night and now have diarrhoea and feel weak.",
        ],
        w=["Should I take an antibiotic for loose motions?", "What should I eat?"],
        c=[
            "Sudden diarrhoea and vomiting with cramps is most often viral gastroenteritis or mild food "
            "poisoning, which usually settles in two to three days.",
            "The main danger is dehydration, so replacing fluids matters more than stopping the diarrhoea.",
        ],
        t=[
            "Tests are usually not needed, but a stool test is useful if there is blood, high fever or "
            "symptoms beyond a week.",
            "If you feel dizzy or pass little urine, your doctor may check kidney function and electrolytes.",
        ],
        a=[
            "Drink oral rehydration solution in small frequent sips, aiming for a glass after each loose "
            "stool.",
            "Eat light food such as rice, bananas, toast and curd once the vomiting settles.",
            "Antibiotics are not needed for most cases and should be taken only if a doctor prescribes them.",
        ],
        r=[
            "See a doctor urgently for blood in the stool, high fever, severe abdominal pain, or if you "
            "cannot "
            "keep fluids down.",
            "Very little urine, dizziness on standing or confusion are signs of dehydration that need "
            "intravenous fluids.",
        ],
        b="This is likely gastroenteritis; drink ORS frequently and eat light food.",
    ),
    _cond(
        "ibs",
        (20, 45),
        "any",
        "chronic",
        q=[
            "I get bloating and cramping pain that is relieved after passing stool, and my motions "
            "alternate between loose and hard {dur}.",
            "My stomach swells up by evening and I rush to the toilet after meals, especially when stressed.",
            "I have had crampy lower abdominal pain with irregular bowel habits {dur}, but no weight loss.",
        ],
        w=["Could this be IBS?", "Do I need a colonoscopy?"],
        c=[
            "Recurrent abdominal pain related to bowel movements, bloating and a changing stool pattern "
            "suggest irritable bowel syndrome.",
            "IBS is a disorder of gut sensitivity and movement; stress, certain foods and poor sleep often "
            "make it worse.",
        ],
        t=[
            "Basic tests such as a blood count, CRP, coeliac antibodies and a stool calprotectin help rule "
            "out other conditions.",
            "A colonoscopy is not routinely needed at your age unless there are warning signs.",
        ],
        a=[
            "Regular meals, enough water and soluble fibre such as oats or psyllium help many people.",
            "A low-FODMAP diet guided by a dietitian can reduce bloating and pain.",
            "Antispasmodics for cramps and stress management often reduce the flare-ups.",
        ],
        r=[
            "Blood in the stool, weight loss, night-time symptoms, anaemia or a family history of bowel "
            "cancer need further investigation.",
            "New bowel symptoms starting after the age of 50 should be checked with a colonoscopy.",
        ],
        b="This may be IBS; basic blood and stool tests will rule out other causes.",
    ),
    _cond(
        "peptic_ulcer",
        (25, 65),
        "any",
        "sub",
        q=[
            "I have a gnawing pain in the upper abdomen that gets better after eating and wakes me at night "
            "{dur}.",
            "I have been taking ibuprofen daily for my knee and now I have burning pain in my stomach {dur}.",
            "My doctor said I may have H. pylori; I have upper stomach pain and bloating {dur}.",
        ],
        w=["Could I have an ulcer?", "How is H. pylori treated?"],
        c=[
            "Burning upper abdominal pain that is related to meals and wakes you at night suggests a peptic "
            "ulcer.",
            "The two main causes of stomach ulcers are Helicobacter pylori infection and regular use of "
            "painkillers such as ibuprofen or aspirin.",
        ],
        t=[
            "A urea breath test or stool antigen test detects H. pylori; stop acid-reducing medicines two "
            "weeks before the test.",
            "An endoscopy is needed if you are over 55, have weight loss, vomiting, anaemia or difficulty "
            "swallowing.",
        ],
        a=[
            "H. pylori is treated with a two-week combination of an acid-reducing medicine and two "
            "antibiotics, followed by a test to confirm it has cleared.",
            "Stop anti-inflammatory painkillers if possible and use paracetamol instead.",
            "Avoid smoking and alcohol, which slow ulcer healing.",
        ],
        r=[
            "Vomiting blood or passing black, tarry stools is a sign of a bleeding ulcer and needs emergency "
            "care.",
            "Sudden severe abdominal pain with a rigid belly can mean a perforation and is an emergency.",
        ],
        b="This may be an ulcer; get tested for H. pylori and stop ibuprofen.",
    ),
    _cond(
        "haemorrhoids",
        (25, 60),
        "any",
        "sub",
        q=[
            "I see bright red blood on the toilet paper after passing stool {dur}, with itching.",
            "I have a painful swelling at the anus {dur} and straining makes it worse.",
            "I have piles that come out when I pass motion and go back by themselves.",
        ],
        w=["Are these piles?", "Do piles need surgery?"],
        c=[
            "Bright red blood on the paper, itching and a lump at the anus are typical of haemorrhoids, "
            "swollen veins in the anal canal.",
            "Constipation, straining, long sitting on the toilet, pregnancy and a low-fibre diet contribute "
            "to piles.",
        ],
        t=[
            "A doctor should examine the area, including a rectal examination, to confirm piles and rule out "
            "a fissure.",
            "A colonoscopy is advised if you are over 45 to 50, have a change in bowel habit, or the blood "
            "is dark or mixed with stool.",
        ],
        a=[
            "Eat more fibre, drink two to three litres of water a day and do not strain or sit long on the "
            "toilet.",
            "Warm sitz baths and a soothing haemorrhoid cream can relieve pain and itching.",
            "Piles that keep bleeding or prolapsing can be treated with banding or, rarely, surgery.",
        ],
        r=[
            "Heavy bleeding, dizziness, or a very painful hard lump at the anus needs prompt review.",
            "Bleeding with weight loss or a change in bowel habit must be investigated.",
        ],
        b="These sound like piles; increase fibre and water and get an examination done.",
    ),
    _cond(
        "constipation",
        (20, 70),
        "any",
        "chronic",
        q=[
            "I pass hard stool only two times a week and have to strain a lot {dur}.",
            "I feel my bowels never empty completely and I am bloated {dur}.",
            "Since I changed jobs and started sitting all day I have been constipated.",
        ],
        w=["Which laxative is safe to take?", "Is it harmful to go only twice a week?"],
        c=[
            "Infrequent, hard stools with straining are usually due to low fibre, too little water, lack of "
            "activity or ignoring the urge to go.",
            "Some medicines, such as iron tablets, codeine and certain antacids, also cause constipation, "
            "as can an underactive thyroid.",
        ],
        t=[
            "A blood count, thyroid test and calcium level are reasonable if the constipation is new.",
            "A colonoscopy is needed if constipation is a new change after 50, or comes with blood or weight "
            "loss.",
        ],
        a=[
            "Increase fibre gradually with fruit, vegetables, whole grains or psyllium, and drink more "
            "water.",
            "An osmotic laxative such as macrogol or lactulose is safe for regular use if diet changes are "
            "not enough.",
            "Regular exercise and a fixed toilet time after breakfast help the bowel.",
        ],
        r=[
            "Severe abdominal pain with vomiting and inability to pass wind needs emergency care.",
            "Blood in the stool or unexplained weight loss should be checked promptly.",
        ],
        b="Increase fibre and water, and use a gentle osmotic laxative if needed.",
    ),
    _cond(
        "acne",
        (14, 30),
        "any",
        "chronic",
        q=[
            "I have pimples and blackheads on my face and back {dur} and they leave dark marks.",
            "I get painful red pimples on my chin and jawline that flare every few weeks.",
            "My acne is getting worse {dur} despite washing my face many times a day.",
        ],
        w=["Which cream should I use?", "Will these pimples leave scars?"],
        c=[
            "Pimples with blackheads and whiteheads are acne, caused by blocked oil glands, bacteria and "
            "hormonal changes.",
            "Acne often flares before periods and with oily cosmetics, and washing too often can irritate "
            "the skin.",
        ],
        t=[
            "Most acne needs no tests; in women with irregular periods or excess hair, hormone tests for "
            "PCOS are useful.",
            "A dermatologist assessment is advisable for deep painful nodules or scarring.",
        ],
        a=[
            "Use a gentle cleanser twice a day and apply benzoyl peroxide or a topical retinoid such as "
            "adapalene at night.",
            "Do not squeeze pimples, as this increases scarring and dark marks.",
            "Treatment takes six to eight weeks to show results; oral antibiotics or isotretinoin are used "
            "for moderate to severe acne under supervision.",
        ],
        r=[
            "Sudden severe acne with fever or joint pain needs prompt medical review.",
            "If acne is affecting your mood or confidence, tell your doctor, as effective treatments are "
            "available.",
        ],
        b="This is acne; use benzoyl peroxide or adapalene and avoid squeezing.",
    ),
    _cond(
        "psoriasis",
        (20, 55),
        "any",
        "chronic",
        q=[
            "I have thick red patches with silvery scales on my elbows and knees {dur}.",
            "My scalp has flaky patches that itch and bleed when I scratch {dur}.",
            "I have scaly plaques on my body that get worse in winter and with stress.",
        ],
        w=["Is this psoriasis?", "Is this contagious?"],
        c=[
            "Well-defined red plaques with silvery scales on the elbows, knees and scalp are typical of "
            "psoriasis, an immune-driven skin condition.",
            "Psoriasis is not contagious; it runs in families and flares with stress, infections, smoking "
            "and some medicines.",
        ],
        t=[
            "The diagnosis is usually made by a dermatologist from the appearance, and a skin biopsy is "
            "occasionally needed.",
            "If you have joint pain or stiffness, you should be checked for psoriatic arthritis.",
        ],
        a=[
            "Moisturisers, topical steroids and vitamin D creams such as calcipotriol are the first "
            "treatments.",
            "Widespread psoriasis may need phototherapy or tablets and injections from a dermatologist.",
            "Stopping smoking and limiting alcohol improve control.",
        ],
        r=[
            "Widespread redness of the whole skin with fever or chills needs emergency care.",
            "Swollen painful joints should be assessed promptly to prevent joint damage.",
        ],
        b="This looks like psoriasis; moisturise and see a dermatologist for creams.",
    ),
    _cond(
        "tinea",
        (16, 55),
        "any",
        "sub",
        q=[
            "I have an itchy red ring-shaped rash in my groin that is spreading {dur}.",
            "I have round scaly itchy patches on my waist {dur} and steroid cream made them worse.",
            "The skin between my toes is white, peeling and itchy {dur}.",
        ],
        w=["Is this a fungal infection?", "Why does it keep coming back?"],
        c=[
            "An itchy, spreading ring-shaped rash with a clearer centre is typical of a fungal skin "
            "infection (ringworm or tinea).",
            "Heat, sweat, tight clothes and shared towels favour fungal infections, and steroid creams make "
            "them spread.",
        ],
        t=[
            "A skin scraping for fungal microscopy (KOH test) confirms it if the diagnosis is unclear.",
            "Frequent or widespread infection may be a reason to check blood sugar.",
        ],
        a=[
            "Apply an antifungal cream such as clotrimazole or terbinafine twice daily, and continue for two "
            "weeks after the rash clears.",
            "Stop any steroid or combination creams, keep the area dry and wear loose cotton clothing.",
            "Wash towels and clothes in hot water and do not share them.",
        ],
        r=[
            "Extensive infection, infection of the scalp or nails, or no improvement after four weeks may "
            "need antifungal tablets from a doctor.",
            "Spreading redness, warmth and fever suggest a bacterial infection and need prompt review.",
        ],
        b="This is a fungal infection; use clotrimazole cream and keep the area dry.",
    ),
    _cond(
        "urticaria",
        (16, 55),
        "any",
        "acute",
        q=[
            "I suddenly broke out in itchy raised red welts all over my body {dur}.",
            "I get itchy hives that come and go within hours, every day {dur}.",
            "After eating prawns yesterday I developed itchy swellings on my arms and chest.",
        ],
        w=["What is causing these hives?", "Which tablet can stop the itching?"],
        c=[
            "Itchy raised welts that move around and fade within a day are hives (urticaria).",
            "Acute hives can be triggered by infections, foods, medicines or insect stings, but often no "
            "cause "
            "is found.",
        ],
        t=[
            "For hives lasting under six weeks, tests are usually not needed unless a clear trigger is "
            "suspected.",
            "Chronic hives may need a blood count, thyroid tests and inflammatory markers.",
        ],
        a=[
            "A non-drowsy antihistamine such as cetirizine taken daily until the hives stop is the main "
            "treatment, and the dose can be increased by a doctor.",
            "Avoid any suspected trigger, and avoid aspirin and ibuprofen, which can worsen hives.",
            "Cool showers and loose clothing ease the itching.",
        ],
        r=[
            "Call emergency services if you have swelling of the lips, tongue or throat, difficulty "
            "breathing, or feel faint.",
            "If hives follow a new medicine, stop it and contact your doctor.",
        ],
        b="These are hives; take a daily non-drowsy antihistamine and avoid the trigger.",
    ),
    _cond(
        "knee_osteoarthritis",
        (48, 75),
        "any",
        "chronic",
        q=[
            "My knees ache when I climb stairs and feel stiff in the morning for a few minutes {dur}.",
            "I have knee pain that is worse after walking and there is a crackling sound when I bend {dur}.",
            "My X-ray shows reduced joint space in the right knee and it hurts after standing.",
        ],
        w=["Do I need a knee replacement?", "Which exercise is good for my knees?"],
        c=[
            "Knee pain on activity with brief morning stiffness and crackling is typical of osteoarthritis, "
            "wear of the joint cartilage with age.",
            "Excess weight, previous injury and weak thigh muscles increase the strain on the knee.",
        ],
        t=[
            "A standing X-ray of both knees shows the degree of osteoarthritis; an MRI is rarely needed.",
            "Blood tests are only needed if the joint is hot and swollen or several joints are involved.",
        ],
        a=[
            "Strengthening the thigh muscles with regular exercises and low-impact activity such as "
            "cycling or swimming reduces pain.",
            "Losing weight, even five kilograms, significantly reduces knee pain.",
            "Paracetamol or an anti-inflammatory gel helps, and a knee replacement is considered only when "
            "pain limits daily life despite treatment.",
        ],
        r=[
            "A hot, red, swollen knee with fever needs urgent assessment for infection.",
            "If the knee locks or gives way repeatedly, see an orthopaedic specialist.",
        ],
        b="This is likely knee osteoarthritis; thigh-strengthening exercises and weight control help.",
    ),
    _cond(
        "plantar_fasciitis",
        (30, 60),
        "any",
        "sub",
        q=[
            "I get sharp pain under my heel with the first steps in the morning {dur}.",
            "The bottom of my heel hurts after standing at work all day {dur}.",
            "I started running recently and now my heel is painful when I get up from a chair.",
        ],
        w=["Is this a heel spur?", "How long will this take to heal?"],
        c=[
            "Heel pain that is worst with the first steps in the morning is typical of plantar fasciitis, "
            "strain of the thick band under the foot.",
            "It is linked to long standing, a sudden increase in running, flat shoes, tight calves and "
            "excess "
            "weight.",
        ],
        t=[
            "The diagnosis is clinical; an X-ray is not usually needed, and a heel spur on X-ray is common "
            "even without pain.",
            "An ultrasound can help if the pain does not settle after several months.",
        ],
        a=[
            "Calf and foot stretches several times a day, especially before getting out of bed, are the most "
            "useful treatment.",
            "Wear cushioned supportive shoes, avoid walking barefoot on hard floors, and consider heel "
            "inserts.",
            "Rolling the foot over a frozen water bottle and short courses of anti-inflammatories relieve "
            "pain.",
        ],
        r=[
            "Heel pain with swelling, numbness or pain at night should be examined.",
            "Sudden heel pain after a fall or a snapping feeling in the calf needs prompt assessment.",
        ],
        b="This is likely plantar fasciitis; stretch the calf and wear supportive shoes.",
    ),
    _cond(
        "bppv",
        (35, 70),
        "any",
        "acute",
        q=[
            "The room spins for a few seconds whenever I turn over in bed or look up {dur}.",
            "I get sudden short bouts of dizziness when I lie down or bend forward {dur}.",
            "I had a spinning sensation this morning when I got out of bed and felt sick.",
        ],
        w=["Why am I getting vertigo?", "Is this serious?"],
        c=[
            "Short bursts of spinning dizziness triggered by head movements are typical of benign "
            "paroxysmal positional vertigo, caused by loose crystals in the inner ear.",
            "BPPV is common, harmless and often follows a minor head knock or a viral illness.",
        ],
        t=[
            "A doctor can confirm it with the Dix-Hallpike test at the bedside.",
            "Brain scans are not needed if the history and examination are typical.",
        ],
        a=[
            "The Epley manoeuvre, done by a doctor or physiotherapist, repositions the crystals and often "
            "cures it in one or two sessions.",
            "Get up slowly, sleep with the head slightly raised and avoid sudden head movements for a few "
            "days.",
            "Anti-sickness tablets are only useful for short periods and can slow recovery if used long.",
        ],
        r=[
            "Dizziness with double vision, slurred speech, weakness, numbness or difficulty walking needs "
            "emergency care to rule out a stroke.",
            "Vertigo with a new severe headache or sudden hearing loss should be seen urgently.",
        ],
        b="This sounds like positional vertigo; an Epley manoeuvre usually fixes it.",
    ),
    _cond(
        "anxiety_panic",
        (18, 45),
        "any",
        "sub",
        q=[
            "I get sudden episodes of pounding heart, shaking and a feeling that I am going to die {dur}.",
            "I suddenly feel I cannot breathe, my chest gets tight and my hands tingle, mostly in crowded "
            "places, {dur}.",
            "I had an ECG at the hospital after a racing heart and breathlessness, and it was normal.",
        ],
        w=["Am I having heart attacks?", "Can anxiety really cause these physical symptoms?"],
        c=[
            "Sudden episodes of racing heart, shaking, breathlessness and fear that peak within minutes are "
            "typical of panic attacks.",
            "Anxiety releases stress hormones that cause real physical symptoms such as palpitations, chest "
            "tightness, tingling and dizziness.",
        ],
        t=[
            "It is reasonable to check an ECG, thyroid function, blood sugar and a blood count to rule out "
            "physical causes.",
            "Your doctor may use a short questionnaire to assess the severity of anxiety.",
        ],
        a=[
            "Slow breathing, breathing out longer than in, can shorten a panic attack.",
            "Cognitive behavioural therapy is very effective, and SSRI medicines help when symptoms are "
            "persistent.",
            "Cut down on caffeine and alcohol, and keep regular exercise and sleep.",
        ],
        r=[
            "Chest pain on exertion, fainting or breathlessness not linked to anxiety needs medical "
            "assessment.",
            "If you have thoughts of harming yourself, contact emergency services or a crisis helpline now.",
        ],
        b="These sound like panic attacks; a check-up and counselling can help a lot.",
    ),
    _cond(
        "depression",
        (18, 60),
        "any",
        "sub",
        q=[
            "I feel low, have lost interest in things I used to enjoy, and sleep badly {dur}.",
            "I have no energy, cannot concentrate at work and feel worthless {dur}.",
            "Since losing my job I cry easily, eat very little and do not want to meet anyone.",
        ],
        w=["Is this depression?", "Will I have to take antidepressants?"],
        c=[
            "Low mood, loss of interest, poor sleep and low energy lasting more than two weeks suggest "
            "depression.",
            "Depression is common and treatable; it can follow stress or loss, or have no clear trigger.",
        ],
        t=[
            "A doctor can assess severity with a questionnaire such as the PHQ-9.",
            "Blood tests such as thyroid function, vitamin B12 and a blood count can exclude physical "
            "causes of tiredness.",
        ],
        a=[
            "Talking therapy such as cognitive behavioural therapy helps mild to moderate depression.",
            "Antidepressants are recommended for moderate to severe depression and take four to six weeks "
            "to work fully.",
            "Daily activity, time outdoors, regular sleep and staying in contact with people support "
            "recovery.",
        ],
        r=[
            "If you have thoughts of ending your life, call emergency services or a crisis line now, or "
            "go to the nearest emergency department.",
            "Do not stop antidepressants suddenly without speaking to your doctor.",
        ],
        b="This sounds like depression; please see a doctor soon, as treatment works.",
    ),
    _cond(
        "insomnia",
        (22, 65),
        "any",
        "chronic",
        q=[
            "I take two hours to fall asleep and wake at 3 am most nights {dur}.",
            "I lie awake thinking about work and feel tired and irritable during the day {dur}.",
            "I have been using sleeping tablets {dur} and now cannot sleep without them.",
        ],
        w=["Is it safe to take sleeping pills?", "How can I sleep better?"],
        c=[
            "Difficulty falling or staying asleep with daytime tiredness is insomnia, often driven by "
            "stress, "
            "worry or irregular sleep habits.",
            "Caffeine, alcohol, late screen use, pain, low mood and some medicines commonly disturb sleep.",
        ],
        t=[
            "A two-week sleep diary helps identify patterns.",
            "Loud snoring with pauses in breathing should be checked with a sleep study for sleep apnoea.",
        ],
        a=[
            "Keep fixed waking times, avoid screens and caffeine in the evening, and get up if you cannot "
            "sleep after about twenty minutes.",
            "Cognitive behavioural therapy for insomnia is the most effective long-term treatment.",
            "Sleeping tablets are for short-term use only, as they lose effect and can cause dependence.",
        ],
        r=[
            "If low mood or hopeless thoughts come with poor sleep, please see a doctor soon.",
            "Falling asleep while driving is dangerous; do not drive until this is assessed.",
        ],
        b="Try a fixed sleep schedule and avoid screens and caffeine late in the day.",
    ),
    _cond(
        "pcos",
        (20, 35),
        "f",
        "chronic",
        q=[
            "My periods come only every two to three months, and I have acne and hair on my chin {dur}.",
            "I have irregular periods and have gained weight {dur}, and my ultrasound shows many small "
            "follicles.",
            "I have been trying to conceive for a year but my periods are irregular.",
        ],
        w=["Do I have PCOS?", "Can I get pregnant with PCOS?"],
        c=[
            "Irregular periods with acne, excess hair growth and weight gain suggest polycystic ovary "
            "syndrome.",
            "PCOS is a common hormonal condition linked to insulin resistance and raised male hormones.",
        ],
        t=[
            "Useful tests are LH, FSH, testosterone, prolactin, thyroid function, a pelvic ultrasound, "
            "fasting glucose and lipids.",
            "Other causes of irregular periods, such as thyroid disease and high prolactin, must be "
            "excluded.",
        ],
        a=[
            "Losing five to ten percent of body weight can restore regular periods and ovulation.",
            "Combined birth control pills regulate periods and improve acne and hair growth, and metformin "
            "helps insulin resistance.",
            "Many women with PCOS conceive, and ovulation-inducing treatment such as letrozole is available "
            "through a gynaecologist.",
        ],
        r=[
            "No period for more than three months should be assessed, including a pregnancy test.",
            "Very heavy bleeding after a long gap should be reviewed by a gynaecologist.",
        ],
        b="This may be PCOS; get hormone tests and a pelvic ultrasound done.",
    ),
    _cond(
        "dysmenorrhoea",
        (15, 35),
        "f",
        "chronic",
        q=[
            "I get severe cramping pain in my lower abdomen on the first two days of my period {dur}.",
            "My period pain is so bad I miss college and sometimes vomit.",
            "My period cramps have become worse {dur} and now I also have pain during intercourse.",
        ],
        w=["Is this normal period pain?", "Which painkiller works best?"],
        c=[
            "Cramping lower abdominal pain starting with the period is primary dysmenorrhoea, caused by "
            "prostaglandins that make the uterus contract.",
            "Period pain that worsens over time or comes with pain during sex can be due to endometriosis "
            "or fibroids.",
        ],
        t=[
            "If the pain is severe or getting worse, a pelvic ultrasound and a gynaecological examination "
            "are advisable.",
            "A pregnancy test and screening for infection may be done if the pain pattern has changed.",
        ],
        a=[
            "An anti-inflammatory such as ibuprofen or mefenamic acid, started at the first sign of the "
            "period, works best.",
            "A heat pad on the lower abdomen and light exercise ease cramps.",
            "Hormonal contraceptives reduce period pain and can be discussed with your doctor.",
        ],
        r=[
            "Sudden severe pelvic pain with fainting or a missed period needs emergency care.",
            "Pain with fever or foul-smelling discharge suggests infection and needs prompt review.",
        ],
        b="Start ibuprofen at the first sign of the period and use a heat pad.",
    ),
    _cond(
        "bph",
        (55, 78),
        "m",
        "chronic",
        q=[
            "I get up three or four times at night to pass urine and the stream is weak {dur}.",
            "I have to wait for the urine to start and feel it does not empty fully {dur}.",
            "My doctor says my prostate is enlarged; I pass urine frequently and dribble afterwards.",
        ],
        w=["Is this prostate enlargement?", "Do I need surgery for the prostate?"],
        c=[
            "A weak stream, hesitancy, frequent urination and getting up at night are typical of benign "
            "prostatic enlargement, which is very common after 50.",
            "Caffeine, alcohol and drinking a lot in the evening make night-time urination worse.",
        ],
        t=[
            "A urine test, kidney function and an ultrasound with post-void residual volume help assess it.",
            "A PSA blood test can be discussed with your doctor, together with a prostate examination.",
        ],
        a=[
            "Tamsulosin relaxes the prostate and improves the flow within days; finasteride shrinks a large "
            "prostate over months.",
            "Reduce fluids two hours before bed, limit tea, coffee and alcohol, and try double voiding.",
            "Surgery is considered only when medicines fail or there are complications.",
        ],
        r=[
            "If you cannot pass urine at all with a painful swollen bladder, go to emergency.",
            "Blood in the urine or fever with urinary symptoms needs prompt evaluation.",
        ],
        b="This sounds like an enlarged prostate; see a doctor for a urine test and PSA discussion.",
    ),
    _cond(
        "conjunctivitis",
        (16, 50),
        "any",
        "acute",
        q=[
            "My eye is red and gritty with sticky yellow discharge in the morning {dur}.",
            "Both my eyes are red, watery and itchy {dur}.",
            "My right eye became red after my son had the same problem.",
        ],
        w=["Do I need antibiotic drops?", "Is this contagious?"],
        c=[
            "A red, gritty eye with discharge is conjunctivitis, most often viral or bacterial; itching in "
            "both eyes points to an allergic cause.",
            "Infective conjunctivitis spreads easily through hands, towels and pillowcases.",
        ],
        t=[
            "No tests are usually needed; a swab is taken only if it is severe or does not improve.",
            "An eye examination is needed for pain, reduced vision or if you wear contact lenses.",
        ],
        a=[
            "Clean the eyelids with cooled boiled water, wash hands often and do not share towels.",
            "Antibiotic drops are helpful for bacterial conjunctivitis with thick discharge, and most "
            "cases clear within a week.",
            "Antihistamine eye drops relieve allergic conjunctivitis.",
        ],
        r=[
            "Eye pain, sensitivity to light, blurred vision or a red eye in a contact lens wearer needs "
            "same-day eye examination.",
            "A red eye after a chemical splash or injury needs emergency care.",
        ],
        b="This is conjunctivitis; keep the eyes clean and avoid sharing towels.",
    ),
    _cond(
        "otitis_media",
        (1, 6),
        "any",
        "acute",
        kid=True,
        q=[
            "My {age} year old {kid} has had ear pain and fever {dur} and keeps pulling at {pos} ear.",
            "My {age} year old {kid} has a cold and now cries with ear pain at night; {pr} had a fever "
            "of 38.6 C.",
            "My {age} year old {kid} had a runny nose last week and now there is yellow discharge from "
            "{pos} ear.",
        ],
        w=["Does {pr} need antibiotics?", "Is this an ear infection?"],
        c=[
            "Ear pain with fever, often following a cold, is usually a middle ear infection (otitis "
            "media), which is common in young children.",
            "Middle ear infections are often viral and many settle on their own within two to three days.",
        ],
        t=[
            "A doctor should look at the eardrum with an otoscope to confirm the diagnosis.",
            "No blood tests are usually needed for a simple ear infection.",
        ],
        a=[
            "Give paracetamol or ibuprofen in the correct dose for your child's weight for pain and fever.",
            "Antibiotics such as amoxicillin are used for children under two with both ears infected, "
            "discharge from the ear, or symptoms lasting beyond two to three days.",
            "Keep the ear dry and do not put oil or drops in the ear without a doctor's advice.",
        ],
        r=[
            "Take your child to emergency for swelling or redness behind the ear, a stiff neck, drowsiness "
            "or a very high fever.",
            "If your child is under six months old with fever, see a doctor the same day.",
        ],
        b="This is likely an ear infection; give paracetamol and have a doctor check the eardrum.",
    ),
    _cond(
        "croup",
        (1, 4),
        "any",
        "acute",
        kid=True,
        q=[
            "My {age} year old {kid} has a barking cough like a seal and a hoarse voice {dur}, worse at "
            "night.",
            "My {age} year old {kid} woke up with a loud barking cough and noisy breathing after a cold.",
            "My {age} year old {kid} has had a mild fever and a harsh cough {dur}, and {pr} makes a "
            "whistling sound when crying.",
        ],
        w=["Is this croup?", "What can I do at home?"],
        c=[
            "A barking cough with a hoarse voice and noisy breathing in a young child is typical of croup, a "
            "viral infection of the voice box and windpipe.",
            "Croup is usually worst at night and on the second or third day, then settles within a week.",
        ],
        t=[
            "Croup is diagnosed by examination; X-rays and blood tests are not usually needed.",
            "A doctor will check your child's breathing effort and oxygen level.",
        ],
        a=[
            "A single dose of a steroid such as dexamethasone prescribed by a doctor reduces airway swelling "
            "and is the standard treatment.",
            "Keep your child calm and upright, and give paracetamol for fever.",
            "Do not use steam or hot water, as it does not help and risks burns.",
        ],
        r=[
            "Go to emergency if your child has noisy breathing at rest, pulls in the skin between the ribs, "
            "drools, looks blue or is very drowsy.",
            "Call an ambulance if your child is struggling to breathe or cannot speak or cry.",
        ],
        b="This sounds like croup; see a doctor, who may give a single dose of dexamethasone.",
    ),
    _cond(
        "dengue",
        (15, 55),
        "any",
        "acute",
        q=[
            "I have had high fever, severe body ache and pain behind my eyes {dur}; there is dengue in my "
            "area.",
            "My platelet count dropped from 1.5 lakh to 90,000 and I have fever and a rash.",
            "I have fever and joint pain {dur} and my NS1 test is positive.",
        ],
        w=["Do I need platelet transfusion?", "Which medicine can I take for the fever?"],
        c=[
            "High fever with severe body ache, pain behind the eyes and rash during an outbreak is "
            "typical of dengue, a viral infection spread by Aedes mosquitoes.",
            "Platelet counts commonly fall in dengue, and the critical phase is often around days three to "
            "seven, when the fever comes down.",
        ],
        t=[
            "The NS1 antigen test is positive in the first five days; dengue IgM antibodies are used later.",
            "A complete blood count with platelets and haematocrit should be repeated daily during the "
            "critical phase.",
        ],
        a=[
            "Take only paracetamol for fever; avoid ibuprofen, aspirin and other anti-inflammatories "
            "because they increase bleeding risk.",
            "Drink plenty of fluids such as water, ORS, soups and juices, and rest.",
            "Platelet transfusion is not needed for a low count alone; it is given only for significant "
            "bleeding.",
        ],
        r=[
            "Go to hospital immediately for abdominal pain, persistent vomiting, bleeding gums, black "
            "stools, "
            "restlessness or extreme tiredness, especially as the fever settles.",
            "Cold hands and feet, dizziness or very little urine are danger signs needing hospital care.",
        ],
        b="This could be dengue; take only paracetamol, drink fluids and check platelets.",
    ),
    _cond(
        "typhoid",
        (12, 50),
        "any",
        "sub",
        q=[
            "I have had fever that rises every evening, headache and stomach pain {dur}.",
            "My Widal test came positive and I have fever, weakness and loss of appetite {dur}.",
            "I have continuous fever {dur} with constipation and a coated tongue.",
        ],
        w=["Is this typhoid?", "Which antibiotic is best for typhoid?"],
        c=[
            "A step-like rising fever with headache, abdominal pain and weakness in an endemic area "
            "suggests enteric (typhoid) fever.",
            "Typhoid is caused by Salmonella Typhi, spread through contaminated food and water.",
        ],
        t=[
            "A blood culture, ideally in the first week before antibiotics, is the best test.",
            "The Widal test is unreliable on its own and often falsely positive; it should not be the only "
            "basis for diagnosis.",
        ],
        a=[
            "Typhoid is treated with antibiotics such as azithromycin or ceftriaxone chosen by your doctor "
            "according to local resistance patterns.",
            "Complete the full course even when you feel better, and drink plenty of fluids.",
            "Eat soft, freshly cooked food and wash hands well, and consider typhoid vaccination in future.",
        ],
        r=[
            "Severe abdominal pain, blood in the stool or confusion are signs of complications and need "
            "hospital care.",
            "If the fever persists beyond five days on treatment, see your doctor again.",
        ],
        b="A blood culture is the right test for typhoid; the Widal test alone is not reliable.",
    ),
    _cond(
        "vitamin_d_deficiency",
        (20, 65),
        "any",
        "chronic",
        q=[
            "My vitamin D level came out as 12 ng/mL and I have body aches and tiredness {dur}.",
            "I work indoors all day and have aching bones and leg cramps {dur}.",
            "My doctor found low vitamin D; I have muscle weakness and pain in my legs.",
        ],
        w=["How much vitamin D should I take?", "How long will it take to correct?"],
        c=[
            "Aches, tiredness and muscle weakness can be caused by low vitamin D, which is common in people "
            "who get little sunlight.",
            "Vitamin D is needed to absorb calcium, and severe deficiency softens bones.",
        ],
        t=[
            "A 25-hydroxy vitamin D level confirms the deficiency; below 20 ng/mL is generally considered "
            "deficient.",
            "Calcium, phosphate, alkaline phosphatase and kidney function are also worth checking.",
        ],
        a=[
            "A loading course of vitamin D supplements prescribed by your doctor, followed by a daily "
            "maintenance dose, is the usual treatment.",
            "Spend about 15 to 20 minutes in sunlight with arms exposed on most days, and include eggs, oily "
            "fish and fortified foods.",
            "Recheck the level after about three months; do not take very high doses without supervision.",
        ],
        r=[
            "Severe bone pain, difficulty walking or a fracture after a minor fall needs assessment.",
            "Nausea, excessive thirst or confusion while taking high-dose vitamin D can mean excess calcium.",
        ],
        b="Your vitamin D is low; take supplements as prescribed and recheck in three months.",
    ),
    _cond(
        "high_cholesterol",
        (35, 70),
        "any",
        "chronic",
        q=[
            "My cholesterol report shows LDL 175 mg/dL and total cholesterol 260, though I feel healthy.",
            "My triglycerides are 280 and my HDL is low; my father had a heart attack at 55.",
            "My doctor wants to start a statin for my cholesterol, but I am worried about side effects.",
        ],
        w=["Do I need statins?", "Can diet alone bring my cholesterol down?"],
        c=[
            "A high LDL cholesterol raises the long-term risk of heart attack and stroke, especially with "
            "smoking, diabetes, high blood pressure or a family history.",
            "Cholesterol is influenced by diet and weight, but genes play a large part, so some healthy "
            "people still have high levels.",
        ],
        t=[
            "Your doctor should calculate your 10-year cardiovascular risk using your age, blood pressure, "
            "sugar, smoking and cholesterol.",
            "Thyroid function, blood sugar, liver and kidney tests help rule out secondary causes.",
        ],
        a=[
            "Reduce saturated fat from fried food, red meat and full-fat dairy, and eat more vegetables, "
            "oats, pulses and nuts.",
            "A statin is recommended when the overall risk is high; side effects such as muscle aches are "
            "uncommon and usually manageable.",
            "Regular exercise, weight loss and stopping smoking improve both cholesterol and heart risk.",
        ],
        r=[
            "Chest pain or tightness on exertion, or breathlessness, needs prompt evaluation.",
            "Severe muscle pain with dark urine on a statin needs urgent review.",
        ],
        b="Your LDL is high; discuss your overall heart risk and whether a statin is needed.",
    ),
    _cond(
        "fatty_liver",
        (30, 62),
        "any",
        "chronic",
        q=[
            "My ultrasound shows grade 2 fatty liver and my SGPT is 68.",
            "I was told I have fatty liver during a check-up; I do not drink alcohol but I am overweight.",
            "I have a dull heaviness in the right upper abdomen {dur} and the scan showed fatty liver.",
        ],
        w=["Can fatty liver be reversed?", "Is fatty liver dangerous?"],
        c=[
            "Fatty liver without alcohol use is usually non-alcoholic fatty liver disease, linked to excess "
            "weight, diabetes, high cholesterol and inactivity.",
            "Most fatty liver does not damage the liver seriously, but in some people it leads to "
            "inflammation and scarring over years.",
        ],
        t=[
            "Liver function tests, blood sugar, HbA1c and a lipid profile should be checked.",
            "A fibrosis score such as FIB-4 or a FibroScan helps assess whether there is scarring.",
        ],
        a=[
            "Losing seven to ten percent of body weight through diet and exercise can reverse fatty liver.",
            "Avoid alcohol, sugary drinks and refined carbohydrates, and stay active most days.",
            "Control diabetes, blood pressure and cholesterol, since these drive the condition.",
        ],
        r=[
            "Yellow eyes, swelling of the abdomen or legs, vomiting blood or confusion need urgent care.",
            "Unexplained weight loss or persistent pain under the ribs should be investigated further.",
        ],
        b="Fatty liver can be reversed with weight loss; check liver tests and sugar.",
    ),
    _cond(
        "pneumonia",
        (25, 75),
        "any",
        "acute",
        q=[
            "I have had fever, a cough with yellow phlegm and pain in my chest when I breathe in {dur}.",
            "I feel breathless with high fever and chills {dur}, and my cough is getting worse.",
            "My chest X-ray shows a patch in the right lower lung and I have fever and cough.",
        ],
        w=["Do I need to be admitted?", "Which antibiotic is used for pneumonia?"],
        c=[
            "Fever, productive cough, breathlessness and chest pain on breathing suggest pneumonia, an "
            "infection of the lung tissue.",
            "Pneumonia in the community is most often caused by Streptococcus pneumoniae, though viruses are "
            "also common.",
        ],
        t=[
            "A chest X-ray, blood count, CRP and oxygen saturation help confirm pneumonia and judge its "
            "severity.",
            "Older people or those who are unwell may need kidney function and blood cultures.",
        ],
        a=[
            "Mild pneumonia in a healthy adult is usually treated at home with antibiotics such as "
            "amoxicillin, as prescribed by your doctor.",
            "Rest, drink fluids and take paracetamol for fever; the cough may take a few weeks to clear.",
            "A follow-up review in two to three days is important to make sure you are improving.",
        ],
        r=[
            "Go to emergency for breathlessness at rest, confusion, blue lips, chest pain, or an oxygen "
            "level below 94 percent.",
            "If you are over 65 or have heart, lung or kidney disease, seek care early.",
        ],
        b="This could be pneumonia; please see a doctor for a chest X-ray today.",
    ),
    _cond(
        "acute_bronchitis",
        (20, 60),
        "any",
        "sub",
        q=[
            "I have had a cough with some white phlegm {dur} after a cold, but no fever now.",
            "My cough has lasted two weeks and I get a tight chest when coughing.",
            "I keep coughing at night {dur} after a flu-like illness.",
        ],
        w=["Do I need antibiotics for this cough?", "Why is my cough not going away?"],
        c=[
            "A cough lasting one to three weeks after a cold is usually acute bronchitis, a viral "
            "inflammation of the airways.",
            "The airways stay irritated after the infection clears, so the cough can persist for up to three "
            "weeks.",
        ],
        t=[
            "No tests are needed for a typical cough after a cold if the examination is normal.",
            "A chest X-ray is advised for cough lasting more than three weeks, especially in smokers.",
        ],
        a=[
            "Antibiotics do not help viral bronchitis and are not recommended.",
            "Honey in warm water, fluids and avoiding smoke help; stop smoking if you smoke.",
            "If you wheeze, your doctor may suggest an inhaler for a short period.",
        ],
        r=[
            "Coughing up blood, breathlessness, high fever or chest pain needs prompt review.",
            "A cough lasting more than three weeks with weight loss or night sweats should be tested for "
            "tuberculosis.",
        ],
        b="This is likely post-viral bronchitis; it usually settles within three weeks without antibiotics.",
    ),
    _cond(
        "carpal_tunnel",
        (30, 60),
        "any",
        "chronic",
        q=[
            "My thumb, index and middle fingers tingle and go numb at night, and I shake my hand to relieve "
            "it {dur}.",
            "I drop things and my right hand feels weak and numb {dur}.",
            "I type all day and my fingers feel pins and needles, especially in the morning.",
        ],
        w=["Is this carpal tunnel syndrome?", "Do I need surgery for carpal tunnel?"],
        c=[
            "Tingling and numbness in the thumb, index and middle fingers, worse at night, is typical of "
            "carpal tunnel syndrome, compression of the median nerve at the wrist.",
            "It is more common with repetitive wrist use, pregnancy, diabetes and an underactive thyroid.",
        ],
        t=[
            "Nerve conduction studies confirm the diagnosis and show severity.",
            "Blood sugar and thyroid tests are worth doing to look for contributing causes.",
        ],
        a=[
            "A wrist splint worn at night keeps the wrist straight and relieves symptoms in many people.",
            "Take breaks from repetitive tasks and keep your wrist in a neutral position when typing.",
            "A steroid injection can help, and surgery is advised for persistent symptoms or muscle "
            "weakness.",
        ],
        r=[
            "Wasting of the muscles at the base of the thumb or constant numbness needs prompt specialist "
            "review.",
            "Sudden weakness of the arm or face needs emergency care.",
        ],
        b="This sounds like carpal tunnel syndrome; try a night wrist splint.",
    ),
    _cond(
        "shingles",
        (45, 80),
        "any",
        "acute",
        q=[
            "I have a painful band of blisters on one side of my chest {dur}.",
            "I had burning pain on the right side of my back for three days, and now a rash with blisters "
            "has appeared.",
            "I have a blistering rash on one side of my forehead near my eye {dur}.",
        ],
        w=["Is this shingles?", "Can I pass it to my grandchildren?"],
        c=[
            "A painful blistering rash in a band on one side of the body is typical of shingles, "
            "reactivation of the chickenpox virus.",
            "Shingles is more common with age, stress and weakened immunity.",
        ],
        t=[
            "The diagnosis is usually clinical; a swab of a blister can confirm it if unclear.",
            "Frequent or severe shingles may prompt tests of the immune system.",
        ],
        a=[
            "Antiviral tablets such as aciclovir or valaciclovir work best when started within 72 hours of "
            "the rash.",
            "Take pain relief, keep the rash clean and covered, and avoid scratching.",
            "A shingles vaccine is recommended for older adults to prevent future attacks.",
        ],
        r=[
            "A rash near the eye or on the tip of the nose needs same-day eye examination.",
            "Avoid contact with pregnant women, newborns and people with weak immunity until the blisters "
            "crust.",
        ],
        b="This is shingles; start antiviral tablets within 72 hours of the rash.",
    ),
    _cond(
        "palpitations",
        (20, 60),
        "any",
        "sub",
        q=[
            "I feel my heart skipping beats and fluttering, mostly at night {dur}.",
            "Sometimes my heart starts racing suddenly for a few minutes and then stops {dur}.",
            "I feel a thud in my chest after coffee and during stressful days.",
        ],
        w=["Is my heart normal?", "Should I see a cardiologist?"],
        c=[
            "Occasional skipped or extra beats (ectopic beats) are very common and usually harmless, often "
            "triggered by caffeine, stress, alcohol or poor sleep.",
            "Sudden episodes of fast regular heartbeat that start and stop abruptly can be a "
            "supraventricular tachycardia, which is treatable.",
        ],
        t=[
            "An ECG, and a 24-hour Holter monitor if symptoms are frequent, can record the rhythm.",
            "Blood tests for haemoglobin, thyroid function and electrolytes help find triggers.",
        ],
        a=[
            "Cut down on caffeine, energy drinks and alcohol, and get regular sleep.",
            "If episodes of fast heartbeat are confirmed, a cardiologist can advise on medication or a "
            "procedure.",
            "Note the date, time and duration of episodes, and check your pulse during one if you can.",
        ],
        r=[
            "Palpitations with fainting, chest pain or breathlessness need emergency care.",
            "Palpitations during exercise or with a family history of sudden death should be assessed "
            "promptly.",
        ],
        b="Skipped beats are usually harmless; an ECG and thyroid test are a reasonable start.",
    ),
    _cond(
        "vaginal_candidiasis",
        (18, 45),
        "f",
        "acute",
        q=[
            "I have intense itching and a thick white curd-like discharge {dur}.",
            "I have vaginal itching and burning {dur} after finishing a course of antibiotics.",
            "I keep getting itchy white discharge every few months.",
        ],
        w=["Is this a yeast infection?", "Which medicine should I use?"],
        c=[
            "Itching with a thick white discharge is typical of vaginal thrush, a yeast infection caused by "
            "Candida.",
            "Thrush is more likely after antibiotics, in pregnancy, with diabetes, and with tight synthetic "
            "clothing.",
        ],
        t=[
            "A vaginal swab confirms the diagnosis, especially if this is the first episode or symptoms "
            "recur.",
            "Frequent infections are a reason to check blood sugar.",
        ],
        a=[
            "A clotrimazole pessary or cream, or a single dose of fluconazole, usually clears it.",
            "Wear cotton underwear, avoid scented soaps and douching, and keep the area dry.",
            "Recurrent thrush may need a longer treatment course planned by your doctor.",
        ],
        r=[
            "If you are pregnant, see your doctor before using any treatment; oral fluconazole is avoided "
            "in pregnancy.",
            "Fever, lower abdominal pain or foul-smelling discharge suggests a different infection and "
            "needs examination.",
        ],
        b="This sounds like thrush; a clotrimazole pessary usually clears it.",
    ),
    _cond(
        "neck_pain",
        (25, 65),
        "any",
        "sub",
        q=[
            "I have neck pain and stiffness that goes to my shoulder {dur}.",
            "My neck hurts when I turn my head and the pain spreads to my shoulder blade {dur}.",
            "My X-ray shows cervical spondylosis; I have neck pain and tingling in my fingers.",
        ],
        w=["Do I need a cervical collar?", "Which exercises can help my neck?"],
        c=[
            "Neck pain with stiffness is usually due to muscle strain from posture, long screen use or "
            "sleeping awkwardly.",
            "Age-related wear of the neck spine (cervical spondylosis) is common and often causes pain, "
            "and sometimes nerve irritation causes tingling in the arm.",
        ],
        t=[
            "Most neck pain needs no scan; an MRI is considered if there is arm weakness or persistent "
            "numbness.",
            "An X-ray often shows age-related changes that do not correlate well with pain.",
        ],
        a=[
            "Keep your screen at eye level, take breaks and sleep on a supportive pillow.",
            "Gentle neck stretches and physiotherapy help more than rest; collars are not advised for "
            "routine use.",
            "Pain relief and a warm compress ease spasm in the first few days.",
        ],
        r=[
            "Weakness in the arms, clumsiness of the hands or problems with walking and balance need urgent "
            "assessment.",
            "Neck pain with fever, severe headache or after a fall or accident needs emergency care.",
        ],
        b="This is likely muscular neck pain; correct posture and do neck stretches.",
    ),
    _cond(
        "chronic_fatigue_b12",
        (30, 65),
        "any",
        "sub",
        q=[
            "I am vegetarian and feel tired with tingling in my feet {dur}.",
            "My vitamin B12 level is 150 pg/mL and I have numbness in my toes and poor memory.",
            "I have been on metformin for years and now have pins and needles in my feet and fatigue.",
        ],
        w=["Could this be vitamin B12 deficiency?", "Do I need B12 injections?"],
        c=[
            "Tiredness with tingling in the feet can be due to vitamin B12 deficiency, which is common in "
            "vegetarians and in people taking metformin or acid-reducing medicines long term.",
            "B12 is needed for healthy nerves and red blood cells, and deficiency can cause anaemia and "
            "nerve damage.",
        ],
        t=[
            "A serum B12 level with a complete blood count confirms it; folate and thyroid function are "
            "also worth checking.",
            "If B12 is low without an obvious dietary cause, tests for pernicious anaemia may be done.",
        ],
        a=[
            "B12 can be replaced with tablets or injections; injections are preferred when there are nerve "
            "symptoms or poor absorption.",
            "Include dairy, eggs or fortified foods, and vegetarians may need a regular supplement.",
            "Blood sugar control and foot care are important if you have diabetes.",
        ],
        r=[
            "Difficulty walking, unsteadiness or memory problems need prompt treatment.",
            "Breathlessness, chest pain or marked paleness suggest severe anaemia and need urgent review.",
        ],
        b="This may be B12 deficiency; check a B12 level and blood count.",
    ),
]

# ----------------------------------------------------------------------------------------------------
# Shared question and answer pieces.
# ----------------------------------------------------------------------------------------------------

DURATIONS = {
    "acute": [
        "for two days",
        "since yesterday",
        "for the last three days",
        "for about four days",
        "since last night",
        "for a couple of days",
        "for five days",
    ],
    "sub": [
        "for two weeks",
        "for about three weeks",
        "for the past month",
        "for ten days",
        "for nearly six weeks",
        "for the last few weeks",
    ],
    "chronic": [
        "for about six months",
        "for over a year",
        "for the past few months",
        "for almost two years",
        "on and off for a year",
        "for three months",
    ],
}

INTROS = [
    "I am a {age} year old {sexw}.",
    "I'm a {age}-year-old {sexw}.",
    "Hello doctor, I am {age} years old.",
    "I am {age} years old {sexw}.",
    "{age}{sexl} here.",
    "Hi, I am a {sexw} aged {age}.",
    "Respected doctor, I am {age} yrs old {sexw}.",
]

EXTRAS_ADULT = [
    "I do not smoke and drink only occasionally.",
    "I have no other medical problems.",
    "I am not on any regular medicines.",
    "I have tried some home remedies without much relief.",
    "I work long hours at a desk job.",
    "My mother has diabetes and high blood pressure.",
    "I have no known allergies.",
    "I took some tablets from the pharmacy but they helped only a little.",
]

EXTRAS_KID = [
    "{Pr} is otherwise healthy and fully vaccinated.",
    "{Pr} is eating less than usual but drinking fluids.",
    "{Pr} is still playful in between.",
]

WORRIES_GENERIC = [
    "What could be the cause?",
    "Should I be worried?",
    "What tests should I get done?",
    "What should I do?",
    "Please advise.",
    "Is this something serious?",
    "Do I need to see a specialist?",
    "Please help me, I am very worried.",
]

GREETINGS = [
    "Hello, welcome to Chat Doctor.",
    "Hi Dear,",
    "Hi,",
    "Thanks for posting your query.",
    "Hello and welcome to Chat Doctor forum.",
    "Hi, thanks for the query.",
    "Hello,",
    "Dear friend,",
    "Hi there, thanks for writing in.",
    "Welcome to Chat Doctor.",
    "Thanks for your question.",
    "Hello dear, thanks for using Chat Doctor.",
]

ACKS = [
    "I have gone through your query.",
    "I understand your concern.",
    "Thanks for the details.",
    "I have read your question carefully.",
    "I can understand your worry.",
]

SIGNOFFS = [
    "Take care.",
    "Best wishes, Chat Doctor.",
    "Hope this helps. Regards.",
    "Wish you good health.",
    "Feel free to ask further queries.",
    "Hope I have answered your query. Let me know if I can assist you further.",
    "Regards.",
    "Get well soon.",
    "Wishing you a speedy recovery.",
]

SIGNATURES = [
    "Dr. A. Kumar, General Physician",
    "Dr. Meera Nair, Internal Medicine",
    "Dr. S. Okafor, Family Physician",
    "Dr. R. Iyer, MBBS, MD",
    "Dr. L. Haddad, General Practitioner",
    "Dr. P. Sharma, Consultant Physician",
    "Dr. J. Mendes, MD (Medicine)",
]

# Anonymiser leftovers: a name was replaced by "Chat Doctor" inside a sentence.
CHATDOCTOR_MID = [
    "I am Chat Doctor and I have gone through your query carefully.",
    "It would be best to consult a Chat Doctor for a proper physical examination.",
    "Please show these reports to your Chat Doctor, who can examine you in person.",
    "As a Chat Doctor I would suggest you do not ignore these symptoms.",
    "You may also discuss this with the Chat Doctor at your local clinic.",
]

PLATFORM = [
    "You can contact me on healthcaremagic for a follow-up.",
    "If you have more questions, ask a doctor online at HealthCareMagic.",
    "You can send your reports to me directly through HealthcareMagic.",
    "For a detailed consultation, write to me at www.healthcaremagic.com.",
]

# Rambling paragraphs used only to build the rare over-long answers.
LONG_PARAGRAPHS = [
    "Let me also explain some general points, because many patients in your situation have similar doubts. "
    "Your body usually gives early signals when something is not right, and paying attention to them, "
    "without panicking, is the best approach. Most of the common problems seen in clinics are treatable, "
    "and the outcome is much better when they are picked up early and followed up properly. Keep a small "
    "notebook of your symptoms with dates, the medicines you take and their doses, and carry it with you "
    "whenever you see a doctor.",
    "Regarding lifestyle, I always advise a balanced diet with plenty of vegetables, fruits, pulses and "
    "whole "
    "grains, and less of fried food, sweets and packaged snacks. Try to walk briskly for at least thirty "
    "minutes on most days of the week, and include some stretching. Sleep seven to eight hours at fixed "
    "times, avoid smoking completely, and keep alcohol to a minimum. These simple habits support recovery "
    "from almost every illness and also reduce the risk of diabetes, high blood pressure and heart disease "
    "in the long run.",
    "Please do not take medicines on your own from the chemist based on what worked for a friend or "
    "relative, and never take antibiotics without a prescription, because wrong or incomplete courses make "
    "bacteria resistant. If you are already taking any tablets, tell your doctor about all of them, "
    "including herbal and over-the-counter products, since some of them interact. Read the label for the "
    "correct dose, and ask the pharmacist if you are unsure about how and when to take a medicine.",
    "About the reports, remember that the normal ranges differ slightly from one laboratory to another, so "
    "always compare your values with the range printed on your own report. A single slightly abnormal "
    "value is often not significant and may just need repeating. Your doctor will interpret the results "
    "together with your symptoms and examination, which is why an in-person visit is so valuable. Keep "
    "copies of all your reports in one folder so that trends over time can be seen.",
    "Stress and worry can make almost any symptom feel worse, and reading a lot on the internet often "
    "increases anxiety rather than helping. Try to stay calm, talk to your family about how you feel, and "
    "take some time each day for an activity you enjoy. If you notice that worry is affecting your sleep, "
    "appetite or work, mention it to your doctor, because counselling and other support are very "
    "effective and there is no shame in asking for help.",
]

LONG_HISTORY = [
    "I have already seen two doctors and was given some tablets, but I do not remember their names.",
    "I searched on the internet and now I am very scared that it is something serious.",
    "My work involves a lot of travel and irregular meals, and I often skip breakfast.",
    "Last year I had a full body check-up and everything was normal except a slightly high cholesterol.",
    "My sleep has been disturbed because of this problem and I feel irritable at home.",
    "I also get mild headaches sometimes, but I am not sure if that is related.",
    "My family is worried and they want me to get every possible test done.",
    "I am attaching my last reports in text: haemoglobin 12.8, sugar fasting 98, and thyroid normal.",
    "I exercise rarely because of long working hours, and my weight has gone up by about six kilograms.",
    "Please tell me in detail what I should do and which specialist I should see.",
]

# ----------------------------------------------------------------------------------------------------
# Probes and verifiable QA.
# ----------------------------------------------------------------------------------------------------

PROBES = [
    ("t2d_early_symptoms", "What are the early symptoms of type 2 diabetes?"),
    ("malaria_dx_tx", "How is malaria diagnosed and treated?"),
    ("persistent_cough", "I have had a dry cough for three weeks after a cold. When should I worry?"),
    ("bp_home_measures", "What can I do at home to lower my blood pressure?"),
    ("ibuprofen_back_pain", "Is it safe to take ibuprofen every day for back pain?"),
    ("heartburn", "Why do I get heartburn after meals, and how can I stop it?"),
    ("child_fever", "My 4 year old has a fever of 39 degrees C. When should I take her to a doctor?"),
    ("cold_vs_flu", "What is the difference between a common cold and the flu?"),
]

VERIFIABLE_QA: list[tuple[str, str]] = [
    # Short recall questions.
    ("What is the first-line drug for anaphylaxis?", "Epinephrine"),
    (
        "Which bacterium is the most common cause of community-acquired pneumonia in adults?",
        "Streptococcus pneumoniae",
    ),
    ("Deficiency of which vitamin causes scurvy?", "Vitamin C"),
    ("Which vitamin deficiency causes Wernicke encephalopathy?", "Thiamine"),
    ("What is the first-line oral medication for most adults with type 2 diabetes?", "Metformin"),
    ("What is the antidote for paracetamol (acetaminophen) overdose?", "N-acetylcysteine"),
    ("What is the antidote for opioid overdose?", "Naloxone"),
    ("Which vitamin reverses the effect of warfarin?", "Vitamin K"),
    ("What drug reverses the anticoagulant effect of unfractionated heparin?", "Protamine sulfate"),
    ("What is the antidote for benzodiazepine overdose?", "Flumazenil"),
    ("Which mosquito genus transmits malaria?", "Anopheles"),
    ("Which mosquito species is the main vector of dengue?", "Aedes aegypti"),
    ("Which organism causes syphilis?", "Treponema pallidum"),
    ("Which organism causes Lyme disease?", "Borrelia burgdorferi"),
    ("What is the most common infectious cause of peptic ulcer disease?", "Helicobacter pylori"),
    (
        "What is the most common cause of hypothyroidism in iodine-sufficient regions?",
        "Hashimoto thyroiditis",
    ),
    ("What is the most common cause of hyperthyroidism?", "Graves disease"),
    ("Peaked T waves on an ECG suggest which electrolyte abnormality?", "Hyperkalaemia"),
    ("Which cranial nerve is affected in Bell palsy?", "Facial nerve"),
    ("Which tumour marker is commonly raised in hepatocellular carcinoma?", "Alpha-fetoprotein"),
    ("Koplik spots are characteristic of which infection?", "Measles"),
    ("Reed-Sternberg cells are characteristic of which cancer?", "Hodgkin lymphoma"),
    ("Deficiency of clotting factor VIII causes which disorder?", "Haemophilia A"),
    ("Trisomy 21 causes which syndrome?", "Down syndrome"),
    ("Which syndrome is associated with the karyotype 45,X?", "Turner syndrome"),
    ("Which syndrome is associated with the karyotype 47,XXY?", "Klinefelter syndrome"),
    ("What is the most common organism causing urinary tract infections?", "Escherichia coli"),
    ("Anaphylaxis is which type of hypersensitivity reaction?", "Type I hypersensitivity"),
    ("Which loop diuretic is most commonly used for fluid overload in heart failure?", "Furosemide"),
    ("Which blood test is the preferred biomarker for diagnosing myocardial infarction?", "Troponin"),
    ("Vitamin B12 deficiency causes which type of anaemia?", "Megaloblastic anaemia"),
    (
        "Folic acid supplementation before conception reduces the risk of which birth defects?",
        "Neural tube defects",
    ),
    ("Which virus causes chickenpox and shingles?", "Varicella-zoster virus"),
    ("What is the most common site of ectopic pregnancy?", "Ampulla of the fallopian tube"),
    ("What is the most common type of kidney stone?", "Calcium oxalate"),
    ("What is the drug of choice for primary syphilis?", "Benzathine penicillin G"),
    (
        "What is the recommended treatment for uncomplicated falciparum malaria?",
        "Artemisinin-based combination therapy",
    ),
    ("What is the drug of choice for severe malaria?", "Intravenous artesunate"),
    ("What is the gold standard test for diagnosing malaria?", "Blood smear microscopy"),
    ("Which virus is the main cause of cervical cancer?", "Human papillomavirus"),
    ("Which hepatitis virus is a DNA virus?", "Hepatitis B virus"),
    ("What is the inheritance pattern of cystic fibrosis?", "Autosomal recessive"),
    ("Mutation of which gene causes cystic fibrosis?", "CFTR"),
    ("What is the inheritance pattern of Huntington disease?", "Autosomal dominant"),
    ("Which is the most effective drug for the motor symptoms of Parkinson disease?", "Levodopa"),
    ("Which neurotransmitter is deficient in Parkinson disease?", "Dopamine"),
    (
        "What is given intramuscularly for severe hypoglycaemia when intravenous access is not available?",
        "Glucagon",
    ),
    ("What is the most common type of thyroid cancer?", "Papillary carcinoma"),
    ("Which test is used to confirm primary adrenal insufficiency?", "ACTH stimulation test"),
    ("What is the most common cause of Cushing syndrome?", "Exogenous glucocorticoids"),
    (
        "Which mood stabiliser needs serum level monitoring and can cause nephrogenic diabetes insipidus?",
        "Lithium",
    ),
    ("Which blood test is used to monitor warfarin therapy?", "INR"),
    ("Which mite causes scabies?", "Sarcoptes scabiei"),
    ("What is the first-line topical treatment for scabies?", "Permethrin"),
    ("Which virus is the most common cause of bronchiolitis in infants?", "Respiratory syncytial virus"),
    ("Which virus most commonly causes croup?", "Parainfluenza virus"),
    ("Which bacterium causes whooping cough?", "Bordetella pertussis"),
    ("Which bacterium causes pseudomembranous colitis after antibiotic use?", "Clostridioides difficile"),
    ("Which organism causes rice-water stools?", "Vibrio cholerae"),
    ("Which organism causes typhoid fever?", "Salmonella Typhi"),
    ("Which vitamin deficiency causes night blindness?", "Vitamin A"),
    ("Deficiency of which vitamin causes pellagra?", "Niacin"),
    ("Which heart valve is most commonly affected in rheumatic heart disease?", "Mitral valve"),
    ("Which antiepileptic drug commonly causes gingival hyperplasia?", "Phenytoin"),
    ("What is the most common side effect that leads patients to stop ACE inhibitors?", "Dry cough"),
    ("Which rare but serious adverse effect is associated with metformin?", "Lactic acidosis"),
    ("Which antiarrhythmic drug can cause pulmonary fibrosis and thyroid dysfunction?", "Amiodarone"),
    ("Which antibiotic class is known for ototoxicity and nephrotoxicity?", "Aminoglycosides"),
    ("Which antibiotic causes red man syndrome when infused rapidly?", "Vancomycin"),
    ("Which antibiotic class is associated with Achilles tendon rupture?", "Fluoroquinolones"),
    ("Which antibiotic causes a disulfiram-like reaction with alcohol?", "Metronidazole"),
    ("Which antibiotic class causes tooth discolouration in young children?", "Tetracyclines"),
    ("Which hormone is produced by pancreatic alpha cells and raises blood glucose?", "Glucagon"),
    ("Which scoring system estimates stroke risk in atrial fibrillation?", "CHA2DS2-VASc"),
    ("What is the lowest possible score on the Glasgow Coma Scale?", "3"),
    ("Which respiratory condition is a relative contraindication to non-selective beta-blockers?", "Asthma"),
    # Negation-sensitive answers: a matcher must not treat "X" and "non-X"/"not X" as equal.
    (
        "What type of lung cancer accounts for about 85 percent of lung cancer cases?",
        "Non-small cell lung cancer",
    ),
    (
        "Which broad group of lymphomas lacks Reed-Sternberg cells and is more common overall?",
        "Non-Hodgkin lymphoma",
    ),
    (
        "What type of metabolic acidosis does severe diarrhoea typically cause, by anion gap?",
        "Non-anion gap metabolic acidosis",
    ),
    ("What Rh status must a pregnant woman have to need anti-D immunoglobulin?", "Rh-negative"),
    ("Is aspirin recommended for fever in children with a viral illness?", "Not recommended"),
    ("Are antibiotics indicated for uncomplicated acute bronchitis in a healthy adult?", "Not indicated"),
    ("How do monosodium urate crystals appear under polarised light microscopy?", "Negatively birefringent"),
    ("What is the Gram stain appearance of Neisseria meningitidis?", "Gram-negative diplococci"),
    ("Which blood group is the universal donor for red cell transfusion?", "O negative"),
    ("What is the Gram stain appearance of Staphylococcus aureus?", "Gram-positive cocci"),
    # Medium-length questions.
    (
        "A patient on long-term proton pump inhibitors and metformin complains of numb feet. Which vitamin "
        "level should be checked?",
        "Vitamin B12",
    ),
    (
        "A child has a honey-coloured crusted rash around the nose and mouth. What is the most likely "
        "diagnosis?",
        "Impetigo",
    ),
    (
        "A woman with a painful, swollen calf after a long-haul flight has a positive D-dimer. Which imaging "
        "test is used to confirm the suspected diagnosis?",
        "Compression ultrasound",
    ),
    (
        "A farmer develops trismus and muscle spasms ten days after a deep puncture wound with a rusty nail. "
        "Which organism is responsible?",
        "Clostridium tetani",
    ),
    (
        "A patient with atrial fibrillation has fast ventricular rates but normal blood pressure. Which drug "
        "class is commonly first-line for rate control?",
        "Beta-blockers",
    ),
    (
        "A patient has fever, a new heart murmur and a history of intravenous drug use. Which heart valve is "
        "most commonly affected?",
        "Tricuspid valve",
    ),
    (
        "A newborn treated with a certain antibiotic develops vomiting, ashen-grey skin and circulatory "
        "collapse. Which antibiotic is responsible?",
        "Chloramphenicol",
    ),
    (
        "A patient presents with the sudden worst headache of their life and neck stiffness; CT shows "
        "subarachnoid blood. What is the most common non-traumatic cause?",
        "Ruptured berry aneurysm",
    ),
    (
        "An elderly man has an acutely painful swollen knee; aspirated fluid shows rhomboid crystals. What "
        "is "
        "the diagnosis?",
        "Pseudogout",
    ),
    (
        "A pregnant woman at 28 weeks has a 2-hour glucose of 190 mg/dL on a 75 g oral glucose tolerance "
        "test. What is the diagnosis?",
        "Gestational diabetes",
    ),
    # Long clinical vignettes (60-120 words).
    (
        "A 58-year-old man with a history of smoking and hypertension presents with crushing central chest "
        "pain for 40 minutes, radiating to the jaw, with sweating and nausea. His blood pressure is 100/70 "
        "mmHg and his heart rate is 52 beats per minute. The ECG shows ST-segment elevation in leads II, III "
        "and aVF with reciprocal ST depression in leads I and aVL. Troponin is pending. Which coronary "
        "artery "
        "is most likely occluded?",
        "Right coronary artery",
    ),
    (
        "A 24-year-old woman returned from a four-week volunteering trip to Nigeria ten days ago. She did "
        "not "
        "take any prophylaxis. She now has fever spikes with rigors, headache, myalgia and vomiting. On "
        "examination she is febrile at 39.4 C with mild scleral icterus and a palpable spleen tip. A thin "
        "blood "
        "film shows numerous small ring forms, some red cells with multiple rings, and crescent-shaped "
        "gametocytes. Which organism is the most likely cause?",
        "Plasmodium falciparum",
    ),
    (
        "A 7-year-old boy is brought in with puffy eyes in the morning and cola-coloured urine. His mother "
        "says he had a sore throat with fever about two weeks ago that resolved without treatment. His blood "
        "pressure is 130/85 mmHg, which is high for his age. Urinalysis shows red cell casts and mild "
        "proteinuria, and serum complement C3 is low. The antistreptolysin O titre is raised. What is the "
        "most likely diagnosis?",
        "Post-streptococcal glomerulonephritis",
    ),
    (
        "A 30-year-old woman complains of heat intolerance, palpitations, weight loss despite a good "
        "appetite "
        "and frequent loose stools for three months. On examination she has a fine tremor, a diffuse "
        "non-tender goitre with a bruit, bilateral proptosis and thickened skin over both shins. TSH is "
        "undetectable and free T4 is high. What is the most likely diagnosis?",
        "Graves disease",
    ),
    (
        "A 45-year-old woman reports fatigue, weight gain of six kilograms over a year, cold intolerance, "
        "constipation and heavier periods. She has dry skin, slow relaxing ankle reflexes and a firm, "
        "painless, diffusely enlarged thyroid gland. Blood tests show a TSH of 18 mIU/L, low free T4, and "
        "strongly positive anti-thyroid peroxidase antibodies. What is the most likely underlying cause of "
        "her thyroid disease?",
        "Hashimoto thyroiditis",
    ),
    (
        "A 66-year-old man with a 45 pack-year smoking history presents with a cough, blood-streaked sputum "
        "and a weight loss of eight kilograms over three months. He is also confused and constipated, and "
        "his "
        "serum calcium is markedly raised with a suppressed parathyroid hormone level. Chest imaging shows a "
        "central hilar mass with cavitation. Which type of lung cancer is most likely?",
        "Squamous cell carcinoma",
    ),
    (
        "A 23-year-old man reports a year of low back pain and stiffness that is worst in the early morning, "
        "lasts over an hour, wakes him in the second half of the night, and improves with exercise but not "
        "rest. He once had a painful red eye treated by an ophthalmologist. Examination shows reduced lumbar "
        "flexion. HLA-B27 is positive and pelvic imaging shows bilateral sacroiliitis. What is the most "
        "likely "
        "diagnosis?",
        "Ankylosing spondylitis",
    ),
    (
        "A 72-year-old woman has had a new headache over the right temple for two weeks, pain in the jaw "
        "when "
        "chewing, scalp tenderness when combing her hair, and aching stiffness in both shoulders. This "
        "morning she noticed brief blurring of vision in the right eye. The right temporal artery is tender "
        "and thickened with a reduced pulse, and her ESR is 92 mm/h. Which treatment should be started "
        "immediately?",
        "High-dose corticosteroids",
    ),
    (
        "A 19-year-old university student living in a dormitory is brought to the emergency department with "
        "fever, severe headache, neck stiffness, photophobia and vomiting that began twelve hours ago. He "
        "has "
        "a non-blanching petechial rash on his legs and trunk. Blood pressure is 90/55 mmHg. Lumbar puncture "
        "shows cloudy fluid with high neutrophils, low glucose and Gram-negative diplococci. Which organism "
        "is "
        "the most likely cause?",
        "Neisseria meningitidis",
    ),
    (
        "A 48-year-old man with long-standing heavy alcohol use is brought in by his family because of "
        "confusion for two days. He is unsteady, walking with a wide-based gait, and examination shows "
        "nystagmus and bilateral lateral rectus weakness. He appears malnourished. His blood glucose is "
        "normal. Which vitamin should be given intravenously before any glucose-containing fluids?",
        "Thiamine",
    ),
    (
        "A 28-year-old woman presents with lower abdominal pain on the left side and light vaginal bleeding. "
        "Her last menstrual period was seven weeks ago. She has a history of pelvic inflammatory disease. "
        "Her "
        "urine pregnancy test is positive and serum beta-hCG is 2,400 IU/L. Transvaginal ultrasound shows an "
        "empty uterus and a small complex mass next to the left ovary with a little free fluid. What is the "
        "most likely diagnosis?",
        "Ectopic pregnancy",
    ),
    (
        "A 52-year-old man wakes at night with severe pain in his right big toe after a weekend of heavy "
        "beer "
        "drinking and barbecue. The first metatarsophalangeal joint is red, hot, swollen and exquisitely "
        "tender, so that even the bedsheet hurts. He takes a thiazide diuretic for hypertension. Fluid "
        "aspirated from the joint shows needle-shaped crystals under polarised light, and the Gram stain is "
        "negative. What is the diagnosis?",
        "Acute gout",
    ),
    (
        "An 8-year-old girl has had increasing thirst, frequent urination and bed-wetting for three weeks, "
        "and "
        "has lost three kilograms. Today she has abdominal pain, vomiting and drowsiness. She is breathing "
        "deeply and rapidly, and her breath smells fruity. Blood glucose is 460 mg/dL, venous pH is 7.12, "
        "bicarbonate is low, and urine ketones are strongly positive. What is the most likely diagnosis?",
        "Diabetic ketoacidosis",
    ),
    (
        "A 32-year-old woman reports fatigue, painful swelling of the small joints of both hands, and hair "
        "loss over four months. She has a red rash across her cheeks and nose that spares the nasolabial "
        "folds and gets worse after sun exposure, along with painless mouth ulcers. Her blood count shows "
        "mild anaemia and a low platelet count. Antinuclear antibodies and anti-double-stranded DNA "
        "antibodies "
        "are positive. What is the most likely diagnosis?",
        "Systemic lupus erythematosus",
    ),
    (
        "A 55-year-old man returned yesterday from a 14-hour flight. He noticed his left calf was swollen "
        "and "
        "painful on the plane. This morning he developed sudden sharp right-sided chest pain that is worse "
        "on "
        "breathing in, breathlessness and a small amount of blood in his sputum. His heart rate is 118 per "
        "minute and oxygen saturation is 89 percent on room air. The chest X-ray is unremarkable. What is "
        "the "
        "most likely diagnosis?",
        "Pulmonary embolism",
    ),
    (
        "A 26-year-old woman has had bloating, loose pale stools and abdominal discomfort for over a year, "
        "with weight loss of four kilograms. She also has an itchy blistering rash on her elbows. Blood "
        "tests "
        "show iron-deficiency anaemia and low folate despite a normal diet. Tissue transglutaminase IgA "
        "antibodies are strongly positive with normal total IgA. Which investigation confirms the "
        "diagnosis?",
        "Duodenal biopsy",
    ),
    (
        "A 41-year-old overweight woman has had constant pain in the right upper abdomen for 14 hours, which "
        "began after a fatty meal and radiates to the right shoulder tip. She has a temperature of 38.3 C "
        "and "
        "vomited twice. Pain stops her breathing in when the right upper quadrant is pressed. White cell "
        "count "
        "is raised and liver tests are normal. Ultrasound shows gallstones, a thickened gallbladder wall and "
        "pericholecystic fluid. What is the diagnosis?",
        "Acute cholecystitis",
    ),
    (
        "A 20-year-old man presents with abdominal pain that started around the umbilicus yesterday and has "
        "now moved to the right lower abdomen. He has lost his appetite, vomited once, and has a temperature "
        "of 37.9 C. He has tenderness with guarding at McBurney's point, and pressing on the left lower "
        "abdomen causes pain on the right. His white cell count is 14,000 per microlitre. What is the most "
        "likely diagnosis?",
        "Acute appendicitis",
    ),
    (
        "A 68-year-old woman with atrial fibrillation who stopped her anticoagulant three months ago "
        "suddenly "
        "develops weakness of the right arm and face and cannot find her words, although she understands "
        "instructions. Symptoms began 50 minutes ago. Her blood glucose is normal, and a CT scan of the head "
        "shows no haemorrhage. Which artery territory is most likely affected?",
        "Left middle cerebral artery",
    ),
    (
        "During a cholera outbreak after floods, a 30-year-old man develops profuse painless watery "
        "diarrhoea "
        "that looks like rice water, several litres in a day, with vomiting and leg cramps. He is thirsty "
        "and "
        "lethargic, with sunken eyes, a weak rapid pulse and reduced skin turgor. Stool microscopy shows "
        "darting motile comma-shaped bacteria. What is the single most important element of his "
        "treatment?",
        "Rehydration",
    ),
    (
        "A 44-year-old man with untreated HIV infection has had a dry cough, fever and progressively "
        "worsening "
        "breathlessness for three weeks. His oxygen saturation falls sharply on walking. His CD4 count is 80 "
        "cells per microlitre. The chest X-ray shows bilateral diffuse perihilar interstitial shadowing, and "
        "CT shows ground-glass opacities. Induced sputum is positive on silver staining. Which drug is first "
        "choice for treatment?",
        "Trimethoprim-sulfamethoxazole",
    ),
    (
        "A 2-year-old boy had a runny nose and low-grade fever for a day and then woke at night with a loud "
        "barking cough, a hoarse cry and noisy high-pitched breathing on inspiration. He is alert, not "
        "drooling, and his oxygen saturation is 97 percent, with mild chest wall retraction only when he "
        "cries. Which single-dose oral medicine is the standard treatment?",
        "Dexamethasone",
    ),
    (
        "A 63-year-old man who smokes notices yellowing of his eyes and skin over three weeks, with dark "
        "urine, pale stools, generalised itching and a weight loss of six kilograms. He has no abdominal "
        "pain. "
        "On examination he is jaundiced and there is a smooth, non-tender, palpable gallbladder. Liver tests "
        "show a markedly raised bilirubin and alkaline phosphatase. What is the most likely diagnosis?",
        "Pancreatic head carcinoma",
    ),
    (
        "A 35-year-old woman has felt tired and breathless on climbing stairs for four months. She has had "
        "heavy periods with clots for a year and is a vegetarian. She looks pale, and her nails are brittle "
        "and slightly spoon-shaped. Blood tests show haemoglobin of 8.9 g/dL, a low mean corpuscular volume, "
        "raised red cell distribution width and a serum ferritin of 6 ng/mL. What type of anaemia does she "
        "have?",
        "Iron-deficiency anaemia",
    ),
    (
        "A 49-year-old man with poorly controlled hypertension develops sudden severe tearing chest pain "
        "that "
        "radiates to the back between the shoulder blades. He is sweaty and anxious. The blood pressure is "
        "170/100 mmHg in the right arm and 130/80 mmHg in the left arm, and there is an early diastolic "
        "murmur. The chest X-ray shows a widened mediastinum. The ECG shows no ST elevation. What is the "
        "most "
        "likely diagnosis?",
        "Aortic dissection",
    ),
    (
        "A 17-year-old student has had fever, severe sore throat and marked tiredness for a week. On "
        "examination there are enlarged tonsils with exudate, tender posterior cervical lymph nodes and a "
        "palpable spleen. He developed a widespread itchy rash after being given amoxicillin by a local "
        "clinic. His blood film shows many atypical lymphocytes, and the heterophile antibody test is "
        "positive. Which virus is the most likely cause?",
        "Epstein-Barr virus",
    ),
    (
        "A 29-year-old man returned from Thailand five days ago and has high fever, severe headache with "
        "pain behind the eyes, intense muscle and joint aches and a flushed rash. He has a positive "
        "tourniquet test. The platelet count is 60,000 per microlitre and the haematocrit is rising. The NS1 "
        "antigen test is positive. Which analgesic and antipyretic is preferred for this patient?",
        "Paracetamol",
    ),
    (
        "A 40-year-old man who recently moved from a high-prevalence region has had a productive cough for "
        "three months, evening fevers, drenching night sweats and a weight loss of seven kilograms. Recently "
        "he coughed up streaks of blood. The chest X-ray shows a cavitating lesion in the right upper lobe. "
        "Sputum staining shows acid-fast bacilli. What is the most likely diagnosis?",
        "Pulmonary tuberculosis",
    ),
    (
        "A 72-year-old man reports a weak urinary stream, hesitancy, dribbling after voiding and getting up "
        "four times each night to pass urine, slowly worsening over two years. He has no pain or blood in "
        "the "
        "urine. Digital rectal examination shows a smooth, symmetrically enlarged, rubbery prostate without "
        "nodules. His PSA is within the age-specific normal range and urinalysis is normal. What is the most "
        "likely diagnosis?",
        "Benign prostatic hyperplasia",
    ),
    (
        "A 25-year-old woman who is not pregnant has had burning on urination, urinary frequency and "
        "suprapubic discomfort for two days. She has no fever, no flank pain and no vaginal discharge. She "
        "is sexually active and otherwise healthy. Her urine dipstick is positive for leukocyte esterase and "
        "nitrites. Which organism is most likely responsible for her infection?",
        "Escherichia coli",
    ),
]


# ----------------------------------------------------------------------------------------------------
# Composition.
# ----------------------------------------------------------------------------------------------------


def _words(text: str) -> int:
    """Whitespace word count, the same measure the tests and cleaners use."""
    return len(text.split())


def _fill(template: str, slots: dict[str, str]) -> str:
    """Fill a building block; unused slots are ignored because templates use different subsets."""
    return template.format(**slots)


def _slots(rng: random.Random, cond: dict) -> dict[str, str]:
    """Draw the patient details (age, sex, duration) one question is written about."""
    lo, hi = cond["ages"]
    sex = cond["sex"] if cond["sex"] != "any" else rng.choice("fm")
    female = sex == "f"
    return {
        "age": str(rng.randint(lo, hi)),
        "sexw": rng.choice(["woman", "female"] if female else ["man", "male"]),
        "sexl": "F" if female else "M",
        "kid": "daughter" if female else "son",
        "pr": "she" if female else "he",
        "Pr": "She" if female else "He",
        "pos": "her" if female else "his",
        "dur": rng.choice(DURATIONS[cond["dur"]]),
    }


def _question(rng: random.Random, cond: dict, slots: dict[str, str], long: bool = False) -> str:
    """Compose a first-person patient question of 1-4 sentences (many more when ``long``)."""
    complaint = _fill(rng.choice(cond["q"]), slots)
    if not long and rng.random() < 0.08:
        return complaint  # some posters only describe the problem
    parts = []
    if not cond["kid"] and (long or rng.random() < 0.65):
        parts.append(_fill(rng.choice(INTROS), slots))
    parts.append(complaint)
    extras = EXTRAS_KID if cond["kid"] else EXTRAS_ADULT
    if long:
        parts.append(_fill(rng.choice(extras), slots))
        parts.extend(rng.sample(LONG_HISTORY, 5))
    elif len(parts) == 1 and rng.random() < 0.4:
        parts.append(_fill(rng.choice(extras), slots))
    worries = cond["w"] + WORRIES_GENERIC
    parts.append(_fill(rng.choice(worries), slots))
    return " ".join(parts)


def _body(rng: random.Random, cond: dict) -> list[str]:
    """Pick the medical sentences of a normal answer: cause(s), test(s), advice, usually a red flag."""
    body = rng.sample(cond["c"], rng.randint(1, 2))
    body += rng.sample(cond["t"], 1)
    body += rng.sample(cond["a"], rng.randint(1, 2))
    if rng.random() < 0.85:
        body.append(rng.choice(cond["r"]))
    return body


def _greeting(rng: random.Random) -> str:
    """One greeting, or two run together as forum doctors often write."""
    first = rng.choice(GREETINGS)
    if rng.random() < P_DOUBLE_GREETING:
        second = rng.choice([g for g in GREETINGS if g != first and not g.endswith(",")])
        return f"{first} {second}"
    return first


def _signoff(rng: random.Random) -> str:
    """A closing line, sometimes followed by an invented doctor's signature on its own line."""
    text = rng.choice(SIGNOFFS)
    if rng.random() < P_SIGNATURE:
        text += rng.choice(["\n", " "]) + rng.choice(SIGNATURES)
    return text


def _answer(rng: random.Random, cond: dict, kind: str, mid: bool = False, platform: bool = False) -> str:
    """Compose a doctor's answer of ``kind`` normal/short/long with forum noise.

    Greetings and sign-offs are drawn at their rates; the rarer anonymiser leftover (``mid``) and platform
    mention are assigned by the caller to exact row counts so the sample always contains enough of each.
    """
    greeting = _greeting(rng) if rng.random() < P_GREETING else ""
    signoff = _signoff(rng) if rng.random() < P_SIGNOFF else ""
    if kind == "short":
        pieces = [greeting, cond["b"], signoff]
        # Keep short rows under 30 words: drop the sign-off first, then the greeting.
        for idx in (2, 0):
            if _words(" ".join(p for p in pieces if p)) >= 30:
                pieces[idx] = ""
        return " ".join(p for p in pieces if p)

    mid_text = rng.choice(CHATDOCTOR_MID) if mid else ""
    platform_text = rng.choice(PLATFORM) if platform else ""
    ack = rng.choice(ACKS) if rng.random() < 0.4 else ""
    if kind == "long":
        body = cond["c"] + cond["t"] + cond["a"] + cond["r"]
        paragraphs = rng.sample(LONG_PARAGRAPHS, len(LONG_PARAGRAPHS))
        body = body[:4] + paragraphs[:2] + body[4:] + paragraphs[2:]
    else:
        body = _body(rng, cond)
        # Trim optional sentences until the whole answer is at most 140 words (most forum answers are).
        while (
            len(body) > 3 and _words(" ".join([greeting, ack, mid_text, *body, platform_text, signoff])) > 140
        ):
            body.pop(rng.randrange(1, len(body)))
        extra = [s for s in cond["a"] + cond["t"] if s not in body]
        while extra and _words(" ".join([greeting, ack, *body])) < 40:
            body.insert(len(body) - 1, extra.pop(0))
    if mid_text:
        body.insert(rng.randint(0, min(2, len(body))), mid_text)
    pieces = [greeting, ack, *body, platform_text, signoff]
    return " ".join(p for p in pieces if p)


def _near_duplicate(rng: random.Random, row: dict, variant: int) -> dict:
    """Copy a row, changing only case, whitespace or punctuation, as re-posted forum threads do."""
    new = dict(row)
    if variant == 0:
        new["input"] = row["input"].lower()
    elif variant == 1:
        new["output"] = "  " + row["output"].replace(". ", ".  ") + " "
    elif variant == 2:
        new["output"] = row["output"].replace(",", "").rstrip(".")
        new["input"] = row["input"].replace("?", " ??")
    else:
        new["input"] = row["input"].upper()
        new["output"] = row["output"].replace(". ", ".\n")
    return new


def build_chatdoctor_rows(rng: random.Random) -> list[dict]:
    """Build the ChatDoctor-shaped rows: unique base rows plus injected duplicates and empty outputs."""
    kinds = ["short"] * round(N_BASE_ROWS * P_SHORT) + ["long"] * round(N_BASE_ROWS * P_LONG)
    kinds += ["normal"] * (N_BASE_ROWS - len(kinds))
    rng.shuffle(kinds)
    # Short rows are a single sentence, so the rare in-sentence noise goes only to normal/long rows.
    eligible = [i for i, k in enumerate(kinds) if k != "short"]
    mid_rows = set(rng.sample(eligible, round(N_BASE_ROWS * P_CHATDOCTOR_MID)))
    platform_rows = set(rng.sample(eligible, round(N_BASE_ROWS * P_PLATFORM)))
    rows: list[dict] = []
    seen: set[str] = set()
    for i, kind in enumerate(kinds):
        cond = CONDITIONS[i % len(CONDITIONS)]  # round-robin so every condition gets ~6 rows
        while True:
            slots = _slots(rng, cond)
            row = {
                "instruction": INSTRUCTION,
                "input": _question(rng, cond, slots, long=kind == "long"),
                "output": _answer(rng, cond, kind, i in mid_rows, i in platform_rows),
            }
            if kind != "long" or _words(row["input"] + " " + row["output"]) > 600:
                key = re.sub(r"\W+", " ", (row["input"] + row["output"]).lower())
                if key not in seen:  # base rows are distinct, so the injected duplicates are countable
                    seen.add(key)
                    break
        rows.append(row)

    normal_idx = [i for i, k in enumerate(kinds) if k == "normal"]
    for i in rng.sample(normal_idx, N_EMPTY):
        rows[i]["output"] = ""
    pool = [rows[i] for i in normal_idx if rows[i]["output"]]
    picks = rng.sample(pool, N_EXACT_DUPES + N_NEAR_DUPES)
    extra = [dict(r) for r in picks[:N_EXACT_DUPES]]
    extra += [_near_duplicate(rng, r, v) for v, r in enumerate(picks[N_EXACT_DUPES:])]
    rows += extra
    rng.shuffle(rows)
    return rows


def build_qa_rows() -> list[dict]:
    """Verifiable QA rows in the medical-o1-verifiable-problem shape."""
    return [{"Open-ended Verifiable Question": q, "Ground-True Answer": a} for q, a in VERIFIABLE_QA]


def build_probe_rows() -> list[dict]:
    """Probe questions for before/after generation comparison."""
    return [{"id": pid, "question": q} for pid, q in PROBES]


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    """Write rows as UTF-8 JSON lines with a fixed key order and LF endings (byte-stable output)."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    path.write_bytes(text.encode("utf-8"))


def generate(out_dir: Path) -> dict[str, Path]:
    """Write the three asset files into ``out_dir`` and return their paths by short name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    paths = {
        "chatdoctor": out_dir / "chatdoctor_sample.jsonl",
        "probes": out_dir / "probes.jsonl",
        "verifiable_qa": out_dir / "verifiable_qa_sample.jsonl",
    }
    _write_jsonl(paths["chatdoctor"], build_chatdoctor_rows(rng))
    _write_jsonl(paths["probes"], build_probe_rows())
    _write_jsonl(paths["verifiable_qa"], build_qa_rows())
    return paths


def main() -> None:
    """CLI entry point: generate the assets and print row counts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args()
    for name, path in generate(args.out).items():
        count = sum(1 for _ in path.open(encoding="utf-8"))
        print(f"{name:14s} {count:4d} rows  {path}")


if __name__ == "__main__":
    main()
