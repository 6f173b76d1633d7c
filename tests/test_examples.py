"""The runnable examples: each file runs as a learner would run it and prints exactly its `#>` lines;
the example() macro renders them and refuses what it cannot render."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from macros import examples
from macros.errors import SiteDataError
from tests.support import ROOT, read_page, run_python

pytestmark = pytest.mark.emulator

# The pages already call these names: renaming a file breaks a page.
NAMES = [
    "cognito_auth",
    "cognito_token_lifecycle",
    "data_key_without_plaintext",
    "encryption_context",
    "envelope_encryption",
    "key_lifecycle",
    "kms_keys",
    "parameter_store_securestring",
    "redact_secrets_in_logs",
    "secrets_manager_versions",
    "signing_and_dev_keys",
    "sts_assume_role",
    "sync_to_stream",
]
# Any attempt to reach the network goes to a closed port and fails loudly.
NO_NETWORK = "http://127.0.0.1:9"


def run_example(path: Path, cwd: Path, fresh: bool = False) -> subprocess.CompletedProcess:
    """`python <example>` with no AWS variables and no network: forked from the tests' server of
    pre-imported libraries (tests/fork_server.py), or with `fresh`, a new interpreter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        HTTP_PROXY=NO_NETWORK,
        HTTPS_PROXY=NO_NETWORK,
        http_proxy=NO_NETWORK,
        https_proxy=NO_NETWORK,
        NO_PROXY="",
        no_proxy="",
    )
    return run_python([str(path)], cwd, env, timeout=120, fresh=fresh)


def test_the_examples_are_the_ones_the_pages_use():
    assert examples.available() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_example_prints_its_expected_output(name, tmp_path):
    example = examples.load_example(name)
    # From another folder, with no AWS variables and no network: the file needs nothing but the venv.
    result = run_example(example.path, cwd=tmp_path)
    assert result.returncode == 0, f"{name} failed:\n{result.stderr}"
    assert result.stdout.splitlines() == example.expected, (
        f"{name}: printed output differs from its #> lines.\nprinted:\n{result.stdout}\nstderr:\n{result.stderr}"
    )


def test_an_example_runs_in_a_fresh_interpreter_as_a_learner_runs_it(tmp_path):
    # The others run forked from a process that has imported boto3 and moto; this one proves
    # that nothing they print depends on that.
    example = examples.load_example("kms_keys")
    result = run_example(example.path, cwd=tmp_path, fresh=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == example.expected


@pytest.mark.parametrize("name", NAMES)
def test_example_documents_title_explanation_and_emulator_differences(name):
    example = examples.load_example(name)
    assert 10 <= len(example.title) <= 90
    assert example.intro and all(len(p) > 40 for p in example.intro)
    assert example.notes and all(len(n) > 30 for n in example.notes)
    assert any("moto" in n for n in example.notes), "say where moto differs from AWS"
    assert '"""' not in example.code.split("\n", 1)[0]  # the docstring is rendered as prose, not repeated in the code


@pytest.mark.parametrize("name", NAMES)
def test_example_uses_dummy_credentials_and_the_emulator(name):
    source = (examples.EXAMPLES_DIR / f"{name}.py").read_text()
    assert "with mock_aws():" in source
    assert 'aws_access_key_id="testing"' in source and "region_name=REGION" in source


def test_expected_output_reads_hash_greater_than_lines():
    source = 'print("a")\n#> a\n    print(" b")\n    #>  b\n#>\nx = 1  # #> not at line start\n'
    assert examples.expected_output(source) == ["a", " b", ""]


class FakeEnv:
    def __init__(self, page: str = "kms/index.md"):
        self.macros = {}
        self.page = SimpleNamespace(file=SimpleNamespace(src_uri=page))

    def macro(self, fn):
        self.macros[fn.__name__] = fn
        return fn


@pytest.fixture
def render():
    env = FakeEnv()
    examples.register(env)
    return env.macros["example"]


def test_macro_renders_title_code_output_run_command_and_notes(render):
    html = render("envelope_encryption")
    example = examples.load_example("envelope_encryption")
    assert html.startswith('!!! example "Runnable example: Envelope encryption with GenerateDataKey and AES-GCM"')
    assert '```python title="docs/_examples/envelope_encryption.py"' in html
    assert "def encrypt_document(" in html
    output_block = re.search(r"```text\n(.*?)\n    ```", html, re.S).group(1)
    assert [line.strip() for line in output_block.splitlines()] == [line.strip() for line in example.expected]
    assert "`make examples`" in html and "`.venv/bin/python docs/_examples/envelope_encryption.py`" in html
    assert '!!! note "Emulator vs AWS"' in html
    assert html.count("        - ") == len(example.notes)


def test_macro_escapes_docstring_prose_and_keeps_code_spans(render):
    html = render("cognito_auth")
    assert "<code>token_use</code>" in html
    assert "<script" not in html
    assert "kid &#34;dummy&#34;" in html


@pytest.mark.parametrize("bad", ["nope", "../kms_keys", "KMS_KEYS", "", "kms_keys.py"])
def test_macro_refuses_an_unknown_name(render, bad):
    with pytest.raises(SiteDataError) as info:
        render(bad)
    assert info.value.where == "docs/kms/index.md"
    assert "envelope_encryption" in info.value.fix


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ('print("x")\n#> x\n', "no module docstring"),
        ('"""Title.\n\nBody text here.\n"""\nprint("x")\n#> x\n', "no 'Emulator vs AWS:' section"),
        ('"""Title.\n\nBody.\n\nEmulator vs AWS:\n- moto differs.\n"""\nprint("x")\n', "no '#>' lines"),
        ('"""Title.\n\nBody.\n\nEmulator vs AWS:\nloose text\n"""\nprint("x")\n#> x\n', "unexpected line"),
        ('"""Title.\n\nBody.\n\nEmulator vs AWS:\n- moto.\n"""\nprint(\n', "Python syntax error"),
    ],
)
def test_a_malformed_example_fails_naming_the_file(tmp_path, source, problem):
    (tmp_path / "broken.py").write_text(source)
    with pytest.raises(SiteDataError) as info:
        examples.load_example("broken", directory=tmp_path)
    assert "broken.py" in info.value.where
    assert problem in info.value.problem
    assert info.value.fix


def test_site_does_not_publish_the_examples_folder(built_site):
    assert not (built_site / "_examples").exists()
    assert not list(built_site.rglob("*.py"))


def test_site_pages_that_call_example_show_it(built_site):
    calls = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        if "_data" in page.parts or "_examples" in page.parts:
            continue
        for name in re.findall(r'\{\{\s*example\("([a-z_]+)"\)\s*\}\}', page.read_text(encoding="utf-8")):
            calls.append((page, name))
    assert calls, "no page calls example(); the examples would be invisible"
    for page, name in calls:
        rel = page.relative_to(ROOT / "docs")
        html_path = built_site / (
            rel.with_suffix("") / "index.html" if rel.stem != "index" else rel.with_name("index.html")
        )
        soup = read_page(html_path)
        example = examples.load_example(name)
        boxes = [
            box
            for box in soup.select("div.admonition.example")
            if box.select_one(".admonition-title").get_text() == f"Runnable example: {example.title}"
        ]
        assert len(boxes) == 1, f"{rel} does not show {name} exactly once"
        text = boxes[0].get_text()
        assert f"docs/_examples/{name}.py" in text
        assert all(line in text for line in example.expected), f"{rel}: the expected output of {name} is not all shown"
        assert boxes[0].select_one("div.admonition.note .admonition-title").get_text() == "Emulator vs AWS"
