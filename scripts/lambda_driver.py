"""Runs inside a fresh, isolated interpreter as AWS Lambda would: calls ``lambda_function.lambda_handler``.

Started by ``scripts/lambda_harness.py`` as ``python -I -S -B lambda_driver.py PACKAGE_DIR`` with a JSON
job on stdin; prints one JSON result on stdout. Standard library only, imported late and little, so
that what is timed is the package's own import and answer, not this driver.

Job: ``{"events": [envelope, ...], "carry_session": bool, "repeat": int}``. With ``carry_session``
each turn gets the previous response's ``sessionAttributes``, as Alexa sends them back.
Result: ``{"import_seconds", "first_answer_seconds", "request_seconds": [...], "responses": [...]}``;
``responses`` are those of the last repetition.
"""
import sys
import time

STARTED = time.perf_counter()

# What the AWS Lambda Python runtime has already imported before it imports the handler module
# (awslambdaric/bootstrap.py: importlib, json, logging, os, sys, time, traceback). Loading them here,
# before the import clock starts, models the runtime for every package measured alike.
RUNTIME_PRELOAD = ("importlib", "json", "logging", "os", "traceback")


def main() -> int:
    package_dir = sys.argv[1]
    sys.path.insert(0, package_dir)
    import importlib
    import json

    for name in RUNTIME_PRELOAD:
        importlib.import_module(name)

    job = json.loads(sys.stdin.read())
    import_started = time.perf_counter()
    from lambda_function import lambda_handler

    imported = time.perf_counter()
    timings: list[float] = []
    responses: list[dict] = []
    first_answer = None
    for _ in range(int(job.get("repeat", 1))):
        responses = []
        attributes: dict = {}
        for turn, template in enumerate(job["events"]):
            event = json.loads(json.dumps(template))
            if job.get("carry_session") and "session" in event:
                event["session"]["new"] = turn == 0
                event["session"]["attributes"] = attributes
            began = time.perf_counter()
            response = lambda_handler(event, None)
            ended = time.perf_counter()
            if first_answer is None:
                first_answer = ended - import_started
            timings.append(ended - began)
            attributes = dict(response.get("sessionAttributes") or {})
            responses.append(response)
    json.dump({
        "import_seconds": imported - import_started,
        "first_answer_seconds": first_answer,
        "since_start_seconds": time.perf_counter() - STARTED,
        "request_seconds": timings,
        "responses": responses,
    }, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
