"""The referral checklist as a pure state machine: ``(state, input) -> (state, step)``.

Nothing here knows about Alexa, sessions or time. A state holds only the answers given so far; the
current question, the total and the outcome are recomputed from them and the rules, so a state can
never disagree with itself, and one that does (tampered, stale) is rejected with InvalidState.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from skill.checklist.model import (
    DONE,
    MAX_MISSES,
    SESSION_SCHEMA,
    Answer,
    InvalidState,
    Level,
    Outcome,
    Question,
    State,
    Step,
    UnknownRedFlag,
)
from skill.checklist.rules import RuleQuestion, Rules
from skill.checklist.text import Texts

SESSION_KEYS = frozenset({"v", "rules", "answers", "at", "misses"})
_ANSWERS = {answer.value: answer for answer in Answer}


@dataclass(frozen=True, slots=True)
class _Trace:
    """The questions asked for a sequence of answers, and the one asked next (None once finished)."""

    asked: tuple[tuple[RuleQuestion, Answer], ...]
    current: RuleQuestion | None

    @property
    def positives(self) -> set[str]:
        return {question.id for question, answer in self.asked if answer.positive}


@dataclass(frozen=True, slots=True)
class _Reason:
    id: str
    topic_key: str
    answer: Answer


class Checklist:
    """One locale's checklist. Create it with ``load_checklist(locale)``; every method is pure."""

    def __init__(self, rules: Rules, texts: Texts) -> None:
        self._rules = rules
        self._texts = texts

    @property
    def locale(self) -> str:
        return self._texts.locale

    @property
    def fingerprint(self) -> str:
        return self._rules.fingerprint

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(question.id for question in self._rules.questions)

    @property
    def red_flag_ids(self) -> tuple[str, ...]:
        """Ids ``red_flag`` accepts (the RedFlag intent's slot values should resolve to these)."""
        return tuple(flag.id for flag in self._rules.red_flags)

    # --- moving through the checklist ------------------------------------------------------------

    def start(self) -> tuple[State, Question]:
        """A fresh run: the intro sentence (what this is, how many questions) and the first question."""
        intro = self._texts.say("intro.start", count=self._texts.number(len(self._rules.questions)))
        return self._at(self._trace(()), (), preface=intro)

    def start_over(self) -> tuple[State, Question]:
        """A fresh run after "start over": a short acknowledgement instead of the intro."""
        return self._at(self._trace(()), (), preface=self._texts.say("intro.again"))

    def answer(self, state: State, answer: Answer | str) -> tuple[State, Step]:
        """Record yes / no / not sure and move on: the next question, or the outcome when the checklist
        stops (an urgent answer) or runs out of questions. A finished state just gives its outcome again."""
        answer = Answer(answer)
        trace = self._check(state)
        if trace.current is None:
            return state, self._outcome(trace)
        answers = (*state.answers, answer)
        ack = ""
        if answer is Answer.UNSURE and trace.current.cautious:
            ack = self._texts.variant("answers.unsure", answers.count(Answer.UNSURE) - 1)
        following = self._trace(answers)
        if following.current is None:
            return State(self.fingerprint, answers, DONE, 0), self._outcome(following, preface=ack)
        return self._at(following, answers, preface=ack)

    def back(self, state: State) -> tuple[State, Step]:
        """Go to the previous question, forgetting its answer (also from the outcome)."""
        self._check(state)
        if not state.answers:
            return self._at(self._trace(()), (), preface=self._texts.say("back.at_start"))
        answers = state.answers[:-1]
        return self._at(self._trace(answers), answers, preface=self._texts.say("back.done"))

    def repeat(self, state: State) -> tuple[State, Step]:
        """Say the current question (or the outcome) again, without any preface."""
        return self._same(state, lambda question: "")

    def why(self, state: State) -> tuple[State, Step]:
        """One sentence on why the current question matters, then the question again."""
        return self._same(state, lambda question: self._texts.say(f"questions.{question.id}.why"))

    def help(self, state: State) -> tuple[State, Step]:
        """What the user can answer and say, then the question again."""
        return self._same(state, lambda question: self._texts.say("help.text"))

    def miss(self, state: State) -> tuple[State, Step]:
        """Anything that was not an answer: a brief re-ask naming the answers; from the second miss on,
        also offer to start over or stop. ``Question.misses`` tells the handler how many in a row."""
        trace = self._check(state)
        if trace.current is None:
            return state, self._outcome(trace)
        misses = min(state.misses + 1, MAX_MISSES)
        preface = self._texts.say("miss.first" if misses == 1 else "miss.second")
        return self._at(trace, state.answers, preface=preface, misses=misses)

    def stop(self, state: State) -> str | None:
        """The one safety line to say on stop/cancel when a red-flag question raised the level, else None."""
        trace = self._check(state)
        raised = [question.level(answer) for question, answer in trace.asked
                  if question.red_flag is not None and question.level(answer) > Level.SELF_CARE]
        if not raised:
            return None
        advice = self._texts.say(f"levels.{max(raised).id}.advice")
        return self._texts.say("stop.safety", advice=advice)

    def red_flag(self, flag_id: str) -> Outcome:
        """The immediate outcome for a red flag mentioned at any time, inside or outside the checklist."""
        flag = self._rules.red_flag(flag_id) if isinstance(flag_id, str) else None
        if flag is None:
            raise UnknownRedFlag(f"unknown red flag id {str(flag_id)[:40]!r}")
        topic_key = f"questions.{flag.question}.topic" if flag.question else f"red_flags.{flag.id}.topic"
        return self._build_outcome(flag.level, [_Reason(flag.id, topic_key, Answer.YES)], set())

    # --- session round trip --------------------------------------------------------------------------

    def restore(self, raw: Any) -> State:
        """The state ``State.to_session`` wrote, or InvalidState for anything else (any JSON value is safe)."""
        if not isinstance(raw, dict):
            raise InvalidState("state is not an object")
        if len(raw) != len(SESSION_KEYS) or set(raw) != SESSION_KEYS:
            raise InvalidState("state has missing or unexpected keys")
        version, fingerprint, answers, at, misses = (raw[key] for key in ("v", "rules", "answers", "at", "misses"))
        if type(version) is not int or version != SESSION_SCHEMA:
            raise InvalidState("state has an unknown schema version")
        if type(fingerprint) is not str or fingerprint != self.fingerprint:
            raise InvalidState("state was written under other rules (stale)")
        if type(answers) is not list or len(answers) > len(self._rules.questions):
            raise InvalidState("state answers are not a short list")
        if not all(type(answer) is str and answer in _ANSWERS for answer in answers):
            raise InvalidState("state answers contain an unknown value")
        if type(at) is not str or type(misses) is not int:
            raise InvalidState("state position or miss count has the wrong type")
        state = State(fingerprint, tuple(_ANSWERS[answer] for answer in answers), at, misses)
        self._check(state)
        return state

    # --- internals -----------------------------------------------------------------------------------

    def _trace(self, answers: Sequence[Answer]) -> _Trace:
        """Walk the questions with these answers: skip questions whose condition is unmet, stop at urgent."""
        asked: list[tuple[RuleQuestion, Answer]] = []
        positives: set[str] = set()
        for question in self._rules.questions:
            if question.ask_if_any and positives.isdisjoint(question.ask_if_any):
                continue
            if len(asked) == len(answers):
                return _Trace(tuple(asked), question)
            answer = answers[len(asked)]
            asked.append((question, answer))
            if answer.positive:
                positives.add(question.id)
            if question.level(answer) >= self._rules.stop_at:
                break
        if len(asked) != len(answers):
            raise InvalidState("state has answers after the checklist ended")
        return _Trace(tuple(asked), None)

    def _check(self, state: State) -> _Trace:
        """Reject states this checklist could not have produced."""
        if not isinstance(state, State) or state.fingerprint != self.fingerprint:
            raise InvalidState("not a state of these rules")
        if not isinstance(state.answers, tuple) or not all(isinstance(a, Answer) for a in state.answers):
            raise InvalidState("state answers are malformed")
        trace = self._trace(state.answers)
        expected_at = DONE if trace.current is None else trace.current.id
        if state.at != expected_at:
            raise InvalidState("state position does not match its answers")
        if type(state.misses) is not int or not 0 <= state.misses <= (0 if trace.current is None else MAX_MISSES):
            raise InvalidState("state miss count is out of range")
        return trace

    def _same(self, state: State, preface_for: Callable[[RuleQuestion], str]) -> tuple[State, Step]:
        trace = self._check(state)
        if trace.current is None:
            return state, self._outcome(trace)
        return self._at(trace, state.answers, preface=preface_for(trace.current))

    def _at(self, trace: _Trace, answers: tuple[Answer, ...], preface: str = "",
            misses: int = 0) -> tuple[State, Step]:
        """The state and question for a trace that has a current question (or its outcome, after back)."""
        if trace.current is None:
            return State(self.fingerprint, answers, DONE, 0), self._outcome(trace, preface=preface)
        question = Question(
            id=trace.current.id,
            text=self._texts.say(f"questions.{trace.current.id}.ask"),
            number=len(trace.asked) + 1,
            total=self._total(trace),
            preface=preface,
            reprompt=self._texts.say("answers.reprompt"),
            misses=misses,
        )
        return State(self.fingerprint, answers, trace.current.id, misses), question

    def _total(self, trace: _Trace) -> int:
        """Questions this run asks at most: those asked, plus those still possible given the answers."""
        assert trace.current is not None
        answered = {question.id for question, _ in trace.asked}
        positives = trace.positives
        questions = self._rules.questions
        remaining = questions[[q.id for q in questions].index(trace.current.id):]
        possible = sum(
            1 for q in remaining
            if not q.ask_if_any or any(ref in positives or ref not in answered for ref in q.ask_if_any)
        )
        return len(trace.asked) + possible

    def _outcome(self, trace: _Trace, preface: str = "") -> Outcome:
        """The highest level reached, with the answers that decided it (and the B12 test advice)."""
        level = max((question.level(answer) for question, answer in trace.asked), default=Level.SELF_CARE)
        positives = trace.positives
        ask_b12 = level < self._rules.stop_at and not positives.isdisjoint(self._rules.b12_signs)
        named_risk = ask_b12 and not positives.isdisjoint(self._rules.b12_risks)
        deciding = [(q, a) for q, a in trace.asked if Level.SELF_CARE < level == q.level(a)]
        b12_ids = {*(self._rules.b12_signs if ask_b12 else ()), *(self._rules.b12_risks if named_risk else ())}
        b12_related = [(q, a) for q, a in trace.asked if a.positive and q.id in b12_ids]
        # The answers that decided the level come first; then those behind the B12 test advice.
        reasons = [_Reason(q.id, f"questions.{q.id}.topic", a) for q, a in dict.fromkeys(deciding + b12_related)]
        b12 = ("b12_test.with_risk" if named_risk else "b12_test.suggest") if ask_b12 else None
        return self._build_outcome(level, reasons, positives, b12_key=b12, preface=preface)

    def _build_outcome(self, level: Level, reasons: list[_Reason], positives: set[str],
                       b12_key: str | None = None, preface: str = "") -> Outcome:
        """Put the words to a level: spoken parts, and a card with everything plus the disclaimer."""
        texts = self._texts
        advice_key = f"levels.{level.id}.advice"
        advice = " ".join(filter(None, [texts.say(advice_key), texts.say(b12_key) if b12_key else ""]))
        written_advice = " ".join(filter(None, [texts.write(advice_key), texts.write(b12_key) if b12_key else ""]))
        phrases = tuple(self._reason_phrase([reason]) for reason in reasons)
        because = written_because = ""
        if reasons:
            # Speech names the first few (those that decided the level); the card names them all.
            spoken = reasons[: self._rules.spoken_reasons]
            because_key = "reasons.because" if len(spoken) == len(reasons) else "reasons.because_more"
            because = texts.say(because_key, reasons=self._reason_phrase(spoken))
            if any(reason.answer is Answer.UNSURE for reason in spoken):
                preface = ""  # "you weren't sure about ..." already says it was taken cautiously
            written_because = texts.write("reasons.because", reasons=self._reason_phrase(reasons))
        tips = self._tips(level, positives)
        tips_intro = texts.say("tips.intro", count=texts.number(len(tips))) if tips else ""
        ends_session = level in self._rules.end_session_at
        card_parts = [written_advice, written_because]
        if tips:
            card_parts.append("\n".join([texts.write("card.tips_heading"), *tips]))
        card_parts.append(texts.write("card.disclaimer"))
        return Outcome(
            level=level,
            advice=advice,
            reason_ids=tuple(reason.id for reason in reasons),
            reasons=phrases,
            because=because,
            tips=tips,
            tips_intro=tips_intro,
            follow_up="" if ends_session else texts.say("follow_up.text"),
            card_title=texts.write("card.title", level_title=texts.write(f"levels.{level.id}.title")),
            card_text="\n\n".join(part for part in card_parts if part),
            ends_session=ends_session,
            ask_b12_test=b12_key is not None,
            cautious=any(reason.answer is Answer.UNSURE for reason in reasons),
            preface=preface,
        )

    def _reason_phrase(self, reasons: list[_Reason]) -> str:
        """"you mentioned a and b, and you weren't sure about c": one clause per run of the same answer."""
        clauses = []
        for answer, run in groupby(reasons, key=lambda reason: reason.answer):
            key = "reasons.unsure" if answer is Answer.UNSURE else "reasons.mentioned"
            topics = [self._texts.say(reason.topic_key) for reason in run]
            clauses.append(self._texts.say(key, topics=self._join(topics, "reasons.last_separator")))
        return self._join(clauses, "reasons.clause_separator")

    def _join(self, items: list[str], last_key: str) -> str:
        separator, last = self._texts.say("reasons.separator"), self._texts.say(last_key)
        return items[0] if len(items) == 1 else separator.join(items[:-1]) + last + items[-1]

    def _tips(self, level: Level, positives: set[str]) -> tuple[str, ...]:
        """Up to max_tips tips: those that fit the answers first, then general ones; none at urgent levels."""
        if level in self._rules.no_tips_at:
            return ()
        fitting = [tip for tip in self._rules.tips if tip.when and not positives.isdisjoint(tip.when)]
        general = [tip for tip in self._rules.tips if not tip.when]
        chosen = (fitting + general)[: self._rules.max_tips]
        return tuple(self._texts.say(f"tips.text.{tip.id}") for tip in chosen)
