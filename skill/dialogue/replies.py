"""Everything the skill says: the prompt files, and the replies composed from them and the knowledge.

Prompt files (``skill/content/<layer>/prompts.toml``) hold every phrase outside the knowledge data,
keyed by meaning. A locale's file overlays its language's (``en-US`` over ``en``), so a new market only
writes what differs, and every phrase is then written in the locale's spelling (its ``locale.toml``
[spelling] table). A key may hold several phrasings; the one spoken is picked from a seed (the
request id), so real users hear variety while a test that replays the same request hears the same words.

A ``Reply`` is plain text plus intent (a question or not, a card, what yes/no will mean next);
rendering it into SSML and an Alexa response is ``skill.app``'s job.
"""
from __future__ import annotations

import zlib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple

from skill.content import (
    CONTENT_DIR,
    ContentError,
    Locale,
    UnknownLocale,
    layers,
    load_locale,
    policy,
    read_layers,
)
from skill.content.policy import EMERGENCY_NUMBER
from skill.dialogue.memory import Pending, Ref

if TYPE_CHECKING:  # the knowledge package is imported on first use, off the cold-start path
    from skill.knowledge import Answer, Entry, Knowledge

SPOKEN_LIST_LIMIT = 3  # voice design: say at most three list items in one turn


# --- the prompt files ------------------------------------------------------------------------------

class PromptError(ValueError):
    """A prompt file is invalid or a key is missing; the message names the file and key."""


class Prompts(NamedTuple):
    """Phrasings for one locale, flattened to dotted keys such as ``launch.welcome``."""

    locale: str
    phrasings: Mapping[str, tuple[str, ...]]

    def variants(self, key: str) -> tuple[str, ...]:
        try:
            return self.phrasings[key]
        except KeyError:
            raise PromptError(f"no prompt '{key}' for locale {self.locale}") from None

    def say(self, key: str, seed: str = "", **values: str) -> str:
        """The phrase for ``key``, one variant chosen by ``seed``, with ``{name}`` fields filled."""
        options = self.variants(key)
        if len(options) == 1:
            chosen = options[0]
        else:
            chosen = options[zlib.crc32(f"{seed}|{key}".encode()) % len(options)]
        return chosen.format(**values) if values else chosen


def _flatten(table: Mapping[str, Any], prefix: str, name: str, out: dict[str, tuple[str, ...]]) -> None:
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{dotted}.", name, out)
            continue
        if isinstance(value, str) and value.strip():
            out[dotted] = (" ".join(value.split()),)
        elif isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
            out[dotted] = tuple(" ".join(v.split()) for v in value)
        else:
            raise PromptError(f"{name}: '{dotted}' must be text or a non-empty list of texts")
        for text in out[dotted]:
            if policy.markup_problem(text):
                raise PromptError(f"{name}: '{dotted}' must be plain text; the renderer adds SSML")
            if problem := policy.wording_problem(text):
                raise PromptError(f"{name}: '{dotted}' uses {problem}")


@lru_cache(maxsize=None)
def load_prompts(locale: str, root: Path = CONTENT_DIR) -> Prompts:
    """Prompts for a locale, read once: the language file, overlaid by the locale's own."""
    try:
        files = read_layers("prompts.toml", layers(locale, root), root, PromptError)
    except ContentError as error:
        raise PromptError(str(error)) from error
    merged: dict[str, tuple[str, ...]] = {}
    for name, table in files:
        _flatten(table, "", name, merged)
    if not merged:
        raise PromptError(f"no prompt files for locale {locale!r}")
    try:
        place = load_locale(locale, root)
    except UnknownLocale:  # a language ("en") or an unserved locale: the language's own spelling
        return Prompts(locale=locale, phrasings=merged)
    except ContentError as error:
        raise PromptError(str(error)) from error
    return Prompts(locale=locale, phrasings={key: tuple(place.respell(_filled(text, key, place)) for text in texts)
                                             for key, texts in merged.items()})




def _filled(text: str, key: str, place: Locale) -> str:
    """The locale's facts filled in at load, except ``{emergency_number}``, which the skill fills when it speaks.

    A key with a part named ``card...`` (``card.disclaimer``, ``help.card``) is shown, so it gets the written form.
    """
    missing = place.missing_facts(text)
    if missing:
        raise PromptError(f"{key}: {', '.join(missing)} is not a fact of {place.code} (its locale.toml has no such table)")
    written = any(part.startswith("card") for part in key.split("."))
    for name, value in place.fields(written).items():
        if name != "emergency_number":
            text = text.replace(f"{{{name}}}", value)
    return text


# --- replies -------------------------------------------------------------------------------------------


class Card(NamedTuple):
    title: str
    text: str


class Reply(NamedTuple):
    """One turn of speech. ``question`` None means the skill asks nothing and the session ends."""

    sentences: tuple[str, ...]
    question: str | None = None
    reprompt: str | None = None
    card: Card | None = None
    pending: Pending | None = None
    ref: Ref | None = None

    @property
    def ends_session(self) -> bool:
        return self.question is None


class Replies:
    """Everything the question-and-answer side of the skill can say, for one locale and request."""

    def __init__(self, locale: str, seed: str = "") -> None:
        self.locale = locale
        self.prompts = load_prompts(locale)
        self.seed = seed

    @cached_property
    def knowledge(self) -> Knowledge:
        """Imported and loaded on first use: a launch or a goodbye never needs it, so a Lambda
        cold start that begins with one skips the import and the TOML parsing."""
        from skill.knowledge import load_knowledge

        return load_knowledge(self.locale)

    @cached_property
    def place(self) -> Locale:
        """The locale's facts (its emergency number), looked up once per reply."""
        return load_locale(self.locale)

    def say(self, key: str, **values: str) -> str:
        return self.prompts.say(key, self.seed, **values)

    def _local(self, text: str, written: bool = False) -> str:
        """Knowledge text with this locale's emergency number in it (spoken, or written for a card)."""
        return text.replace(EMERGENCY_NUMBER, self.place.emergency_written if written else self.place.emergency_spoken)

    def card(self, title: str, text: str) -> Card:
        disclaimer = self.say("card.disclaimer", emergency_number=self.place.emergency_written)
        return Card(title=title, text=f"{text}\n\n{disclaimer}")

    # --- the skill's own turns -------------------------------------------------------------

    def welcome(self) -> Reply:
        return Reply(
            sentences=(self.say("launch.welcome"), self.say("launch.disclaimer"), self.say("launch.offer")),
            question=self.say("launch.question"),
            reprompt=self.say("launch.reprompt"),
            card=self.card(self.say("help.card_title"), self.say("help.card")),
            ref=Ref(kind="prompt", id="welcome"),
        )

    def home(self) -> Reply:
        return Reply(
            sentences=(self.say("home.intro"), self.say("home.offer")),
            question=self.say("ask.question"),
            reprompt=self.say("ask.reprompt"),
            ref=Ref(kind="prompt", id="home"),
        )

    def help(self, after: Ref | None, pending: Pending | None) -> Reply:
        """Help that fits the moment: after an offer, after an answer, or at the start."""
        if pending is not None:
            lead = self.say("help.after_offer")
            question, reprompt = self._offer_question(pending)
            # No ref: the offer still stands, so "yes" and "repeat" keep meaning what they meant.
            return Reply((lead,), question, reprompt, pending=pending)
        lead = self.say("help.after_answer") if after and after.kind != "prompt" else self.say("help.start")
        return Reply(
            sentences=(lead,),
            question=self.say("ask.question"),
            reprompt=self.say("ask.reprompt"),
            card=self.card(self.say("help.card_title"), self.say("help.card")),
            ref=Ref(kind="prompt", id="help"),
        )

    def unsupported_locale(self) -> Reply:
        """A locale the skill does not serve: say so, with the safety line that names no number."""
        return Reply(sentences=(self.say("locale.unsupported"),))

    def goodbye(self) -> Reply:
        return Reply(sentences=(self.say("goodbye.speech"),))

    def fallback(self) -> Reply:
        return Reply(
            sentences=(self.say("fallback.speech"), self.say("fallback.offer"),
                       self.say("fallback.safety", emergency_number=self.place.emergency_spoken)),
            question=self.say("ask.question"),
            reprompt=self.say("ask.reprompt"),
        )

    def ask_away(self) -> Reply:
        return Reply(sentences=(self.say("followup.ask_away"),), question=self.say("ask.question"),
                     reprompt=self.say("ask.reprompt"))

    def another(self, lead_key: str = "followup.moving_on") -> Reply:
        question, reprompt = self._offer_question(Pending.ANOTHER)
        return Reply(sentences=(self.say(lead_key),), question=question, reprompt=reprompt, pending=Pending.ANOTHER)

    def nothing(self, key: str) -> Reply:
        """Nothing to repeat, go back to, or continue: say so and ask what next."""
        return Reply(sentences=(self.say(key),), question=self.say("ask.question"), reprompt=self.say("ask.reprompt"))

    def unknown_slot(self, kind: str, said: str | None) -> Reply:
        """The user named a cause or topic the skill has no entry for (or none at all)."""
        if said:
            lead = self.say(f"slots.{kind}_unknown", value=said)
        else:
            lead = self.say(f"slots.{kind}_unknown_any")
        return Reply(sentences=(lead,), question=self.say(f"slots.{kind}_choices"),
                     reprompt=self.say(f"slots.{kind}_choices_reprompt"))

    # --- answers from the knowledge -----------------------------------------------------------

    def answer(self, ref: Ref) -> Reply | None:
        """Render any replayable answer; None if the ref points at nothing (stale or tampered)."""
        if ref.kind == "prompt":
            own_turns = {"welcome": self.welcome, "home": self.home, "help": lambda: self.help(None, None)}
            return own_turns[ref.id]() if ref.id in own_turns else None
        if ref.kind == "compare":
            return self.compare(ref.id, ref.other)
        if ref.kind != "entry":
            return None
        entry = self.knowledge.entry(ref.id)
        answer = self._facet(entry, ref.facet)
        if entry is None or answer is None or ref.step > len(answer.more):
            return None
        text = self._local(answer.short if ref.step == 0 else answer.more[ref.step - 1])
        has_more = ref.step < len(answer.more)
        pending = Pending.MORE if has_more else (Pending.CHECKLIST if entry.offer_checklist else Pending.ANOTHER)
        question, reprompt = self._offer_question(pending)
        title = entry.title if ref.facet == "about" else f"{entry.title}: treatment"
        return Reply(
            sentences=(text,),
            question=question,
            reprompt=reprompt,
            card=self.card(title, self._local(answer.card, written=True)),
            pending=pending,
            ref=ref,
        )

    def entry(self, entry_id: str, facet: str = "about") -> Reply:
        reply = self.answer(Ref(kind="entry", id=entry_id, facet=facet))
        if reply is None:
            raise KeyError(f"no {facet} answer for entry '{entry_id}'")
        return reply

    def more(self, last: Ref | None) -> Reply:
        """Continue the last answer ("tell me more", "next", "yes" to "want to hear more?")."""
        if last is None or last.kind != "entry":
            return self.another("followup.no_more") if last else self.nothing("next.nothing")
        following = Ref(kind="entry", id=last.id, facet=last.facet, step=last.step + 1)
        reply = self.answer(following)
        if reply is None:
            entry = self.knowledge.entry(last.id)
            if entry is not None and entry.offer_checklist:
                question, reprompt = self._offer_question(Pending.CHECKLIST)
                return Reply((self.say("followup.no_more"),), question, reprompt, pending=Pending.CHECKLIST)
            return self.another("followup.no_more")
        return reply

    def compare(self, first_id: str, second_id: str) -> Reply | None:
        first, second = self.knowledge.cause(first_id), self.knowledge.cause(second_id)
        if first is None or second is None:
            return None
        speech = self.say(
            "compare.pair",
            a_name=_capitalised(first.spoken_name), a_signs=self._local(first.signs),
            b_name=_capitalised(second.spoken_name), b_signs=self._local(second.signs),
        )
        lines = [self.say("compare.card_line", title=c.title, signs=self._local(c.signs, written=True),
                          treatment=self._local(c.treatment.short, written=True))
                 for c in (first, second)]
        question, reprompt = self._offer_question(Pending.ANOTHER)
        return Reply(
            sentences=(speech, self.say("compare.caution")),
            question=question,
            reprompt=reprompt,
            card=self.card(self.say("compare.card_title", a_title=first.title, b_title=second.title),
                           "\n".join(lines)),
            pending=Pending.ANOTHER,
            ref=Ref(kind="compare", id=first.id, other=second.id),
        )

    def source(self, last: Ref | None) -> Reply:
        """Name where the last answer comes from ("where does that come from")."""
        source_ids = self._source_ids(last)
        if not source_ids:
            return self.nothing("source.nothing")
        sources = self.knowledge.spoken_sources(source_ids)
        named = sources[:SPOKEN_LIST_LIMIT]
        sentences = [self.say("source.intro", sources=_join([s.spoken for s in named], self.say("source.and")))]
        if len(sources) > len(named):
            sentences.append(self.say("source.rest_on_card", count=str(len(sources) - len(named))))
        card_text = "\n".join(f"{s.title}{' - ' + s.url if s.url else ''}" for s in sources)
        question, reprompt = self._offer_question(Pending.ANOTHER)
        return Reply(
            sentences=tuple(sentences),
            question=question,
            reprompt=reprompt,
            card=self.card(self.say("source.card_title"), card_text),
            pending=Pending.ANOTHER,
        )

    # --- helpers ---------------------------------------------------------------------------

    def _offer_question(self, pending: Pending) -> tuple[str, str]:
        if pending is Pending.TIPS:
            return self.say("checklist.tips_again"), self.say("checklist.tips_reprompt")
        return self.say(f"followup.{pending.value}"), self.say(f"followup.{pending.value}_reprompt")

    @staticmethod
    def _facet(entry: Entry | None, facet: str) -> Answer | None:
        if entry is None:
            return None
        if facet == "treatment":
            return getattr(entry, "treatment", None)  # only causes have a treatment
        return entry.answer

    def _source_ids(self, last: Ref | None) -> tuple[str, ...]:
        if last is None or last.kind == "prompt":
            return ()
        if last.kind == "compare":
            ids: list[str] = []
            for cause_id in (last.id, last.other):
                cause = self.knowledge.cause(cause_id)
                if cause is not None:
                    ids += [s for s in (*cause.answer.sources, *cause.treatment.sources) if s not in ids]
            return tuple(ids)
        answer = self._facet(self.knowledge.entry(last.id), last.facet)
        return answer.sources if answer else ()


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: list[str], conjunction: str) -> str:
    """'a', 'a and b', 'a, b and c' — how lists are said aloud."""
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
