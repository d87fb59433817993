"""The checklist's locale-free rules (``data/rules.toml``), read and validated once.

Validation runs at load so that a content edit that would make the checklist unsafe (a red flag after a
lower question, "not sure" above "yes", an unknown id) fails at start-up with the file and the entry named,
instead of reaching a user.
"""
from __future__ import annotations

import json
import re
import tomllib
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from skill.checklist.model import DONE, Answer, ChecklistDataError, Level

RULES_PATH = Path(__file__).parent / "data" / "rules.toml"
RULES_SCHEMA = 1
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,31}")
# The issue asks for six to eight questions: fewer misses red flags, more loses the listener.
QUESTION_COUNT = range(6, 9)
TIP_COUNT = range(2, 4)

_TOP_KEYS = {"schema", "stop_at", "no_tips_at", "end_session_at", "max_tips", "spoken_reasons", "questions",
             "b12_test", "red_flags", "tips"}
_QUESTION_KEYS = {"id", "yes", "unsure", "unsure_because", "sources"}
_QUESTION_OPTIONAL = {"red_flag", "ask_if_any"}


@dataclass(frozen=True, slots=True)
class RuleQuestion:
    """One question's rule: the level each answer reaches ("no" is always self-care)."""

    id: str
    yes: Level
    unsure: Level
    ask_if_any: tuple[str, ...]  # asked only when one of these was answered yes or not sure
    red_flag: str | None
    cautious: bool  # "not sure" counts for more than "no" (so the voice may say so)

    def level(self, answer: Answer) -> Level:
        if answer is Answer.YES:
            return self.yes
        return self.unsure if answer is Answer.UNSURE else Level.SELF_CARE


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning sign the user can mention at any time; ``question`` shares its words when set."""

    id: str
    level: Level
    question: str | None


@dataclass(frozen=True, slots=True)
class Tip:
    """A self-care tip; with ``when`` it fits only if one of those questions was answered yes or not sure."""

    id: str
    when: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rules:
    questions: tuple[RuleQuestion, ...]
    stop_at: Level
    no_tips_at: frozenset[Level]
    end_session_at: frozenset[Level]
    max_tips: int
    spoken_reasons: int
    b12_signs: tuple[str, ...]
    b12_risks: tuple[str, ...]
    red_flags: tuple[RedFlag, ...]
    tips: tuple[Tip, ...]
    fingerprint: str  # changes whenever the rules do, so stale session states are detected

    def red_flag(self, flag_id: str) -> RedFlag | None:
        return next((flag for flag in self.red_flags if flag.id == flag_id), None)


@lru_cache(maxsize=None)
def load_rules(path: Path = RULES_PATH) -> Rules:
    """Read and validate the rules file; raises ChecklistDataError naming the file and entry."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ChecklistDataError(f"{path.name}: cannot read: {error}") from error
    return _Parser(path.name).rules(raw)


class _Parser:
    """Turns the raw TOML tables into typed rules, naming the entry in every error."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name

    def fail(self, where: str, problem: str) -> ChecklistDataError:
        return ChecklistDataError(f"{self.file_name}: {where}: {problem}")

    def rules(self, raw: dict[str, Any]) -> Rules:
        self.keys(raw, "top level", _TOP_KEYS, set())
        if type(raw["schema"]) is not int or raw["schema"] != RULES_SCHEMA:
            raise self.fail("schema", f"expected {RULES_SCHEMA}")
        stop_at = self.level(raw, "stop_at", "top level")
        if stop_at is Level.SELF_CARE:
            raise self.fail("stop_at", "must be above self_care")
        no_tips_at = frozenset(self.level_list(raw, "no_tips_at"))
        end_session_at = frozenset(self.level_list(raw, "end_session_at"))
        for name, levels in (("no_tips_at", no_tips_at), ("end_session_at", end_session_at)):
            if Level.EMERGENCY not in levels:
                raise self.fail(name, "must include emergency")
        max_tips = raw["max_tips"]
        if type(max_tips) is not int or max_tips not in TIP_COUNT:
            raise self.fail("max_tips", f"must be an integer from {TIP_COUNT.start} to {TIP_COUNT.stop - 1}")

        spoken_reasons = raw["spoken_reasons"]
        if type(spoken_reasons) is not int or not 1 <= spoken_reasons <= 3:
            raise self.fail("spoken_reasons", "must be an integer from 1 to 3")
        questions = self.questions(raw["questions"])
        ids = [question.id for question in questions]
        b12_signs, b12_risks = self.b12_test(raw["b12_test"], ids)
        questions = tuple(self.with_cautious(q, {*b12_signs, *b12_risks}) for q in questions)
        red_flags = self.red_flags(raw["red_flags"], questions)
        tips = self.tips(raw["tips"], ids)
        self.check_order(questions, stop_at)
        canonical = json.dumps(raw, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return Rules(
            questions=questions,
            stop_at=stop_at,
            no_tips_at=no_tips_at,
            end_session_at=end_session_at,
            max_tips=max_tips,
            spoken_reasons=spoken_reasons,
            b12_signs=b12_signs,
            b12_risks=b12_risks,
            red_flags=red_flags,
            tips=tips,
            fingerprint=_fingerprint(canonical.encode("ascii")),
        )

    # --- entries -------------------------------------------------------------------------------

    def questions(self, raw: Any) -> tuple[RuleQuestion, ...]:
        tables = self.table_list(raw, "questions")
        if len(tables) not in QUESTION_COUNT:
            raise self.fail("questions", f"need {QUESTION_COUNT.start} to {QUESTION_COUNT.stop - 1}, got {len(tables)}")
        questions: list[RuleQuestion] = []
        for index, table in enumerate(tables):
            where = f"questions[{index}]"
            self.keys(table, where, _QUESTION_KEYS, _QUESTION_OPTIONAL)
            question_id = self.new_id(table["id"], where, [q.id for q in questions])
            where = f"questions[{index}] ({question_id})"
            yes = self.level(table, "yes", where)
            unsure = self.level(table, "unsure", where)
            if unsure > yes:
                raise self.fail(where, "'not sure' must not rank above 'yes'")
            self.text(table, "unsure_because", where, minimum=40)
            self.string_list(table, "sources", where, non_empty=True)
            ask_if_any = tuple(self.string_list(table, "ask_if_any", where)) if "ask_if_any" in table else ()
            earlier = {q.id for q in questions}
            for ref in ask_if_any:
                if ref not in earlier:
                    raise self.fail(where, f"ask_if_any names {ref!r}, which is not an earlier question")
            red_flag = self.text(table, "red_flag", where) if "red_flag" in table else None
            questions.append(RuleQuestion(question_id, yes, unsure, ask_if_any, red_flag, cautious=False))
        return tuple(questions)

    def with_cautious(self, question: RuleQuestion, combined: set[str]) -> RuleQuestion:
        cautious = question.unsure > Level.SELF_CARE or question.id in combined
        return RuleQuestion(question.id, question.yes, question.unsure, question.ask_if_any, question.red_flag,
                            cautious)

    def b12_test(self, raw: Any, ids: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if not isinstance(raw, dict):
            raise self.fail("b12_test", "must be a table")
        self.keys(raw, "b12_test", {"signs", "risks"}, set())
        signs = tuple(self.string_list(raw, "signs", "b12_test", non_empty=True))
        risks = tuple(self.string_list(raw, "risks", "b12_test", non_empty=True))
        for ref in (*signs, *risks):
            if ref not in ids:
                raise self.fail("b12_test", f"unknown question {ref!r}")
        if set(signs) & set(risks):
            raise self.fail("b12_test", "a question cannot be both a sign and a risk")
        return signs, risks

    def red_flags(self, raw: Any, questions: tuple[RuleQuestion, ...]) -> tuple[RedFlag, ...]:
        by_id = {q.id: q for q in questions}
        flags: list[RedFlag] = []
        for index, table in enumerate(self.table_list(raw, "red_flags")):
            where = f"red_flags[{index}]"
            self.keys(table, where, {"id", "level"}, {"question"})
            flag_id = self.new_id(table["id"], where, [f.id for f in flags])
            where = f"red_flags[{index}] ({flag_id})"
            level = self.level(table, "level", where)
            question_id = self.text(table, "question", where) if "question" in table else None
            if question_id is not None:
                question = by_id.get(question_id)
                if question is None:
                    raise self.fail(where, f"unknown question {question_id!r}")
                if question.red_flag != flag_id or question.yes != level:
                    raise self.fail(where, f"question {question_id!r} must name this flag and have the same level")
            flags.append(RedFlag(flag_id, level, question_id))
        flag_ids = {flag.id for flag in flags}
        for question in questions:
            if question.red_flag is not None and question.red_flag not in flag_ids:
                raise self.fail(f"questions ({question.id})", f"unknown red_flag {question.red_flag!r}")
            if question.yes >= Level.URGENT_TODAY and question.red_flag is None:
                raise self.fail(f"questions ({question.id})", "an urgent question needs a red_flag the user can say")
        return tuple(flags)

    def tips(self, raw: Any, ids: list[str]) -> tuple[Tip, ...]:
        tips: list[Tip] = []
        for index, table in enumerate(self.table_list(raw, "tips")):
            where = f"tips[{index}]"
            self.keys(table, where, {"id", "sources"}, {"when"})
            tip_id = self.new_id(table["id"], where, [t.id for t in tips])
            where = f"tips[{index}] ({tip_id})"
            self.string_list(table, "sources", where, non_empty=True)
            when = tuple(self.string_list(table, "when", where, non_empty=True)) if "when" in table else ()
            for ref in when:
                if ref not in ids:
                    raise self.fail(where, f"unknown question {ref!r}")
            tips.append(Tip(tip_id, when))
        if sum(1 for tip in tips if not tip.when) < TIP_COUNT.start:
            raise self.fail("tips", f"need at least {TIP_COUNT.start} tips without 'when', so every outcome has some")
        return tuple(tips)

    def check_order(self, questions: tuple[RuleQuestion, ...], stop_at: Level) -> None:
        """Red flags come first, and stopping at one never hides a higher level from a later question."""
        for earlier, later in zip(questions, questions[1:]):
            if earlier.yes < stop_at <= later.yes:
                raise self.fail(f"questions ({later.id})",
                                f"a red flag must come before {earlier.id!r}: red flags first")
        for index, question in enumerate(questions):
            for stop_level in {question.yes, question.unsure}:
                if stop_level < stop_at:
                    continue
                for later in questions[index + 1:]:
                    if later.yes > stop_level:
                        raise self.fail(
                            f"questions ({later.id})",
                            f"reaches {later.yes.id} but comes after {question.id!r}, which stops the checklist "
                            f"at {stop_level.id}: put red flags first, highest first",
                        )

    # --- fields --------------------------------------------------------------------------------

    def keys(self, table: Any, where: str, required: set[str], optional: set[str]) -> None:
        if not isinstance(table, dict):
            raise self.fail(where, "must be a table")
        missing = sorted(required - table.keys())
        unknown = sorted(table.keys() - required - optional)
        if missing:
            raise self.fail(where, f"missing {', '.join(missing)}")
        if unknown:
            raise self.fail(where, f"unknown key {', '.join(unknown)}")

    def table_list(self, raw: Any, where: str) -> list[dict[str, Any]]:
        if not isinstance(raw, list) or not raw or not all(isinstance(item, dict) for item in raw):
            raise self.fail(where, "must be a non-empty array of tables")
        return raw

    def new_id(self, value: Any, where: str, taken: list[str]) -> str:
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value) or value == DONE:
            raise self.fail(where, f"id must be snake_case (and not {DONE!r}), got {value!r}")
        if value in taken:
            raise self.fail(where, f"duplicate id {value!r}")
        return value

    def text(self, table: dict[str, Any], key: str, where: str, minimum: int = 1) -> str:
        value = table[key]
        if not isinstance(value, str) or len(value.strip()) < minimum:
            raise self.fail(where, f"{key} must be a string of at least {minimum} characters")
        return value

    def string_list(self, table: dict[str, Any], key: str, where: str, non_empty: bool = False) -> list[str]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise self.fail(where, f"{key} must be a list of strings")
        if non_empty and not value:
            raise self.fail(where, f"{key} must not be empty")
        if len(set(value)) != len(value):
            raise self.fail(where, f"{key} repeats an entry")
        return value

    def level(self, table: dict[str, Any], key: str, where: str) -> Level:
        value = table[key]
        try:
            return Level.from_id(value) if isinstance(value, str) else Level.from_id("")
        except KeyError:
            names = ", ".join(level.id for level in Level)
            raise self.fail(where, f"{key}: unknown level {value!r} (one of {names})") from None

    def level_list(self, raw: dict[str, Any], key: str) -> list[Level]:
        return [self.level({key: item}, key, key) for item in self.string_list(raw, key, key)]


def _fingerprint(data: bytes) -> str:
    """Two 32-bit checksums of the canonical rules: any edit changes them, which is all staleness
    detection needs (zlib is built in, so this costs no cold-start import, unlike hashlib)."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
