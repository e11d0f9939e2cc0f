"""A request as a command to run elsewhere: curl, HTTPie or a Python script.

Pure text: no httpx, no network, so the CLI (``patch --dry-run --as``) and the editor's review can
both use it. The API key is never an argument: every export reads it from ``$PRIMER_API_KEY`` when
it runs, so a command pasted into a ticket or a chat leaks nothing. The trade-off: whoever runs the
command must export that variable first.

Shell quoting goes through ``shlex.quote``, which wraps the JSON body in single quotes (a quote
inside becomes ``'"'"'``), so any body, apostrophes and ``$`` included, reaches the server byte for
byte. Only the key's header is double-quoted, on purpose, so the shell expands the variable. The
Python export needs nothing beyond the standard library (``urllib.request``) and embeds the body as
a Python literal (``repr`` of JSON values is valid Python), so it runs wherever Python 3 does.
"""

from __future__ import annotations

import json
import pprint
import shlex
from typing import Any

KEY_VARIABLE = "PRIMER_API_KEY"
STYLES = ("curl", "httpie", "python")


def export_request(
    method: str, url: str, body: dict[str, Any] | None, api_version: str, style: str
) -> str:
    """The request as a command in ``style``, with the key read from ``$PRIMER_API_KEY``.

    Args:
        method: ``GET``, ``POST`` or ``PATCH``.
        url: The full URL, query string included (a GET's ``clientToken``).
        body: The JSON body, or None for none.
        api_version: Sent as ``X-API-VERSION``.
        style: ``curl``, ``httpie`` or ``python``.

    Raises:
        ValueError: ``style`` is not one of ``STYLES``.
    """
    renderers = {"curl": _curl, "httpie": _httpie, "python": _python}
    if style not in renderers:
        raise ValueError(f"unknown export style {style!r}: use one of {', '.join(STYLES)}")
    return renderers[style](method.upper(), url, body, api_version)


def _json(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _curl(method: str, url: str, body: dict[str, Any] | None, api_version: str) -> str:
    lines = [
        f"curl --fail-with-body -sS -X {method} {shlex.quote(url)}",
        f'-H "X-API-KEY: ${KEY_VARIABLE}"',
        f"-H {shlex.quote(f'X-API-VERSION: {api_version}')}",
        "-H 'Accept: application/json'",
    ]
    if body is not None:
        lines += ["-H 'Content-Type: application/json'", f"--data-raw {shlex.quote(_json(body))}"]
    return " \\\n  ".join(lines)


def _httpie(method: str, url: str, body: dict[str, Any] | None, api_version: str) -> str:
    lines = [
        f"http --check-status {method} {shlex.quote(url)}",
        f'"X-API-KEY:${KEY_VARIABLE}"',
        shlex.quote(f"X-API-VERSION:{api_version}"),
        "Accept:application/json",
    ]
    if body is not None:
        # --raw (HTTPie 3+) sends the text as is: no key=value parsing, no re-encoding.
        lines += ["Content-Type:application/json", f"--raw {shlex.quote(_json(body))}"]
    return " \\\n  ".join(lines)


_PYTHON = '''\
import json
import os
import urllib.request

BODY = {body}

request = urllib.request.Request(
    {url},
    method={method},
    data=None if BODY is None else json.dumps(BODY).encode("utf-8"),
    headers={{
        "X-API-KEY": os.environ["{variable}"],
        "X-API-VERSION": {version},
        "Accept": "application/json",
        "Content-Type": "application/json",
    }},
)
with urllib.request.urlopen(request) as response:
    print(json.dumps(json.load(response), indent=2))
'''


def _python(method: str, url: str, body: dict[str, Any] | None, api_version: str) -> str:
    literal = pprint.pformat(body, indent=4, width=96, sort_dicts=False)
    return _PYTHON.format(
        body=literal, url=repr(url), method=repr(method), variable=KEY_VARIABLE,
        version=repr(api_version),
    )
