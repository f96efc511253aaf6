"""How sensitive a workload's data is: the classes whose default SEAL floors model.py sets.

A module of its own because a shock (shocks.py) names a class too, and the scenario holds
its shocks.
"""

from enum import StrEnum


class DataClass(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"
