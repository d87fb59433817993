"use strict";
// Conversations driven by Bespoken's virtual-alexa, an Alexa client nobody on this project wrote,
// against the served endpoint (development mode, on loopback) with the project's interaction model.
// It checks that our model and our endpoint agree with another implementation of Alexa's side.
//
// Run through ./run.sh, which starts the server and sets:
//   SKILL_URL      the endpoint, e.g. http://127.0.0.1:8123/
//   EXPECTED_JSON  expected wording by key (written by expected_text.py), so no answer is copied here
//   MODEL_FILE     the interaction model (default: interaction_models/en-US.json)
//
// virtual-alexa's limits (see README, Talking to the skill) shape these tests: it reads "ask",
// "open", "launch", "tell" and "talk to" anywhere in an utterance as a launch, so such utterances
// go through intend(); custom slot types are closed lists and there is no fallback, so unmatched
// values and nonsense go through intend() too.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { test } = require("node:test");
const { VirtualAlexa } = require("virtual-alexa");

const SKILL_URL = process.env.SKILL_URL;
const MODEL_FILE = process.env.MODEL_FILE || path.join(__dirname, "..", "..", "interaction_models", "en-US.json");
assert.ok(SKILL_URL, "set SKILL_URL to the endpoint (run.sh does)");
assert.ok(process.env.EXPECTED_JSON, "set EXPECTED_JSON to expected_text.py's output (run.sh does)");
const EXPECTED = JSON.parse(fs.readFileSync(process.env.EXPECTED_JSON, "utf8"));
const MODEL = JSON.parse(fs.readFileSync(MODEL_FILE, "utf8")).interactionModel.languageModel;
const APPLICATION_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000";
const LAUNCH_WORDS = /ask|open|launch|tell|talk to/;
// virtual-core strips punctuation such as the period of "b. twelve" from what is said but not from the
// samples, so a sample with any of it can never be matched by saying it. Braces are left out: they mark
// the slots, which are filled before the sample is said.
const STRIPPED = /[!"?#$%\/()=+\-_<>*.,;:]/;

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" };

function flat(text) {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/** What the listener hears: tags dropped, entities decoded. */
function heard(reply) {
  const ssml = reply.prompt() || "";
  return flat(ssml.replace(/<[^>]+>/g, " ").replace(/&(amp|lt|gt|quot|apos);/g, (entity) => ENTITIES[entity]));
}

/** "medications.short", "causes_overview.more.0", "medications.treatment.short" -> the data's text. */
function knowledge(reference) {
  const [id, ...rest] = reference.split(".");
  let answer = EXPECTED.knowledge[id];
  assert.ok(answer, `no knowledge entry ${id}`);
  let keys = rest;
  if (keys[0] === "treatment") {
    answer = answer.treatment;
    keys = keys.slice(1);
  }
  return keys[0] === "short" ? answer.short : answer.more[Number(keys[1])];
}

function expectKnowledge(reply, reference) {
  assert.ok(heard(reply).includes(flat(knowledge(reference))), `${reference} not in: ${heard(reply)}`);
}

/** Every fixed part of the template is heard; its {fields} match anything. */
function templateHeard(template, speech) {
  return template.split(/\{[^{}]*\}/).filter((piece) => piece.trim()).every((piece) => speech.includes(flat(piece)));
}

/** Some phrasing of the prompt key is heard. */
function expectPrompt(reply, key) {
  const variants = EXPECTED.prompts[key];
  assert.ok(variants, `no prompt ${key}`);
  assert.ok(variants.some((variant) => templateHeard(variant, heard(reply))), `no phrasing of ${key} in: ${heard(reply)}`);
}

/** The checklist's words for the key are heard. */
function expectChecklist(reply, key) {
  const text = EXPECTED.checklist[key];
  assert.ok(text, `no checklist text ${key}`);
  assert.ok(templateHeard(text, heard(reply)), `checklist ${key} not in: ${heard(reply)}`);
}

function expectOpen(reply) {
  assert.equal(reply.response.shouldEndSession, false, `session should stay open after: ${heard(reply)}`);
  assert.ok(reply.reprompt(), "an open session needs a reprompt");
}

function expectEnded(reply) {
  assert.equal(reply.response.shouldEndSession, true, `session should end after: ${heard(reply)}`);
}

/** One virtual device talking to the endpoint; keeps every request it sent and every reply. */
class Talk {
  constructor() {
    this.sent = [];
    this.replies = [];
    this.alexa = VirtualAlexa.Builder()
      .skillURL(SKILL_URL)
      .interactionModelFile(MODEL_FILE)
      .applicationID(APPLICATION_ID)
      .locale("en-US")
      .create();
    this.alexa.filter((request) => { this.sent.push(structuredClone(request)); });
  }

  async launch() {
    return this.record(await this.alexa.launch());
  }

  async say(utterance) {
    assert.doesNotMatch(utterance, LAUNCH_WORDS, "virtual-alexa would read this as a launch; use intend()");
    return this.record(await this.alexa.utter(utterance));
  }

  async intend(intent, slots) {
    return this.record(await this.alexa.intend(intent, slots));
  }

  get request() {
    return this.sent[this.sent.length - 1].request;
  }

  get session() {
    return this.sent[this.sent.length - 1].session;
  }

  record(reply) {
    this.replies.push(reply);
    assert.equal(this.sent.length, this.replies.length, "one request per turn");
    const apology = EXPECTED.apology;
    assert.ok(!heard(reply).includes(flat(apology)), `the skill failed on ${JSON.stringify(this.request)}`);
    return reply;
  }

  /** Alexa hands each response's sessionAttributes back on the next request of the same session. */
  expectAttributesCarried() {
    for (let turn = 1; turn < this.sent.length; turn += 1) {
      if (this.sent[turn].session.new) continue;
      assert.deepEqual(this.sent[turn].session.attributes, this.replies[turn - 1].sessionAttributes,
        `turn ${turn + 1} did not get the attributes of turn ${turn}`);
    }
  }
}

function resolution(slot) {
  return slot.resolutions.resolutionsPerAuthority[0];
}

test("launch, a question, tell me more, where it comes from, repeat, stop", async () => {
  const talk = new Talk();
  let reply = await talk.launch();
  assert.equal(talk.request.type, "LaunchRequest");
  expectPrompt(reply, "launch.disclaimer");
  expectOpen(reply);

  reply = await talk.say("what causes leg cramps");
  assert.equal(talk.request.intent.name, "CausesOverviewIntent");
  expectKnowledge(reply, "causes_overview.short");
  expectOpen(reply);

  reply = await talk.intend("TellMeMoreIntent"); // "tell me more" holds a launch word for virtual-alexa
  expectKnowledge(reply, "causes_overview.more.0");
  expectOpen(reply);

  reply = await talk.say("where does that come from");
  assert.equal(talk.request.intent.name, "SourceIntent");
  assert.ok(heard(reply).includes(flat(EXPECTED.knowledge.causes_overview.sources[0])), heard(reply));
  expectOpen(reply);

  reply = await talk.say("repeat");
  assert.equal(talk.request.intent.name, "AMAZON.RepeatIntent");
  expectKnowledge(reply, "causes_overview.more.0");

  reply = await talk.say("stop");
  assert.equal(talk.request.intent.name, "AMAZON.StopIntent");
  expectPrompt(reply, "goodbye.speech");
  expectEnded(reply);
  assert.equal(talk.sent.filter((request) => request.session.new).length, 1, "one session throughout");
  talk.expectAttributesCarried();
});

test("a cause said by a synonym resolves to its canonical id, and its answer and treatment follow", async () => {
  const talk = new Talk();
  let reply = await talk.say("can water pills cause leg cramps");
  const slot = talk.request.intent.slots.cause;
  assert.equal(talk.request.intent.name, "CauseIntent");
  assert.equal(slot.value, "water pills");
  assert.equal(resolution(slot).status.code, "ER_SUCCESS_MATCH");
  assert.equal(resolution(slot).values[0].value.id, "medications");
  expectKnowledge(reply, "medications.short");
  expectOpen(reply);

  reply = await talk.say("yes");
  assert.equal(talk.request.intent.name, "AMAZON.YesIntent");
  expectKnowledge(reply, "medications.more.0");

  reply = await talk.say("what helps leg cramps caused by water pills");
  assert.equal(talk.request.intent.name, "TreatmentIntent");
  expectKnowledge(reply, "medications.treatment.short");

  reply = await talk.say("go back");
  assert.equal(talk.request.intent.name, "AMAZON.PreviousIntent");
  expectKnowledge(reply, "medications.more.0");
  talk.expectAttributesCarried();
});

test("no thanks, then no, ends the session politely; the next question starts a new one", async () => {
  const talk = new Talk();
  await talk.launch();
  await talk.say("what causes leg cramps");
  let reply = await talk.say("no thanks");
  expectPrompt(reply, "followup.another");
  expectOpen(reply);
  reply = await talk.say("no");
  expectPrompt(reply, "goodbye.speech");
  expectEnded(reply);

  reply = await talk.say("which foods have b twelve");
  assert.equal(talk.session.new, true, "a request after the end starts a new session");
  expectKnowledge(reply, "b12_foods.short");
  talk.expectAttributesCarried();
});

test("a cause the model does not list (ER_SUCCESS_NO_MATCH) gets a helpful re-ask", async () => {
  const talk = new Talk();
  await talk.launch();
  const reply = await talk.intend("CauseIntent", { cause: "stress" });
  const slot = talk.request.intent.slots.cause;
  assert.equal(resolution(slot).status.code, "ER_SUCCESS_NO_MATCH");
  expectPrompt(reply, "slots.cause_unknown");
  assert.ok(heard(reply).includes("stress"));
  expectOpen(reply);
});

test("fallback says what the skill can do and keeps listening", async () => {
  const talk = new Talk();
  await talk.launch();
  const reply = await talk.intend("AMAZON.FallbackIntent");
  expectPrompt(reply, "fallback.speech");
  expectOpen(reply);
});

test("the checklist keeps its state in session attributes that virtual-alexa hands back each turn", async () => {
  const talk = new Talk();
  await talk.launch();
  let reply = await talk.say("check my symptoms");
  assert.equal(talk.request.intent.name, "CheckSymptomsIntent");
  expectChecklist(reply, "questions.chest.ask");
  // the emergency questions come first (revised research, 2026-11-30)
  for (const next of ["stroke", "cold_leg", "severe_pain", "heartbeat"]) {
    reply = await talk.say("no");
    expectChecklist(reply, `questions.${next}.ask`);
    expectOpen(reply);
  }
  reply = await talk.say("yes");
  expectChecklist(reply, "questions.heartbeat.follow");
  assert.equal(reply.sessionAttributes.checklist.at, "heartbeat.follow");
  reply = await talk.say("no");
  expectChecklist(reply, "questions.dark_urine.ask");
  // a racing heartbeat alone is same day: only what could still make it an emergency is asked
  for (let turn = 0; turn < 4 && reply.sessionAttributes.checklist.at !== "done"; turn += 1) {
    reply = await talk.say("no");
  }
  assert.equal(reply.sessionAttributes.checklist.at, "done");
  expectChecklist(reply, "levels.urgent_today.advice");
  expectChecklist(reply, "questions.heartbeat.topic");
  expectOpen(reply);
  talk.expectAttributesCarried();
});

test("a warning sign said in the middle of the checklist wins over the question", async () => {
  const stroke = MODEL.intents.find((intent) => intent.name === "RedFlagStrokeIntent");
  assert.ok(stroke, "the model has a RedFlagStrokeIntent");
  const said = stroke.samples.find((sample) => !LAUNCH_WORDS.test(sample));
  const talk = new Talk();
  await talk.launch();
  let reply = await talk.say("check my symptoms");
  reply = await talk.say("no");
  expectChecklist(reply, "questions.stroke.ask");
  reply = await talk.say(said);
  assert.equal(talk.request.intent.name, "RedFlagStrokeIntent", `"${said}" was sent as ${talk.request.intent.name}`);
  assert.ok(heard(reply).startsWith(flat(EXPECTED.checklist["levels.emergency.advice"])), heard(reply));
  expectChecklist(reply, "red_flags.stroke.note");
  expectEnded(reply);
  talk.expectAttributesCarried();
});

test("virtual-alexa understands a sample of every custom intent as that intent, and the skill answers it", async () => {
  const custom = MODEL.intents.filter((intent) => !intent.name.startsWith("AMAZON."));
  assert.ok(custom.length > 10);
  for (const intent of custom) {
    const sample = intent.samples.find((said) => !LAUNCH_WORDS.test(said) && !STRIPPED.test(said));
    assert.ok(sample, `${intent.name} has no sample virtual-alexa can say`);
    let said = sample;
    for (const slot of intent.slots || []) {
      const type = MODEL.types.find((candidate) => candidate.name === slot.type);
      said = said.replace(`{${slot.name}}`, type.values[0].name.value);
    }
    const talk = new Talk();
    await talk.launch();
    const reply = await talk.say(said);
    assert.equal(talk.request.intent.name, intent.name, `"${said}" was sent as ${talk.request.intent.name}`);
    assert.ok(heard(reply).length > 0, `no speech for "${said}"`);
    assert.ok(!EXPECTED.prompts["fallback.speech"].some((phrase) => heard(reply).includes(flat(phrase))),
      `"${said}" got the fallback answer`);
    assert.equal(typeof reply.response.shouldEndSession, "boolean", `shouldEndSession left out for "${said}"`);
  }
});
