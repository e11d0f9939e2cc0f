"""End-to-end tests of ``primer-tui get``, ``patch``, ``create`` and ``config`` (issue 6).

Every case talks to the emulator on a loopback port (``emulator_server``, ``--base-url``): the real
client, a real socket, the emulator's own checks. Most run ``main([...])`` in-process and read
capsys; a few run the installed console script, for what only a real process shows (exit status,
no terminal on stdin). The emulator's request log says whether a PATCH was sent at all.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from primer_tui.audit import read_entries
from primer_tui.cli import main
from primer_tui.emulator.app import create_app
from primer_tui.emulator.server import BackgroundServer
from primer_tui.model import Session
from primer_tui.scripted_edits import apply_edits

SCRIPT = Path(sys.executable).parent / "primer-tui"
KEY = "sk-test-cli-SECRET-0123456789"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``primer-tui argv`` run in-process."""
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_script(*argv: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed ``primer-tui`` in a real process, stdin not a terminal."""
    assert SCRIPT.exists(), f"{SCRIPT} is missing: run `make install`"
    return subprocess.run(
        [SCRIPT, *map(str, argv)], check=False, capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL, env={**os.environ, **env},
    )


def methods(server: BackgroundServer) -> list[str]:
    """The methods of the ``/client-session`` requests the emulator saw, in order."""
    return [request.method for request in server.app.state.requests]


def session_of(capsys, server: BackgroundServer, token: str) -> dict[str, Any]:
    """The session as ``primer-tui get`` prints it now."""
    code, out, err = run(capsys, "get", "--token", token, "--base-url", server.base_url)
    assert (code, err) == (0, ""), err
    return json.loads(out)


class Terminal(io.StringIO):
    """Typed answers on a stdin that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def on_terminal(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    """stdin a terminal holding ``typed``; a key in the environment, so none is asked for."""
    monkeypatch.setenv("PRIMER_API_KEY", KEY)
    monkeypatch.setattr(sys, "stdin", Terminal(typed))


@pytest.fixture
def keyed_server() -> Iterator[BackgroundServer]:
    """The emulator asking for ``KEY`` in X-API-KEY."""
    with BackgroundServer(create_app(api_key=KEY)) as server:
        yield server


@pytest.fixture
def production_server() -> Iterator[BackgroundServer]:
    """The emulator minting production tokens."""
    with BackgroundServer(create_app(env="PRODUCTION")) as server:
        yield server


# --- get ------------------------------------------------------------------------------------------


def test_get_prints_the_session_from_the_installed_command(emulator_server) -> None:
    done = run_script("get", "--token", emulator_server.tokens[0],
                      "--base-url", emulator_server.base_url)
    assert (done.returncode, done.stderr) == (0, "")
    session = json.loads(done.stdout)
    assert session["orderId"] == "order-123"
    assert session["amount"] == 650
    assert methods(emulator_server) == ["GET"]


def test_target_flags_work_before_the_subcommand_and_after_it_wins(emulator_server, capsys):
    token, url = emulator_server.tokens[0], emulator_server.base_url
    code, out, _ = run(capsys, "--base-url", url, "get", "--token", token)
    assert code == 0 and json.loads(out)["orderId"] == "order-123"
    code, out, _ = run(capsys, "--base-url", "http://127.0.0.1:9", "get", "--token", token,
                       "--base-url", url)
    assert code == 0 and json.loads(out)["orderId"] == "order-123"


def test_get_without_a_key_or_base_url_is_refused(capsys) -> None:
    code, out, err = run(capsys, "get", "--token", "t")
    assert (code, out) == (2, "")
    assert "no API key" in err and "PRIMER_API_KEY" in err


# --- patch --set ----------------------------------------------------------------------------------


def test_patch_set_text_number_nested_and_list_index(emulator_server, capsys) -> None:
    token, url = emulator_server.tokens[0], emulator_server.base_url
    code, out, err = run(
        capsys, "patch", "--token", token, "--base-url", url, "--yes",
        "--set", "customer.emailAddress=jo@example.com",  # text, nested
        "--set", "metadata.loyaltyTier=3",  # a JSON number
        "--set", 'metadata.ticket="007"',  # a JSON string that looks like a number
        "--set", "order.lineItems[0].quantity=2",  # a list index
    )
    assert code == 0, err
    answer = json.loads(out)  # stdout holds the server's answer alone
    assert answer["order"]["lineItems"][0]["quantity"] == 2
    assert "PATCH" in err and "jo@example.com" in err  # the body, for the person, on stderr
    session = session_of(capsys, emulator_server, token)
    assert session["customer"]["emailAddress"] == "jo@example.com"
    assert session["customer"]["firstName"] == "John"  # merged, not replaced
    assert session["metadata"] == {"productType": "Clothing", "loyaltyTier": 3, "ticket": "007"}
    assert session["order"]["lineItems"][0]["quantity"] == 2
    assert session["amount"] == 1150  # recalculated: the old total was not sent as an override
    assert methods(emulator_server) == ["GET", "PATCH", "GET"]


def test_patch_unset_a_field_and_replace_and_remove_list_items(emulator_server, capsys) -> None:
    token, url = emulator_server.tokens[1], emulator_server.base_url  # yen: two line items
    code, _, err = run(
        capsys, "patch", "--token", token, "--base-url", url, "--yes",
        "--unset", "customer.lastName",
        "--set", 'order.lineItems[0]={"itemId": "kettle", "amount": 4000}',
        "--unset", "order.lineItems[1]",
    )
    assert code == 0, err
    session = session_of(capsys, emulator_server, token)
    assert "lastName" not in session["customer"]
    assert session["order"]["lineItems"] == [{"itemId": "kettle", "amount": 4000}]
    assert session["amount"] == 4800


@pytest.mark.parametrize(
    "edit, message",
    [
        ("order.lineItems[5].quantity=2", "order.lineItems[5].quantity: there is no item 5"),
        ("order.lineItems[0].quantity=two", "must be a whole number"),
        ("customer.emailAddress=not-an-email", "customer.emailAddress:"),
        ("order.lineItems[0].productData.weight=1e400",
         "order.lineItems[0].productData.weight: must be a finite number"),
        ('order.lineItems[0]={"amount": 1, "productData": {"weightUnit": ""}}',
         "productData.weightUnit: must not be empty"),
        ("order..x=1", "not a path"),
        ("orderId", "expected PATH=VALUE"),
    ],
)
def test_patch_bad_set_exits_2_naming_the_path_and_sends_nothing(
    emulator_server, capsys, edit: str, message: str
) -> None:
    code, out, err = run(capsys, "patch", "--token", emulator_server.tokens[0],
                         "--base-url", emulator_server.base_url, "--yes", "--set", edit)
    assert (code, out) == (2, "")
    assert message in err
    assert "PATCH" not in methods(emulator_server)


@pytest.mark.parametrize(
    "flag, path, message",
    [
        ("--set", "orderID=NEW-1", "unknown field orderID (did you mean orderId?)"),
        ("--set", "customer.emailAdress=new@b.co",
         "unknown field customer.emailAdress (did you mean emailAddress?)"),
        ("--set", "order.lineItems[0].quantiy=2",
         "unknown field order.lineItems[0].quantiy (did you mean quantity?)"),
        ("--set", 'order.lineItms[0]={"amount": 1}', "unknown field order.lineItms (did you mean"),
        ("--set", 'order.lineItems[0]={"item_id": "k", "amount": 1}',
         "unknown field order.lineItems[0].item_id (did you mean itemId?)"),
        ("--set", 'customer.billingAddress={"first_name": "Jo"}',
         "unknown field customer.billingAddress.first_name (did you mean firstName?)"),
        ("--unset", "customer.mobileNumbr", "unknown field customer.mobileNumbr (did you mean"),
        ("--set", "zzz=1", "unknown field zzz\n"),
    ],
)
def test_an_unknown_field_name_is_bad_input_with_a_suggestion(
    emulator_server, capsys, flag: str, path: str, message: str
) -> None:
    code, out, err = run(capsys, "patch", "--token", emulator_server.tokens[0], "--yes",
                         "--base-url", emulator_server.base_url, flag, path)
    assert (code, out) == (2, "")
    assert f"primer-tui: {message}" in err
    assert "PATCH" not in methods(emulator_server)


def test_an_unknown_field_the_session_already_holds_can_still_be_set(emulator_server, capsys):
    store = emulator_server.app.state.store
    token = store.create({"orderId": "o", "customer": {"loyaltyTier": "gold"}}).token
    code, _, err = run(capsys, "patch", "--token", token, "--yes", "--base-url",
                       emulator_server.base_url, "--set", "customer.loyaltyTier=silver")
    assert code == 0, err
    assert session_of(capsys, emulator_server, token)["customer"]["loyaltyTier"] == "silver"


def test_a_file_with_an_unknown_top_level_key_warns_it_is_not_sent(
    emulator_server, capsys, tmp_path
) -> None:
    token = emulator_server.tokens[0]
    edited = {**session_of(capsys, emulator_server, token), "orderID": "NEW-1"}
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited))
    code, _, err = run(capsys, "patch", "--token", token, "--base-url", emulator_server.base_url,
                       "--file", path, "--yes")
    assert code == 0
    assert ("warning: orderID is not a field of a client session: it is not sent "
            "(did you mean orderId?)") in err
    assert "no changes: nothing to send" in err
    assert "PATCH" not in methods(emulator_server)


def test_patch_without_changes_sends_nothing(emulator_server, capsys) -> None:
    code, out, err = run(capsys, "patch", "--token", emulator_server.tokens[0], "--yes",
                         "--base-url", emulator_server.base_url, "--set", "orderId=order-123")
    assert (code, out) == (0, "")
    assert "no changes" in err
    assert methods(emulator_server) == ["GET"]


def test_patch_needs_exactly_one_source(emulator_server, capsys, tmp_path: Path) -> None:
    base = ["patch", "--token", emulator_server.tokens[0], "--base-url", emulator_server.base_url]
    assert run(capsys, *base)[0] == 2
    code, _, err = run(capsys, *base, "--set", "orderId=x", "--file", tmp_path / "f.json")
    assert code == 2 and "one of --set/--unset, --file or --edit" in err
    assert methods(emulator_server) == []


# --- dry run and export ---------------------------------------------------------------------------


def test_dry_run_prints_the_body_and_sends_nothing(emulator_server, capsys) -> None:
    token = emulator_server.tokens[0]
    code, out, err = run(capsys, "patch", "--token", token, "--base-url", emulator_server.base_url,
                         "--set", "customerId=c-9", "--dry-run")
    assert code == 0
    assert json.loads(out) == {"clientToken": token, "customerId": "c-9"}
    assert "nothing sent" in err
    assert methods(emulator_server) == ["GET"]


@pytest.mark.parametrize("style", ["curl", "httpie", "python"])
def test_export_names_the_key_variable_never_its_value(
    keyed_server, capsys, monkeypatch, style: str
) -> None:
    monkeypatch.setenv("PRIMER_API_KEY", KEY)
    code, out, err = run(capsys, "patch", "--token", keyed_server.tokens[0],
                         "--base-url", keyed_server.base_url, "--set", "customerId=c-9",
                         "--dry-run", "--as", style)
    assert code == 0, err
    assert "PRIMER_API_KEY" in out and "c-9" in out and f"{keyed_server.base_url}/client-session" in out
    assert KEY not in out + err
    assert methods(keyed_server) == ["GET"]


def test_exported_python_and_curl_commands_send_the_same_patch(keyed_server, capsys, monkeypatch):
    """The exports are exact: run them, and the emulator holds the edit (quotes, $ and all)."""
    monkeypatch.setenv("PRIMER_API_KEY", KEY)
    token, url = keyed_server.tokens[0], keyed_server.base_url
    name = "O'Brien $HOME `id` \"Zoë\""
    styles = ["python"] + (["curl"] if os.path.exists("/usr/bin/curl") else [])
    for style in styles:
        first = f"{name} {style}"
        code, command, _ = run(capsys, "patch", "--token", token, "--base-url", url,
                               "--set", f"customer.firstName={first}", "--as", style)
        assert code == 0
        argv = [sys.executable, "-c", command] if style == "python" else ["bash", "-c", command]
        done = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["customer"]["firstName"] == first
    assert session_of(capsys, keyed_server, token)["customer"]["firstName"] == f"{name} {styles[-1]}"


# --- patch --file and --edit ----------------------------------------------------------------------


def test_patch_file_sends_what_changed_in_the_edited_file(emulator_server, capsys, tmp_path):
    token = emulator_server.tokens[0]
    edited = session_of(capsys, emulator_server, token)
    edited["customer"]["firstName"] = "Johnny"
    edited["order"]["lineItems"][0]["quantity"] = 3  # the file keeps the old amount (650)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited))
    code, _, err = run(capsys, "patch", "--token", token, "--base-url", emulator_server.base_url,
                       "--file", path, "--yes")
    assert code == 0, err
    assert "old calculated total" in err  # the stale amount is not sent, and stderr says so
    session = session_of(capsys, emulator_server, token)
    assert session["customer"]["firstName"] == "Johnny"
    assert session["amount"] == 1650


def test_patch_file_with_base_refuses_when_the_server_changed_since(
    emulator_server, capsys, tmp_path
) -> None:
    token, url = emulator_server.tokens[0], emulator_server.base_url
    base = session_of(capsys, emulator_server, token)
    (tmp_path / "base.json").write_text(json.dumps(base))
    edited = {**base, "customerId": "mine"}
    (tmp_path / "edited.json").write_text(json.dumps(edited))
    assert run(capsys, "patch", "--token", token, "--base-url", url, "--yes",
               "--set", "customer.emailAddress=someone@else.com")[0] == 0  # someone else
    code, _, err = run(capsys, "patch", "--token", token, "--base-url", url, "--yes",
                       "--file", tmp_path / "edited.json", "--base", tmp_path / "base.json")
    assert code == 2
    assert "changed on the server" in err and "customer.emailAddress" in err
    assert methods(emulator_server).count("PATCH") == 1


def editor(tmp_path: Path, code: str) -> str:
    """An $EDITOR value: a Python script that runs ``code`` with ``path`` and ``session`` set."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import json, sys\npath = sys.argv[1]\nsession = json.load(open(path))\n" + code
    )
    return f"{sys.executable} {script}"


def test_patch_edit_runs_the_editor_and_sends_its_changes(
    emulator_server, capsys, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, (
        "session['customer']['firstName'] = 'Edited'\n"
        "json.dump(session, open(path, 'w'))\n"
    )))
    token = emulator_server.tokens[0]
    code, _, err = run(capsys, "patch", "--token", token, "--base-url", emulator_server.base_url,
                       "--edit", "--yes")
    assert code == 0, err
    assert session_of(capsys, emulator_server, token)["customer"]["firstName"] == "Edited"


def test_patch_edit_left_unchanged_sends_nothing(emulator_server, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor(tmp_path, "pass\n"))
    code, out, err = run(capsys, "patch", "--token", emulator_server.tokens[0],
                         "--base-url", emulator_server.base_url, "--edit", "--yes")
    assert (code, out) == (0, "")
    assert "no changes" in err
    assert methods(emulator_server) == ["GET"]


def test_patch_edit_keeps_an_invalid_edit_and_says_where(
    emulator_server, capsys, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'w').write('{oops')\n"))
    code, _, err = run(capsys, "patch", "--token", emulator_server.tokens[0],
                       "--base-url", emulator_server.base_url, "--edit", "--yes")
    assert code == 2
    kept = Path(err.split("the edited file is kept: ")[1].split("\n")[0])
    assert kept.read_text() == "{oops"
    assert "PATCH" not in methods(emulator_server)


def test_an_invalid_edit_names_the_field_as_the_json_spells_it(
    emulator_server, capsys, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("EDITOR", editor(
        tmp_path, "session['orderId'] = ''\njson.dump(session, open(path, 'w'))\n"))
    code, _, err = run(capsys, "patch", "--token", emulator_server.tokens[0],
                       "--base-url", emulator_server.base_url, "--edit", "--yes")
    assert code == 2
    assert "\n  orderId: must not be empty\n" in err and "order_id" not in err


# --- confirmation ---------------------------------------------------------------------------------


def test_without_a_terminal_or_yes_nothing_is_sent(emulator_server) -> None:
    done = run_script("patch", "--token", emulator_server.tokens[0],
                      "--base-url", emulator_server.base_url, "--set", "customerId=c-9")
    assert (done.returncode, done.stdout) == (2, "")
    assert "--yes" in done.stderr
    assert methods(emulator_server) == ["GET"]


@pytest.mark.parametrize("answer, sent", [("y\n", True), ("n\n", False), ("", False)])
def test_send_asks_on_the_terminal(emulator_server, capsys, monkeypatch, answer, sent) -> None:
    on_terminal(monkeypatch, answer)
    code, _, err = run(capsys, "patch", "--token", emulator_server.tokens[0],
                       "--base-url", emulator_server.base_url, "--set", "customerId=c-9")
    assert "Send? [y/N]" in err
    assert (code, "PATCH" in methods(emulator_server)) == ((0, True) if sent else (2, False))


def production(server: BackgroundServer, *extra: str) -> list[str]:
    return ["patch", "--token", server.tokens[0], "--env", "production",
            "--base-url", server.base_url, "--set", "customerId=c-9", *extra]


def test_production_without_a_terminal_is_refused(production_server) -> None:
    done = run_script(*production(production_server))
    assert done.returncode == 2
    assert "not sent" in done.stderr
    assert methods(production_server) == ["GET"]


@pytest.mark.parametrize("typed, sent", [("order-123\n", True), ("y\n", False)])
def test_production_asks_for_the_order_id(production_server, capsys, monkeypatch, typed, sent):
    on_terminal(monkeypatch, typed)
    code, _, err = run(capsys, *production(production_server))
    assert "PRODUCTION" in err and "Type the orderId (order-123)" in err
    assert (code, "PATCH" in methods(production_server)) == ((0, True) if sent else (2, False))


def test_production_with_yes_sends(production_server, capsys) -> None:
    code, _, err = run(capsys, *production(production_server, "--yes"))
    assert code == 0, err
    assert methods(production_server) == ["GET", "PATCH"]


def test_a_token_for_another_environment_is_refused_before_any_request(emulator_server, capsys):
    # A sandbox token (the emulator's default) sent to production.
    code, _, err = run(capsys, "patch", "--token", emulator_server.tokens[0], "--env", "production",
                       "--base-url", emulator_server.base_url, "--set", "customerId=x", "--yes")
    assert code == 2
    assert "for sandbox" in err and "production" in err
    assert methods(emulator_server) == []


# --- audit ----------------------------------------------------------------------------------------


def test_each_patch_sent_is_audited_without_the_key(keyed_server, capsys, monkeypatch) -> None:
    from primer_tui.audit import audit_path

    monkeypatch.setenv("PRIMER_API_KEY", KEY)
    token = keyed_server.tokens[0]
    argv = ["patch", "--token", token, "--base-url", keyed_server.base_url, "--yes"]
    assert run(capsys, *argv, "--set", "customerId=c-9")[0] == 0
    assert run(capsys, *argv, "--set", "currencyCode=ZZZ")[0] == 1  # refused: audited too
    assert run(capsys, *argv, "--set", "customerId=c-10", "--dry-run")[0] == 0  # not sent
    newest, oldest = read_entries()
    assert oldest.body == {"clientToken": token, "customerId": "c-9"}
    assert (oldest.status, oldest.before) == (200, {"customerId": "customer-123"})
    assert newest.status == 422 and newest.diagnostics_id
    assert KEY not in audit_path().read_text()


# --- create ---------------------------------------------------------------------------------------


def test_create_prints_a_token_that_get_loads(emulator_server, capsys, tmp_path) -> None:
    new = {"orderId": "new-1", "currencyCode": "EUR",
           "order": {"lineItems": [{"itemId": "a", "amount": 1234}]}}
    path = tmp_path / "new.json"
    path.write_text(json.dumps(new))
    code, out, err = run(capsys, "create", "--file", path, "--base-url", emulator_server.base_url)
    assert (code, err) == (0, "")
    token = out.strip()
    assert "\n" not in token and token.count(".") == 2
    session = session_of(capsys, emulator_server, token)
    assert (session["orderId"], session["amount"]) == ("new-1", 1234)
    code, out, _ = run(capsys, "create", "--file", path, "--base-url", emulator_server.base_url,
                       "--json")
    assert code == 0 and json.loads(out)["clientTokenExpirationDate"]


def test_create_refused_with_422_prints_primers_error(emulator_server, capsys, tmp_path) -> None:
    # The model keeps unknown fields; Primer's request schema refuses them at the top level.
    path = tmp_path / "new.json"
    path.write_text(json.dumps({"orderId": "new-1", "colour": "blue"}))
    code, out, err = run(capsys, "create", "--file", path, "--base-url", emulator_server.base_url)
    assert (code, out) == (1, "")
    assert "422" in err and "RequestValidationError" in err
    assert "colour" in err and "Diagnostics ID: " in err


def test_a_422_names_the_fields_as_the_json_spells_them(emulator_server, capsys, tmp_path):
    path = tmp_path / "new.json"
    path.write_text(json.dumps({"currencyCode": "ABC", "order": {"countryCode": "GB"}}))
    code, out, err = run(capsys, "create", "--file", path, "--base-url", emulator_server.base_url)
    assert (code, out) == (1, "")
    assert "\n  currencyCode: Value must be an ISO 4217 code, not 'ABC'\n" in err
    assert "currency_code" not in err


def test_create_with_an_invalid_file_exits_2(emulator_server, capsys, tmp_path) -> None:
    path = tmp_path / "new.json"
    path.write_text(json.dumps({"amount": -1}))
    code, _, err = run(capsys, "create", "--file", path, "--base-url", emulator_server.base_url)
    assert code == 2 and "amount: must be 0 or more" in err
    assert methods(emulator_server) == []


# --- failures -------------------------------------------------------------------------------------


def test_bad_token_exits_1_with_error_id_and_diagnostics_id(emulator_server) -> None:
    done = run_script("get", "--token", "not-a-token", "--base-url", emulator_server.base_url)
    assert (done.returncode, done.stdout) == (1, "")
    assert "400" in done.stderr and "ClientSessionValidationError" in done.stderr
    assert "The client token is invalid" in done.stderr
    assert "Diagnostics ID: " in done.stderr and "Traceback" not in done.stderr


def test_wrong_key_exits_1_and_never_shows_a_key(keyed_server, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PRIMER_API_KEY", "sk-wrong-key-0000000000")
    code, out, err = run(capsys, "patch", "--token", keyed_server.tokens[0],
                         "--base-url", keyed_server.base_url, "--set", "customerId=x", "--yes")
    assert (code, out) == (1, "")
    assert "401" in err and "PRIMER_API_KEY" in err
    assert "sk-wrong-key" not in err and KEY not in err


@pytest.mark.parametrize("key", ["sekret\nkey-0123", "sekret\rkey-0123", "sekret-key\udcff123"],
                         ids=["line break", "carriage return", "byte not UTF-8"])
def test_a_key_no_header_can_carry_exits_2_without_showing_it(emulator_server, key) -> None:
    done = run_script("get", "--token", emulator_server.tokens[0],
                      "--base-url", emulator_server.base_url, PRIMER_API_KEY=key)
    assert (done.returncode, done.stdout) == (2, "")
    assert "the API key from PRIMER_API_KEY holds a control character" in done.stderr
    assert "sekret" not in done.stderr and "0123" not in done.stderr
    assert "Traceback" not in done.stderr and "retry" not in done.stderr
    assert methods(emulator_server) == []


def test_the_editor_with_a_base_url_no_client_takes_exits_2_before_starting(capsys) -> None:
    code, out, err = run(capsys, "--token", "t", "--base-url", "ftp://127.0.0.1:9")
    assert (code, out) == (2, "")
    assert "the base URL must be an http:// or https:// URL" in err


def test_a_session_holding_a_python_field_name_still_loads_and_patches(emulator_server, capsys):
    # The emulator keeps customer.email_address as an unknown field, as Primer would.
    body = {"orderId": "o-1", "customer": {"email_address": "x"}}
    token = emulator_server.app.state.store.create(body).token
    code, _, err = run(capsys, "patch", "--token", token, "--yes", "--base-url",
                       emulator_server.base_url, "--set", "customer.firstName=Jo")
    assert code == 0, err
    customer = session_of(capsys, emulator_server, token)["customer"]
    assert customer == {"email_address": "x", "firstName": "Jo"}


def test_a_server_session_nested_too_deep_is_a_message_not_a_traceback(
    emulator_server, capsys
) -> None:
    # The emulator now refuses such a body; store it directly, as another server might hold it.
    deep = json.loads("[" * 400 + "]" * 400)
    token = emulator_server.app.state.store.create({"orderId": "o", "order": {"x": deep}}).token
    for argv in (["patch", "--set", "customerId=x", "--yes"], ["total"]):
        code, out, err = run(capsys, *argv, "--token", token,
                             "--base-url", emulator_server.base_url)
        assert (code, out) == (1, ""), err
        assert "the server's session is not one this tool can read" in err
        assert "nested more than 100 levels deep" in err and "Traceback" not in err
    assert "PATCH" not in methods(emulator_server)


def test_422_from_patch_names_the_field(emulator_server, capsys) -> None:
    # The model takes any three-letter currency (the spec's list is dated); the API refuses ZZZ.
    code, out, err = run(capsys, "patch", "--token", emulator_server.tokens[0], "--yes",
                         "--base-url", emulator_server.base_url, "--set", "currencyCode=ZZZ")
    assert (code, out) == (1, "")
    assert "warning: ZZZ is not in the API's list" in err
    assert "422" in err and "RequestValidationError" in err and "ZZZ" in err
    assert "Diagnostics ID: " in err and "hint: " in err


def test_patch_timeout_exits_1_and_says_the_outcome_is_unknown(emulator_server, capsys) -> None:
    emulator_server.app.state.faults.add("patch:latency=1.5:once")
    code, out, err = run(capsys, "patch", "--token", emulator_server.tokens[0], "--yes",
                         "--base-url", emulator_server.base_url, "--set", "customerId=x",
                         "--timeout", "0.3")
    assert (code, out) == (1, "")
    assert "within 0.3 s" in err and "may or may not have been applied" in err
    assert read_entries()[0].status == "Timeout"


def test_a_500_on_patch_warns_the_outcome_is_unknown_before_any_retry(
    emulator_server, capsys
) -> None:
    emulator_server.app.state.faults.add("patch:500:once")
    code, out, err = run(capsys, "patch", "--token", emulator_server.tokens[0], "--yes",
                         "--base-url", emulator_server.base_url, "--set", "customerId=x")
    assert (code, out) == (1, "")
    hint = next(line for line in err.splitlines() if line.startswith("hint: "))
    assert hint.startswith("hint: the update may or may not have been applied: reload")
    assert "retry the request" not in hint.lower()


def test_nothing_listening_exits_1_with_a_hint(capsys) -> None:
    code, _, err = run(capsys, "get", "--token", "t", "--base-url", "http://127.0.0.1:9")
    assert code == 1
    assert "could not connect" in err and "hint: check the network" in err


def test_what_the_server_did_not_take_is_listed(emulator_server, capsys, monkeypatch) -> None:
    """A server that answers 200 but keeps the old value: "sent X, server has Y" on stderr."""
    import httpx

    from primer_tui import scripted
    from primer_tui.client import PrimerClient

    session = session_of(capsys, emulator_server, emulator_server.tokens[0])

    def ignoring(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=session)

    monkeypatch.setattr(scripted, "PrimerClient", lambda **kwargs: PrimerClient(
        **kwargs, transport=httpx.MockTransport(ignoring)))
    code, out, err = run(capsys, "patch", "--token", "t", "--base-url", "http://primer.test",
                         "--set", "customerId=c-9", "--yes")
    assert code == 0
    assert json.loads(out) == session
    assert 'warning: customerId: sent "c-9", server has "customer-123"' in err


# --- config and help ------------------------------------------------------------------------------


def test_config_path_prints_where_the_file_is(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    code, out, err = run(capsys, "config", "path")
    assert (code, err) == (0, "")
    assert out == f"{tmp_path / 'primer-tui' / 'config.toml'}\n"


def test_profile_gives_the_base_url_and_key(keyed_server, capsys, monkeypatch, tmp_path) -> None:
    config = tmp_path / "primer-tui" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'[profiles.local]\nenvironment = "custom"\nbase_url = '
                      f'"{keyed_server.base_url}"\napi_key_env = "LOCAL_KEY"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("LOCAL_KEY", KEY)
    code, out, _ = run(capsys, "get", "--token", keyed_server.tokens[0], "--profile", "local")
    assert code == 0 and json.loads(out)["orderId"] == "order-123"


@pytest.mark.parametrize("command", ["get", "patch", "create", "config"])
def test_every_subcommand_has_help_with_examples(capsys, command: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    out, _ = capsys.readouterr()
    assert exited.value.code == 0
    assert f"usage: primer-tui {command}" in out and "example" in out


def test_total_by_token_loads_the_session_over_http(emulator_server, capsys):
    from primer_tui.cli import main

    token = emulator_server.tokens[0]
    assert main(["total", "--token", token, "--base-url", emulator_server.base_url, "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)
    assert totals["computedTotal"] == 650
    assert {m["label"]: m["total"] for m in totals["byPaymentMethod"]}["Visa"] == 560


def test_total_by_a_bad_token_reports_primers_error(emulator_server, capsys):
    from primer_tui.cli import main

    assert main(["total", "--token", "nope", "--base-url", emulator_server.base_url]) == 1
    err = capsys.readouterr().err
    assert "ClientSessionValidationError" in err and "Diagnostics" in err


def test_keys_the_session_holds_do_not_block_an_edit_that_moves_them(emulator_server, capsys):
    """Removing line 0 moves line 1's own ``merchantRef`` to index 0: the server's key, kept."""
    store = emulator_server.app.state.store
    token = store.create({"orderId": "o", "currencyCode": "GBP", "order": {"lineItems": [
        {"itemId": "a", "amount": 100},
        {"itemId": "b", "amount": 200, "merchantRef": "R-2"},
    ]}}).token
    code, _, err = run(capsys, "patch", "--token", token, "--yes", "--base-url",
                       emulator_server.base_url, "--unset", "order.lineItems[0]")
    assert code == 0, err
    lines = session_of(capsys, emulator_server, token)["order"]["lineItems"]
    assert lines == [{"itemId": "b", "amount": 200, "merchantRef": "R-2"}]


def test_apple_pays_documented_requests_can_be_set_as_json() -> None:
    """Documented by the spec, so not unknown keys (options are not sent by PATCH: NOTES.md)."""
    recurring = {"paymentDescription": "Monthly", "managementUrl": "https://example.com/m"}
    value = json.dumps({"merchantName": "Shop", "recurringPaymentRequest": recurring})
    base = Session.from_wire({"orderId": "o"})
    draft = apply_edits(base, [("set", f"paymentMethod.options.APPLE_PAY={value}")])
    assert draft.payment_method.options["APPLE_PAY"].to_wire() == {
        "merchantName": "Shop", "recurringPaymentRequest": recurring}
