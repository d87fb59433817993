"""``python -m skill serve``: the development server (werkzeug), verifying requests by default.

Production uses gunicorn with ``skill.web.wsgi:app`` behind nginx instead (see README, Serving).
Insecure development mode listens on loopback only, unless a second flag says otherwise on purpose.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from skill.cliargs import ArgumentParser, is_loopback, port_number
from skill.web.config import ENV_INSECURE_DEV_MODE, ENV_SKILL_ID, ConfigError, WebConfig, parse_port

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def build_parser() -> argparse.ArgumentParser:
    """Flags override the environment variables named in their help."""
    parser = ArgumentParser(
        prog="python -m skill serve",
        description="Serve the skill over HTTP for development (put an HTTPS tunnel or proxy in front).",
    )
    parser.add_argument("--host", default=os.environ.get("HOST", DEFAULT_HOST), help="interface (env HOST)")
    parser.add_argument("--port", type=port_number, default=None, help=f"TCP port (env PORT, default {DEFAULT_PORT})")
    parser.add_argument(
        "--skill-id",
        action="append",
        dest="skill_ids",
        metavar="ID",
        help=f"skill ID to answer for; repeat for several (env {ENV_SKILL_ID}, comma-separated)",
    )
    parser.add_argument(
        "--insecure-dev-mode",
        action="store_true",
        help=f"do NOT verify Alexa signatures or timestamps, for local curl tests only (env {ENV_INSECURE_DEV_MODE}=1)",
    )
    parser.add_argument(
        "--allow-insecure-on-network",
        action="store_true",
        help="with --insecure-dev-mode, allow a --host that is not loopback (anyone who reaches it can drive the skill)",
    )
    return parser


def load_config(args: argparse.Namespace) -> WebConfig:
    """Environment first, then flags on top."""
    overrides: dict[str, object] = {}
    if args.skill_ids:
        overrides["skill_ids"] = frozenset(args.skill_ids)
    if args.insecure_dev_mode:
        overrides["verify"] = False
    return WebConfig.from_env(**overrides)


def main(command: str, argv: list[str]) -> int:
    """Parse flags, build the app, serve until interrupted."""
    args = build_parser().parse_args(argv)
    try:
        port = args.port if args.port is not None else parse_port("PORT", os.environ.get("PORT", str(DEFAULT_PORT)))
        config = load_config(args)
    except ConfigError as error:
        hint = " or pass --skill-id" if "no skill ID" in str(error) else ""
        print(f"python -m skill {command}: {error}{hint}", file=sys.stderr)
        return 2
    if not config.verify and not is_loopback(args.host) and not args.allow_insecure_on_network:
        print(f"python -m skill {command}: insecure development mode serves loopback only, not --host {args.host} "
              f"(add --allow-insecure-on-network to expose an unverified skill on purpose)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from werkzeug.serving import run_simple

    from skill.web.app import create_app

    run_simple(args.host, port, create_app(config), threaded=True)
    return 0
