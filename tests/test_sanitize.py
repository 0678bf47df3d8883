import pytest

from dossier.sanitize import sanitize

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<iframe src='https://evil.example/'></iframe>",
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<a href="https://example.com/" onmouseover="alert(1)">x</a>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_live_tag_or_attribute_survives(text):
    clean = sanitize(text)
    assert "<script" not in clean and "<svg" not in clean and "<iframe" not in clean
    assert "onerror=" not in clean and "onmouseover=" not in clean and "style=" not in clean
    assert 'href="javascript' not in clean.lower() and 'href="data' not in clean.lower()


@pytest.mark.parametrize("text", [*HOSTILE, "a & b < c", "<p>Fine <em>text</em></p>"])
def test_sanitising_twice_changes_nothing(text):
    assert sanitize(sanitize(text)) == sanitize(text)


def test_editorial_markup_is_kept():
    text = '<p>See <a href="https://www.ft.com/" title="FT">the FT</a>, <em>not</em> <strong>UNN</strong>.</p><ul><li>one</li></ul>'
    assert sanitize(text) == text


def test_mailto_links_are_kept():
    assert 'href="mailto:desk@example.com"' in sanitize(
        '<a href="mailto:desk@example.com">desk</a>'
    )
