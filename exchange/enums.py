"""Enums whose members carry their own words and badge colour, so templates never map them."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    def __new__(cls, value: str, label: object = None, badge: str = "secondary"):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj._label = label if label is not None else value
        obj.badge = badge
        return obj

    @property
    def label(self) -> str:
        return str(self._label)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]
