"""Loading a YAML reference file into pydantic models, with errors that name the file."""

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

T = TypeVar("T")


class ReferenceDataError(ValueError):
    """A reference data file is missing or invalid; the message says where and why."""


def load_yaml(path: Path, shape: type[T]) -> T:
    """Parse `path` and validate it as `shape` (a pydantic model or a typing construct)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReferenceDataError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"{path}: not valid YAML: {exc}") from exc
    try:
        if isinstance(shape, type) and issubclass(shape, BaseModel):
            return shape.model_validate(raw)
        return TypeAdapter(shape).validate_python(raw)
    except ValidationError as exc:
        raise ReferenceDataError(f"{path}: {exc}") from exc
