"""Typed or spoken words -> the request Alexa would send: launch, intent with filled slots, or fallback.

Alexa resolves an utterance against the skill's interaction model; this does the same offline, in
order of confidence:

1. a launch phrase ("open / ask / tell ... NAME [connector] request") starts a new session, and
   the request after the name, if any, is resolved by the steps below (a one-shot);
2. an exact match with one of the model's samples, capturing slot values;
3. a common phrasing of an AMAZON built-in intent the model declares;
4. the nearest sample by fuzzy string similarity (rapidfuzz), forgiving typos and small slips; a
   catch-all intent's sample ("what's {topic}") said off the skill's subject ("what's the rugby
   score") stands only when the classifier reads the skill's domain, and its slot is then taken whole;
5. the intent a classifier trained on the samples finds likeliest (``skill.simulator.classifier``),
   when it is sure enough (or it and the runner-up are both warning signs, sure enough together) and
   not out of domain: a stand-in for how a statistical NLU generalises
   from its samples to sentences it never saw ("my jaw's locked up since I cut my foot"). A sentence
   with one of the phrases' domain words ("cramp", but not inside "period cramps") is on the skill's
   subject: it is never taken for out-of-domain speech. Three rules weigh the classifier's ranking:
   a catch-all intent ("tell me about X") only just ahead gives way to the intent behind it; an
   urgent intent (a warning sign) only just behind out-of-domain speech is taken; and when the
   classifier has no clear reading of a cramp sentence that names a value, in any words, the likeliest
   intent with a slot for that value wins, unless the reading is urgent;
6. ``AMAZON.FallbackIntent`` otherwise.

Steps 4 and 5 look at sentences with their slot values taken out, as a statistical NLU learns a
carrier phrase apart from the values that fill it: every value or synonym of the model's custom slot
types is spotted in what was said (longest first), and samples' slot references are read the same
way. So "since my doctor put me on water pills my calves cramp" is read as "since my doctor put me on
<slot> my calves cramp", close to a sample "since i started {cause} my legs cramp" said with any
cause; the spotted values then fill the chosen intent's slots in order. Two values for one slot are
one question about the narrower ("is b twelve treatment for life" is about lifelong treatment, whose
names hold "b twelve"), and two slots of one type never take the same value twice.

It is still stricter than Alexa in places and looser in others; the README's Safety section says
what that means for the figures ``make safety-eval`` prints.

Slot values are resolved like Alexa's entity resolution: a value or synonym of the slot type gives
``ER_SUCCESS_MATCH`` with the canonical name and id, anything else ``ER_SUCCESS_NO_MATCH``.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from skill.simulator.classifier import OUT_OF_DOMAIN, Guess, IntentClassifier, tokens
from skill.simulator.loose_values import LooseValues
from skill.simulator.model import InteractionModel, SlotValue
from skill.simulator.phrases import LocalePhrases

FALLBACK_INTENT = "AMAZON.FallbackIntent"
SLOT_REFERENCE = re.compile(r"\{([^{}]+)\}")

Method = Literal["launch", "sample", "built-in", "likely", "near", "fallback", "closest"]
# Stands for any spotted slot value when sentences are compared (no sample can contain it: models
# allow only letters, apostrophes, periods and spaces, and this has an underscore).
SLOT_WORD = "_slot_"
# At most this many words around a slot value are taken as the slot's ("more likely my water pill").
MAX_WORDS_AROUND_VALUE = 3
UNKNOWN_WORD = "_unknown_"  # any word no sample uses, for the classifier
ON_SUBJECT = "=on subject"  # a classifier token: the sentence holds one of the phrases' domain words
NEAR_CHOICES = 5  # near samples weighed for whether their slots take the values heard
MAX_UNKNOWN_VALUE_WORDS = 3  # an unknown slot value longer than this is more likely not a value at all
# How far ahead (in the classifier's decision values) a catch-all intent must be to beat the dedicated
# intent behind it. On the tuning corpora a catch-all ahead by less than this was wrong 30 times in 31.
CATCH_ALL_LEAD = 0.3
# ... and to beat one with a slot for a value heard: on the tuning corpora a topic lead of up to 1.2
# over such an intent was wrong 14 times, right twice (with leads of 1.8 and 2.0).
CATCH_ALL_LEAD_OVER_A_SLOT = 1.0
# Below this probability the classifier has no clear reading (fifty classes share the rest), and a value
# said in other words is better evidence of the intent than its guess: on the tuning corpora the guess
# was right 8 times in 22 there.
UNSURE = 0.2
# How far ahead out-of-domain speech must be to beat an urgent intent behind it. Closer than this, the
# warning sign is taken: on the tuning corpora this reached one more red flag for one false alarm.
URGENT_LEAD = 0.3
# An intent without slots whose samples name a value of one type in at least this share is anchored to
# the values named in at least ANCHOR_TRACE of them (a few samples name another in passing).
ANCHOR_SHARE = 0.8
ANCHOR_TRACE = 0.05


@dataclass(frozen=True)
class FilledSlot:
    """One slot as Alexa sends it: what was heard, and what entity resolution made of it."""

    name: str
    type: str
    value: str | None
    matches: tuple[SlotValue, ...] = ()
    near: bool = False  # resolved only through a near spelling of a value, not the words heard

    @property
    def custom(self) -> bool:
        """Only custom slot types carry entity resolutions; AMAZON.* types send the value alone."""
        return not self.type.startswith("AMAZON.")

    @property
    def resolved(self) -> bool:
        return self.value is None or not self.custom or bool(self.matches)


@dataclass(frozen=True)
class Understanding:
    """What the resolver made of one utterance."""

    intent: str | None
    slots: tuple[FilledSlot, ...] = ()
    launch: bool = False
    method: Method = "sample"
    score: float = 100.0
    matched: str | None = None  # the sample or phrase that matched; for fallback, the nearest one

    def slot(self, name: str) -> FilledSlot | None:
        return next((slot for slot in self.slots if slot.name == name), None)


@dataclass(frozen=True)
class _Pattern:
    """A sample compiled to a regular expression, its slot names in order of appearance."""

    intent: str
    sample: str
    regex: re.Pattern[str]
    slot_names: tuple[str, ...]
    literal_length: int


@dataclass(frozen=True)
class _Candidate:
    """A fuzzy-matching target: a sample with its slot references replaced by SLOT_WORD."""

    intent: str
    text: str
    markers: tuple[tuple[str, str], ...] = ()  # ("slot", name) for each slot reference, in order


@dataclass(frozen=True)
class _Spotted:
    """An utterance with its slot values taken out: the text with SLOT_WORD in their place, and the
    words heard for each, in order."""

    text: str
    values: tuple[str, ...]


class Resolver:
    """Resolves utterances against one locale's interaction model."""

    def __init__(self, model: InteractionModel, phrases: LocalePhrases, near_cutoff: float = 88.0,
                 likely_cutoff: float = 0.2) -> None:
        self.model = model
        self.phrases = phrases
        self.near_cutoff = near_cutoff
        self.likely_cutoff = likely_cutoff
        self._launch = self._compile_launch()
        self._patterns = [pattern for intent in model.intents for sample in intent.samples
                          for pattern in self._compile_sample(intent.name, sample)]
        self._values_by_form = {
            slot_type: self._index_forms(values) for slot_type, values in model.slot_types.items()
        }
        declared = model.intent_names
        self._builtins = {self.normalise(said): intent for intent, phrasings in phrases.builtins.items()
                          if intent in declared for said in phrasings}
        self._function_words = frozenset(self.normalise(word) for word in phrases.function_words)
        self._spotter = self._compile_spotter()
        self._loose = {slot_type: LooseValues(index, phrases.function_words)
                       for slot_type, index in self._values_by_form.items() if not slot_type.startswith("AMAZON.")}
        self._domain = self._any_phrase(phrases.domain_words)
        self._off_subject = self._any_phrase(phrases.off_subject_phrases)
        self._candidates = self._expand_candidates()
        self._candidate_texts = [candidate.text for candidate in self._candidates]
        # The words the samples use, known once training has read them; until then every word counts.
        self._known_words: frozenset[str] | None = None
        # What each sample of an intent without slots names, as training spots it: the anchors' evidence.
        self._named: dict[str, list[tuple[str, ...]]] = {}
        self._classifier = self._train()
        self._anchors = self._value_anchors()
        # What each intent without slots has a sample naming, for the unsure-reading rule.
        self._mentioned = {intent_name: frozenset(self._ids_named(form for forms in samples for form in forms))
                           for intent_name, samples in self._named.items()}
        self._narrower = {slot_type: self._refinements(index) for slot_type, index in self._values_by_form.items()}

    # ---- text normalisation -------------------------------------------------------------------

    def normalise(self, text: str) -> str:
        """Lower case, words only, digits as words, without wake words or polite fillers at the edges."""
        text = text.lower().replace("\u2019", "'")
        text = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", text)
        words = [word.strip("'") for word in re.split(r"[^\w']+", text)]
        words = [self.phrases.numbers.get(word, word) for word in words if word]
        if words and words[0] in self.phrases.wake_words:
            words = words[1:]
        while words and words[0] in self.phrases.edge_fillers:
            words = words[1:]
        while words and words[-1] in self.phrases.edge_fillers:
            words = words[:-1]
        return " ".join(words)

    # ---- compiling the model ------------------------------------------------------------------

    def _any_phrase(self, phrases: Iterable[str]) -> re.Pattern[str] | None:
        """Any of ``phrases`` (normalised) as whole words, longest first; None for no phrases."""
        forms = sorted((self.normalise(phrase) for phrase in phrases), key=len, reverse=True)
        return re.compile(rf"(?<!\S)(?:{'|'.join(map(re.escape, forms))})(?!\S)") if forms else None

    def _index_forms(self, values: tuple[SlotValue, ...]) -> dict[str, tuple[SlotValue, ...]]:
        """Normalised value or synonym -> the values it names (Alexa returns all when one is shared)."""
        index: dict[str, tuple[SlotValue, ...]] = {}
        for value in values:
            for form in dict.fromkeys(self.normalise(form) for form in value.spoken_forms):
                index[form] = (*index.get(form, ()), value)
        return index

    def _compile_launch(self) -> re.Pattern[str]:
        def alternatives(words: tuple[str, ...]) -> str:
            return "|".join(re.escape(self.normalise(word)) for word in sorted(words, key=len, reverse=True))

        name = re.escape(self.normalise(self.model.invocation_name))
        connectors = alternatives(self.phrases.launch_connectors)
        connector = rf"(?:(?P<connector>{connectors})(?: |$))?" if connectors else ""
        return re.compile(rf"^(?:{alternatives(self.phrases.launch_verbs)}) (?:the )?{name}(?: |$){connector}(?P<rest>.*)$")

    def _compile_sample(self, intent: str, sample: str) -> list[_Pattern]:
        """A non-greedy and a greedy reading, so two adjacent slots can split either way."""
        parts = SLOT_REFERENCE.split(sample)
        literals = [self.normalise(part) for part in parts[0::2]]
        slot_names = tuple(parts[1::2])
        patterns = []
        for capture in (r"(.+?)", r"(.+)") if slot_names else ("",):
            pieces = [re.escape(literals[0])] if literals[0] else []
            for literal in literals[1:]:
                pieces += [capture, re.escape(literal)] if literal else [capture]
            regex = re.compile("^" + " ".join(pieces) + "$")
            patterns.append(_Pattern(intent, sample, regex, slot_names, sum(map(len, literals))))
        return patterns

    def _compile_spotter(self) -> dict[tuple[str, ...], int]:
        """Every value and synonym of the model's custom slot types, as word tuples, with the longest
        form's length in words (how far ``spot`` has to look from each word)."""
        forms = {tuple(form.split()) for slot_type, index in self._values_by_form.items()
                 if not slot_type.startswith("AMAZON.") for form in index if form}
        return {form: len(form) for form in forms}

    def spot(self, text: str) -> _Spotted:
        """``text`` (normalised) with each slot value it contains replaced by SLOT_WORD.

        The longest values are taken first wherever they start, so "my vitamin b twelve pills" is the
        one value "b twelve pills", not "vitamin b twelve" followed by a stray "pills"."""
        words = text.split()
        if not self._spotter or not words:
            return _Spotted(text, ())
        longest = max(self._spotter.values())
        found = [(size, start) for start in range(len(words))
                 for size in range(min(longest, len(words) - start), 0, -1)
                 if tuple(words[start:start + size]) in self._spotter]
        taken: list[tuple[int, int]] = []
        used = [False] * len(words)
        function = self._function_words
        # Longest first; of two as long, the one with more words of its own ("b twelve shot", not "my b
        # twelve" in "my b twelve shot"), then the first.
        def rank(item: tuple[int, int]) -> tuple[int, int, int]:
            size, start = item
            return -size, -sum(word not in function for word in words[start:start + size]), start
        for size, start in sorted(found, key=rank):
            if not any(used[start:start + size]):
                taken.append((start, size))
                used[start:start + size] = [True] * size
        taken.sort()
        values = tuple(" ".join(words[start:start + size]) for start, size in taken)
        out: list[str] = []
        position = 0
        for start, size in taken:
            out += [*words[position:start], SLOT_WORD]
            position = start + size
        out += words[position:]
        return _Spotted(" ".join(out), values)

    def _expand_candidates(self) -> list[_Candidate]:
        """Every sample as the comparison sees it, each distinct text once (the first sample to say it
        wins), then the built-in phrasings. A sample's slot references become SLOT_WORD; its own words
        stay words, so "what is b twelve" stays itself and "what is {topic}" stands for any topic."""
        candidates: dict[str, _Candidate] = {}
        for intent in self.model.intents:
            for sample in intent.samples:
                parts = SLOT_REFERENCE.split(sample)
                words = [SLOT_WORD if index % 2 else self.normalise(part) for index, part in enumerate(parts)]
                text = " ".join(" ".join(words).split())
                markers = tuple(("slot", name) for name in parts[1::2])
                candidates.setdefault(text, _Candidate(intent.name, text, markers))
        for said, intent in self._builtins.items():
            candidates.setdefault(said, _Candidate(intent, said))
        return list(candidates.values())

    def _readings(self, text: str) -> tuple[_Spotted, ...]:
        """What was said as heard, and (when it holds any) with its slot values taken out."""
        spotted = self.spot(text)
        return (_Spotted(text, ()), spotted) if spotted.values else (spotted,)

    @staticmethod
    def _refinements(index: dict[str, tuple[SlotValue, ...]]) -> dict[str, frozenset[str]]:
        """Value id -> the ids of the values it narrows: one of its names holds a name of theirs ("lifelong
        b twelve" narrows "b twelve"), so said together they are one question about the narrower value."""
        narrows: dict[str, set[str]] = {}
        for form, values in index.items():
            inner = {value.id for run in _inner_runs(form) for value in index.get(run, ())}
            for value in values:
                narrows.setdefault(value.id, set()).update(inner - {value.id})
        return {id_: frozenset(ids) for id_, ids in narrows.items()}

    def _narrowing(self, values: list[str], forms: dict[str, tuple[SlotValue, ...]], slot_type: str) -> list[int]:
        """For each of ``values`` (of one slot type), how many of the others it narrows."""
        narrower = self._narrower.get(slot_type, {})
        said = [_ids(forms[value]) for value in values]
        def narrows(index: int) -> int:
            own = set().union(*(narrower.get(id_, frozenset()) for id_ in said[index]))
            return sum(bool(own & other) for position, other in enumerate(said) if position != index)
        return [narrows(index) for index in range(len(values))]

    def _narrowest(self, values: list[str], forms: dict[str, tuple[SlotValue, ...]], slot_type: str) -> str:
        """Of ``values`` (of one slot type), the one that narrows most of the others, first said of those:
        "is b twelve treatment for life" asks about lifelong treatment, not about B12 in general."""
        counts = self._narrowing(values, forms, slot_type)
        return values[max(range(len(values)), key=lambda index: (counts[index], -index))]

    def _fill_from(self, candidate: _Candidate, spotted: _Spotted, within: bool = False) -> tuple[FilledSlot, ...]:
        """The chosen sample's slots filled with the values spotted in what was said, in order, each
        going to the next slot whose type knows it; ``within`` a value of another type, a value of the
        slot's type it holds (for the classifier's reading, not to make a near sample fit)."""
        remaining = list(spotted.values)
        intent = self.model.intent(candidate.intent)
        slot_types = intent.slots if intent else {}
        heard: dict[str, str] = {}
        named: dict[str, set[str]] = {}  # slot type -> the value ids its slots took so far
        places = Counter(slot_types.get(name, "") for kind, name in candidate.markers if kind == "slot")
        for kind, name in candidate.markers:
            if kind != "slot" or name in heard:
                continue
            slot_type = slot_types.get(name, "")
            forms = self._values_by_form.get(slot_type, {})
            taken = named.setdefault(slot_type, set())
            if places[slot_type] == 1:  # one place for several values: the narrowest takes it
                known = [said for said in remaining if said in forms]
                if len(known) > 1:
                    first = self._narrowest(known, forms, slot_type)
                    remaining = [first, *(said for said in remaining if said != first)]
            # Two names for one value ("overdoing it at the gym") are one value said twice, not both
            # sides of "is it X or Y": a second slot of the type waits for a value the first did not take.
            found = next(((said, inner) for said in remaining
                          if (inner := _known_within(said, forms) if within else said if said in forms else None)
                          and not _ids(forms[inner]) <= taken), None)
            if found is not None:
                said, inner = found
                heard[name] = inner
                taken.update(_ids(forms[inner]))
                remaining.remove(said)
        return self._slots(candidate.intent, heard)

    def _value_tokens(self, values: tuple[str, ...], fillable: bool = True) -> list[str]:
        """One token per (slot type, value id) that each spotted form can mean, which tells "what is
        b twelve" from "what is {topic}"; and, for what was said (``fillable``), one per slot type, which
        says which slots a value could fill ("does {remedy} help"). A sample's own words are no slot,
        so they give only the first kind: "can too much b twelve cause cramps" must not teach its intent
        that any cause goes there."""
        found: list[str] = []
        for form in values:
            for slot_type, index in self._values_by_form.items():
                matches = index.get(form, ())
                if matches and fillable:
                    found.append(f"={slot_type}")
                found += [f"={slot_type}:{value.id}" for value in matches]
        return found

    def _features(self, text: str) -> tuple[_Spotted, list[str]]:
        """The classifier's tokens: a word no sample uses becomes UNKNOWN_WORD (so out-of-domain speech,
        full of words the skill never heard, looks like the out-of-domain examples, not a weak match)."""
        spotted = self.spot(text)
        known = self._known_words
        words = [self._known_form(word, known) for word in spotted.text.split()]
        return spotted, tokens(words, [*self._value_tokens(spotted.values), *self._subject(text)])

    @staticmethod
    def _known_form(word: str, known: frozenset[str] | None) -> str:
        """The word, or its stem before "'s" when only that is known ("my urine's dark" says "urine"), or
        UNKNOWN_WORD."""
        if known is None or word in known:
            return word
        if word.endswith("'s") and word[:-2] in known:
            return word[:-2]
        return UNKNOWN_WORD

    def _subject(self, text: str) -> list[str]:
        """ON_SUBJECT when a word says the sentence is about the skill's subject ("cramp"): the classifier
        learns which intents need one, so "what causes headaches" is not "what causes leg cramps"."""
        if self._domain is None:
            return []
        text = re.sub(r"'s(?!\S)", "", text)  # "my leg's seizing up", "my stomach's cramping"
        if self._off_subject is not None:  # "period cramps" are no leg cramps
            text = self._off_subject.sub(" ", text)
        return [ON_SUBJECT] if self._domain.search(text) else []

    def _train(self) -> IntentClassifier:
        """The classifier, trained on every sample (slot references as their type's token), the
        built-in phrasings, and the out-of-domain examples."""
        examples: list[tuple[str, list[str]]] = []
        for intent in self.model.intents:
            for sample in intent.samples:
                parts = SLOT_REFERENCE.split(sample)
                words: list[str] = []
                values: list[str] = []
                said: list[str] = []  # the sample's own words, for the subject token
                for index, part in enumerate(parts):
                    if index % 2:
                        words.append(SLOT_WORD)
                        values.append(f"={intent.slots.get(part, '')}")
                        continue
                    said.append(self.normalise(part))
                    literal = self.spot(said[-1])
                    words += literal.text.split()
                    values += self._value_tokens(literal.values, fillable=False)
                    if not intent.slots:
                        self._named.setdefault(intent.name, []).append(literal.values)
                examples.append((intent.name, tokens(words, [*values, *self._subject(" ".join(said))])))
        for said, intent in self._builtins.items():
            examples.append((intent, self._features(said)[1]))
        self._known_words = frozenset(token for _, features in examples for token in features if " " not in token)
        if FALLBACK_INTENT in self.model.intent_names:
            examples += [(OUT_OF_DOMAIN, self._features(self.normalise(said))[1]) for said in self.phrases.out_of_domain]
        return IntentClassifier(examples)

    def _likely(self, text: str) -> Understanding | None:
        """The classifier's intent, when it is confident and not out of domain; its slots take the
        spotted values in the order the intent declares them."""
        spotted, features = self._features(text)
        on_subject = ON_SUBJECT in features
        ranked = self._classifier.ranked(features, exclude={OUT_OF_DOMAIN} if on_subject else ())
        ranked = [guess for guess in ranked if not self._contradicted(guess.intent, spotted)] or ranked
        guess = self._prefer_dedicated(ranked, spotted)
        guess = self._prefer_urgent(ranked, guess)
        if on_subject and guess is not None and guess.confidence < UNSURE:
            guess = self._prefer_a_slot_for_what_was_said(ranked, guess, spotted)
        if guess is None or guess.intent == OUT_OF_DOMAIN:
            return None
        if not on_subject and guess.confidence < self.likely_cutoff and not self._a_warning_sign(ranked, guess):
            return None
        intent = self.model.intent(guess.intent)
        markers = tuple(("slot", name) for name in (intent.slots if intent else ()))
        slots = self._fill_loosely(self._fill_from(_Candidate(guess.intent, text, markers), spotted, within=True), spotted)
        return Understanding(guess.intent, _in_order_said(slots, text), method="likely",
                             score=round(100 * guess.confidence, 1))

    def _value_anchors(self) -> dict[str, dict[str, frozenset[str]]]:
        """Intent -> slot type -> the value ids its samples name, for intents without slots whose samples
        nearly all name a value of that type: the B12 injection warning signs always name B12
        injections, the pre-eclampsia signs a pregnancy."""
        anchors: dict[str, dict[str, frozenset[str]]] = {}
        # A catch-all's slot type names everything ("my b twelve level" is a topic), so it anchors nothing.
        broad = {slot_type for name in self.phrases.catch_all_intents if (found := self.model.intent(name))
                 for slot_type in found.slots.values()}
        for intent_name, samples in self._named.items():
            named: dict[str, Counter[str]] = {}
            samples_naming: Counter[str] = Counter()
            for forms in samples:
                by_type: dict[str, set[str]] = {}
                for form in forms:
                    for slot_type, index in self._values_by_form.items():
                        by_type.setdefault(slot_type, set()).update(value.id for value in index.get(form, ()))
                for slot_type, ids in by_type.items():
                    if ids:
                        samples_naming[slot_type] += 1
                        named.setdefault(slot_type, Counter()).update(ids)
            total = len(samples)
            anchors[intent_name] = {
                slot_type: frozenset(id_ for id_, count in named[slot_type].items() if count >= ANCHOR_TRACE * total)
                for slot_type, count in samples_naming.items() if count >= ANCHOR_SHARE * total and slot_type not in broad}
        return anchors

    def _contradicted(self, intent: str, spotted: _Spotted) -> bool:
        """Whether what was said names values of an anchored type and none of the intent's own: "since i
        started my blood pressure pills my legs cramp" is no B12 injection warning sign."""
        for slot_type, own in self._anchors.get(intent, {}).items():
            index = self._values_by_form.get(slot_type, {})
            said = {value.id for form in spotted.values for value in index.get(form, ())}
            if said and not said & own:
                return True
        return False

    def _prefer_dedicated(self, ranked: list[Guess], spotted: _Spotted) -> Guess | None:
        """The classifier's first choice, unless it is a catch-all intent only just ahead of the intent
        behind it; further ahead still when that intent has a slot for a value heard ("any remedies
        for cramps in late pregnancy" is the treatment of a cause, not the topic pregnancy)."""
        if not ranked:
            return None
        first = ranked[0]
        if first.intent not in self.phrases.catch_all_intents or len(ranked) < 2 or ranked[1].intent == OUT_OF_DOMAIN:
            return first
        runner_up = ranked[1]
        said = {slot_type for slot_type, index in self._values_by_form.items()
                if any(value in index for value in spotted.values)}
        lead = CATCH_ALL_LEAD_OVER_A_SLOT if self._has_a_slot(runner_up.intent, said) else CATCH_ALL_LEAD
        return runner_up if first.margin - runner_up.margin < lead else first

    def _prefer_urgent(self, ranked: list[Guess], guess: Guess | None) -> Guess | None:
        """Out-of-domain speech only just ahead of an urgent intent is taken as the warning sign ("my
        grandma was stuck in a hot car and now she's muddled"): a needless warning costs less than a
        missed one."""
        if guess is None or guess.intent != OUT_OF_DOMAIN or len(ranked) < 2:
            return guess
        runner_up = ranked[1]
        urgent_and_close = self._urgent(runner_up.intent) and guess.margin - runner_up.margin < URGENT_LEAD
        return runner_up if urgent_and_close else guess

    def _a_warning_sign(self, ranked: list[Guess], guess: Guess) -> bool:
        """Whether the classifier's first reading is urgent and, taken with an urgent second, sure enough:
        "i just fainted" is fainting (chest) or a stroke sign, each too unsure alone to pass the cutoff,
        together clearly a warning sign. (With the third reading too, two more everyday complaints
        became false alarms and no more warning signs were reached.)"""
        if not self._urgent(guess.intent) or not ranked or ranked[0].intent != guess.intent:
            return False
        first_two = ranked[:2]
        return sum(other.confidence for other in first_two if self._urgent(other.intent)) >= self.likely_cutoff

    def _urgent(self, intent: str) -> bool:
        prefix = self.phrases.urgent_intent_prefix
        return prefix is not None and intent.startswith(prefix)

    def _prefer_a_slot_for_what_was_said(self, ranked: list[Guess], guess: Guess, spotted: _Spotted) -> Guess:
        """For a sentence about cramps the classifier has no clear reading of, which names a value, word
        for word or in other words ("so i cycle to work and back every day and ..."): the likeliest
        intent with a slot for that value, unless the guess has one already, or its samples name that
        value (the B12 injection questions name B12 injections), or it is urgent. (Trading urgent
        readings under 7% for the cause heard gained two phrasings in 4,927 and, at 10%, lost a cramp
        that will not stop: not worth a missed warning sign.)"""
        if self._urgent(guess.intent):
            return guess
        words = spotted.text.split()
        said = {slot_type for slot_type, loose in self._loose.items() if loose.find(words) is not None}
        said |= {slot_type for slot_type, index in self._values_by_form.items()
                 if any(value in index for value in spotted.values)}
        if not said or self._has_a_slot(guess.intent, said) or self._names_a_value_of(guess.intent, spotted):
            return guess
        return next((other for other in ranked if other.intent not in self.phrases.catch_all_intents
                     and other.intent != OUT_OF_DOMAIN and self._has_a_slot(other.intent, said)), guess)

    def _names_a_value_of(self, intent_name: str, spotted: _Spotted) -> bool:
        """Whether some sample of the (slotless) intent names one of the values spotted."""
        return not self._mentioned.get(intent_name, frozenset()).isdisjoint(self._ids_named(spotted.values))

    def _ids_named(self, forms: Iterable[str]) -> set[str]:
        """The value ids, of any slot type, that these spotted forms name."""
        return {value.id for form in forms for index in self._values_by_form.values() for value in index.get(form, ())}

    def _has_a_slot(self, intent_name: str, slot_types: set[str]) -> bool:
        """Whether the intent has a slot of one of ``slot_types``."""
        intent = self.model.intent(intent_name)
        return intent is not None and not slot_types.isdisjoint(intent.slots.values())

    def _fill_loosely(self, slots: tuple[FilledSlot, ...], spotted: _Spotted) -> tuple[FilledSlot, ...]:
        """Slots the spotted values left empty, filled from values said in other word forms
        (``skill.simulator.loose_values``), each from words no other slot took."""
        words = spotted.text.split()
        taken: set[int] = set()
        named: dict[str, set[str]] = {}  # slot type -> value ids already in a slot
        for slot in slots:
            named.setdefault(slot.type, set()).update(_ids(slot.matches))
        filled = []
        for slot in slots:
            loose = self._loose.get(slot.type) if slot.value is None else None
            found = loose.find(words, taken) if loose else None
            # A value another slot of the type holds already is that value again: look past it.
            while found is not None and _ids(self._values_by_form[slot.type][found.form]) <= named[slot.type]:
                taken.update(range(found.start, found.end + 1))
                found = loose.find(words, taken)
            if found is None:
                filled.append(slot)
                continue
            taken.update(range(found.start, found.end + 1))
            heard = " ".join(words[found.start:found.end + 1])
            matches = self._values_by_form[slot.type][found.form]
            named[slot.type].update(_ids(matches))
            filled.append(FilledSlot(slot.name, slot.type, heard, matches, near=True))
        return tuple(filled)

    # ---- resolving ----------------------------------------------------------------------------

    def understand(self, utterance: str) -> Understanding:
        """Resolve one utterance; a launch phrase marks the result as starting a new session."""
        text = self.normalise(utterance)
        launch = self._launch.match(text)
        if launch is None:
            return self._resolve_request(text)
        rest = launch["rest"].strip()
        if not rest and not launch["connector"]:
            return Understanding(intent=None, launch=True, method="launch", matched=text)
        readings = [rest] if not launch["connector"] else [f"{launch['connector']} {rest}".strip(), rest]
        best = max((self._resolve_request(reading) for reading in readings if reading), key=_rank,
                   default=self._fallback())
        return Understanding(best.intent, best.slots, True, best.method, best.score, best.matched)

    def _resolve_request(self, text: str) -> Understanding:
        on_subject = bool(self._subject(text))
        exact = [self._fill(pattern, match, on_subject) for pattern in self._patterns
                 if (match := pattern.regex.match(text))]
        exact.sort(key=lambda found: (all(slot.resolved for slot in found[0].slots),
                                      not any(slot.near for slot in found[0].slots), found[1]), reverse=True)
        if exact and all(slot.resolved for slot in exact[0][0].slots):
            return exact[0][0]
        if text in self._builtins:
            intent = self._builtins[text]
            return Understanding(intent, self._slots(intent, {}), method="built-in", matched=text)
        unresolved = [found for found, literal_length in exact if literal_length > 0]
        readings = self._readings(text)
        near = max((self._near(reading) for reading in readings), key=lambda found: found.score)
        if near.method == "near" and not unresolved:
            # "what's the cricket score" is near "what's {topic}" with a sport for a topic; off the skill's
            # subject, a catch-all's near sample stands only if the classifier reads the skill's domain.
            off_subject = near.intent in self.phrases.catch_all_intents and not on_subject
            falls_back = (off_subject and FALLBACK_INTENT in self.model.intent_names
                          and self._likely(text) is None)
            return self._fallback_from(near) if falls_back else near
        likely = self._likely(text)
        # A sample that matched word for word but heard no known value ("can moon dust cause cramps")
        # stands when the classifier reads the same intent, or when what filled the slot is as short as
        # a name and either the classifier has no reading, or another slot of the sample heard a known
        # value, or the classifier is unsure of its reading (for Alexa too a sample said word for word
        # outweighs a weak guess). A longer stretch ("what are the symptoms of flu" is no "what are
        # {topic}") is for the classifier, and so is "is it restless legs or a cramp", where no slot of
        # "is it {a} or {b}" heard a value.
        if unresolved:
            found = unresolved[0]
            short = all(len((slot.value or "").split()) <= MAX_UNKNOWN_VALUE_WORDS
                        for slot in found.slots if not slot.resolved)
            heard_a_value = any(slot.value and slot.resolved for slot in found.slots)
            if likely is not None and likely.intent == found.intent:
                return found
            unsure = likely is not None and likely.score < 100 * UNSURE
            # Off the skill's subject with no value heard ("tell me about vitamin a", "what's the
            # difference between a cold and the flu"), a sample's shape alone is no reading.
            shape_only = likely is None and not heard_a_value and not on_subject
            if short and (likely is None or heard_a_value or unsure) and not shape_only:
                return found
        return likely or near

    def _fill(self, pattern: _Pattern, match: re.Match[str], on_subject: bool) -> tuple[Understanding, int]:
        heard = dict(zip(pattern.slot_names, match.groups()))
        # A bare "{cause}" sample says nothing about where the value is; and a catch-all's slot said off
        # the skill's subject is taken whole ("what are the best running shoes" holds "running" but asks
        # about shoes).
        off_subject = pattern.intent in self.phrases.catch_all_intents and not on_subject
        if pattern.literal_length and not off_subject:
            heard = {name: self._value_within(pattern.intent, name, said) for name, said in heard.items()}
        slots = self._slots(pattern.intent, heard)
        return Understanding(pattern.intent, slots, matched=pattern.sample), pattern.literal_length

    def _value_within(self, intent_name: str, slot_name: str, said: str) -> str:
        """What a slot heard: the words captured, or, when they are no value of the slot's type but hold
        one ("more likely my water pill"), that value, as a statistical slot filler would take it."""
        intent = self.model.intent(intent_name)
        slot_type = intent.slots.get(slot_name, "") if intent else ""
        forms = self._values_by_form.get(slot_type, {})
        if not forms or said in forms:
            return said
        inner = [value for value in self.spot(said).values if value in forms]
        if not inner:
            return said
        counts = self._narrowing(inner, forms, slot_type)
        best = max(range(len(inner)), key=lambda index: (counts[index], len(inner[index])))
        value = inner[best]
        # One value among other words is the value ("cramps that come from a b twelve deficiency"), as a
        # statistical slot filler would tag it, and so are two names for it ("the long runs at the gym") or
        # a value with the broader ones it narrows ("the daily amount of vitamin b twelve"); two values
        # or more are otherwise for a reading with more slots to split.
        one_value = (len({frozenset(_ids(forms[found])) for found in inner}) == 1
                     or counts[best] == len(inner) - 1)
        if one_value or len(said.split()) - len(value.split()) <= MAX_WORDS_AROUND_VALUE:
            return value
        return said

    def _slots(self, intent_name: str, heard: dict[str, str]) -> tuple[FilledSlot, ...]:
        """Every slot the intent declares, as Alexa lists them: resolved where heard, empty otherwise."""
        intent = self.model.intent(intent_name)
        declared = intent.slots.items() if intent else ()
        return tuple(self._resolve_slot(name, slot_type, heard.get(name)) for name, slot_type in declared)

    def _resolve_slot(self, name: str, slot_type: str, heard: str | None) -> FilledSlot:
        """Entity resolution: exact value or synonym first, then a near spelling of one, else no match."""
        if heard is None:
            return FilledSlot(name, slot_type, None)
        forms = self._values_by_form.get(slot_type, {})
        if heard in forms or not forms:
            return FilledSlot(name, slot_type, heard, forms.get(heard, ()))
        near = process.extractOne(heard, forms.keys(), scorer=fuzz.ratio, score_cutoff=self.near_cutoff)
        if near is None:
            return FilledSlot(name, slot_type, heard)
        return FilledSlot(name, slot_type, near[0], forms[near[0]], near=True)

    def _near(self, spotted: _Spotted) -> Understanding:
        """Nearest sample or built-in phrase; fallback below the cutoff (or the closest if no fallback).

        Among samples about as near, one whose slots take the values heard wins: "can low b twelve cause
        cramps" is not "can {remedy} ease cramps", however alike the two look with the values out."""
        ranked = process.extract(spotted.text, self._candidate_texts, scorer=fuzz.ratio, limit=NEAR_CHOICES)
        if not ranked:
            return self._fallback()
        fitting = [found for found in ranked if self._fits(self._candidates[found[2]], spotted)]
        best = fitting[0] if fitting else ranked[0]
        candidate = self._candidates[best[2]]
        if (best[1] < self.near_cutoff or not fitting) and FALLBACK_INTENT in self.model.intent_names:
            return Understanding(FALLBACK_INTENT, method="fallback", score=round(best[1], 1),
                                 matched=candidate.text)
        method: Method = "near" if best[1] >= self.near_cutoff and fitting else "closest"
        return Understanding(candidate.intent, self._fill_from(candidate, spotted), method=method,
                             score=round(best[1], 1), matched=candidate.text)

    def _fits(self, candidate: _Candidate, spotted: _Spotted) -> bool:
        """Whether each of the candidate's slot places can take one of the values heard (in a sentence
        with as many values as places, every value must find its place)."""
        places = [name for kind, name in candidate.markers if kind == "slot"]
        if len(places) != len(spotted.values):
            return not places  # a slot sample needs its values; a plain one is compared as words
        filled = self._fill_from(candidate, spotted)
        return all(slot.value is not None for slot in filled if slot.name in places)

    def _fallback_from(self, near: Understanding) -> Understanding:
        """The fallback, naming the near sample it passed over."""
        return Understanding(FALLBACK_INTENT, method="fallback", score=near.score, matched=near.matched)

    def _fallback(self) -> Understanding:
        """Nothing to compare with (no samples at all, or nothing said after the invocation name)."""
        return Understanding(FALLBACK_INTENT, method="fallback", score=0.0)


def _ids(values: Iterable[SlotValue]) -> set[str]:
    return {value.id for value in values}


def _known_within(said: str, forms: dict[str, tuple[SlotValue, ...]]) -> str | None:
    """``said`` when the slot type knows it; else the longest run of its words the type knows: "b twelve
    levels" is a topic, and holds the cause "b twelve"; None when no part of it is a value of the type."""
    if said in forms:
        return said
    return next((run for run in _inner_runs(said) if run in forms), None)


def _inner_runs(text: str) -> Iterator[str]:
    """Every run of ``text``'s words shorter than the whole, longest first, then left to right."""
    words = text.split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            yield " ".join(words[start:start + size])


def _in_order_said(slots: tuple[FilledSlot, ...], text: str) -> tuple[FilledSlot, ...]:
    """Slots of one type take their values in the order they were said: a value found in other words
    (filled after the ones said word for word) must not jump ahead ("sport or minerals": sport first)."""
    by_type: dict[str, list[int]] = {}
    for index, slot in enumerate(slots):
        by_type.setdefault(slot.type, []).append(index)
    ordered = list(slots)
    for places in by_type.values():
        filled = [index for index in places if slots[index].value is not None]
        if len(filled) < 2:
            continue
        said = sorted((slots[index] for index in filled), key=lambda slot: _position(slot.value or "", text))
        for index, slot in zip(filled, said):
            ordered[index] = FilledSlot(slots[index].name, slot.type, slot.value, slot.matches, slot.near)
    return tuple(ordered)


def _position(value: str, text: str) -> int:
    """Where ``value`` was said in ``text`` (words), or after everything when not found word for word."""
    found = f" {text} ".find(f" {value} ")
    return found if found >= 0 else len(text) + 1


_METHOD_RANK: dict[str, int] = {"sample": 6, "built-in": 5, "near": 4, "likely": 3, "closest": 2, "fallback": 1,
                                "launch": 0}


def _rank(found: Understanding) -> tuple[int, bool, bool, float]:
    """Orders two readings of a one-shot request: resolved exact beats near beats fallback, and slot
    words heard exactly beat words resolved through a near spelling ("whether b twelve" is not
    "extra b twelve" when "b twelve" alone is a value)."""
    return (_METHOD_RANK[found.method], all(slot.resolved for slot in found.slots),
            not any(slot.near for slot in found.slots), found.score)
