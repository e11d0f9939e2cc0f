"""Tests for the ``primer-tui total`` and ``primer-tui diff`` commands (DESIGN.md, Contracts).

Most cases call ``primer_tui.cli.main`` in-process: an uncaught exception fails the test, which is
how "never a traceback" is checked there. Two cases run the installed console script, for what
only a real process shows: the entry point's exit code and a stdout closed early.
"""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from primer_tui.cli import MAX_DEPTH, main

SCRIPT = Path(sys.executable).parent / "primer-tui"

#: Primer's surcharge example (NOTES.md, "Surcharges"): £5 item, £1 surcharge, £0.50 shipping.
EXAMPLE: dict[str, Any] = {
    "customerId": "cust-1",
    "currencyCode": "GBP",
    "amount": 650,
    "order": {
        "lineItems": [{"itemId": "shoe-1", "amount": 500, "quantity": 1}],
        "fees": [{"amount": 100, "type": "SURCHARGE"}],
        "shipping": {"amount": 50},
    },
    "paymentMethod": {
        "options": {
            "GOOGLE_PAY": {"surcharge": {"amount": 100}},
            "PAY_NL_IDEAL": {"surcharge": {"amount": 50}},
            "PAYMENT_CARD": {
                "networks": {
                    "VISA": {"surcharge": {"amount": 10}},
                    "MASTERCARD": {"surcharge": {"amount": 20}},
                }
            },
        }
    },
}

JSON_KEYS = {
    "currency", "itemsSubtotal", "discounts", "taxes", "fees", "feesByType", "shipping",
    "computedTotal", "override", "amountDue", "appliedSurcharge", "surchargesCalculated",
    "byPaymentMethod", "otherMethodsTotal", "lineItems", "formatted", "warnings",
}


def example(**changes: Any) -> dict[str, Any]:
    """A deep copy of ``EXAMPLE`` with top-level ``changes`` (``None`` removes a key)."""
    session = copy.deepcopy(EXAMPLE)
    for key, value in changes.items():
        if value is None:
            session.pop(key, None)
        else:
            session[key] = value
    return session


def write(directory: Path, name: str, content: Any) -> Path:
    """``content`` as a file: a string as is, anything else as JSON."""
    path = directory / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``primer-tui argv`` run in-process."""
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def by_label(report: dict[str, Any]) -> dict[str, int]:
    return {entry["label"]: entry["total"] for entry in report["byPaymentMethod"]}


def line_with(text: str, label: str) -> str:
    """The one line of ``text`` that starts (after indentation) with ``label``."""
    [line] = [line for line in text.splitlines() if line.strip().startswith(label)]
    return line


# --- total --------------------------------------------------------------------------------------


def test_total_json_has_primers_example_numbers(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "total", "--file", write(tmp_path, "s.json", EXAMPLE), "--json")
    report = json.loads(out)
    assert (code, err) == (0, "")
    assert JSON_KEYS <= set(report)
    assert report["currency"] == "GBP"
    assert report["computedTotal"] == 650
    assert report["override"] is None
    assert report["amountDue"] == 650
    assert report["surchargesCalculated"] is True
    assert by_label(report) == {"Google Pay": 650, "Visa": 560, "Mastercard": 570, "iDEAL": 600}
    assert report["otherMethodsTotal"] == 550
    assert report["formatted"]["amountDue"] == "£6.50"


def test_total_json_names_each_method_and_network(tmp_path: Path, capsys) -> None:
    _, out, _ = run(capsys, "total", "--file", write(tmp_path, "s.json", EXAMPLE), "--json")
    rows = {(m["method"], m["network"]): m["surcharge"] for m in json.loads(out)["byPaymentMethod"]}
    assert rows == {
        ("GOOGLE_PAY", None): 100, ("PAY_NL_IDEAL", None): 50,
        ("PAYMENT_CARD", "VISA"): 10, ("PAYMENT_CARD", "MASTERCARD"): 20,
    }


def test_total_text_formats_money_and_labels_methods(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "total", "--file", write(tmp_path, "s.json", EXAMPLE))
    assert (code, err) == (0, "")
    assert "£6.50" in line_with(out, "Amount due")
    assert "£5.60" in line_with(out, "Visa")
    assert "£5.70" in line_with(out, "Mastercard")
    assert "£6.00" in line_with(out, "iDEAL")
    assert "£5.50" in line_with(out, "Any other method")
    assert "not calculated" not in out


def test_total_with_override_shows_both_figures(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "s.json", example(amount=700))
    code, out, _ = run(capsys, "total", "--file", path)
    assert code == 0
    assert "£6.50" in line_with(out, "Computed total")
    assert "£7.00" in line_with(out, "Amount override")
    assert "£7.00" in line_with(out, "Amount due")
    assert "surcharges are not calculated" in out
    assert "£7.00" in line_with(out, "Visa")


def test_total_json_with_override_charges_every_method_the_override(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "s.json", example(amount=700))
    _, out, _ = run(capsys, "total", "--file", path, "--json")
    report = json.loads(out)
    assert (report["computedTotal"], report["override"], report["amountDue"]) == (650, 700, 700)
    assert report["surchargesCalculated"] is False
    assert set(by_label(report).values()) == {700}
    assert report["otherMethodsTotal"] == 700
    assert report["warnings"]


def test_total_formats_zero_decimal_currency(tmp_path: Path, capsys) -> None:
    session = {"currencyCode": "JPY", "order": {"lineItems": [{"amount": 3500}]}}
    _, out, _ = run(capsys, "total", "--file", write(tmp_path, "s.json", session))
    assert "¥3,500" in line_with(out, "Amount due")


def test_total_shows_a_currency_babel_does_not_know_plainly(tmp_path: Path, capsys) -> None:
    session = {"currencyCode": "ABC", "order": {"lineItems": [{"amount": 650}]}}
    code, out, _ = run(capsys, "total", "--file", write(tmp_path, "s.json", session))
    assert code == 0
    assert "6.50 ABC" in line_with(out, "Amount due")


def test_total_without_currency_shows_minor_units(tmp_path: Path, capsys) -> None:
    session = {"order": {"lineItems": [{"amount": 650}]}}
    code, out, _ = run(capsys, "total", "--file", write(tmp_path, "s.json", session), "--json")
    report = json.loads(out)
    assert code == 0
    assert report["currency"] is None
    assert report["formatted"]["amountDue"] == "650"
    _, text, _ = run(capsys, "total", "--file", tmp_path / "s.json")
    assert "(none)" in line_with(text, "Currency")
    assert line_with(text, "Amount due").split()[-1] == "650"


def test_total_reads_stdin_for_dash(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(EXAMPLE)))
    code, out, _ = run(capsys, "total", "--file", "-", "--json")
    assert code == 0
    assert json.loads(out)["amountDue"] == 650


# --- diff ---------------------------------------------------------------------------------------


def diff(tmp_path: Path, capsys, base: Any, edited: Any, *extra: str) -> tuple[int, str, str]:
    b, e = write(tmp_path, "base.json", base), write(tmp_path, "edited.json", edited)
    return run(capsys, "diff", b, e, *extra)


def test_diff_warns_about_a_top_level_key_it_does_not_send(tmp_path: Path, capsys) -> None:
    edited = example(customerId="cust-2", orderID="NEW-1", somethingElse=1)
    code, out, err = diff(tmp_path, capsys, EXAMPLE, edited)
    assert code == 0
    assert json.loads(out) == {"clientToken": "<clientToken>", "customerId": "cust-2"}
    assert err.splitlines() == [
        "warning: orderID is not a field of a client session: it is not sent "
        "(did you mean orderId?)",
        "warning: somethingElse is not a field of a client session: it is not sent",
    ]


def test_diff_warns_about_a_nested_key_primer_does_not_know(tmp_path: Path, capsys) -> None:
    base = example(customer={"emailAddress": "old@example.com", "firstName": "Ann"})
    edited = example(customer={"firstName": "Ann", "email_address": "new@example.com"})
    code, out, err = diff(tmp_path, capsys, base, edited)
    assert code == 0
    assert json.loads(out)["customer"] == {"email_address": "new@example.com",
                                           "emailAddress": None}
    assert err.splitlines() == [
        "warning: customer.email_address is not a field Primer knows: it is sent as it is "
        "(did you mean emailAddress?)",
    ]
    # one both files hold alike (the server's own, say) is no news
    both = example(customer={**base["customer"], "loyalty": {"tier": 2}})
    assert diff(tmp_path, capsys, both, example(customer={**both["customer"],
                                                          "firstName": "Bo"}))[2] == ""


def test_diff_is_quiet_about_an_unknown_key_both_files_hold_alike(tmp_path: Path, capsys):
    code, _, err = diff(tmp_path, capsys, example(extra=1), example(extra=1, customerId="c-2"))
    assert (code, err) == (0, "")


def test_diff_prints_the_body_with_a_placeholder_token(tmp_path: Path, capsys) -> None:
    code, out, err = diff(tmp_path, capsys, EXAMPLE, example(customerId="cust-2"))
    assert (code, err) == (0, "")
    assert json.loads(out) == {"clientToken": "<clientToken>", "customerId": "cust-2"}


def test_diff_puts_the_given_client_token(tmp_path: Path, capsys) -> None:
    edited = example(customerId="cust-2")
    code, out, _ = diff(tmp_path, capsys, EXAMPLE, edited, "--client-token", "tok-123")
    assert code == 0
    assert json.loads(out)["clientToken"] == "tok-123"


def test_diff_sends_changed_order_fields_whole_and_warns_on_stderr(tmp_path: Path, capsys) -> None:
    edited = example()
    edited["order"]["lineItems"][0]["quantity"] = 2
    code, out, err = diff(tmp_path, capsys, EXAMPLE, edited)
    body = json.loads(out)
    assert code == 0
    assert body == {
        "clientToken": "<clientToken>",
        "order": {"lineItems": [{"itemId": "shoe-1", "amount": 500, "quantity": 2}]},
    }
    # The GET's amount (650) is stale now: it is not sent, and stderr says so.
    assert "650" in err and "1150" in err
    assert all(line.startswith("warning: ") for line in err.splitlines())


def test_diff_warning_and_body_go_to_separate_streams(tmp_path: Path, capsys) -> None:
    code, out, err = diff(tmp_path, capsys, EXAMPLE, example(currencyCode="EUR"))
    assert code == 0
    assert json.loads(out)["currencyCode"] == "EUR"
    assert err.startswith("warning: Currency changed from GBP to EUR")
    assert "warning" not in out


def test_diff_without_changes_prints_nothing_and_succeeds(tmp_path: Path, capsys) -> None:
    code, out, err = diff(tmp_path, capsys, EXAMPLE, example())
    assert (code, out) == (0, "")
    assert "no changes" in err


def test_diff_of_options_only_warns_and_sends_nothing(tmp_path: Path, capsys) -> None:
    edited = example()
    edited["paymentMethod"]["options"]["GOOGLE_PAY"]["surcharge"]["amount"] = 120
    code, out, err = diff(tmp_path, capsys, EXAMPLE, edited)
    assert (code, out) == (0, "")
    assert "warning: Surcharge options changed" in err
    assert "no changes" in err


def test_diff_reports_which_file_is_invalid(tmp_path: Path, capsys) -> None:
    code, out, err = diff(tmp_path, capsys, EXAMPLE, example(amount=-5))
    assert (code, out) == (2, "")
    assert "edited.json is not a valid client session" in err
    assert "base.json" not in err
    assert "amount: must be 0 or more" in err


# --- bad input ----------------------------------------------------------------------------------

BAD_FILES = {
    "invalid JSON": ('{"amount": 650,\n  "currencyCode": }', ["is not JSON", "line 2, column"]),
    "a JSON array": ("[1, 2]", ["is not a client session", "JSON object"]),
    "JSON null": ("null", ["is not a client session"]),
    "empty file": ("", ["is not JSON", "line 1, column 1"]),
    "negative amount": (
        '{"amount": -1}', ["not a valid client session", "\n  amount: must be 0 or more"]
    ),
    "nested field": (
        '{"order": {"lineItems": [{"amount": "5"}]}}',
        ["order.lineItems[0].amount: must be a whole number"],
    ),
    "missing line amount": ('{"order": {"lineItems": [{}]}}', ["amount: is required"]),
    "bad currency": ('{"currencyCode": "gbp"}', ["currencyCode:", "three capital letters"]),
    "bad weight": ('{"order": {"lineItems": [{"amount": 1, "productData": {"weight": 1e400}}]}}',
                   ["order.lineItems[0].productData.weight: must be a finite number"]),
    "too deep": (
        '{"metadata": {"x": ' + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "}}",
        ["nested more than"],
    ),
    "deeper than json can parse": ("[" * 100_000, ["nested more than"]),
    "an integer too long to read": ('{"amount": ' + "9" * 5000 + "}",
                                    ["is not usable JSON", "4300 digits"]),
}


@pytest.mark.parametrize("content, fragments", BAD_FILES.values(), ids=BAD_FILES.keys())
@pytest.mark.parametrize("command", ["total", "diff"])
def test_bad_file_exits_2_with_a_message(
    tmp_path: Path, capsys, command: str, content: str, fragments: list[str]
) -> None:
    bad = write(tmp_path, "bad.json", content)
    argv = ["total", "--file", bad] if command == "total" else ["diff", bad, bad]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"primer-tui: {bad}")
    for fragment in fragments:
        assert fragment in err
    assert "Traceback" not in err


def test_nesting_up_to_the_limit_is_kept_and_diffed(tmp_path: Path, capsys) -> None:
    """A merchant's own field nested ``MAX_DEPTH`` levels (root included) still works."""
    inner = MAX_DEPTH - 2  # the session object and ``order`` are two levels
    edited = example(order={**EXAMPLE["order"], "x": json.loads("[" * inner + "]" * inner)})
    code, out, err = diff(tmp_path, capsys, EXAMPLE, edited)
    assert (code, err) == (0, "warning: order.x is not a field Primer knows: it is sent as it is\n")
    assert json.loads(out)["order"]["x"] == edited["order"]["x"]


def test_missing_file(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nope.json"
    code, out, err = run(capsys, "total", "--file", missing)
    assert (code, out) == (2, "")
    assert err == f"primer-tui: cannot read {missing}: No such file or directory\n"


def test_directory(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "diff", tmp_path, tmp_path)
    assert code == 2
    assert err == f"primer-tui: cannot read {tmp_path}: Is a directory\n"


def test_file_that_is_not_utf8(tmp_path: Path, capsys) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"customerId": "Zoë"}'.encode("latin-1"))
    code, _, err = run(capsys, "total", "--file", path)
    assert code == 2
    assert err.startswith(f"primer-tui: cannot read {path}: 'utf-8' codec can't decode")


def test_invalid_json_on_stdin(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("{oops"))
    code, out, err = run(capsys, "total", "--file", "-")
    assert (code, out) == (2, "")
    assert "is not JSON" in err and "line 1, column 2" in err


def test_invalid_session_on_stdin(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"amount": -1}'))
    code, _, err = run(capsys, "total", "--file", "-")
    assert code == 2
    assert "amount: must be 0 or more" in err


@pytest.mark.parametrize(
    "argv", [["total"], ["total", "--json"], ["diff", "only-one.json"], ["frobnicate"]]
)
def test_bad_usage_exits_2(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    assert exited.value.code == 2
    assert out == ""
    assert "usage: primer-tui" in err


@pytest.mark.parametrize("argv", [["--help"], ["total", "--help"], ["diff", "--help"]])
def test_help_shows_an_example(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, _ = capsys.readouterr()
    assert exited.value.code == 0
    assert "usage: primer-tui" in out
    assert "example" in out


def test_top_level_help_lists_the_subcommands(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out, _ = capsys.readouterr()
    assert "total" in out and "diff" in out


# --- the installed command ----------------------------------------------------------------------


def script() -> Path:
    assert SCRIPT.exists(), f"{SCRIPT} is missing: run `make install`"
    return SCRIPT


def test_installed_command_prints_json(tmp_path: Path) -> None:
    path = write(tmp_path, "s.json", EXAMPLE)
    done = subprocess.run(
        [script(), "total", "--file", path, "--json"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["byPaymentMethod"][0] == {
        "method": "GOOGLE_PAY", "network": None, "label": "Google Pay", "surcharge": 100,
        "total": 650,
    }


def test_installed_command_exits_2_on_bad_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [script(), "total", "--file", tmp_path / "nope.json"], capture_output=True, text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("primer-tui: cannot read")


def big_diff(tmp_path: Path) -> list[str | Path]:
    """A diff whose body (~300 kB) is larger than any pipe buffer."""
    edited = example(amount=None)  # no stale amount: no warning on stderr
    edited["order"]["lineItems"] = [{"itemId": f"i{n}", "amount": n} for n in range(10_000)]
    base, changed = write(tmp_path, "b.json", EXAMPLE), write(tmp_path, "e.json", edited)
    return ["diff", base, changed]


@pytest.mark.parametrize("kind", ["total", "diff"])
def test_closed_stdout_gives_no_traceback(tmp_path: Path, kind: str) -> None:
    argv = big_diff(tmp_path) if kind == "diff" else [
        "total", "--file", write(tmp_path, "s.json", EXAMPLE), "--json"]
    reader, writer = os.pipe()
    os.close(reader)  # as `| head -c 0`: the reader is gone before the first write
    try:
        done = subprocess.run(
            [script(), *argv], stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60
        )
    finally:
        os.close(writer)
    assert done.returncode == 0
    assert done.stderr == ""


def test_head_reading_part_of_a_large_output(tmp_path: Path) -> None:
    """``primer-tui diff ... | head -c 10``: the reader leaves mid-write."""
    process = subprocess.Popen(
        [script(), *big_diff(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(10)
    process.stdout.close()
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 0
    assert first == b'{\n  "clien'
    assert err == ""


def test_a_key_in_a_config_file_others_can_read_is_refused(tmp_path, monkeypatch, capsys):
    import os

    config = tmp_path / "config" / "primer-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('default_profile = "live"\n[profiles.live]\nenvironment = "production"\n'
                      'api_key = "sk-test-SECRET-123"\n')
    os.chmod(config, 0o644)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["--token", "t"]) == 2
    err = capsys.readouterr().err
    assert "chmod 600" in err and str(config) in err and "SECRET" not in err


def test_target_takes_flags_over_profile_over_defaults(tmp_path, monkeypatch):
    import os

    from primer_tui.cli import build_parser, resolve_target

    config = tmp_path / "primer-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[profiles.live]\nenvironment = "production"\napi_key = "sk-test-SECRET-123"\n')
    os.chmod(config, 0o600)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    target = resolve_target(build_parser().parse_args(["--profile", "live"]), prompt=False)
    assert (target.environment, target.api_version) == ("production", "2.4")
    assert target.api_key.reveal() == "sk-test-SECRET-123" and "SECRET" not in repr(target)
    monkeypatch.setenv("PRIMER_API_KEY", "from-env")
    flags = resolve_target(build_parser().parse_args(["--profile", "live", "--env", "sandbox"]),
                           prompt=False)
    assert flags.environment == "sandbox" and flags.api_key.reveal() == "from-env"
    plain = resolve_target(build_parser().parse_args(["--base-url", "http://127.0.0.1:9"]),
                           prompt=False)
    assert plain.environment == "custom"


@pytest.mark.parametrize("flags", [["--env", "production"], ["--base-url", "http://127.0.0.1:1"],
                                   ["--api-version", "9.9"], ["--profile", "live"]])
def test_demo_refuses_the_flags_it_would_ignore(capsys, flags) -> None:
    code, out, err = run(capsys, "--demo", *flags)
    assert code == 2 and out == ""
    assert err == (f"primer-tui: --demo runs on the built-in emulator: {flags[0]} cannot be "
                   "used with it\n")


def test_a_recent_session_is_told_apart_by_the_end_of_its_token() -> None:
    from primer_tui.recent import RecentSession

    first, second = (RecentSession("eyJhbGciOiJIUzI1NiJ9.x." + end, "sandbox", "u", "o", 0.0)
                     for end in ("AAAA1111", "BBBB2222"))
    assert first.label.endswith("…AAAA1111") and second.label.endswith("…BBBB2222")
