"""The config file (profiles, validation, refusing readable keys) and where the API key comes from.

Every file is written under ``tmp_path`` and every environment is an explicit dict: the conftest
already points the XDG dirs at temp folders and removes ``PRIMER_API_KEY``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from primer_tui import config as config_module
from primer_tui.config import (
    ApiKey,
    Config,
    ConfigError,
    Profile,
    config_path,
    load_config,
    mask,
    resolve_api_key,
    terminal_prompt,
)

SECRET = "sk-test-SECRET-123"
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")

TWO_PROFILES = """\
default_profile = "prod"

[profiles.prod]
environment = "production"
api_key_env = "PROD_KEY"
theme = "primer-dark"

[profiles.emulator]
environment = "custom"
base_url = "http://127.0.0.1:8010"
api_version = "2.3"
"""

LITERAL_KEY = f"""\
[profiles.prod]
environment = "production"
api_key = "{SECRET}"
"""


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    path.chmod(mode)
    return path


def refused(tmp_path: Path, text: str) -> str:
    """The ConfigError message for ``text``; it must never contain the key."""
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    message = str(caught.value)
    assert SECRET not in message
    return message


def never_called(text: str) -> str:
    raise AssertionError(f"prompted although a key was available: {text!r}")


# The file: where it is, and that reading it creates nothing.


def test_config_path_is_in_the_user_config_dir() -> None:
    expected = Path(os.environ["XDG_CONFIG_HOME"]) / "primer-tui" / "config.toml"
    assert config_path() == expected


def test_a_missing_file_is_an_empty_config_and_nothing_is_created() -> None:
    config = load_config()
    assert config.profiles == {}
    assert config.default_profile is None
    assert config.profile(None) is None
    assert not Path(os.environ["XDG_CONFIG_HOME"]).exists()


def test_import_loads_no_ui_or_network_and_creates_nothing(tmp_path: Path) -> None:
    probe = (
        "import json, sys, primer_tui.config\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'platformdirs', 'textual', 'httpx'})))"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert not (tmp_path / "cfg").exists()


# Profiles and their selection.


def test_profiles_are_read_with_their_settings_and_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, TWO_PROFILES))
    prod, emulator = config.profiles["prod"], config.profiles["emulator"]
    assert (prod.environment, prod.base_url, prod.api_version) == ("production", None, "2.4")
    assert (prod.api_key_env, prod.theme, prod.api_key) == ("PROD_KEY", "primer-dark", None)
    assert (emulator.environment, emulator.base_url) == ("custom", "http://127.0.0.1:8010")
    assert emulator.api_version == "2.3"
    assert (prod.name, emulator.name) == ("prod", "emulator")
    assert config.path == tmp_path / "config.toml"


def test_profile_selection_by_name_then_default(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, TWO_PROFILES))
    assert config.profile("emulator") is config.profiles["emulator"]
    assert config.profile(None) is config.profiles["prod"]
    assert config.profile() is config.profiles["prod"]


def test_no_name_and_no_default_means_no_profile(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, TWO_PROFILES.replace('default_profile = "prod"', "")))
    assert config.profile(None) is None
    assert config.profile("prod") is config.profiles["prod"]


def test_an_unknown_profile_name_is_an_error_naming_the_choices(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, TWO_PROFILES))
    with pytest.raises(ConfigError, match=r"no profile 'staging'.*emulator, prod"):
        config.profile("staging")


def test_models_are_the_public_classes(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, TWO_PROFILES))
    assert isinstance(config, Config)
    assert isinstance(config.profile(), Profile)
    with pytest.raises(AttributeError):
        config_module.NoSuchThing  # noqa: B018


def test_every_setting_has_a_docstring() -> None:
    for model in (Config, Profile):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no docstring"


def test_models_are_frozen(tmp_path: Path) -> None:
    profile = load_config(write(tmp_path, TWO_PROFILES)).profile()
    with pytest.raises(ValueError):
        profile.environment = "sandbox"


# Bad files: a clear message, raised as ConfigError (a ValueError).


def test_bad_toml_names_the_line(tmp_path: Path) -> None:
    message = refused(tmp_path, '[profiles.a]\nenvironment = "sandbox"\napi_version = \n')
    assert "not valid TOML" in message
    assert "line 3" in message
    assert str(tmp_path / "config.toml") in message


def test_bad_toml_around_a_key_does_not_echo_the_key(tmp_path: Path) -> None:
    message = refused(tmp_path, f'[profiles.a]\nenvironment = "sandbox"\napi_key = {SECRET}\n')
    assert "line 3" in message


def test_config_error_is_a_value_error() -> None:
    assert issubclass(ConfigError, ValueError)


def test_unknown_environment(tmp_path: Path) -> None:
    message = refused(tmp_path, '[profiles.a]\nenvironment = "staging"\n')
    assert "profiles.a.environment" in message
    assert "unknown environment 'staging'" in message
    assert "sandbox, production or custom" in message


def test_missing_environment(tmp_path: Path) -> None:
    assert "profiles.a.environment" in refused(tmp_path, '[profiles.a]\ntheme = "x"\n')


def test_custom_needs_a_base_url(tmp_path: Path) -> None:
    message = refused(tmp_path, '[profiles.emu]\nenvironment = "custom"\n')
    assert "profiles.emu" in message
    assert "needs a base_url" in message


def test_base_url_must_be_http(tmp_path: Path) -> None:
    text = '[profiles.emu]\nenvironment = "custom"\nbase_url = "127.0.0.1:8010"\n'
    assert "must start with http:// or https://" in refused(tmp_path, text)


def test_api_version_as_a_number_asks_for_a_string(tmp_path: Path) -> None:
    text = '[profiles.a]\nenvironment = "sandbox"\napi_version = 2.4\n'
    assert 'api_version = "2.4"' in refused(tmp_path, text)


def test_a_misspelt_setting_is_refused_without_echoing_its_value(tmp_path: Path) -> None:
    message = refused(tmp_path, f'[profiles.a]\nenvironment = "sandbox"\napikey = "{SECRET}"\n')
    assert "profiles.a.apikey: unknown setting" in message
    assert "api_key" in message  # the known settings are listed


def test_a_key_of_the_wrong_type_is_not_echoed(tmp_path: Path) -> None:
    refused(tmp_path, f'[profiles.a]\nenvironment = "sandbox"\napi_key = ["{SECRET}"]\n')


def test_default_profile_must_exist(tmp_path: Path) -> None:
    text = 'default_profile = "prd"\n[profiles.prod]\nenvironment = "production"\n'
    message = refused(tmp_path, text)
    assert "default_profile = 'prd' is not a profile" in message
    assert "prod" in message


def test_api_key_and_api_key_env_together_are_ambiguous(tmp_path: Path) -> None:
    assert "not both" in refused(tmp_path, LITERAL_KEY + 'api_key_env = "PROD_KEY"\n')


def test_several_problems_are_all_listed(tmp_path: Path) -> None:
    text = '[profiles.a]\nenvironment = "staging"\n[profiles.b]\nenvironment = "custom"\n'
    message = refused(tmp_path, text)
    assert "2 problems" in message
    assert "profiles.a.environment" in message and "profiles.b" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    path.write_bytes(b'[profiles.a]\nenvironment = "sandbox"\ntheme = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


def test_a_directory_in_place_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "config.toml")


# A literal key only in a private file.


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_literal_key_in_a_file_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    path = write(tmp_path, LITERAL_KEY, mode)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert f"chmod 600 {path}" in message
    assert "'prod'" in message
    assert SECRET not in message


@posix_only
@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_a_literal_key_in_a_private_file_is_read(tmp_path: Path, mode: int) -> None:
    profile = load_config(write(tmp_path, LITERAL_KEY, mode)).profile("prod")
    assert profile.api_key.get_secret_value() == SECRET


@posix_only
def test_a_file_without_literal_keys_may_be_world_readable(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, TWO_PROFILES, 0o644))
    assert set(config.profiles) == {"prod", "emulator"}


@posix_only
def test_a_key_in_any_profile_makes_the_file_need_privacy(tmp_path: Path) -> None:
    """The file leaks every key in it, not only the selected profile's."""
    text = TWO_PROFILES.replace('api_version = "2.3"', f'api_key = "{SECRET}"')
    with pytest.raises(ConfigError, match="'emulator'"):
        load_config(write(tmp_path, text, 0o644))


# Where the key comes from, in order.


def test_primer_api_key_comes_first(tmp_path: Path) -> None:
    profile = load_config(write(tmp_path, LITERAL_KEY)).profile("prod")
    key = resolve_api_key(profile, environ={"PRIMER_API_KEY": "from-env"}, prompt=never_called)
    assert key.reveal() == "from-env"
    assert key.source == "PRIMER_API_KEY"


def test_primer_api_key_without_a_profile() -> None:
    key = resolve_api_key(None, environ={"PRIMER_API_KEY": " from-env\n"})
    assert key.reveal() == "from-env"  # surrounding whitespace (a pasted newline) is dropped


def test_then_the_profiles_api_key_env_variable(tmp_path: Path) -> None:
    profile = load_config(write(tmp_path, TWO_PROFILES)).profile("prod")
    key = resolve_api_key(profile, environ={"PROD_KEY": SECRET}, prompt=never_called)
    assert key.reveal() == SECRET
    assert key.source == "profile 'prod' ($PROD_KEY)"


def test_primer_api_key_beats_api_key_env(tmp_path: Path) -> None:
    profile = load_config(write(tmp_path, TWO_PROFILES)).profile("prod")
    key = resolve_api_key(profile, environ={"PROD_KEY": SECRET, "PRIMER_API_KEY": "env"})
    assert (key.reveal(), key.source) == ("env", "PRIMER_API_KEY")


def test_then_the_profiles_literal_key(tmp_path: Path) -> None:
    profile = load_config(write(tmp_path, LITERAL_KEY)).profile("prod")
    key = resolve_api_key(profile, environ={}, prompt=never_called)
    assert key.reveal() == SECRET
    assert key.source == "profile 'prod' (config.toml)"


def test_an_empty_primer_api_key_counts_as_unset(tmp_path: Path) -> None:
    profile = load_config(write(tmp_path, LITERAL_KEY)).profile("prod")
    key = resolve_api_key(profile, environ={"PRIMER_API_KEY": "  "})
    assert key.source == "profile 'prod' (config.toml)"


def test_then_the_prompt_when_allowed(tmp_path: Path) -> None:
    profile = load_config(write(tmp_path, TWO_PROFILES)).profile("prod")
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return f" {SECRET} "

    key = resolve_api_key(profile, environ={}, prompt=prompt)
    assert key.reveal() == SECRET
    assert key.source == "prompt"
    assert asked == ["Primer API key for profile 'prod': "]


def test_the_prompt_without_a_profile() -> None:
    asked: list[str] = []
    key = resolve_api_key(None, environ={}, prompt=lambda text: asked.append(text) or "typed")
    assert (key.reveal(), key.source) == ("typed", "prompt")
    assert asked == ["Primer API key: "]


def test_no_prompt_allowed_means_no_key(tmp_path: Path) -> None:
    profile = load_config(write(tmp_path, TWO_PROFILES)).profile("prod")
    assert resolve_api_key(profile, environ={}) is None
    assert resolve_api_key(None, environ={}) is None


@pytest.mark.parametrize("answer", ["", "   "])
def test_an_empty_answer_means_no_key(answer: str) -> None:
    assert resolve_api_key(None, environ={}, prompt=lambda _: answer) is None


def test_end_of_input_at_the_prompt_means_no_key() -> None:
    def closed(_: str) -> str:
        raise EOFError

    assert resolve_api_key(None, environ={}, prompt=closed) is None


def test_terminal_prompt_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    class Stdin:
        def __init__(self, tty: bool) -> None:
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    monkeypatch.setattr(sys, "stdin", Stdin(False))
    assert terminal_prompt() is None
    monkeypatch.setattr(sys, "stdin", None)
    assert terminal_prompt() is None
    monkeypatch.setattr(sys, "stdin", Stdin(True))
    assert terminal_prompt() is getpass.getpass


def test_resolve_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIMER_API_KEY", "live-env")
    assert resolve_api_key(None).reveal() == "live-env"


UNSENDABLE = {
    "line break": "sekret\nkey-0123",
    "carriage return": "sekret\rkey-0123",
    "tab": "sekret\tkey-0123",
    "DEL": "sekret\x7fkey-0123",
    "non-ASCII": "sekret-kéy-0123",
    "undecodable byte": "sekret-key\udcff123",  # how os.environ holds a stray \xff byte
}


@pytest.mark.parametrize("value", UNSENDABLE.values(), ids=UNSENDABLE.keys())
def test_a_key_no_header_can_carry_is_refused_without_showing_it(
    tmp_path: Path, value: str
) -> None:
    profile = load_config(write(tmp_path, TWO_PROFILES)).profile("prod")
    sources = [
        ({"PRIMER_API_KEY": value}, None, "PRIMER_API_KEY"),
        ({"PROD_KEY": value}, None, "profile 'prod' ($PROD_KEY)"),
        ({}, lambda _: value, "prompt"),
    ]
    for environ, prompt, source in sources:
        with pytest.raises(ConfigError) as caught:
            resolve_api_key(profile, environ=environ, prompt=prompt)
        message = str(caught.value)
        assert source in message and "control character" in message
        assert "sekret" not in message and "0123" not in message


# The key never shows.


def test_repr_and_str_never_show_the_key(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, LITERAL_KEY))
    profile = config.profile("prod")
    key = resolve_api_key(profile, environ={})
    for shown in (repr(config), str(config), repr(profile), str(profile), repr(key), str(key)):
        assert SECRET not in shown
        assert "SECRET" not in shown
    assert SECRET not in config.model_dump_json()
    assert "profile 'prod' (config.toml)" in repr(key) and "profile 'prod'" in str(key)


def test_api_key_is_immutable_and_compares_by_value() -> None:
    key = ApiKey(SECRET, "prompt")
    with pytest.raises(AttributeError):
        key.source = "elsewhere"
    assert key == ApiKey(SECRET, "prompt")
    assert key != ApiKey("other", "prompt")
    assert len({key, ApiKey(SECRET, "prompt")}) == 1
    assert key.masked == "••••••-123"


# mask()


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        (SECRET, "••••••-123"),
        ("0123456789abcdef", "••••••cdef"),
        ("short-key", "••••••"),  # under 12 characters: 4 would be much of the key
        ("", "••••••"),
    ],
)
def test_mask(key: str, shown: str) -> None:
    assert mask(key) == shown


def test_mask_hides_the_length() -> None:
    assert len(mask("a" * 12)) == len(mask("a" * 64))
