"""``export.export_request``: a request as curl, HTTPie or Python, the key left as a variable.

The shell cases parse the command back with ``shlex`` (as a POSIX shell would split it), so a body
with quotes, ``$`` and backticks is checked to arrive byte for byte; the Python case reads the body
back from the script's syntax tree. Running the commands against the emulator is in
``test_cli_scripted.py``.
"""

from __future__ import annotations

import ast
import json
import shlex

import pytest

from primer_tui.export import STYLES, export_request

URL = "http://127.0.0.1:8765/client-session"
BODY = {
    "clientToken": "tok.en.x",
    "customer": {"firstName": "O'Brien $HOME `id` \"Zoë\"", "emailAddress": None},
    "order": {"lineItems": [{"amount": 500, "quantity": 2, "taxRate": 0.2, "gift": True}]},
}


def words(command: str) -> list[str]:
    return shlex.split(command)


def after(argv: list[str], flag: str) -> str:
    return argv[argv.index(flag) + 1]


@pytest.mark.parametrize("style", STYLES)
def test_every_style_reads_the_key_from_the_environment(style: str) -> None:
    text = export_request("PATCH", URL, BODY, "2.4", style)
    assert "PRIMER_API_KEY" in text
    assert "2.4" in text and URL in text


def test_curl_body_survives_the_shell_and_the_key_header_expands() -> None:
    command = export_request("PATCH", URL, BODY, "2.4", "curl")
    argv = words(command)
    assert argv[:6] == ["curl", "--fail-with-body", "-sS", "-X", "PATCH", URL]
    assert json.loads(after(argv, "--data-raw")) == BODY
    # Double quotes, so the shell substitutes the variable (single quotes would send it literally).
    assert '-H "X-API-KEY: $PRIMER_API_KEY"' in command
    assert "X-API-VERSION: 2.4" in argv and "Content-Type: application/json" in argv


def test_httpie_body_survives_the_shell() -> None:
    command = export_request("PATCH", URL, BODY, "2.10", "httpie")
    argv = words(command)
    assert argv[:4] == ["http", "--check-status", "PATCH", URL]
    assert json.loads(after(argv, "--raw")) == BODY
    assert '"X-API-KEY:$PRIMER_API_KEY"' in command and "X-API-VERSION:2.10" in argv


def test_python_script_is_valid_and_holds_the_body_exactly() -> None:
    script = export_request("POST", URL, BODY, "2.4", "python")
    tree = ast.parse(script)
    [assignment] = [node for node in tree.body
                    if isinstance(node, ast.Assign) and node.targets[0].id == "BODY"]
    assert ast.literal_eval(assignment.value) == BODY
    assert 'os.environ["PRIMER_API_KEY"]' in script
    assert "method='POST'" in script


@pytest.mark.parametrize("style", ["curl", "httpie"])
def test_a_get_has_no_body(style: str) -> None:
    command = export_request("get", f"{URL}?clientToken=abc", None, "2.4", style)
    assert "GET" in words(command)
    assert "--data-raw" not in command and "--raw" not in command
    assert f"{URL}?clientToken=abc" in words(command)


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="curl, httpie, python"):
        export_request("PATCH", URL, BODY, "2.4", "wget")
