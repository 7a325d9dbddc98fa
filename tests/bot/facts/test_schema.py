"""The published JSON Schemas: never stale, and as strict as the loader where a schema can be."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.facts._model import FILES
from bot.facts._schema import schemas, write_schemas
from bot.settings import FACTS_DIR

PUBLISHED = FACTS_DIR / "schema"
MINIMAL = Path(__file__).parents[2] / "fixtures" / "facts" / "minimal"


def test_the_published_schemas_are_what_the_models_generate():
    """If this fails, run `companion facts schema` and commit facts/schema/."""
    published = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in PUBLISHED.glob("*.schema.json")}
    assert published == schemas()


def test_one_schema_per_fact_file_and_each_is_a_valid_schema():
    assert set(schemas()) == {name.replace(".yaml", ".schema.json") for name in FILES}
    for schema in schemas().values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_writing_the_schemas_reproduces_the_published_files_byte_for_byte(tmp_path):
    for path in write_schemas(tmp_path):
        assert path.read_bytes() == (PUBLISHED / path.name).read_bytes()


@pytest.mark.parametrize("folder", [FACTS_DIR / "ballard", MINIMAL], ids=lambda p: p.name)
@pytest.mark.parametrize("name", FILES)
def test_the_fact_files_validate_against_their_schema(folder, name):
    schema = schemas()[name.replace(".yaml", ".schema.json")]
    data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        (
            "characters.yaml",
            "    revealed: S1E0\n    aliases:",
            "    revealed: S1E0\n    nickname: Gazza\n    aliases:",
        ),
        ("storylines.yaml", "        revealed: S1E0\n", ""),
        ("trivia.yaml", ", Robert Olivas]", "]"),
        ("trivia.yaml", "revealed: S1E10", "revealed: episode ten"),
        ("trivia.yaml", "difficulty: easy", "difficulty: trivial"),
        ("show.yaml", "    episodes: 10", "    episodes: ten"),
    ],
)
def test_an_editor_flags_what_the_loader_refuses(name, old, new):
    schema = schemas()[name.replace(".yaml", ".schema.json")]
    text = (MINIMAL / name).read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(text.replace(old, new)), schema, cls=jsonschema.Draft202012Validator)
