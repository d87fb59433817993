"""Self-hosted HTTPS endpoint: the Lambda skill object served by ``flask_ask_sdk.SkillAdapter``.

- ``skill.web.config``: settings from flags and environment variables.
- ``skill.web.certs``: fetching and caching Amazon's signing certificate chains.
- ``skill.web.verifier``: the Alexa request checks (signature, chain, URL, timestamp, skill ID).
- ``skill.web.app``: ``create_app()``, the Flask app factory.
- ``skill.web.wsgi``: ``app`` for gunicorn; ``skill.web.cli``: ``python -m skill serve``.
- ``skill.web.compat``: the certvalidator import fallback that lets flask-ask-sdk load at all.
"""
from skill.web.compat import install_certvalidator_fallback

# Before any submodule imports flask_ask_sdk or ask_sdk_webservice_support: see skill.web.compat.
install_certvalidator_fallback()
