"""Python programs the tests run, MkDocs builds and the runnable examples, forked from one process
that has already imported the third-party libraries they load (tests/support.py run_python starts
it, one per test process). A build of the minimal site spent a third of its time on those
imports and an example more than half; the suite runs about thirty builds and thirteen examples.

Each request is one JSON line on stdin: {"cwd", "args", "env", "stdout", "stderr"}, where args are
what would follow `python` on a command line: ["-m", "mkdocs", "build", ...] or ["path/to.py", ...].
The server forks; the child takes the request's folder, environment and output files and runs the
module or file as the interpreter would; the server answers {"pid": ...} at once (so the caller
can stop a program that hangs) and {"returncode": ...} when the child ends.

Only third-party modules are imported here, never the project's (macros, hooks, diagrams, the
examples): each run loads those fresh from the folder it runs in, faults planted in them included.
"""

from __future__ import annotations

import json
import os
import runpy
import sys

# What a build imports before it reads a page (python -X importtime of a minimal build), and what
# the examples import: boto3 and the emulator (no mock is started here).
import boto3  # noqa: F401
import botocore.loaders  # noqa: F401  (macros.api_models)
import click  # noqa: F401
import genanki  # noqa: F401  (hooks/practice_files.py)
import jinja2  # noqa: F401
import markdown  # noqa: F401
import mkdocs.commands.build  # noqa: F401  (not mkdocs.__main__: runpy runs that fresh, and warns if it is loaded)
import mkdocs.config.defaults  # noqa: F401
import mkdocs_macros.plugin  # noqa: F401
import moto  # noqa: F401
import pydantic  # noqa: F401
import pygments.formatters.html  # noqa: F401
import pymdownx.superfences  # noqa: F401
import requests  # noqa: F401  (mkdocs_macros.util)
import yaml  # noqa: F401


def run(request: dict) -> int:
    """In the forked child: run one program as `python <args>` would, in the request's folder."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
    args = request["args"]
    try:
        if args[0] == "-m":
            sys.argv = [args[1], *args[2:]]
            sys.path[0] = request["cwd"]  # `python -m` puts the working folder first
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = list(args)
            sys.path[0] = os.path.dirname(os.path.abspath(args[0]))  # a script's own folder first
            runpy.run_path(args[0], run_name="__main__")
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if isinstance(done.code, str):
            print(done.code, file=sys.stderr)
    except BaseException:  # as the interpreter would: the traceback on stderr, status 1
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def serve() -> None:
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        answers.flush()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = run(request)
            finally:
                os._exit(code)
        answers.write(json.dumps({"pid": pid}) + "\n")
        answers.flush()
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve()
