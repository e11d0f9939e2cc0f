"""``primer_tui/spec_data.py`` equals the enums of Primer's OpenAPI spec (the copy in tests/data).

Each enum is also found through the request field that uses it, so the test notices a field moved
to another enum, not only an enum whose values changed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from primer_tui import spec_data

SPEC = Path(__file__).parent / "data" / "client-session-openapi.yml"
METHOD_OPTIONS = "CheckoutPaymentMethodOptionsAPISchema"


@cache
def schemas() -> dict[str, Any]:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]


def enum(name: str) -> tuple[Any, ...]:
    return tuple(schemas()[name]["enum"])


def ref_name(schema: dict[str, Any]) -> str:
    """The schema a property points at: ``$ref`` directly, inside ``allOf``, or of ``items``."""
    for candidate in (schema, *schema.get("allOf", ()), schema.get("items", {})):
        if "$ref" in candidate:
            return candidate["$ref"].rsplit("/", 1)[-1]
    raise AssertionError(f"no $ref in {schema}")


def field(schema: str, *path: str) -> str:
    """The enum behind ``schema.path``, following ``$ref`` at each step and schema aliases."""
    for name in path:
        schema = ref_name(schemas()[schema]["properties"][name])
        while "$ref" in schemas()[schema]:  # e.g. RecurringPaymentTypeSchema -> ...Enum
            schema = ref_name(schemas()[schema])
    return schema


ENUMS = {
    "CURRENCY_CODES": "Currency",
    "COUNTRY_CODES": "CountryCodeEnum",
    "CARD_NETWORKS": "CardNetworkEnum",
    "PRODUCT_TYPES": "ProductTypeEnum",
    "AUTHORIZATION_TYPES": "AuthorizationTypeEnum",
    "PAYMENT_TYPES": "RecurringTransactionTypeEnum",
    "FIRST_PAYMENT_REASONS": "FirstPaymentReasonEnum",
}


@pytest.mark.parametrize("constant, schema", ENUMS.items(), ids=ENUMS.keys())
def test_tuple_equals_the_spec_enum(constant: str, schema: str) -> None:
    assert getattr(spec_data, constant) == enum(schema)


@pytest.mark.parametrize("constant", [*ENUMS, "SURCHARGE_CARD_NETWORKS"])
def test_tuple_has_no_duplicates_and_only_strings(constant: str) -> None:
    values = getattr(spec_data, constant)
    assert len(set(values)) == len(values)
    assert all(isinstance(value, str) and value for value in values)


def test_surcharge_networks_are_the_network_options_properties() -> None:
    properties = schemas()["CheckoutPaymentMethodOptionCardNetworkAPISchema"]["properties"]
    assert spec_data.SURCHARGE_CARD_NETWORKS == tuple(properties)
    assert "EFTPOS" not in spec_data.SURCHARGE_CARD_NETWORKS


def test_norway_is_a_string_not_yaml_false() -> None:
    """YAML 1.1 reads a bare NO as false; the spec quotes it and the tuple must keep it."""
    assert "NO" in enum("CountryCodeEnum")
    assert "NO" in spec_data.COUNTRY_CODES
    assert len(spec_data.COUNTRY_CODES) == 249


@pytest.mark.parametrize(
    "schema, path, expected",
    [
        # The update request types currencyCode as a bare string: the create request has the enum.
        ("ClientSessionAPIRequest", ("currencyCode",), "Currency"),
        ("OrderLineItemsAPISchema", ("productType",), "ProductTypeEnum"),
        (METHOD_OPTIONS, ("paymentType",), "RecurringTransactionTypeEnum"),
        (METHOD_OPTIONS, ("authorizationType",), "AuthorizationTypeEnum"),
        (METHOD_OPTIONS, ("firstPaymentReason",), "FirstPaymentReasonEnum"),
        (METHOD_OPTIONS, ("orderedAllowedCardNetworks",), "CardNetworkEnum"),
        ("OrderDetailsAPISchema", ("countryCode",), "CountryCodeEnum"),
    ],
)
def test_request_field_uses_the_enum(schema: str, path: tuple[str, ...], expected: str) -> None:
    assert field(schema, *path) == expected
