"""Arabic risk rules after the dev_v4 round (evaluation/dev_v4/ar.jsonl): Gulf, Yemeni, Algerian, Sudanese, Egyptian
and Levantine wording next to MSA. Each rule change is checked by contrast pairs, the same words with the opposite
meaning, in both directions; the messages are written for this test, not taken from the development set.

Rules only (no classifier guess), as in tests/nlu/risk/test_dev_v3_ar.py; the framed calm messages are also checked
with a confident "disclose_exploitation" guess, which the framing must set aside.
"""
from __future__ import annotations

import pytest

from bot.nlu.risk import assess_risk

# Every message below is read as MSA ("ar"); the dialect words are in ar.yml, which runs on any Arabic script.
LANGUAGE = "ar"
# (stated: must escalate, calm: must not)
ESCALATE_OR_CALM: list[tuple[str, str]] = [
    # Gulf and Yemeni participle with dhal (ماخذ), and a negation before it.
    ("المعزب ماخذ جوازي من شهرين", "المعزب ما ماخذ جوازي، هو معي"),
    # Papers with the boss's household; the boss "has" my card (agent first).
    ("الجواز عند ابن المعلم من يوم ما جيت", "الجواز عندي والحمد لله"),
    ("الباترون عنده بطاقتي ومش راضي يرجعها", "الباترون ما عنده بطاقتي، انا ضيعتها"),
    # Glued negation of "let" (ما بيخلوناش): a statement, not a denial.
    ("ما بيخلوناش نطلع من المخزن", "بيخلونا نطلع كل جمعة عادي"),
    ("ما بيخلونيش اكلم اهلي", "بيخلوني اكلم اهلي كل يوم"),
    # "قبل ما" (before) and "until you pay": no negation of the debt.
    ("قال مش هتمشي قبل ما تسدد حق المركب", "ما علي دين لحد، دفعت كل شي قبل ما اسافر"),
    ("الراجل قالي ما تطلع الا لما تكمل الحساب", "ما تطلع الا لما تخلص الاكل يا حبيبي"),
    # A wife taking the salary is a household joke; the boss taking it is not.
    ("المعزب ياخذ الراتب كله اول الشهر", "زوجتي تاخذ الراتب كله اول الشهر هههه"),
    # Sudanese "بشيل" (he takes) only after the one who takes; "I put half aside" is calm.
    ("السمسار بشيل نص المعاش كل شهر", "بشيل نص المعاش كل شهر للتوفير"),
    # Nothing received "for four months" / received four months ago.
    ("ما قبضت من ٤ شهور", "قبضت من ٤ شهور وكل شي تمام"),
    # Deprivation as punishment / a doctor's diet.
    ("اذا اشتكينا المشرف بيحرمنا من الاكل", "الدكتور حرمني من الحلويات"),
    # Money taken "for me" (a sale) / paid for extra work.
    ("السمسار قبض فلوس مقابلي من العيلة التانية", "قبضت فلوس مقابل الشغل الاضافي"),
    # "If he has had my passport for a year" is no hypothesis; "if he takes my passport?" is.
    ("اذا المعلم عنده جوازي من سنة، اعمل ايه؟", "اذا المعلم اخد جوازي، اعمل ايه؟"),
    # "Not a joke" ends the negation at the joke word; laughter alone still sets the cue aside.
    ("ههههه مو نكته الكفيل قافل علي الباب", "ههههه الكفيل قافل علي الباب عشان ما اكل الحلا 😂"),
    # Gulf "ابي" (I want / my father) asks for a person only with a person and a verb of talking.
    ("ابي اكلم موظف من عندكم", "ابي يكلمني كل يوم من البلد"),
    ("ممكن حدا من الجمعية يحكي معي", "ممكن حدا يحكي عربي هون؟"),
    # Advice to friends is prevention; the writer's own passport is not.
    ("الكفيل ماخذ جوازي، ابي انصح ربعي ما يجون", "ابي انصح ربعي عن الكفلاء اللي ياخذون الجوازات"),
    # A relative's plan to work is a question; a relative working from dawn is a disclosure.
    ("اختي عمرها 15 وشغالة عند عيلة من الفجر", "اختي عمرها 15 وعايزة تشتغل بالصيف، مسموح؟"),
    # A general question about a named workplace / the writer's own pay.
    ("المحل بيخصم من راتبي كل اسبوع", "هل يحق للمحل ان يخصم من الراتب؟"),
]

# (urgent: a life at stake now, calm or merely escalated: never urgent)
URGENT_OR_NOT: list[tuple[str, str]] = [
    # A poison and "I will drink it" / a poison bought for cockroaches; pills taken after meals.
    ("اشتريت مبيد وحاشربه الليلة وخلص", "اشتريت مبيد عشان الصراصير"),
    ("جبت حبوب كتير وهشربها كلها الليلة", "عندي حبوب للضغط وهشربها بعد الاكل"),
    ("حاشرب السم الليلة، ما عاد في شي", "لو الاهلي خسر بكرة حاشرب السم 😂"),
    # Cutting, with words between the limb and the blade, and "كل ما" (whenever).
    ("كل ما اتضايق بجرح ايدي كل ليلة بالشفره", "جرحت ايدي بالسكين وانا بقطع البصل"),
    # Bleeding hard now / last week and fine now.
    ("رجله بتنزف جامد ومحدش بيساعد", "كان بينزف جامد الاسبوع اللي فات، دلوقتي كويس"),
    # "Until he fainted" / he did not faint.
    ("ضربوه لحد ما اغمى عليه", "ما اغمى عليه، بس اتخض شوية"),
    ("مرمي في الارض وما بيرد", "مرمي في البيت من التعب بس برد على التلفون"),
    # A threat with a knife / a threat of dismissal.
    ("هددني بالسكين قدام الناس", "هددني انه يطردني من الشغل"),
    # Coming back tonight to hurt me / coming back tonight from a trip.
    ("قال راجع الليلة يضربني", "قال راجع الليلة من السفر"),
    # A child taken now / taken to school yesterday; a girl pushed into a car by force / into a taxi.
    ("اخدوا ابني من قدام المدرسة هلق", "اخدوا ابني للمدرسة امبارح عادي"),
    ("بنت الجيران شدوها رجال وركبوها بالقوة", "بنت الجيران ركبوها التاكسي للمدرسة"),
    # Put in a van tonight / the morning van to work.
    ("بيحطونا بفان الليلة ومش عارفين لوين", "بيحطونا بفان الصبح عشان نروح عالشغل"),
    # Locked in and calling for help / locked in last year, safe now, asking for help with papers.
    ("محبوسة في الغرفة من يومين، ساعدوني", "كنت محبوسة عند ناس السنة اللي فاتت وهلق انا بأمان، بدي مساعدة بالورق"),
    # Send the police / send a pizza.
    ("جيبولي البوليس بسرعة", "جيبولي البيتزا بسرعة"),
    # Sudanese kaf for qaf: "I'll kill you" / "this heat is killing me" with a laugh.
    ("قال لي بكتلك لو اتكلمت", "الحر ده بكتلني هههه"),
]

# Calm even when the classifier is sure of an escalating intent.
FRAMED_CALM: list[str] = [
    "ابي انصح ربعي عن الكفلاء اللي ياخذون الجوازات",
    "اختي عمرها 15 وعايزة تشتغل بالصيف، مسموح؟",
    "هل يحق للمحل ان يخصم من الراتب؟",
    "لو الاهلي خسر بكرة حاشرب السم 😂",
]


@pytest.mark.parametrize(("stated", "calm"), ESCALATE_OR_CALM)
def test_contrast_pairs_escalate_only_the_statement(stated: str, calm: str) -> None:
    assert assess_risk(stated, LANGUAGE, None, 0.0).escalate, stated
    assessment = assess_risk(calm, LANGUAGE, None, 0.0)
    assert not assessment.escalate and assessment.priority == "none", assessment


@pytest.mark.parametrize(("urgent", "not_urgent"), URGENT_OR_NOT)
def test_contrast_pairs_make_only_the_danger_urgent(urgent: str, not_urgent: str) -> None:
    assessment = assess_risk(urgent, LANGUAGE, None, 0.0)
    assert assessment.priority == "urgent" and assessment.danger, assessment
    assert assess_risk(not_urgent, LANGUAGE, None, 0.0).priority != "urgent", not_urgent


@pytest.mark.parametrize("text", FRAMED_CALM)
def test_framing_sets_a_confident_guess_aside(text: str) -> None:
    assessment = assess_risk(text, LANGUAGE, "disclose_exploitation", 0.9)
    assert not assessment.escalate and assessment.priority == "none", assessment
