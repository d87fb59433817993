"""Local skill simulator: talk to the skill in a terminal, offline, as the Alexa simulator would.

``resolver`` turns what was said into an intent with slots using the skill's own interaction
model; ``envelope`` builds the request Alexa would send; ``session`` runs a conversation the way
Alexa keeps a session; ``transport`` reaches the skill in-process or over HTTP; ``cli`` is
``python -m skill chat`` and ``python -m skill ask``.
"""
