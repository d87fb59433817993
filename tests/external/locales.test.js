"use strict";
// Issue 14: virtual-alexa drives the served skill in the locales other than en-US, each with its own
// interaction model, and hears that locale's emergency number and services. The numbers and services
// are written here from the research (shared/research/locales.md), not read from the skill's data.
// Run through ./run.sh (SKILL_URL).

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { test } = require("node:test");
const { VirtualAlexa } = require("virtual-alexa");

const SKILL_URL = process.env.SKILL_URL;
assert.ok(SKILL_URL, "set SKILL_URL to the endpoint (run.sh does)");
const MODELS = path.join(__dirname, "..", "..", "interaction_models");
const APPLICATION_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000";
const LAUNCH_WORDS = /ask|open|launch|tell|talk to/;

// What a listener in each locale must hear: the emergency number as people say it, what it must not
// hear (another country's number), and words of the same-day advice that name the local services.
const LOCALES = {
  "en-GB": { number: "nine nine nine", never: ["nine one one", "urgent care"], sameDay: ["one one one", "gp", "a and e"] },
  "en-AU": { number: "triple zero", never: ["nine one one", "urgent care"], sameDay: ["gp"] },
  "en-IN": { number: "one one two", never: ["nine one one", "urgent care"], sameDay: ["one oh eight"] },
  "en-CA": { number: "nine one one", never: ["urgent care"], sameDay: ["eight one one", "family doctor"] },
};

function flat(text) {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

function heard(reply) {
  return flat((reply.prompt() || "").replace(/<[^>]+>/g, " "));
}

function sampleOf(model, intentName) {
  const intent = model.intents.find((candidate) => candidate.name === intentName);
  assert.ok(intent, `the model has ${intentName}`);
  const said = intent.samples.find((sample) => !LAUNCH_WORDS.test(sample));
  assert.ok(said, `${intentName} has a sample virtual-alexa can say`);
  return said;
}

for (const [locale, want] of Object.entries(LOCALES)) {
  test(`${locale}: a warning sign names the local number; a same-day sign names the local services`, async () => {
    const modelFile = path.join(MODELS, `${locale}.json`);
    const model = JSON.parse(fs.readFileSync(modelFile, "utf8")).interactionModel.languageModel;
    const sent = [];
    const device = () => {
      const alexa = VirtualAlexa.Builder().skillURL(SKILL_URL).interactionModelFile(modelFile)
        .applicationID(APPLICATION_ID).locale(locale).create();
      alexa.filter((request) => { sent.push(structuredClone(request)); });
      return alexa;
    };

    let alexa = device();
    await alexa.launch();
    let reply = await alexa.utter(sampleOf(model, "RedFlagChestIntent"));
    assert.equal(sent.at(-1).request.locale, locale);
    assert.equal(sent.at(-1).request.intent.name, "RedFlagChestIntent");
    assert.ok(heard(reply).startsWith(`call ${want.number} now`), heard(reply));
    for (const other of want.never) assert.ok(!heard(reply).includes(other), `"${other}" in: ${heard(reply)}`);
    assert.equal(reply.response.shouldEndSession, true);

    alexa = device();
    await alexa.launch();
    reply = await alexa.utter(sampleOf(model, "RedFlagLegClotIntent"));
    assert.equal(sent.at(-1).request.intent.name, "RedFlagLegClotIntent");
    assert.ok(heard(reply).includes("today"), heard(reply));
    for (const words of want.sameDay) assert.ok(heard(reply).includes(words), `"${words}" not in: ${heard(reply)}`);
    for (const other of want.never) assert.ok(!heard(reply).includes(other), `"${other}" in: ${heard(reply)}`);
  });
}
