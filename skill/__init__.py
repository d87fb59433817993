"""Leg Cramp Helper: an Alexa custom skill about leg cramps and vitamin B12.

Layers, from the inside out:
- ``skill.knowledge``: causes, symptoms and treatments as data plus a typed API (no Alexa imports).
- ``skill.checklist``: the referral checklist as a pure state machine over data (no Alexa imports).
- ``skill.content``: the one content tree (knowledge, checklist words, prompts, templates) per language
  and locale, its loader and its content policy.
- ``skill.dialogue``: the conversation as one pure function, ``step(memory, intent, slots, locale)``,
  and the replies it composes from the prompts and the knowledge (no Alexa imports).
- ``skill.speech``: SSML rendering and reading SSML back as text.
- ``skill.app``: the Alexa side: Lambda's entry point and the SDK handlers that translate a request
  into a step and its Reply into a response, shared by Lambda, the web server and the simulator.
"""
