"""Enumerations from Primer's client-session OpenAPI spec (v2.4), copied as data.

Generated once from ``client-session-openapi.yml``; ``tests/test_spec_data.py`` checks that these
tuples still equal the spec. Kept as plain tuples so importing the core stays cheap.
"""

from __future__ import annotations

CURRENCY_CODES: tuple[str, ...] = (
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD",
    "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP",
    "BYR", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLP", "CNY", "COP", "COU",
    "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB",
    "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD",
    "HNL", "HRK", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP",
    "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MKD", "MMK", "MNT", "MOP", "MRO", "MUR",
    "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD",
    "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB",
    "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SOS", "SRD", "SSP", "SVC",
    "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH",
    "UGX", "USD", "UYU", "UZS", "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB",
    "XBC", "XBD", "XCD", "XDR", "XFU", "XOF", "XPD", "XPF", "XPT", "XSU", "XTS", "XUA",
    "YER", "ZAR", "ZMW", "ZWL",
)
"""The spec's ``Currency`` enum. Dated (NOTES.md): the server may return others."""

COUNTRY_CODES: tuple[str, ...] = (
    "AW", "AF", "AO", "AI", "AX", "AL", "AD", "AE", "AR", "AM", "AS", "AQ",
    "TF", "AG", "AU", "AT", "AZ", "BI", "BE", "BJ", "BQ", "BF", "BD", "BG",
    "BH", "BS", "BA", "BL", "BY", "BZ", "BM", "BO", "BR", "BB", "BN", "BT",
    "BV", "BW", "CF", "CA", "CC", "CH", "CL", "CN", "CI", "CM", "CD", "CG",
    "CK", "CO", "KM", "CV", "CR", "CU", "CW", "CX", "KY", "CY", "CZ", "DE",
    "DJ", "DM", "DK", "DO", "DZ", "EC", "EG", "ER", "EH", "ES", "EE", "ET",
    "FI", "FJ", "FK", "FR", "FO", "FM", "GA", "GB", "GE", "GG", "GH", "GI",
    "GN", "GP", "GM", "GW", "GQ", "GR", "GD", "GL", "GT", "GF", "GU", "GY",
    "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IM", "IN", "IO", "IE", "IR",
    "IQ", "IS", "IL", "IT", "JM", "JE", "JO", "JP", "KZ", "KE", "KG", "KH",
    "KI", "KN", "KR", "KW", "LA", "LB", "LR", "LY", "LC", "LI", "LK", "LS",
    "LT", "LU", "LV", "MO", "MF", "MA", "MC", "MD", "MG", "MV", "MX", "MH",
    "MK", "ML", "MT", "MM", "ME", "MN", "MP", "MZ", "MR", "MS", "MQ", "MU",
    "MW", "MY", "YT", "NA", "NC", "NE", "NF", "NG", "NI", "NU", "NL", "NO",
    "NP", "NR", "NZ", "OM", "PK", "PA", "PN", "PE", "PH", "PW", "PG", "PL",
    "PR", "KP", "PT", "PY", "PS", "PF", "QA", "RE", "RO", "RU", "RW", "SA",
    "SD", "SN", "SG", "GS", "SH", "SJ", "SB", "SL", "SV", "SM", "SO", "PM",
    "RS", "SS", "ST", "SR", "SK", "SI", "SE", "SZ", "SX", "SC", "SY", "TC",
    "TD", "TG", "TH", "TJ", "TK", "TM", "TL", "TO", "TT", "TN", "TR", "TV",
    "TW", "TZ", "UG", "UA", "UM", "UY", "US", "UZ", "VA", "VC", "VE", "VG",
    "VI", "VN", "VU", "WF", "WS", "YE", "ZA", "ZM", "ZW",
)
"""ISO 3166-1 alpha-2, the spec's ``CountryCodeEnum``."""

CARD_NETWORKS: tuple[str, ...] = (
    "AMEX", "DANKORT", "DINERS_CLUB", "DISCOVER", "EFTPOS", "ENROUTE",
    "ELO", "HIPER", "INTERAC", "JCB", "MAESTRO", "MASTERCARD",
    "MIR", "PRIVATE_LABEL", "UNIONPAY", "VISA", "CARTES_BANCAIRES", "OTHER",
)
"""``CardNetworkEnum``: 18 values."""

SURCHARGE_CARD_NETWORKS: tuple[str, ...] = (
    "AMEX", "CARTES_BANCAIRES", "DANKORT", "DINERS_CLUB", "DISCOVER", "ENROUTE",
    "ELO", "HIPER", "INTERAC", "JCB", "MAESTRO", "MASTERCARD",
    "MIR", "PRIVATE_LABEL", "UNIONPAY", "VISA", "OTHER",
)
"""Keys of ``options.PAYMENT_CARD.networks``: 17, no EFTPOS."""

PRODUCT_TYPES: tuple[str, ...] = (
    "PHYSICAL", "DIGITAL",
)
AUTHORIZATION_TYPES: tuple[str, ...] = (
    "ESTIMATED", "FINAL",
)
PAYMENT_TYPES: tuple[str, ...] = (
    "FIRST_PAYMENT", "ECOMMERCE", "SUBSCRIPTION", "UNSCHEDULED",
)
FIRST_PAYMENT_REASONS: tuple[str, ...] = (
    "CardOnFile", "Recurring", "Unscheduled",
)
