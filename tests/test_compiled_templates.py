"""The compile cache (macros/compiled_templates.py): a page's Jinja text is compiled once across
builds, renders as it did without the cache, and fails on bad syntax exactly as before."""

from __future__ import annotations

import jinja2
import pytest

from macros import compiled_templates
from macros.compiled_templates import VersionedBytecodeCache, cache_page_templates

PAGE = "# {{ title }}\n\n{% for n in numbers %}- {{ n }}\n{% endfor %}"


def page_env(**options) -> jinja2.Environment:
    return jinja2.Environment(**options)


def counting_compiles(env: jinja2.Environment) -> list[str]:
    compiled: list[str] = []
    original = env.compile

    def compile(source, *args, **kwargs):
        compiled.append(source)
        return original(source, *args, **kwargs)

    env.compile = compile
    return compiled


def test_a_page_compiled_in_one_build_is_not_compiled_in_the_next(tmp_path):
    first = page_env()
    cache_page_templates(first, tmp_path)
    first_compiles = counting_compiles(first)
    assert first.from_string(PAGE).render(title="KMS", numbers=[1, 2]) == "# KMS\n\n- 1\n- 2\n"
    assert first_compiles == [PAGE] and list(tmp_path.glob("*.jinja"))

    second = page_env()  # a new build: a new process, a new environment, the same cache folder
    cache_page_templates(second, tmp_path)
    second_compiles = counting_compiles(second)
    assert second.from_string(PAGE).render(title="KMS", numbers=[1, 2]) == "# KMS\n\n- 1\n- 2\n"
    assert second_compiles == []
    edited = PAGE.replace("# ", "## ")
    assert second.from_string(edited).render(title="KMS", numbers=[]) == "## KMS\n\n"
    assert second_compiles == [edited]


def test_the_same_text_under_other_syntax_settings_compiles_apart(tmp_path):
    plain, trimmed = page_env(), page_env(trim_blocks=True)
    for env in (plain, trimmed):
        cache_page_templates(env, tmp_path)
    assert plain.from_string(PAGE).render(title="T", numbers=[1]) == "# T\n\n- 1\n"
    assert trimmed.from_string(PAGE).render(title="T", numbers=[1]) == "# T\n\n- 1\n"
    assert len(list(tmp_path.glob("*.jinja"))) == 2
    text = "{% if x %}\nyes\n{% endif %}"
    assert plain.from_string(text).render(x=True) == "\nyes\n"
    assert trimmed.from_string(text).render(x=True) == "yes\n"


@pytest.mark.parametrize("source", ["{{ broken(", "{% for x in y %}no end", "{{ x | no_such_filter }}"])
def test_bad_syntax_fails_as_it_does_without_the_cache(tmp_path, source):
    with pytest.raises(jinja2.TemplateSyntaxError) as plain:
        page_env().from_string(source)
    cached = page_env()
    cache_page_templates(cached, tmp_path)
    for _ in range(2):  # nothing is cached for a text that did not compile
        with pytest.raises(jinja2.TemplateSyntaxError) as got:
            cached.from_string(source)
        assert (got.value.message, got.value.lineno) == (plain.value.message, plain.value.lineno)
    assert not list(tmp_path.glob("*.jinja"))


def test_an_unwritable_cache_leaves_the_environment_as_it_was(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    env = page_env()
    cache_page_templates(env, blocked / "jinja")
    assert "from_string" not in vars(env)
    assert env.from_string(PAGE).render(title="T", numbers=[]) == "# T\n\n"


def test_installing_twice_wraps_once(tmp_path):
    env = page_env()
    cache_page_templates(env, tmp_path)
    wrapper = env.from_string
    cache_page_templates(env, tmp_path)
    assert env.from_string is wrapper and wrapper.original.__func__ is jinja2.Environment.from_string


def test_another_jinja_version_does_not_read_this_ones_entries(tmp_path, monkeypatch):
    cache = VersionedBytecodeCache(str(tmp_path))
    key = cache.get_cache_key("question.html", "/x/question.html")
    monkeypatch.setattr(compiled_templates, "JINJA_VERSION", "99.0")
    assert cache.get_cache_key("question.html", "/x/question.html") != key
