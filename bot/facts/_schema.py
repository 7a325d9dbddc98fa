"""JSON Schemas for the YAML files, generated from the same models the loader validates with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.facts._model import FILES


def schemas() -> dict[str, dict[str, Any]]:
    """File name (`characters.schema.json`) → JSON Schema for `characters.yaml`."""
    result = {}
    for name, model in FILES.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"Show Companion fact file: {name}"
        result[name.replace(".yaml", ".schema.json")] = schema
    return result


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
