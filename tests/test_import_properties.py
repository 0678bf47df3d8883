"""Property: whatever an editor does to a fixture file, the import either
succeeds completely or fails cleanly, naming the problem and writing nothing."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

MINI = Path(__file__).resolve().parent / "data" / "mini"
FILES = sorted(p.relative_to(MINI).as_posix() for p in MINI.rglob("*") if p.is_file())


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "dossier", "taggit", stdout=out)
    return out.getvalue()


@st.composite
def mutations(draw):
    """One edit of the kind a hurried editor (or a broken disk) makes."""
    name = draw(st.sampled_from(FILES))
    data = (MINI / name).read_bytes()
    lines = data.split(b"\n")
    kind = draw(
        st.sampled_from(
            ["delete", "duplicate", "replace", "insert", "swap", "truncate", "bytes", "value"]
        )
    )
    i = draw(st.integers(0, len(lines) - 1))
    j = draw(st.integers(0, len(lines) - 1))
    text = draw(st.text(max_size=40)).encode("utf-8", "surrogatepass")
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "replace":
        lines[i] = text
    elif kind == "insert":
        cut = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:cut] + text + lines[i][cut:]
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "truncate":
        return name, data[: draw(st.integers(0, len(data)))]
    elif kind == "bytes":
        junk = draw(st.binary(min_size=1, max_size=16))
        cut = draw(st.integers(0, len(data)))
        return name, data[:cut] + junk + data[cut:]
    elif kind == "value" and b": " in lines[i]:
        key = lines[i].split(b": ", 1)[0]
        value = draw(
            st.sampled_from(
                [b"[]", b"{}", b"~", b"yes", b"12", b"3.5", b"2025-02-30", b"'x'", b"|"]
            )
        )
        lines[i] = key + b": " + value
    return name, b"\n".join(lines)


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,  # the same examples on every run: the suite stays deterministic
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutation=mutations())
def test_a_mutated_fixture_imports_completely_or_fails_cleanly(tmp_path, mutation):
    name, content = mutation
    with transaction.atomic():
        folder = tmp_path / "mini"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(MINI, folder)
        call_command("import_dossier", str(folder), stdout=io.StringIO())
        (folder / name).write_bytes(content)
        before = dump()
        try:
            call_command("import_dossier", str(folder), stdout=io.StringIO())
        except CommandError as error:
            assert "nothing was imported" in str(error)
            assert str(folder) in str(error)
            assert dump() == before
        else:
            # a complete import: importing the same files again changes nothing
            out = io.StringIO()
            call_command("import_dossier", str(folder), stdout=out)
            assert "No changes" in out.getvalue()
        transaction.set_rollback(True)


def _django_accepts(value: str) -> bool:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


URL_PARTS = st.sampled_from(
    [
        "http://",
        "https://",
        "ftp://",
        "a",
        "z9",
        "-",
        ".",
        "..",
        "com",
        "xn--p1ai",
        "/",
        "?",
        "#",
        "%20",
        " ",
        "\t",
        "é",
        "[",
        "]",
        "@",
        ":",
        "8080",
        "1.2.3.4",
        "A",
        "_",
    ]
)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(URL_PARTS, max_size=12).map("".join))
def test_the_importers_quick_url_check_agrees_with_djangos(value):
    """The importer's fast path for plain addresses accepts nothing Django's
    URLValidator would refuse, and refuses nothing it would accept."""
    from dossier.fixture.read import valid_url

    assert valid_url(value) == _django_accepts(value)


@pytest.mark.parametrize(
    "value",
    [
        "https://www.ft.com/content/abc-123?x=1#y",
        "http://localhost/",
        "https://1.2.3.4/",
        "https://a.com/é",
        "http://a.b",
        "https://-bad.com/",
        "https://" + "a" * 64 + ".com/",
        "https://a.com/ x",
        "javascript:alert(1)",
    ],
)
def test_the_quick_url_check_on_known_addresses(value):
    from dossier.fixture.read import valid_url

    assert valid_url(value) == _django_accepts(value)
