"""Profiles in a TOML file, and where the API key comes from.

The file is ``config.toml`` in platformdirs' user config dir (``config_path()``)::

    default_profile = "sandbox"

    [profiles.sandbox]
    environment = "sandbox"
    api_key_env = "PRIMER_SANDBOX_KEY"   # the name of a variable holding the key

    [profiles.emulator]
    environment = "custom"
    base_url = "http://127.0.0.1:8010"

Decisions, and what they cost:

- Reading never writes: no directory or file is created on import or on load; a missing file is
  an empty config. Nothing here writes the file at all.
- Unknown settings are refused (``extra="forbid"``), so a typo such as ``apikey`` is reported
  rather than silently ignored. The cost: a file written for a newer version, with a setting this
  version does not know, is refused until the program is updated.
- A literal ``api_key`` is allowed only in a file that neither group nor others can read
  (``chmod 600``); ``api_key_env`` is the way to keep keys out of the file altogether. On Windows
  the mode bits say nothing about who can read a file, so the check is skipped there.
- API key sources, in order (issue 5): ``PRIMER_API_KEY``; the profile's ``api_key_env`` variable
  or ``api_key``; a masked prompt, only when the caller passes one (``terminal_prompt()`` gives
  ``getpass`` when stdin is a terminal). An empty value counts as unset. The key is held by
  ``ApiKey`` (and ``SecretStr`` in the models), whose repr and str never show it, and no
  ``ConfigError`` message contains it.
- A key that cannot go in an HTTP header (a control character such as a stray line break, or
  a character outside ASCII) is refused where it is found, naming its source but not the key:
  sent, it would fail inside the HTTP library with the key quoted in its message.
- Plain module-level pydantic models. The command line imports this module only when a
  command needs a key or a profile, so ``primer-tui total`` never pays for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

APP_NAME = "primer-tui"
FILE_NAME = "config.toml"
KEY_VARIABLE = "PRIMER_API_KEY"
DEFAULT_API_VERSION = "2.4"
ENVIRONMENTS = ("sandbox", "production", "custom")
_OTHERS_CAN_READ = 0o077  # any group or other permission bit
_MASK = "••••••"


class ConfigError(ValueError):
    """The config file cannot be used: unreadable, not TOML, or a setting is wrong or unsafe."""


def config_path() -> Path:
    """Where the config file is, whether or not it exists: ``<user config dir>/config.toml``."""
    from platformdirs import user_config_path  # only when asked: platformdirs costs ~15 ms

    return user_config_path(APP_NAME) / FILE_NAME


def load_config(path: Path | None = None) -> Config:
    """Read and check the config file; a missing file is an empty config.

    Args:
        path: The file to read; ``config_path()`` when None.

    Raises:
        ConfigError: The file cannot be read, is not TOML (the message names the line), has a
            wrong setting, or holds a literal ``api_key`` while group or others can read it.
    """
    path = path or config_path()
    read = _read_toml(path)
    data, mode = read if read is not None else ({}, 0o600)
    config = _validate(data, path)
    _refuse_readable_keys(config, path, mode)
    return config


def _read_toml(path: Path) -> tuple[dict[str, Any], int] | None:
    """The parsed file and its mode (from the same open file), or None when there is no file."""
    import tomllib

    try:
        with open(path, "rb") as file:
            mode = os.fstat(file.fileno()).st_mode
            return tomllib.load(file), mode
    except FileNotFoundError:
        return None
    except tomllib.TOMLDecodeError as exc:  # its message ends "(at line N, column M)"
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        # ``from None``: the decode error carries the file's bytes, which may hold a key.
        raise ConfigError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None


def _validate(data: dict[str, Any], path: Path) -> Config:
    try:
        return Config.model_validate(data, context={"path": path})
    except ValidationError as error:
        raise ConfigError(_describe(error, path)) from None


def _describe(error: ValidationError, path: Path) -> str:
    """One line a problem, never the offending value (it could be a key)."""
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            message = f"unknown setting (known: {_known_settings(item['loc'])})"
        else:
            message = item["msg"]
        problems.append(f"{where}: {message}" if where else message)
    if len(problems) == 1:
        return f"{path}: {problems[0]}"
    return f"{path} has {len(problems)} problems:\n  " + "\n  ".join(problems)


def _known_settings(loc: tuple[str | int, ...]) -> str:
    model = Profile if len(loc) > 1 and loc[0] == "profiles" else Config
    return ", ".join(model.model_fields)


def _refuse_readable_keys(config: Config, path: Path, mode: int) -> None:
    if os.name == "nt" or not mode & _OTHERS_CAN_READ:
        return
    holders = [name for name, profile in config.profiles.items() if profile.api_key is not None]
    if holders:
        import shlex

        names = ", ".join(repr(name) for name in holders)
        raise ConfigError(
            f"{path} holds an API key (profile {names}) but other users can read it "
            f"(mode {mode & 0o777:o}). Make it private: chmod 600 {shlex.quote(str(path))} "
            f"(or move the key to an environment variable and name it with api_key_env)"
        )


def _known_environment(value: Any) -> Any:
    if value not in ENVIRONMENTS:
        raise PydanticCustomError(
            "environment", "unknown environment {value}: use sandbox, production or custom",
            {"value": repr(value)},
        )
    return value


def _http_url(value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise PydanticCustomError(
            "base_url", "base_url must start with http:// or https://, not {value}",
            {"value": repr(value)},
        )
    return value


def _version_text(value: Any) -> Any:
    # TOML reads 2.4 (unquoted) as a float, and 2.10 would become 2.1: ask for a string.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError(
            "api_version", 'write the version as a string: api_version = "{value}"',
            {"value": value},
        )
    return value


def _variable_name(value: str | None) -> str | None:
    if value is not None and (not value or "=" in value or "\0" in value):
        raise PydanticCustomError(
            "api_key_env", "api_key_env must name an environment variable, such as PRIMER_KEY"
        )
    return value


def _check_profile(profile: Profile) -> Profile:
    if profile.environment == "custom" and not profile.base_url:
        raise PydanticCustomError(
            "custom_base_url", 'environment = "custom" needs a base_url, such as '
            '"http://127.0.0.1:8010"',
        )
    if profile.api_key is not None and profile.api_key_env is not None:
        raise PydanticCustomError(
            "two_keys", "set api_key or api_key_env, not both: which one is meant is unclear"
        )
    return profile


def _bind_config(config: Config, info: ValidationInfo) -> Config:
    """Tell each profile its name and file, so a key's source can be named."""
    path = (info.context or {}).get("path")
    config._path = path
    for name, profile in config.profiles.items():
        profile._name = name
        profile._file = path.name if path is not None else "config"
    if config.default_profile is not None and config.default_profile not in config.profiles:
        raise PydanticCustomError(
            "default_profile", "default_profile = {name} is not a profile in this file "
            "(profiles: {names})",
            {"name": repr(config.default_profile), "names": _names(config)},
        )
    return config


def _pick_profile(config: Config, name: str | None) -> Profile | None:
    wanted = name if name is not None else config.default_profile
    if wanted is None:
        return None
    if wanted not in config.profiles:
        where = config.path or "the config"
        raise ConfigError(f"no profile {wanted!r} in {where} (profiles: {_names(config)})")
    return config.profiles[wanted]


def _names(config: Config) -> str:
    return ", ".join(sorted(config.profiles)) or "none"

class Profile(BaseModel):
    """One ``[profiles.NAME]`` table: where requests go and where the key comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    environment: Literal["sandbox", "production", "custom"]
    """Primer's sandbox, its production, or a custom URL (an emulator, a proxy)."""
    base_url: str | None = None
    """Send requests here; required for ``custom``, overrides the environment's URL else."""
    api_version: str = DEFAULT_API_VERSION
    """Sent as ``X-API-VERSION``; a string, so "2.10" is not read as 2.1."""
    api_key: SecretStr | None = None
    """A literal key: allowed only in a file group and others cannot read (chmod 600)."""
    api_key_env: str | None = None
    """The name of an environment variable that holds the key (keeps it out of the file)."""
    theme: str | None = None
    """The UI theme to use with this profile."""

    _name: str = PrivateAttr(default="")
    _file: str = PrivateAttr(default="config")

    _environment = field_validator("environment", mode="before")(_known_environment)
    _base_url = field_validator("base_url")(_http_url)
    _api_version = field_validator("api_version", mode="before")(_version_text)
    _api_key_env = field_validator("api_key_env")(_variable_name)
    _consistent = model_validator(mode="after")(_check_profile)

    @property
    def name(self) -> str:
        """The table's name in the file (``prod`` for ``[profiles.prod]``)."""
        return self._name

    @property
    def origin(self) -> str:
        """``profile 'prod' (config.toml)``: where a key from this profile came from."""
        return f"profile {self._name!r} ({self._file})"


class Config(BaseModel):
    """The whole file: named profiles and the one used when none is asked for."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    default_profile: str | None = None
    """The profile used when ``--profile`` is not given; it must be one of ``profiles``."""
    profiles: dict[str, Profile] = {}
    """Profiles by name, from the ``[profiles.NAME]`` tables."""

    _path: Path | None = PrivateAttr(default=None)

    _bound = model_validator(mode="after")(_bind_config)

    @property
    def path(self) -> Path | None:
        """The file this was read from (None when built in code)."""
        return self._path

    def profile(self, name: str | None = None) -> Profile | None:
        """The profile called ``name``; None means ``default_profile``, or no profile.

        Raises:
            ConfigError: There is no profile called ``name``.
        """
        return _pick_profile(self, name)



class ApiKey:
    """An API key and where it came from; repr and str name the source, never the key.

    Attributes:
        source: ``"PRIMER_API_KEY"``, ``"profile 'prod' (config.toml)"``,
            ``"profile 'prod' ($PROD_KEY)"`` or ``"prompt"``.
    """

    __slots__ = ("_value", "source")
    _value: str
    source: str

    def __init__(self, value: str, source: str) -> None:
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "source", source)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("ApiKey is immutable")

    def reveal(self) -> str:
        """The key itself: only for the request header, never for display."""
        return self._value

    @property
    def masked(self) -> str:
        """The key for display: at most its last 4 characters (``mask``)."""
        return mask(self._value)

    def __repr__(self) -> str:
        return f"ApiKey(source={self.source!r})"

    def __str__(self) -> str:
        return f"API key from {self.source}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ApiKey):
            return NotImplemented
        return (self._value, self.source) == (other._value, other.source)

    def __hash__(self) -> int:
        return hash((self._value, self.source))


def resolve_api_key(
    profile: Profile | None,
    *,
    environ: Mapping[str, str] = os.environ,
    prompt: Callable[[str], str] | None = None,
) -> ApiKey | None:
    """Find the API key: ``PRIMER_API_KEY``, then the profile, then the prompt.

    Args:
        profile: The selected profile, or None.
        environ: Where environment variables are read (tests pass a dict).
        prompt: Asks for the key without echoing it, given the prompt text; None forbids asking.
            Pass ``terminal_prompt()``, which is None when stdin is not a terminal.

    Returns:
        The key and its source, or None when no source has one.

    Raises:
        ConfigError: The key found holds a character a header cannot carry (the message names
            the source, never the key).
    """
    for value, source in _stored_keys(profile, environ):
        if value:
            return _checked(ApiKey(value, source))
    if prompt is None:
        return None
    key = _ask(prompt, profile)
    return _checked(key) if key is not None else None


def _unsendable(text: str) -> bool:
    """Whether ``text`` holds a character an HTTP header value cannot carry as is.

    Control characters (a line break, a tab, DEL) and anything outside ASCII: a header is bytes,
    and httpx refuses the first and cannot encode the second.
    """
    return not all(" " <= char <= "~" for char in text)


def _checked(key: ApiKey) -> ApiKey:
    if _unsendable(key.reveal()):
        raise ConfigError(
            f"the API key from {key.source} holds a control character (such as a line break) "
            f"or a non-ASCII character, which an HTTP header cannot carry: set it again, "
            f"without them"
        )
    return key


def _stored_keys(
    profile: Profile | None, environ: Mapping[str, str]
) -> Iterator[tuple[str, str]]:
    """(value, source) pairs in order of precedence, looked up lazily; values stripped."""
    yield environ.get(KEY_VARIABLE, "").strip(), KEY_VARIABLE
    if profile is None:
        return
    if profile.api_key_env is not None:
        variable = profile.api_key_env
        yield environ.get(variable, "").strip(), f"profile {profile.name!r} (${variable})"
    if profile.api_key is not None:
        yield profile.api_key.get_secret_value().strip(), profile.origin


def _ask(prompt: Callable[[str], str], profile: Profile | None) -> ApiKey | None:
    label = f" for profile {profile.name!r}" if profile is not None and profile.name else ""
    try:
        entered = prompt(f"Primer API key{label}: ").strip()
    except EOFError:  # stdin closed (ctrl+d): no key; ctrl+c still propagates
        return None
    return ApiKey(entered, "prompt") if entered else None


def terminal_prompt() -> Callable[[str], str] | None:
    """``getpass.getpass`` when stdin is a terminal, else None (so nothing waits on a pipe)."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass


def mask(key: str) -> str:
    """A key for display: ``"••••••1234"``, at most its last 4 characters.

    A key shorter than 12 characters shows none: 4 characters would be much of it. The number of
    dots is fixed, so the length is not shown either.
    """
    return _MASK + (key[-4:] if len(key) >= 12 else "")

