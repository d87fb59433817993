"""The checklist's locale-free rules (``skill/content/rules.toml``), read and validated once.

Validation runs at load so that a content edit that would make the checklist unsafe (a red flag after a
lower question, "not sure" above "yes", an unknown id) fails at start-up with the file and the entry named,
instead of reaching a user.
"""
from __future__ import annotations

import json
import re
import tomllib
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from skill.checklist.values import DONE, ChecklistDataError, Level
from skill.content import CONTENT_DIR

RULES_PATH = CONTENT_DIR / "rules.toml"
RULES_SCHEMA = 2
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,31}")
# The research asks for about ten questions; reaching every warning sign takes a few more.
QUESTION_COUNT = range(8, 17)
TIP_COUNT = range(2, 4)

_TOP_KEYS = {"schema", "stop_at", "no_tips_at", "end_session_at", "max_tips", "spoken_reasons", "questions",
             "combinations", "b12_test", "red_flags", "tips"}


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A short question asked after a "yes" that sorts it into a higher level."""

    id: str
    yes: Level


@dataclass(frozen=True, slots=True)
class RuleQuestion:
    """One question: a "yes" records ``id`` as a finding at level ``yes``, then ``follow`` may be asked."""

    id: str
    yes: Level
    follow: FollowUp | None
    ask_if_any: tuple[str, ...]  # asked only when one of these findings was recorded


@dataclass(frozen=True, slots=True)
class Combination:
    """Findings that together reach a higher level than each alone (a clot with chest pain)."""

    all: frozenset[str]
    level: Level


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning sign the user can say at any time: the findings it records, then what to ask next."""

    id: str
    level: Level
    finds: tuple[str, ...]
    then_ask: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tip:
    """A self-care tip; with ``when`` it fits only if one of those findings was recorded."""

    id: str
    when: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rules:
    questions: tuple[RuleQuestion, ...]
    combinations: tuple[Combination, ...]
    stop_at: Level
    no_tips_at: frozenset[Level]
    end_session_at: frozenset[Level]
    max_tips: int
    spoken_reasons: int
    b12_signs: tuple[str, ...]
    b12_risks: tuple[str, ...]
    red_flags: tuple[RedFlag, ...]
    tips: tuple[Tip, ...]
    finding_levels: Mapping[str, Level]  # every finding (question and follow-up ids) and its level
    fingerprint: str  # changes whenever the rules do, so stale session states are detected
    cited: frozenset[str] = frozenset()  # every source id the rules cite, checked against a language's sources

    def red_flag(self, flag_id: str) -> RedFlag | None:
        return next((flag for flag in self.red_flags if flag.id == flag_id), None)

    def question(self, question_id: str) -> RuleQuestion:
        return next(question for question in self.questions if question.id == question_id)

    def level_of(self, findings: Iterable[str]) -> Level:
        """The level a set of findings reaches: the highest finding, or a combination above it."""
        found = set(findings)
        levels = [self.finding_levels[finding] for finding in found]
        levels += [combination.level for combination in self.combinations if combination.all <= found]
        return max(levels, default=Level.SELF_CARE)

    def could_raise(self, question: RuleQuestion, findings: Iterable[str], level: Level) -> bool:
        """Whether asking ``question`` could lift the outcome above ``level``, given what was found."""
        return self.level_of([*findings, *_findings_of(question)]) > level

    @property
    def finding_ids(self) -> frozenset[str]:
        return frozenset(self.finding_levels)


def _cited(table: Any) -> Iterable[str]:
    """Every id in a ``sources`` list anywhere in the (already validated) tables."""
    if isinstance(table, list):
        for item in table:
            yield from _cited(item)
    elif isinstance(table, dict):
        for key, value in table.items():
            yield from (value if key == "sources" else _cited(value))


def _findings_of(question: RuleQuestion) -> tuple[str, ...]:
    return (question.id, question.follow.id) if question.follow is not None else (question.id,)


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
        findings = {finding for question in questions for finding in _findings_of(question)}
        combinations = self.combinations(raw["combinations"], findings)
        b12_signs, b12_risks = self.b12_test(raw["b12_test"], findings)
        tips = self.tips(raw["tips"], findings)
        self.check_order(questions, combinations)
        canonical = json.dumps(raw, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        rules = Rules(
            questions=questions,
            combinations=combinations,
            stop_at=stop_at,
            no_tips_at=no_tips_at,
            end_session_at=end_session_at,
            max_tips=max_tips,
            spoken_reasons=spoken_reasons,
            b12_signs=b12_signs,
            b12_risks=b12_risks,
            red_flags=(),
            tips=tips,
            finding_levels=MappingProxyType(
                {q.id: q.yes for q in questions} | {q.follow.id: q.follow.yes for q in questions if q.follow}),
            fingerprint=_fingerprint(canonical.encode("ascii")),
            cited=frozenset(_cited(raw)),
        )
        return replace(rules, red_flags=self.red_flags(raw["red_flags"], rules))

    # --- entries -------------------------------------------------------------------------------

    def questions(self, raw: Any) -> tuple[RuleQuestion, ...]:
        tables = self.table_list(raw, "questions")
        if len(tables) not in QUESTION_COUNT:
            raise self.fail("questions", f"need {QUESTION_COUNT.start} to {QUESTION_COUNT.stop - 1}, got {len(tables)}")
        questions: list[RuleQuestion] = []
        taken: list[str] = []
        for index, table in enumerate(tables):
            where = f"questions[{index}]"
            self.keys(table, where, {"id", "yes", "sources"}, {"follow", "ask_if_any"})
            question_id = self.new_id(table["id"], where, taken)
            taken.append(question_id)
            where = f"questions[{index}] ({question_id})"
            yes = self.level(table, "yes", where)
            self.string_list(table, "sources", where, non_empty=True)
            follow = None
            if "follow" in table:
                self.keys(table["follow"], f"{where}.follow", {"id", "yes"}, set())
                follow = FollowUp(self.new_id(table["follow"]["id"], f"{where}.follow", taken),
                                  self.level(table["follow"], "yes", f"{where}.follow"))
                taken.append(follow.id)
                if follow.yes <= yes:
                    raise self.fail(f"{where}.follow", "a follow-up must reach a higher level than its question")
            ask_if_any = tuple(self.string_list(table, "ask_if_any", where)) if "ask_if_any" in table else ()
            earlier = {finding for q in questions for finding in _findings_of(q)}
            for ref in ask_if_any:
                if ref not in earlier:
                    raise self.fail(where, f"ask_if_any names {ref!r}, which no earlier question finds")
            questions.append(RuleQuestion(question_id, yes, follow, ask_if_any))
        return tuple(questions)

    def combinations(self, raw: Any, findings: set[str]) -> tuple[Combination, ...]:
        combinations: list[Combination] = []
        for index, table in enumerate(self.table_list(raw, "combinations")):
            where = f"combinations[{index}]"
            self.keys(table, where, {"all", "level", "sources"}, set())
            members = self.string_list(table, "all", where, non_empty=True)
            self.string_list(table, "sources", where, non_empty=True)
            unknown = sorted(set(members) - findings)
            if len(members) < 2 or unknown:
                raise self.fail(where, f"needs two or more known findings (unknown: {', '.join(unknown) or '-'})")
            combinations.append(Combination(frozenset(members), self.level(table, "level", where)))
        return tuple(combinations)

    def b12_test(self, raw: Any, findings: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if not isinstance(raw, dict):
            raise self.fail("b12_test", "must be a table")
        self.keys(raw, "b12_test", {"signs", "risks"}, set())
        signs = tuple(self.string_list(raw, "signs", "b12_test", non_empty=True))
        risks = tuple(self.string_list(raw, "risks", "b12_test", non_empty=True))
        for ref in (*signs, *risks):
            if ref not in findings:
                raise self.fail("b12_test", f"unknown finding {ref!r}")
        if set(signs) & set(risks):
            raise self.fail("b12_test", "a finding cannot be both a sign and a risk")
        return signs, risks

    def red_flags(self, raw: Any, rules: Rules) -> tuple[RedFlag, ...]:
        """Each flag's findings must reach exactly its written level; what it asks next must exist."""
        question_ids = {question.id for question in rules.questions}
        flags: list[RedFlag] = []
        for index, table in enumerate(self.table_list(raw, "red_flags")):
            where = f"red_flags[{index}]"
            self.keys(table, where, {"id", "finds", "level", "sources"}, {"then_ask"})
            flag_id = self.new_id(table["id"], where, [f.id for f in flags])
            where = f"red_flags[{index}] ({flag_id})"
            level = self.level(table, "level", where)
            finds = tuple(self.string_list(table, "finds", where, non_empty=True))
            self.string_list(table, "sources", where, non_empty=True)
            then_ask = tuple(self.string_list(table, "then_ask", where)) if "then_ask" in table else ()
            unknown = sorted((set(finds) - rules.finding_ids) | (set(then_ask) - question_ids))
            if unknown:
                raise self.fail(where, f"unknown finding or question {', '.join(unknown)}")
            if rules.level_of(finds) != level:
                raise self.fail(where, f"its findings reach {rules.level_of(finds).id}, not {level.id}")
            if level < rules.stop_at:
                raise self.fail(where, f"a red flag must reach at least {rules.stop_at.id}")
            flags.append(RedFlag(flag_id, level, finds, then_ask))
        for question in rules.questions:
            for finding in _findings_of(question):
                if rules.level_of([finding]) >= rules.stop_at and not any(finding in f.finds for f in flags):
                    raise self.fail(f"questions ({question.id})", f"{finding!r} is urgent: a red flag must find it")
        return tuple(flags)

    def tips(self, raw: Any, findings: set[str]) -> tuple[Tip, ...]:
        tips: list[Tip] = []
        for index, table in enumerate(self.table_list(raw, "tips")):
            where = f"tips[{index}]"
            self.keys(table, where, {"id", "sources"}, {"when"})
            tip_id = self.new_id(table["id"], where, [t.id for t in tips])
            where = f"tips[{index}] ({tip_id})"
            self.string_list(table, "sources", where, non_empty=True)
            when = tuple(self.string_list(table, "when", where, non_empty=True)) if "when" in table else ()
            for ref in when:
                if ref not in findings:
                    raise self.fail(where, f"unknown finding {ref!r}")
            tips.append(Tip(tip_id, when))
        if sum(1 for tip in tips if not tip.when) < TIP_COUNT.start:
            raise self.fail("tips", f"need at least {TIP_COUNT.start} tips without 'when', so every outcome has some")
        return tuple(tips)

    def check_order(self, questions: tuple[RuleQuestion, ...], combinations: tuple[Combination, ...]) -> None:
        """Every question that can lead to an emergency (alone, by its follow-up or in a combination)
        comes before every one that cannot."""
        def top(question: RuleQuestion) -> Level:
            own = set(_findings_of(question))
            return max([question.follow.yes if question.follow is not None else question.yes,
                        *(c.level for c in combinations if c.all & own)])

        for earlier, later in zip(questions, questions[1:]):
            if top(earlier) < Level.EMERGENCY <= top(later):
                raise self.fail(f"questions ({later.id})", f"must come before {earlier.id!r}: emergencies first")

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
