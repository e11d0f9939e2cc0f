"""Changing a session one field at a time, by path: how the editor and scripts edit a draft.

A path names a field the way ``model.field_path_from_wire`` prints it (``customer.email_address``,
``order.line_items[0].amount``, ``metadata.ticket``); wire spellings (``customer.emailAddress``)
are accepted too; messages (``EditError.path``) spell paths as the wire does. Each edit
validates only the value it sets, against that field's own type, and
copies only the models along the path: with 10,000 line items an edit stays well under a
millisecond, where re-validating the whole session would not. Missing objects on the way
(``customer.billing_address`` when there is no customer yet) are created empty. A field name
the model does not know is refused (``UnknownField``, with the closest known name), unless the
session already holds that field: the model keeps unknown fields it is given, but an edit that
adds one is a typo far more often than not.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from primer_tui.model import (
    Session,
    _unwrap,
    best_message,
    closest_field,
    field_path_from_wire,
    parse_wire_path,
    wire_path_from_field,
)

Path = tuple[str | int, ...]


class EditError(ValueError):
    """A value a field cannot take, or a path that names no field; the message is for a person."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class UnknownField(EditError):
    """A path names a field the model does not have and the session does not hold.

    Refused rather than kept: a misspelt ``customer.emailAdress`` would be sent next to the real
    ``emailAddress``. Unknown fields that came with the session stay editable.
    """


def check_path(session: Session, path: Path) -> None:
    """Raise :class:`UnknownField` when ``path`` names a field neither the model nor ``session``
    has; below a field the session holds unmodelled (its own data), anything goes."""
    kind: Any = type(session)
    node: Any = session
    for depth, part in enumerate(path):
        if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(part, str):
            field = kind.model_fields.get(part)
            if field is None:
                if part in _extra(node):
                    return
                raise _unknown_field(kind, part, path[: depth + 1])
            kind = _unwrap(field.annotation)
        else:
            container = getattr(kind, "__origin__", None)
            kind = _unwrap(kind.__args__[-1]) if container in (list, dict) else None
        node = _child(node, part) if node is not None else None


def _extra(node: Any) -> dict[str, Any]:
    return (node.model_extra or {}) if isinstance(node, BaseModel) else {}


def _unknown_field(kind: type[BaseModel], part: str, where: Path) -> UnknownField:
    shown = wire_path_from_field(where)
    guess = closest_field(kind, part)
    hint = f" (did you mean {guess}?)" if guess else ""
    return UnknownField(shown, f"unknown field {shown}{hint}")


def parse_path(text: str) -> Path:
    """``"order.lineItems[0].amount"`` as ``("order", "line_items", 0, "amount")``."""
    return tuple(parse_wire_path(field_path_from_wire(text)))


def format_path(path: Path) -> str:
    """``("order", "line_items", 0)`` as a person reads it: the wire's ``order.lineItems[0]``."""
    return wire_path_from_field(path)


def get_value(session: Session, path: Path) -> Any:
    """The value at ``path``, or ``None`` when it (or anything above it) is absent."""
    node: Any = session
    for part in path:
        node = _child(node, part)
        if node is None:
            return None
    return node


def set_value(session: Session, path: Path, value: Any) -> Session:
    """A copy of ``session`` with ``path`` set to ``value`` (``None`` removes it)."""
    if not path:
        raise EditError("", "no field given")
    return _set(session, type(session), path, value, ())


def _child(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and -len(node) <= part < len(node) else None
    if isinstance(node, BaseModel):
        if part in type(node).model_fields:
            return getattr(node, part)
        return (node.model_extra or {}).get(part)
    return node.get(part) if isinstance(node, dict) else None


def _set(node: Any, kind: Any, path: Path, value: Any, done: Path) -> Any:
    part, rest = path[0], path[1:]
    where = done + (part,)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return _set_in_model(node, kind, part, rest, value, where)
    container = getattr(kind, "__origin__", None)
    if container is list:
        return _set_in_list(node, kind, part, rest, value, where)
    if container is dict or kind is None and isinstance(node, dict):
        return _set_in_dict(node, kind, part, rest, value, where)
    raise EditError(format_path(where), "there is no such field")


def _set_in_model(
    node: Any, kind: type[BaseModel], part: Any, rest: Path, value: Any, where: Path
) -> BaseModel:
    node = kind() if node is None else node
    if not isinstance(part, str):
        raise EditError(format_path(where), "is an object, not a list")
    field = kind.model_fields.get(part)
    current = _child(node, part)
    if field is None:  # unknown to the model: editable only when the session holds it already
        if part not in _extra(node):
            raise _unknown_field(kind, part, where)
        new = value if not rest else _set(current, None, rest, value, where)
        return node.model_copy(update={part: new})
    child_kind = _unwrap(field.annotation)
    if rest:
        new = _set(current, child_kind, rest, value, where)
    else:
        new = _validated(kind, part, value, where)
    return node.model_copy(update={part: new})


def _set_in_list(node: Any, kind: Any, part: Any, rest: Path, value: Any, where: Path) -> list[Any]:
    items = list(node or [])
    if not isinstance(part, int) or not -len(items) <= part < len(items):
        raise EditError(format_path(where), f"there is no item {part} (the list has {len(items)})")
    item_kind = _unwrap(kind.__args__[0])
    if not rest:
        raise EditError(format_path(where), "replace list items with add_item / remove_item")
    items[part] = _set(items[part], item_kind, rest, value, where)
    return items


def _set_in_dict(
    node: Any, kind: Any, part: Any, rest: Path, value: Any, where: Path
) -> dict[str, Any]:
    mapping = dict(node or {})
    value_kind = _unwrap(kind.__args__[1]) if kind is not None else None
    if rest:
        mapping[part] = _set(mapping.get(part), value_kind, rest, value, where)
    elif value is None:
        mapping.pop(part, None)
    else:
        mapping[part] = _validate(_adapter_for(kind.__args__[1]) if kind else None, value, where)
    return mapping


def _validated(model: type[BaseModel], name: str, value: Any, where: Path) -> Any:
    if value is None:
        if model.model_fields[name].is_required():
            raise EditError(format_path(where), "is required")
        return None
    return _validate(_field_adapter(model, name), value, where)


def _validate(adapter: TypeAdapter[Any] | None, value: Any, where: Path) -> Any:
    if adapter is None:
        return value
    try:
        # Objects are read by their wire names only, as files and Primer's answers are: a
        # Python name (``item_id``) is an unknown field (warned about), not a second spelling.
        return adapter.validate_python(value, by_alias=True, by_name=False)
    except ValidationError as error:
        message = best_message(error.errors(include_url=False))
        raise EditError(format_path(where), message) from None


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return TypeAdapter(annotation)


@cache
def _adapter_for(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


# --- lists ----------------------------------------------------------------------------------------


def insert_item(session: Session, path: Path, item: Any, index: int | None = None) -> Session:
    """A copy with ``item`` (model or wire dict) inserted in the list at ``path`` (at the end)."""
    items = list(get_value(session, path) or [])
    kind = _list_item_kind(path)
    entry = kind.model_validate(item, by_alias=True, by_name=False) if isinstance(item, dict) \
        else item
    items.insert(len(items) if index is None else index, entry)
    return _replace_list(session, path, items)


def remove_item(session: Session, path: Path, index: int) -> Session:
    items = list(get_value(session, path) or [])
    del items[index]
    return _replace_list(session, path, items)


def move_item(session: Session, path: Path, index: int, offset: int) -> Session:
    """A copy with item ``index`` moved by ``offset`` places (clamped to the list)."""
    items = list(get_value(session, path) or [])
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    return _replace_list(session, path, items)


def _list_item_kind(path: Path) -> type[BaseModel]:
    kind: Any = Session
    for part in path:
        kind = _unwrap(kind.model_fields[part].annotation)
    return _unwrap(kind.__args__[0])


def _replace_list(session: Session, path: Path, items: list[Any]) -> Session:
    parent_path, name = path[:-1], path[-1]
    parent = get_value(session, parent_path) if parent_path else session
    kind: Any = Session
    for part in parent_path:
        kind = _unwrap(kind.model_fields[part].annotation)
    updated = (parent or kind()).model_copy(update={name: items})
    return _put(session, parent_path, updated)


def _put(session: Session, path: Path, model: BaseModel) -> Session:
    """``session`` with the model at ``path`` (model fields only) replaced by ``model``."""
    if not path:
        return model  # type: ignore[return-value]
    parent = get_value(session, path[:-1]) if len(path) > 1 else session
    return _put(session, path[:-1], parent.model_copy(update={path[-1]: model}))
