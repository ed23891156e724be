"""What the user decides about market comparisons, stored in the workspace.

:class:`Comparable` records a comparable model the user confirmed, added or
rejected for one of our models; :data:`ModelClass` names the size classes
the price trend is fitted by.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.reference import Vendor

ModelClass = Literal["small", "mid", "frontier"]
MODEL_CLASSES: tuple[ModelClass, ...] = ("small", "mid", "frontier")


class Comparable(BaseModel):
    """A model the user compares one of ours with.

    ``model`` is our model as the contract or the bill names it (or its
    catalog id). ``provider`` and ``model_id`` name the comparable in the
    price catalog. ``kind`` says what it is: the same model on another
    ``channel``, its ``successor``, or a ``peer`` of similar ability.
    ``excluded`` marks a proposal the user rejected; it is then never
    shown or used.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    vendor: Vendor
    model: str = Field(min_length=1)
    provider: str = Field(min_length=1)
    model_id: str = Field(min_length=1)
    kind: Literal["channel", "successor", "peer"] = "peer"
    excluded: bool = False
    note: str = ""
