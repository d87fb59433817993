"""Leg Cramp Helper: an Alexa custom skill about leg cramps and vitamin B12.

Layers, from the inside out:
- ``skill.knowledge``: causes, symptoms and treatments as data plus a typed API (no Alexa imports).
- ``skill.checklist``: the referral checklist as a pure state machine over data (no Alexa imports).
- ``skill.speech``: locale prompt files and SSML rendering.
- ``skill.handlers``: thin ask-sdk-core handlers that translate requests to the domain and back.
- ``skill.app``: ``build_skill()``, the one ordered registration list, shared by Lambda and the web server.
"""
