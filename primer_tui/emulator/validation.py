"""Request checks: which bodies earn a 422, which a 400 ``MetadataContainsEmptyKey``.

Decisions:

- The constraints come from ``primer_tui.model.Session`` (the request schema's lengths, minimum 0,
  int64, enums, email, country codes), not from a copy of the spec: the emulator ships with the
  app, where the spec and a JSON-Schema engine do not. The model is looser than the spec in a few
  corners (Apple Pay's nested requests are not checked); the contract tests check every response.
- Fields are matched by their wire (camelCase) names only: the model's Python names
  (``email_address``) are not Primer's, so inside an object they are unknown fields, which
  the spec allows and the emulator keeps, unchecked.
- Added here, because the model leaves them out on purpose: ``additionalProperties: false`` at the
  top level; ``currencyCode`` from the spec's enum, for PATCH too (the PATCH schema says only
  "string", but a session holding another code would break the response schema); PATCH's
  ``clientToken`` is required ("the only required field") and a string.
- A schema problem wins over an empty metadata key: the 422 comes first, as a framework that
  validates the body before the handler runs would answer.
- Bodies nested more than ``model.MAX_DEPTH`` (100) levels are refused (choice: Primer does not
  document a limit). Deeper JSON is nothing a client session needs, and primer-tui could not
  edit such a session: pydantic cannot dump it past about 255 levels.
- Descriptions follow Primer's example ("Value must be a valid string"): pydantic's wording with
  "Input should be" turned into "Value must be"; the model's own messages are kept.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from primer_tui.model import (
    INT64_MAX,
    MAX_DEPTH,
    UPDATABLE_FIELDS,
    Session,
    nested_deeper_than,
    wire_path_from_loc,
)
from primer_tui.spec_data import CURRENCY_CODES

Problems = list[tuple[str, str]]
"""(JSONPath-like wire path, description) pairs, as in ``validationErrors[].errors``."""

_CURRENCIES = frozenset(CURRENCY_CODES)
_UNION_BRANCHES = ("int", "float", "str", "bool")
_BRANCH_PREFIXES = ("constrained-", "function-", "lax-or-strict")
_DICT_TYPES = ("model_type", "dict_type", "model_attributes_type")
TOO_DEEP = f"Value must be nested at most {MAX_DEPTH} levels deep"


def request_problems(body: Any, *, update: bool) -> Problems:
    """Every 422 problem of a POST (``update=False``) or PATCH body; empty when it is valid."""
    if not isinstance(body, dict):
        return [("$", "Value must be a valid dictionary")]
    if nested_deeper_than(body, MAX_DEPTH):  # before anything walks it recursively
        return [("$", TOO_DEEP)]
    problems = _top_level_problems(body, update)
    fields = {key: value for key, value in body.items() if key in UPDATABLE_FIELDS}
    problems += _model_problems(fields)
    return _unique(problems)


def has_empty_metadata_key(body: dict[str, Any]) -> bool:
    """Whether ``metadata`` is an object with an empty key (a 400, not a 422)."""
    metadata = body.get("metadata")
    return isinstance(metadata, dict) and "" in metadata


def amount_problems(amount: int) -> Problems:
    """A computed amount the response schema cannot carry (below 0 or beyond int64).

    Primer does not document this case; refusing the request keeps every response valid.
    """
    if 0 <= amount <= INT64_MAX:
        return []
    return [("$.order", f"The calculated amount ({amount}) must be between 0 and {INT64_MAX}")]


def _top_level_problems(body: dict[str, Any], update: bool) -> Problems:
    allowed = set(UPDATABLE_FIELDS) | ({"clientToken"} if update else set())
    problems = [(f"$.{key}", "Extra inputs are not permitted") for key in body
                if key not in allowed]
    if update:
        problems += _client_token_problems(body)
    currency = body.get("currencyCode")
    if isinstance(currency, str) and currency not in _CURRENCIES:
        problems.append(("$.currencyCode", f"Value must be an ISO 4217 code, not '{currency}'"))
    return problems


def _client_token_problems(body: dict[str, Any]) -> Problems:
    if "clientToken" not in body:
        return [("$.clientToken", "Field required")]
    if not isinstance(body["clientToken"], str):
        return [("$.clientToken", "Value must be a valid string")]
    return []


def _model_problems(fields: dict[str, Any]) -> Problems:
    try:
        # Primer's names only: the model also takes Python's (customer.email_address), which
        # Primer does not know, so inside objects they are unknown fields, kept unchecked.
        Session.model_validate(fields, by_alias=True, by_name=False)
    except ValidationError as error:
        return [
            (wire_path_from_loc(_strip_branches(item["loc"])), _description(item))
            for item in error.errors(include_url=False)
            if item["type"] != "metadata_empty_key"
        ]
    return []


def _strip_branches(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    # pydantic ends the loc of a union failure with the branch's name ("int",
    # "constrained-float"): not a wire field. Only the last part can be one here.
    last = loc[-1] if loc else None
    if isinstance(last, str) and (last in _UNION_BRANCHES or last.startswith(_BRANCH_PREFIXES)):
        return loc[:-1]
    return loc


def _description(item: Any) -> str:
    if item["type"] in _DICT_TYPES:
        return "Value must be a valid dictionary"
    return str(item["msg"]).replace("Input should be", "Value must be")


def _unique(problems: Problems) -> Problems:
    # One entry a path: a union (metadata values, weight) fails once per branch, so its
    # distinct messages are joined.
    seen: dict[str, list[str]] = {}
    for path, text in problems:
        texts = seen.setdefault(path, [])
        if text not in texts:
            texts.append(text)
    return [(path, "; ".join(texts)) for path, texts in seen.items()]
