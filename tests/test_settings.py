import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from core.settings import Settings, env_names, load_settings

ENV_EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"


def test_env_example_lists_every_setting_and_nothing_else() -> None:
    text = ENV_EXAMPLE.read_text()
    listed = re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.M)
    assert sorted(listed) == sorted(env_names())
    assert len(listed) == len(set(listed)), "a setting is listed twice"


def test_every_example_line_has_a_comment() -> None:
    lines = ENV_EXAMPLE.read_text().splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[A-Z]", line):
            above = [ln for ln in lines[:i] if ln.strip()]
            assert above and (above[-1].startswith("#") or re.match(r"^[A-Z]", above[-1])), line


def test_example_values_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in ENV_EXAMPLE.read_text().splitlines():
        if re.match(r"^[A-Z]", line):
            key, value = line.split("=", 1)
            monkeypatch.setenv(key, value)
    settings = load_settings(env_file=None)
    assert settings.match.thresholds == [85, 70, 55]
    assert settings.match.embed_weight == 0.42


def test_nested_env_and_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM__ADMIN_IDS", "12, 34")
    monkeypatch.setenv("LLM__OPENAI_API_KEY", "sk-secret")
    settings = load_settings(env_file=None)
    assert settings.telegram.admin_ids == [12, 34]
    assert "sk-secret" not in repr(settings)
    assert settings.llm.openai_api_key.get_secret_value() == "sk-secret"


def test_temperature_above_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM__TEMPERATURE", "0.7")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]
