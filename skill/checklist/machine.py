"""The referral checklist as a pure state machine: ``(state, input) -> (state, step)``.

Nothing here knows about Alexa, sessions or time. A state holds only the answers given so far (and the
red flag a run started from); which prompt each answer belonged to, the current prompt and the outcome
are recomputed from them and the rules by one walk (``_walk``), so a state can never disagree with
itself, and one that does (tampered, stale) is rejected with InvalidState.
"""
from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from skill.checklist.values import (
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
from skill.checklist.rules import RedFlag, RuleQuestion, Rules
from skill.checklist.text import Texts

TRACE_CACHE = 4096
SESSION_KEYS = frozenset({"v", "rules", "answers", "at", "misses", "flag"})
_ANSWERS = {answer.value: answer for answer in Answer}
ASK, CLARIFY, FOLLOW = "ask", "clarify", "follow"


@dataclass(frozen=True, slots=True)
class _Prompt:
    """One thing the walk asks: a question, its clarifying question, or its follow-up."""

    question: RuleQuestion
    kind: str

    @property
    def key(self) -> str:
        return self.question.id if self.kind == ASK else f"{self.question.id}.{self.kind}"

    @property
    def text_key(self) -> str:
        return f"questions.{self.question.id}.{self.kind}"


@dataclass(frozen=True, slots=True)
class _Trace:
    """What a sequence of answers means: the findings (how each was given), the prompts asked, the one
    asked next (None once finished), and the acknowledgement owed for the last answer."""

    findings: Mapping[str, Answer]  # read-only: traces are shared between turns
    asked: tuple[_Prompt, ...]
    current: _Prompt | None
    counted_yes: bool  # the last answer was a "not sure" that now counts as yes


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
        # A turn replays the session's answers through the walk several times (restore, then the move);
        # the walk is pure, so each distinct (answers, red flag) is walked once. Bounded: a session can
        # only send answer lists the rules allow, but a client may try many.
        self._trace = lru_cache(maxsize=TRACE_CACHE)(self._walk_through)

    @property
    def fingerprint(self) -> str:
        return self._rules.fingerprint

    # --- moving through the checklist ------------------------------------------------------------

    def start(self) -> tuple[State, Step]:
        """A fresh run: the intro sentence (what this is) and the first question."""
        return self._at(self._trace(()), State(self.fingerprint), preface=self._texts.say("intro.start"))

    def start_over(self) -> tuple[State, Step]:
        """A fresh run after "start over": a short acknowledgement instead of the intro."""
        return self._at(self._trace(()), State(self.fingerprint), preface=self._texts.say("intro.again"))

    def red_flag(self, flag_id: str) -> tuple[State, Step]:
        """A warning sign said at any time. An emergency gives the outcome at once; below that, the advice
        is said at once and the run goes on with what could still make it an emergency."""
        flag = self._rules.red_flag(flag_id) if isinstance(flag_id, str) else None
        if flag is None:
            raise UnknownRedFlag(f"unknown red flag id {str(flag_id)[:40]!r}")
        state = State(self.fingerprint, flag=flag.id)
        trace = self._trace((), flag)
        if trace.current is None:
            return self._finish(state), self._outcome(trace, flag)
        return self._at(trace, state, preface=self._advice_so_far(trace, flag))

    def _advice_so_far(self, trace: _Trace, flag: RedFlag) -> str:
        """The advice a red flag reached, said before asking what could make it an emergency."""
        now = self._outcome(trace, flag)
        return " ".join(filter(None, (now.advice, now.because, now.notes)))

    def answer(self, state: State, answer: Answer | str) -> tuple[State, Step]:
        """Record yes / no / not sure and move on: the next prompt, or the outcome when the checklist
        stops (an emergency) or runs out of questions. A finished state just gives its outcome again."""
        answer = Answer(answer)
        flag = self._check(state)
        trace = self._trace(state.answers, flag)
        if trace.current is None:
            return state, self._outcome(trace, flag)
        answered = State(self.fingerprint, (*state.answers, answer), flag=state.flag)
        following = self._trace(answered.answers, flag)
        ack = ""
        if following.counted_yes:
            ack = self._texts.say("answers.counted_yes")
        elif answer is Answer.UNSURE:
            ack = self._texts.variant("answers.unsure", answered.answers.count(Answer.UNSURE) - 1)
        if following.current is None:
            return self._finish(answered), self._outcome(following, flag, preface=ack)
        return self._at(following, answered, preface=ack)

    def back(self, state: State) -> tuple[State, Step]:
        """Go to the previous prompt, forgetting its answer (also from the outcome)."""
        flag = self._check(state)
        if not state.answers:
            trace = self._trace((), flag)
            return self._at(trace, state, preface=self._texts.say("back.at_start"))
        earlier = State(self.fingerprint, state.answers[:-1], flag=state.flag)
        return self._at(self._trace(earlier.answers, flag), earlier, preface=self._texts.say("back.done"))

    def repeat(self, state: State) -> tuple[State, Step]:
        """Say the current question (or the outcome) again; right after a red flag, with its advice."""
        flag = self._check(state)
        if flag is not None and not state.answers:
            return self._same(state, lambda prompt: self._advice_so_far(self._trace((), flag), flag))
        return self._same(state, lambda prompt: "")

    def why(self, state: State) -> tuple[State, Step]:
        """One sentence on why the current question matters, then the question again."""
        return self._same(state, lambda prompt: self._texts.say(f"questions.{prompt.question.id}.why"))

    def help(self, state: State) -> tuple[State, Step]:
        """What the user can answer and say, then the question again."""
        return self._same(state, lambda prompt: self._texts.say("help.text"))

    def miss(self, state: State) -> tuple[State, Step]:
        """Anything that was not an answer: a brief re-ask naming the answers and the safety line; from
        the second miss on, also offer to start over or stop."""
        flag = self._check(state)
        trace = self._trace(state.answers, flag)
        if trace.current is None:
            return state, self._outcome(trace, flag)
        misses = min(state.misses + 1, MAX_MISSES)
        preface = self._texts.say("miss.first" if misses == 1 else "miss.second")
        return self._at(trace, State(self.fingerprint, state.answers, misses=misses, flag=state.flag),
                        preface=preface, misses=misses)

    def stop(self, state: State) -> str | None:
        """The safety lines to say on stop/cancel, or None: the advice when the answers already reached an
        urgent level, and the emergency line when the question left unanswered could mean an emergency."""
        flag = self._check(state)
        trace = self._trace(state.answers, flag)
        level = self._rules.level_of(trace.findings)
        lines = []
        if level >= self._rules.stop_at:
            lines.append(self._texts.say("stop.safety", advice=self._texts.say(f"levels.{level.id}.advice")))
        if trace.current is not None and self._could_be_emergency(trace.current, trace.findings):
            lines.append(self._texts.say("stop.emergency_question"))
        return " ".join(lines) or None

    # --- session round trip --------------------------------------------------------------------------

    def restore(self, raw: Any) -> State:
        """The state ``State.to_session`` wrote, or InvalidState for anything else (any JSON value is safe)."""
        if not isinstance(raw, dict):
            raise InvalidState("state is not an object")
        if len(raw) != len(SESSION_KEYS) or set(raw) != SESSION_KEYS:
            raise InvalidState("state has missing or unexpected keys")
        version, fingerprint, answers, at, misses, flag = (
            raw[key] for key in ("v", "rules", "answers", "at", "misses", "flag"))
        if type(version) is not int or version != SESSION_SCHEMA:
            raise InvalidState("state has an unknown schema version")
        if type(fingerprint) is not str or fingerprint != self.fingerprint:
            raise InvalidState("state was written under other rules (stale)")
        # Each question asks at most three prompts (question, clarifying question, follow-up).
        if type(answers) is not list or len(answers) > 3 * len(self._rules.questions):
            raise InvalidState("state answers are not a short list")
        if not all(type(answer) is str and answer in _ANSWERS for answer in answers):
            raise InvalidState("state answers contain an unknown value")
        if type(at) is not str or type(misses) is not int or type(flag) is not str:
            raise InvalidState("state position, miss count or flag has the wrong type")
        state = State(fingerprint, tuple(_ANSWERS[answer] for answer in answers), at, misses, flag)
        self._check(state)
        return state

    # --- the walk ------------------------------------------------------------------------------------

    def _walk(self, flag: RedFlag | None, findings: dict[str, Answer]) -> Generator[_Prompt, Answer, None]:
        """Every prompt a run asks, in order, given the answers sent in; records findings as it goes.

        From "check my symptoms": every question, emergencies first. From a red flag: its findings are
        recorded at once, then the follow-ups of its questions and its ``then_ask`` questions."""
        rules = self._rules
        if flag is None:
            plan = [(question, True) for question in rules.questions]
        else:
            findings.update(dict.fromkeys(flag.finds, Answer.YES))
            # the flag's findings that are questions (not follow-ups) may still get their follow-up asked
            plan = [(question, False) for question in rules.questions if question.id in flag.finds]
            plan += [(rules.question(qid), True) for qid in flag.then_ask]
        for question, ask_it in plan:
            level = rules.level_of(findings)
            if level is Level.EMERGENCY:
                return
            if ask_it:
                if question.ask_if_any and findings.keys().isdisjoint(question.ask_if_any):
                    continue
                if level >= rules.stop_at and not rules.could_raise(question, findings, level):
                    continue
                answer = yield _Prompt(question, ASK)
                if answer is Answer.UNSURE:
                    answer = yield _Prompt(question, CLARIFY)  # "not sure" again counts as yes
                if answer is Answer.NO:
                    continue
                findings[question.id] = answer
            follow = question.follow
            if follow is None or follow.id in findings:
                continue
            level = rules.level_of(findings)
            if level is Level.EMERGENCY or not rules.level_of([*findings, follow.id]) > level:
                continue
            answer = yield _Prompt(question, FOLLOW)
            if answer is not Answer.NO:
                findings[follow.id] = answer

    def _walk_through(self, answers: tuple[Answer, ...], flag: RedFlag | None = None) -> _Trace:
        """Replay ``answers`` through the walk (``_trace`` is this, remembered)."""
        findings: dict[str, Answer] = {}
        walk = self._walk(flag, findings)
        asked: list[_Prompt] = []
        current = next(walk, None)
        counted_yes = False
        for answer in answers:
            if current is None:
                raise InvalidState("state has answers after the checklist ended")
            asked.append(current)
            counted_yes = answer is Answer.UNSURE and current.kind in (CLARIFY, FOLLOW)
            try:
                current = walk.send(answer)
            except StopIteration:
                current = None
        return _Trace(MappingProxyType(findings), tuple(asked), current, counted_yes)

    def _check(self, state: State) -> RedFlag | None:
        """Reject states this checklist could not have produced; returns the red flag the run started from."""
        if not isinstance(state, State) or state.fingerprint != self.fingerprint:
            raise InvalidState("not a state of these rules")
        if not isinstance(state.answers, tuple) or not all(isinstance(a, Answer) for a in state.answers):
            raise InvalidState("state answers are malformed")
        flag = self._rules.red_flag(state.flag) if state.flag else None
        if state.flag and flag is None:
            raise InvalidState("state names an unknown red flag")
        trace = self._trace(state.answers, flag)
        expected_at = DONE if trace.current is None else trace.current.key
        if state.at != expected_at:
            raise InvalidState("state position does not match its answers")
        if type(state.misses) is not int or not 0 <= state.misses <= (0 if trace.current is None else MAX_MISSES):
            raise InvalidState("state miss count is out of range")
        return flag

    def _could_be_emergency(self, prompt: _Prompt, findings: dict[str, Answer]) -> bool:
        """Whether a "yes" to this prompt (or its follow-up) could mean an emergency."""
        possible = [prompt.question.id, *([prompt.question.follow.id] if prompt.question.follow else [])]
        if prompt.kind == FOLLOW:
            possible = possible[1:]
        return self._rules.level_of([*findings, *possible]) is Level.EMERGENCY

    # --- steps -----------------------------------------------------------------------------------------

    def _same(self, state: State, preface_for: Callable[[_Prompt], str]) -> tuple[State, Step]:
        flag = self._check(state)
        trace = self._trace(state.answers, flag)
        if trace.current is None:
            return state, self._outcome(trace, flag)
        return self._at(trace, state, preface=preface_for(trace.current))

    def _finish(self, state: State) -> State:
        return State(self.fingerprint, state.answers, DONE, 0, state.flag)

    def _at(self, trace: _Trace, state: State, preface: str = "", misses: int = 0) -> tuple[State, Step]:
        """The state and step for a trace: its current prompt, or its outcome once finished."""
        flag = self._rules.red_flag(state.flag) if state.flag else None
        if trace.current is None:
            return self._finish(state), self._outcome(trace, flag, preface=preface)
        prompt = trace.current
        emergency = self._could_be_emergency(prompt, trace.findings)
        question = Question(
            id=prompt.key,
            text=self._texts.say(prompt.text_key),
            preface=preface,
            reprompt=self._texts.say("answers.reprompt_emergency" if emergency else "answers.reprompt"),
            misses=misses,
        )
        return State(self.fingerprint, state.answers, prompt.key, misses, state.flag), question

    def _outcome(self, trace: _Trace, flag: RedFlag | None, preface: str = "") -> Outcome:
        """The level the findings reach, with the findings that decided it (and the B12 test advice)."""
        rules = self._rules
        findings = trace.findings
        level = rules.level_of(findings)
        found = set(findings)
        ask_b12 = level < rules.stop_at and not found.isdisjoint(rules.b12_signs)
        named_risk = ask_b12 and not found.isdisjoint(rules.b12_risks)
        deciding = [f for f in findings if Level.SELF_CARE < level == rules.level_of([f])]
        for combination in rules.combinations:
            if combination.level == level and combination.all <= found:
                deciding += [f for f in findings if f in combination.all]
        b12_ids = {*(rules.b12_signs if ask_b12 else ()), *(rules.b12_risks if named_risk else ())}
        reasons: list[_Reason] = []
        if flag is not None:  # what the user said comes first, in their terms
            reasons.append(_Reason(flag.id, f"red_flags.{flag.id}.topic", Answer.YES))
        seen = set(flag.finds) if flag is not None else set()
        for finding in dict.fromkeys([*deciding, *(f for f in findings if f in b12_ids)]):
            if finding not in seen:
                reasons.append(_Reason(finding, self._topic_key(finding), findings[finding]))
        b12 = ("b12_test.with_risk" if named_risk else "b12_test.suggest") if ask_b12 else None
        notes = [self._note_key(reason) for reason in reasons] if level > Level.SELF_CARE else []
        return self._build_outcome(level, reasons, found, [n for n in notes if n], b12_key=b12, preface=preface)

    def _topic_key(self, finding: str) -> str:
        question = next(q for q in self._rules.questions if finding in (q.id, q.follow and q.follow.id))
        return f"questions.{question.id}.{'topic' if finding == question.id else 'follow_topic'}"

    def _note_key(self, reason: _Reason) -> str | None:
        """A reason's own extra advice, when its text has one (``note`` or ``follow_note``)."""
        table, name = reason.topic_key.rsplit(".", 1)
        key = f"{table}.{name.replace('topic', 'note')}"
        return key if self._texts.has(key) else None

    def _build_outcome(self, level: Level, reasons: list[_Reason], found: set[str], note_keys: list[str],
                       b12_key: str | None = None, preface: str = "") -> Outcome:
        """Put the words to a level: spoken parts, and a card with everything plus the disclaimer."""
        texts = self._texts
        advice_key = f"levels.{level.id}.advice"
        advice = " ".join(filter(None, [texts.say(advice_key), texts.say(b12_key) if b12_key else ""]))
        written_advice = " ".join(filter(None, [texts.write(advice_key), texts.write(b12_key) if b12_key else ""]))
        note_keys = list(dict.fromkeys(note_keys))
        notes = " ".join(texts.say(key) for key in note_keys)
        written_notes = " ".join(texts.write(key) for key in note_keys)
        because = written_because = ""
        if reasons:
            # Speech names the first few (those that decided the level); the card names them all.
            spoken = reasons[: self._rules.spoken_reasons]
            because_key = "reasons.because" if len(spoken) == len(reasons) else "reasons.because_more"
            because = texts.say(because_key, reasons=self._reason_phrase(spoken))
            if any(reason.answer is Answer.UNSURE for reason in spoken):
                preface = ""  # "you weren't sure about ..." already says it was taken cautiously
            written_because = texts.write("reasons.because", reasons=self._reason_phrase(reasons))
        tips = self._tips(level, found)
        tips_intro = texts.say("tips.intro", count=texts.number(len(tips))) if tips else ""
        ends_session = level in self._rules.end_session_at
        card_parts = [written_advice, written_because, written_notes]
        if tips:
            card_parts.append("\n".join([texts.write("card.tips_heading"), *tips]))
        card_parts.append(texts.write("card.disclaimer"))
        return Outcome(
            level=level,
            advice=advice,
            reason_ids=tuple(reason.id for reason in reasons),
            because=because,
            notes=notes,
            tips=tips,
            tips_intro=tips_intro,
            follow_up="" if ends_session else texts.say("follow_up.text"),
            card_title=texts.write("card.title", level_title=texts.write(f"levels.{level.id}.title")),
            card_text="\n\n".join(part for part in card_parts if part),
            ends_session=ends_session,
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

    def _tips(self, level: Level, found: set[str]) -> tuple[str, ...]:
        """Up to max_tips tips: those that fit the findings first, then general ones; none at urgent levels."""
        if level in self._rules.no_tips_at:
            return ()
        fitting = [tip for tip in self._rules.tips if tip.when and not found.isdisjoint(tip.when)]
        general = [tip for tip in self._rules.tips if not tip.when]
        chosen = (fitting + general)[: self._rules.max_tips]
        return tuple(self._texts.say(f"tips.text.{tip.id}") for tip in chosen)
