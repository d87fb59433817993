"""WSGI entry for production servers, configured by environment variables (see README, Serving).

    SKILL_ID=amzn1.ask.skill.... gunicorn --preload -w 2 -b 127.0.0.1:8000 'skill.web.wsgi:app'   # behind nginx

Refuses to start in insecure development mode: production always verifies. A missing or bad
setting stops the server with one line naming the environment variable, not a traceback.
``--preload`` builds the app (and loads and checks all content) once in gunicorn's master before
it forks the workers: a bad setting or data file stops gunicorn at start with that one line, and
the workers share the loaded content. Without it each worker fails on its own; gunicorn then stops
too, but two workers failing at once can make gunicorn 27 print its own traceback.
"""
import sys

from skill.web.app import create_app
from skill.web.config import ENV_INSECURE_DEV_MODE, ConfigError, WebConfig

try:  # gunicorn stops at a worker exiting with this status, rather than restarting it forever
    from gunicorn.arbiter import Arbiter

    EXIT_STATUS = Arbiter.WORKER_BOOT_ERROR
except ImportError:  # another WSGI server
    EXIT_STATUS = 2


def _config() -> WebConfig:
    try:
        config = WebConfig.from_env()
    except ConfigError as error:
        print(f"skill.web.wsgi: {error}", file=sys.stderr, flush=True)
        raise SystemExit(EXIT_STATUS) from None
    if not config.verify:
        print(f"skill.web.wsgi: {ENV_INSECURE_DEV_MODE} is set, but the WSGI entry always verifies requests; "
              f"unset it (insecure mode is only for `python -m skill serve` on loopback)", file=sys.stderr, flush=True)
        raise SystemExit(EXIT_STATUS)
    return config


app = create_app(_config())
