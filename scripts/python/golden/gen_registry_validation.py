"""Golden cases for packages/registry/src/client/validation.ts (MLflow's registry name rules).

Each case is a value and whether MLflow 3 refuses it, as decided by MLflow's own
validators in mlflow/utils/validation.py (the ones its SQL model-registry store calls) plus
the length of the store's columns where the validator has no limit of its own (a model
name: registered_models.name; a registered-model tag value: registered_model_tags.value),
which PostgreSQL and MySQL enforce.

Run from the repository root: .venv-golden/bin/python scripts/python/golden/gen_registry_validation.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

from mlflow.exceptions import MlflowException  # noqa: E402
from mlflow.store.model_registry.dbmodels.models import (  # noqa: E402
    SqlRegisteredModel,
    SqlRegisteredModelTag,
)
from mlflow.utils import validation  # noqa: E402

GENERATOR = "scripts/python/golden/gen_registry_validation.py"
FIXTURE = "packages/registry/src/client/__fixtures__/mlflow-validation.json"

MODEL_NAME_COLUMN = SqlRegisteredModel.__table__.c.name.type.length
MODEL_TAG_VALUE_COLUMN = SqlRegisteredModelTag.__table__.c.value.type.length


def accepted(check) -> bool:
    try:
        check()
    except MlflowException:
        return False
    return True


def model_name(name: str) -> None:
    validation._validate_model_name(name)
    if len(name) > MODEL_NAME_COLUMN:
        raise MlflowException("longer than the registered_models.name column")


def alias_for_setting(alias: str) -> None:
    validation._validate_model_alias_name(alias)
    validation._validate_model_alias_name_reserved(alias)


def tag_key(key: str) -> None:
    validation._validate_tag_name(key)
    validation._validate_length_limit("key", validation.MAX_MODEL_REGISTRY_TAG_KEY_LENGTH, key)


def registered_model_tag_value(value: str) -> None:
    validation._validate_registered_model_tag("key", value)
    if len(value) > MODEL_TAG_VALUE_COLUMN:
        raise MlflowException("longer than the registered_model_tags.value column")


def model_version_tag_value(value: str) -> None:
    validation._validate_model_version_tag("key", value)


MODEL_NAMES = [
    "classifier", "log-classifier", "Airflow Failures v2", "modèle", "模型", "a", "a.b",
    "...", "..hidden", "..", ".", "a..b", "trailing.", " padded ", "tab\tname", "x" * 256,
    "x" * 257, "", "   ", "a/b", "/a", "a:b", "models:/x", "with'quote", 'with"quote',
    "émoji-🚀",
]
ALIASES = [
    "champion", "challenger", "canary_2", "prod-eu", "Latest", "latest", "LATEST", "latest1",
    "v1", "V12", "v", "v1a", "version1", "v٣", "x" * 255, "x" * 256, "", "has space",
    "dot.ted", "slash/ed", "colon:ed", "modèle", "候选", "a+b",
]
TAG_KEYS = [
    "team", "mlflow.source.type", "a/b/c", "with space", "a:b", "a-b_c", "ключ", "", ".",
    "..", "..x", "a/../b", "a/./b", "a//b", "a/", "/a", "x" * 250, "x" * 251, "a$b",
    "a@b", "tab\tkey", "a\\b",
]
REGISTERED_MODEL_TAG_VALUES = ["", "v", "x" * 5000, "x" * 5001, "x" * 100_001]
MODEL_VERSION_TAG_VALUES = ["", "v", "x" * 5001, "x" * 100_000, "x" * 100_001]


def cases(values, check):
    return [{"value": value, "refused": not accepted(lambda: check(value))} for value in values]


write_fixture(
    FIXTURE,
    GENERATOR,
    {
        "modelName": cases(MODEL_NAMES, model_name),
        "aliasForSetting": cases(ALIASES, alias_for_setting),
        "aliasForReading": cases(ALIASES, validation._validate_model_alias_name),
        "tagKey": cases(TAG_KEYS, tag_key),
        "registeredModelTagValue": cases(REGISTERED_MODEL_TAG_VALUES, registered_model_tag_value),
        "modelVersionTagValue": cases(MODEL_VERSION_TAG_VALUES, model_version_tag_value),
    },
)
