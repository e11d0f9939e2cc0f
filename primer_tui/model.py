"""The client session as pydantic v2 models.

Decisions, and what they cost:

- camelCase on the wire (aliases), snake_case in Python; both spellings validate, except in
  ``Session.from_wire`` (JSON from Primer or a file), which reads the wire's names only.
- ``extra="allow"`` on every object: a field Primer adds next year, or a merchant's own field inside
  a line item, is kept in ``model_extra`` under its wire name and dumped back unchanged, so
  load -> edit -> PATCH drops nothing. The cost: a misspelt field is kept, not refused.
- Absent and ``null`` are one thing here (``None``), and dumps leave ``None`` out: Primer's
  responses exclude empty fields, and a PATCH sends ``null`` only for a field the user removed,
  which ``patch.build_patch`` works out by comparing two dumps.
- The request schema's constraints are enforced (lengths, minimum 0, int64, enums), with messages
  a person understands (``describe_errors``). The currency is the exception: the spec's enum is
  dated (NOTES.md), so any three-letter code loads and ``currency_warning`` says when it is not
  in the enum.
- Absent ``quantity`` stays absent (the API's default of 1 is applied by ``totals``), so a dump
  adds nothing the server did not send.
- A session nested more than ``MAX_DEPTH`` levels (in a field the model does not know) is
  refused: pydantic validates it but cannot dump it past about 255 levels, so it would load and
  then fail at the first PATCH. Walking the raw data first costs about 5 ms for 10,000 line items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    model_validator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from primer_tui.spec_data import (
    AUTHORIZATION_TYPES,
    CARD_NETWORKS,
    COUNTRY_CODES,
    CURRENCY_CODES,
    FIRST_PAYMENT_REASONS,
    PAYMENT_TYPES,
    PRODUCT_TYPES,
    SURCHARGE_CARD_NETWORKS,
)

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
MAX_DEPTH = 100
"""Objects and arrays nested deeper are refused (the session object is level 1). A client
session nests about six; ``cli.MAX_DEPTH`` is the same limit for files, and the emulator's."""

_COUNTRIES = frozenset(COUNTRY_CODES)
_CURRENCIES = frozenset(CURRENCY_CODES)
_SURCHARGE_NETWORKS = frozenset(SURCHARGE_CARD_NETWORKS)
# Permissive on purpose: the spec allows internationalised addresses (format: email).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _country(value: str) -> str:
    if value not in _COUNTRIES:
        raise PydanticCustomError(
            "country_code",
            "'{value}' is not an ISO 3166-1 alpha-2 country code (such as GB, US, DE)",
            {"value": value},
        )
    return value


def _currency(value: str) -> str:
    if not _CURRENCY.match(value):
        raise PydanticCustomError(
            "currency_code",
            "'{value}' is not a currency code: three capital letters, such as GBP or EUR",
            {"value": value},
        )
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError(
            "email", "'{value}' is not an email address like name@example.com", {"value": value}
        )
    return value


def _metadata_keys(value: dict[str, Any]) -> dict[str, Any]:
    if any(key == "" for key in value):
        raise PydanticCustomError("metadata_empty_key", "metadata keys must not be empty")
    return value


def _network_keys(value: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(value) - _SURCHARGE_NETWORKS)
    if unknown:
        raise PydanticCustomError(
            "card_network",
            "{unknown} cannot carry a surcharge (known networks: VISA, MASTERCARD, AMEX, ...)",
            {"unknown": ", ".join(unknown)},
        )
    return value


Amount = Annotated[int, Strict(), Field(ge=0, le=INT64_MAX)]
"""Minor units: an int64 that is 0 or more."""
Quantity = Annotated[int, Strict(), Field(ge=INT64_MIN, le=INT64_MAX)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=255)]
"""A request string: 1 to 255 characters."""
OptionalText = Annotated[str, StringConstraints(max_length=255)]
"""A string the spec lets be empty: at most 255 characters."""
Flag = Annotated[bool, Strict()]
"""JSON true or false only: "yes" is not a boolean."""
Url = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
Weight = Union[
    Annotated[int, Strict(), Field(ge=0)],
    Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)],
]
CountryCode = Annotated[str, AfterValidator(_country)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
Email = Annotated[str, AfterValidator(_email)]
CardNetwork = Literal[CARD_NETWORKS]  # type: ignore[valid-type]
ProductType = Literal[PRODUCT_TYPES]  # type: ignore[valid-type]
AuthorizationType = Literal[AUTHORIZATION_TYPES]  # type: ignore[valid-type]
PaymentType = Literal[PAYMENT_TYPES]  # type: ignore[valid-type]
FirstPaymentReason = Literal[FIRST_PAYMENT_REASONS]  # type: ignore[valid-type]
MetadataValue = Union[Annotated[int, Strict()], Annotated[str, Strict()]]


class WireModel(BaseModel):
    """Base of every object: camelCase aliases, unknown fields kept.

    Frozen: an edit makes new objects (``edit.set_value`` copies the path to the field), never
    changes one, so an object seen before is known unchanged (``totals`` re-adds only the line
    items an edit replaced).
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        defer_build=True,
        frozen=True,
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON object Primer would send or accept: camelCase, no empty fields."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class Address(WireModel):
    """``OptionalAddressAPISchema``: a billing or shipping address."""

    first_name: Text | None = None
    last_name: Text | None = None
    address_line1: Text | None = None
    address_line2: OptionalText | None = None
    city: Text | None = None
    state: Text | None = None
    country_code: CountryCode | None = None
    postal_code: Text | None = None


class Customer(WireModel):
    """``CheckoutCustomerDetailsAPISchema``."""

    email_address: Email | None = None
    mobile_number: Text | None = None
    first_name: Text | None = None
    last_name: Text | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    tax_id: OptionalText | None = None
    national_document_id: OptionalText | None = None


class ProductData(WireModel):
    """``OrderLineItemsProductDataAPISchema`` (API 2.2 and later)."""

    sku: Text | None = None
    brand: Text | None = None
    color: Text | None = None
    global_trade_item_number: Text | None = None
    manufacturer_part_number: Text | None = None
    weight: Weight | None = None
    weight_unit: Text | None = None
    page_url: Url | None = None


class LineItem(WireModel):
    """``OrderLineItemsAPISchema``: ``amount`` is per unit; discount and tax are for the line."""

    item_id: Text | None = None
    name: OptionalText | None = None
    description: OptionalText | None = None
    amount: Amount
    quantity: Quantity | None = None
    discount_amount: Amount | None = None
    tax_amount: Amount | None = None
    tax_code: Text | None = None
    product_type: ProductType | None = None
    product_data: ProductData | None = None


class Fee(WireModel):
    """``OrderFeesAPISchema``. A fee of type ``SURCHARGE`` is the chosen method's surcharge."""

    amount: Amount
    type: Text | None = None
    description: Text | None = None


class Shipping(WireModel):
    """``OrderShippingAPISchema``."""

    amount: Amount | None = None
    method_id: str | None = None
    method_name: str | None = None
    method_description: str | None = None


class Order(WireModel):
    """``OrderDetailsAPISchema``."""

    line_items: list[LineItem] | None = None
    country_code: CountryCode | None = None
    retailer_country_code: CountryCode | None = None
    fees: list[Fee] | None = None
    shipping: Shipping | None = None


class Surcharge(WireModel):
    """``CheckoutPaymentMethodOptionSurchargeAPISchema``."""

    amount: Amount | None = None


class NetworkOption(WireModel):
    """One card network's options: its surcharge."""

    surcharge: Surcharge | None = None


class PaymentMethodOption(WireModel):
    """The options of one payment method type (``options.<TYPE>``).

    One model for every type: ``networks`` and ``captureVaultedCardCvv`` belong to
    ``PAYMENT_CARD``; ``merchantName`` and the recurring, deferred and reload requests to
    ``APPLE_PAY``. Those three requests are known (the spec documents them) but kept as the
    objects they are, not checked field by field: the editor does not edit them.
    """

    surcharge: Surcharge | None = None
    extra_merchant_data: dict[str, Any] | None = None
    # APPLE_PAY's schema: minLength 1, maxLength 1024. The generic option schema sets no
    # bounds, but its merchantName is for Apple Pay too, where an empty one is refused.
    merchant_name: Annotated[str, StringConstraints(min_length=1, max_length=1024)] | None = None
    networks: Annotated[dict[str, NetworkOption], AfterValidator(_network_keys)] | None = None
    capture_vaulted_card_cvv: Flag | None = None
    recurring_payment_request: dict[str, Any] | None = None
    deferred_payment_request: dict[str, Any] | None = None
    automatic_reload_request: dict[str, Any] | None = None


class PaymentMethod(WireModel):
    """``CheckoutPaymentMethodOptionsAPISchema``."""

    vault_on_success: Flag | None = None
    vault_on_3ds: Flag | None = Field(default=None, alias="vaultOn3DS")
    vault_on_agreement: Flag | None = None
    descriptor: OptionalText | None = None
    payment_type: PaymentType | None = None
    ordered_allowed_card_networks: list[CardNetwork] | None = None
    options: dict[str, PaymentMethodOption] | None = None
    authorization_type: AuthorizationType | None = None
    first_payment_reason: FirstPaymentReason | None = None


class Session(WireModel):
    """A client session: what ``GET /client-session`` returns and ``PATCH`` changes."""

    customer_id: Text | None = None
    order_id: Text | None = None
    currency_code: CurrencyCode | None = None
    amount: Amount | None = None
    metadata: Annotated[dict[str, MetadataValue], AfterValidator(_metadata_keys)] | None = None
    customer: Customer | None = None
    order: Order | None = None
    payment_method: PaymentMethod | None = None

    @model_validator(mode="before")
    @classmethod
    def _not_too_deep(cls, data: Any) -> Any:
        if type(data) is dict and nested_deeper_than(data, MAX_DEPTH):
            raise PydanticCustomError(
                "too_deep", "is nested more than {limit} levels deep", {"limit": MAX_DEPTH}
            )
        return data

    @classmethod
    def from_wire(cls, data: Any) -> Session:
        """Validate a JSON object from Primer or a file (raises ``pydantic.ValidationError``).

        Wire names only: a Python name such as ``email_address`` is not Primer's, so it is an
        unknown field, kept unchecked (as Primer and the emulator keep it), not a second
        spelling of ``emailAddress``.
        """
        return cls.model_validate(data, by_alias=True, by_name=False)

    @property
    def line_items(self) -> list[LineItem]:
        """The order's line items, or an empty list."""
        return (self.order.line_items if self.order else None) or []


def nested_deeper_than(data: Any, limit: int) -> bool:
    """Whether JSON ``data`` nests objects and arrays more than ``limit`` levels (``data`` is 1).

    Level by level, without recursion: no depth is too deep to measure.
    """
    level, depth = [data], 1
    while level:
        if depth > limit:
            return True
        below = []
        for value in level:
            for child in value.values() if type(value) is dict else value:
                if type(child) is dict or type(child) is list:
                    below.append(child)
        level, depth = below, depth + 1
    return False


UPDATABLE_FIELDS = tuple(field.alias or name for name, field in Session.model_fields.items())
"""Top-level wire keys a PATCH may carry besides ``clientToken`` (additionalProperties: false)."""


def unsent_fields(base: Session | None, draft: Session) -> list[str]:
    """Warnings for keys of ``draft`` the model does not know, new or changed since ``base``.

    The model keeps unknown keys (a file may hold anything), but the request refuses them
    (``additionalProperties: false``), so ``patch.build_patch`` leaves them out: a misspelt
    ``orderID`` in a file would otherwise vanish without a word.
    """
    before = (base.model_extra or {}) if base is not None else {}
    warnings = []
    for key, value in (draft.model_extra or {}).items():
        if key in before and before[key] == value:
            continue
        guess = closest_field(Session, key)
        hint = f" (did you mean {guess}?)" if guess else ""
        warnings.append(f"{key} is not a field of a client session: it is not sent{hint}")
    # Deeper down an unknown key is sent, inside the object it is in: a hand-edited
    # ``email_address`` would go out beside ``emailAddress: null`` (the real field, removed).
    for path, model, key in new_nested_extras(base, draft):
        guess = closest_field(model, key)
        hint = f" (did you mean {guess}?)" if guess else ""
        warnings.append(f"{path} is not a field Primer knows: it is sent as it is{hint}")
    return warnings


def new_nested_extras(base: Session | None, draft: Session) -> list[tuple[str, type, str]]:
    """(wire path, model, key) of each key below the top level that the model does not know,
    new or changed in ``draft`` since ``base``."""
    known = _nested_extras(base) if base is not None else {}
    return [(path, model, key) for path, (model, key, value) in _nested_extras(draft).items()
            if path not in known or known[path][2] != value]


def _nested_extras(node: Any, path: str = "") -> dict[str, tuple[type[BaseModel], str, Any]]:
    """Unknown keys below the top level: ``{wire path: (model, key, value)}``."""
    found: dict[str, tuple[type[BaseModel], str, Any]] = {}
    if isinstance(node, BaseModel):
        kind = type(node)
        if path:
            for key, value in (node.model_extra or {}).items():
                found[f"{path}.{key}"] = (kind, key, value)
        for name, field in kind.model_fields.items():
            wire = field.alias or name
            found.update(_nested_extras(getattr(node, name), f"{path}.{wire}" if path else wire))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.update(_nested_extras(item, f"{path}[{index}]"))
    elif isinstance(node, dict):
        for key, item in node.items():
            found.update(_nested_extras(item, f"{path}.{key}"))
    return found


def currency_warning(code: str | None) -> str | None:
    """A note when a currency code is not in the spec's (dated) enum; ``None`` when it is."""
    if code is None or code in _CURRENCIES:
        return None
    return f"{code} is not in the API's list of currencies; Primer may refuse it"


# --- field paths --------------------------------------------------------------------------------

_SEGMENT = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


def parse_wire_path(wire_path: str) -> list[str | int]:
    """Split a JSONPath-like ``$.order.lineItems[0].amount`` into ``['order', 'lineItems', 0, ...]``."""
    text = wire_path.strip()
    text = text[1:] if text.startswith("$") else "." + text.lstrip(".")
    return [int(index) if index else key for key, index in _SEGMENT.findall(text)]


def field_path_from_wire(wire_path: str) -> str:
    """Primer's ``$.customer.emailAddress`` as the model's ``customer.email_address``.

    Dictionary keys (payment method types, card networks, metadata keys) and fields the model does
    not know keep their wire spelling.
    """
    return _walk(parse_wire_path(wire_path), _step)


def wire_path_from_field(path: str | Sequence[str | int]) -> str:
    """The model's path (``("order", "line_items", 0)`` or ``"order.line_items[0]"``) as the
    wire's ``order.lineItems[0]``: what a person wrote and reads. Names already in wire
    spelling, dictionary keys and fields the model does not know are kept as they are."""
    return _walk(parse_wire_path(path) if isinstance(path, str) else path, _wire_step)


def _walk(parts: Sequence[str | int], step: Callable[[Any, str], tuple[str, Any]]) -> str:
    """``parts`` from the session down as a dotted path, each name spelt by ``step``."""
    kind: Any = Session
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
            kind = _item_type(kind, list)
            continue
        name, kind = step(kind, part)
        out += f".{name}" if out else name
    return out


def closest_field(model: type[BaseModel], name: str) -> str | None:
    """The wire name of ``model``'s field closest to a misspelt ``name`` (difflib), or None."""
    import difflib  # only when a name is wrong

    names: dict[str, str] = {}
    for python_name, field in model.model_fields.items():
        wire = field.alias or python_name
        names[python_name.lower()] = names[wire.lower()] = wire
    match = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
    return names[match[0]] if match else None


def wire_path_from_loc(loc: tuple[str | int, ...]) -> str:
    """A pydantic error location (aliases) as Primer's ``$.order.lineItems[0].amount``."""
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _step(kind: Any, key: str) -> tuple[str, Any]:
    """The Python name for wire ``key`` inside ``kind`` and the type found there."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        field = kind.model_fields.get(key)
        name, annotation = (key, field.annotation) if field else _aliases(kind).get(key, (key, None))
        return name, _unwrap(annotation)
    return key, _item_type(kind, dict)


def _wire_step(kind: Any, name: str) -> tuple[str, Any]:
    """The wire name for ``name`` (Python or wire spelling) inside ``kind``, and its type."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        field = kind.model_fields.get(name)
        if field is not None:
            return field.alias or name, _unwrap(field.annotation)
        known = _aliases(kind).get(name)
        return name, _unwrap(known[1]) if known else None
    return name, _item_type(kind, dict)


@cache
def _aliases(model: type[BaseModel]) -> dict[str, tuple[str, Any]]:
    return {(f.alias or n): (n, f.annotation) for n, f in model.model_fields.items()}


def _unwrap(annotation: Any) -> Any:
    """Strip ``Optional``, ``Annotated`` and unions down to a model, ``list[...]`` or ``dict[...]``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or str(origin) == "<class 'types.UnionType'>":
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else None
        else:
            return annotation


def _item_type(kind: Any, container: type) -> Any:
    if get_origin(kind) is container:
        return _unwrap(get_args(kind)[-1])
    return None


# --- error messages -----------------------------------------------------------------------------

_MESSAGES = {
    "missing": "is required",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters",
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "is too large (at most {le})",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
}


def describe_errors(error: ValidationError) -> list[tuple[str, str]]:
    """Each problem as (wire path, a message a person understands), for display.

    Paths are spelt as the JSON is (``order.lineItems[0].amount``), since that is what the
    person wrote; ``""`` is the session itself. Union branches collapse to one message a
    field (``best_message``).
    """
    grouped: dict[str, list[Any]] = {}
    for item in error.errors(include_url=False):
        loc = tuple(p for p in item["loc"] if not _is_branch_label(p))
        grouped.setdefault(wire_path_from_field(loc) if loc else "", []).append(item)
    return [(path, best_message(items)) for path, items in grouped.items()]


_MISMATCHES = frozenset({"int_type", "int_parsing", "float_type", "float_parsing", "string_type"})


def best_message(items: list[Any]) -> str:
    """One message for the errors of one field, which a union gives once per branch.

    A branch whose type matched says more than one whose type did not: 1e400 for a weight
    (a whole number or a decimal) "must be a finite number", not "must be a whole number".
    """
    kinds = {item["type"] for item in items}
    if kinds == {"int_type", "string_type"}:
        return "must be text or a whole number"
    telling = [item for item in items if item["type"] not in _MISMATCHES]
    if telling:
        return _message(telling[0])
    if "float_type" in kinds or "float_parsing" in kinds:
        return "must be a number"
    return _message(items[0])


def _is_branch_label(part: str | int) -> bool:
    # pydantic puts union branch names such as "int" or "constrained-str" into ``loc``.
    return isinstance(part, str) and (
        part in {"int", "float", "str", "bool"}
        or part.startswith(("constrained-", "function-"))
    )


def _message(item: Any) -> str:
    kind = item["type"]
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        return "must be one of " + expected.replace("'", "").replace(" or ", ", ")
    template = _MESSAGES.get(kind)
    if template is None:
        return str(item["msg"])
    return template.format(**item.get("ctx", {}))
