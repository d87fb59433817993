"""WSGI entry for production servers, configured by environment variables (see README, Serving).

    gunicorn -w 2 -b 0.0.0.0:8000 'skill.web.wsgi:app'
"""
from skill.web.app import create_app
from skill.web.config import WebConfig

app = create_app(WebConfig.from_env())
