"""Hostile text in a real browser: Chromium loads every kind of public page
holding the whole XSS corpus, with `alert`, `confirm`, `prompt` and `print`
hooked in every frame, and nothing may call them.

Chromium comes from the `browser` fixture in conftest.py.  Pages load with
the Content-Security-Policy bypassed: the policy would block inline script
anyway, and this test is about the escaping and the sanitiser standing on
their own.  Chromium's own parser then looks for what
must not be in the DOM (script, event handlers, script URLs, svg, math,
frames, plugins).
"""

import json

import pytest

from dossier.models import Citation, Hop, Quote
from tests.factories import (
    make_event,
    make_outlet,
    make_person,
    make_quote,
    make_source,
    make_statement,
    make_story,
)
from tests.test_hostile_text import CORPUS, Packer, batches

pytestmark = [
    pytest.mark.browser,
    # The live server reads the data from its own thread, so it is committed;
    # serialized_rollback restores what migrations created.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOOKED = ("alert", "confirm", "prompt", "print")

# Runs before any script of every document and frame: each hooked function
# only reports that it was called.
HOOKS = """
for (const name of HOOKED) {
  const hook = function (...args) {
    try { window.reportXss(name, String(args[0]), String(location.href)); } catch (e) {}
    return name === "confirm" ? false : null;
  };
  Object.defineProperty(window, name, {value: hook, writable: false, configurable: false});
}
""".replace("HOOKED", json.dumps(HOOKED))

# What must not be in the DOM once Chromium has parsed the page.
DOM_PROBLEMS = """
() => {
  const problems = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.localName;
    if (["svg", "math", "iframe", "frame", "frameset", "object", "embed", "applet", "base"]
        .includes(tag)) problems.push(`<${tag}> element`);
    if (tag === "script" && (el.type !== "application/ld+json" || el.src))
      problems.push(`<script> ${el.outerHTML.slice(0, 120)}`);
    if (tag === "meta" && el.httpEquiv) problems.push(`<meta http-equiv=${el.httpEquiv}>`);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) problems.push(`<${tag} ${name}="${attr.value.slice(0, 80)}">`);
      if (["href", "src", "action", "formaction", "data", "xlink:href", "cite"].includes(name)) {
        let protocol = "";
        try { protocol = new URL(attr.value, location.href).protocol; } catch (e) {}
        if (["javascript:", "vbscript:", "data:"].includes(protocol))
          problems.push(`${protocol} URL in <${tag} ${name}="${attr.value.slice(0, 80)}">`);
      }
    }
  }
  return problems;
}
"""


def build_hostile_site(size: int = 260) -> list[str]:
    """The whole corpus in every rich and long field (a few big batches) and
    round the corpus in the short ones; returns one URL of each page there is."""
    texts = batches(size=size)
    pack = Packer()
    make_story(title=pack.take(300), summary="\n".join(CORPUS), notes="\n".join(CORPUS))
    urls = ["/", "/timeline/", "/people/", "/quotes/", "/sources/", "/tags/"]
    people, outlets = [], []
    for i, text in enumerate(texts):
        outlet = make_outlet(
            name=pack.take(200),
            country=pack.take(100),
            reliability_rationale=pack.take(500),
            notes=text,
        )
        person = make_person(
            name=pack.take(200),
            aliases=text,
            role=pack.take(200),
            affiliation=pack.take(200),
            bio=text,
            notes=text,
            tags=[pack.tag()],
        )
        source = make_source(
            outlet=outlet,
            title=pack.take(500),
            byline=pack.take(300),
            language=pack.take(20),
            body=f"Article {i}.\n\n{text}\n",
            reliability="C",
            reliability_rationale=pack.take(500),
            notes=text,
            tags=[pack.tag()],
        )
        statement = make_statement(title=pack.take(300), notes=text)
        quote = make_quote(
            source=source,
            speaker=person,
            speaker_description=pack.take(300),
            statement=statement,
            text=text,
            context=pack.take(500),
            credibility_rationale=pack.take(500),
            notes=text,
            tags=[pack.tag()],
        )
        half = "\n".join(text.split("\n")[: len(text.split("\n")) // 2])
        make_quote(
            source=source,
            speaker=None,
            speaker_description=pack.take(300),
            statement=statement,
            text=half,
            attribution=Quote.Attribution.ANONYMOUS,
        )
        Hop.objects.create(
            quote=quote, description=pack.take(300), how="told", context=pack.take(300)
        )
        if outlets:
            Citation.objects.create(source=source, cited_outlet=outlets[-1], note=pack.take(300))
        event = make_event(
            title=pack.take(300),
            summary=text,
            location=pack.take(200),
            participants=[person, *people[-1:]],
            sources=[source],
            notes=text,
            tags=[pack.tag()],
        )
        event.participations.update(role=pack.take(200))
        people.append(person)
        outlets.append(outlet)
        urls += [
            person.get_absolute_url(),
            quote.get_absolute_url(),
            statement.get_absolute_url(),
            source.get_absolute_url(),
            event.get_absolute_url(),
            *(
                f"/tags/{tag.slug}/"
                for obj in (person, quote, source, event)
                for tag in obj.tags.all()
            ),
        ]
    urls += ["/search/?q=%3Cscript%3E", "/search/?q=alert&kind=quotes", "/quotes/?page=2"]
    return urls


def test_no_dialog_fires_on_any_page_holding_the_corpus(live_server, browser):
    urls = build_hostile_site()
    fired: list[tuple] = []
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.expose_function("reportXss", lambda name, arg, where: fired.append((name, arg, where)))
    context.add_init_script(HOOKS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on(
        "dialog", lambda dialog: (fired.append((dialog.type, dialog.message)), dialog.dismiss())
    )
    problems = []
    shown = ""
    try:
        for url in urls:
            response = page.goto(live_server.url + url, wait_until="load")
            assert response.status == 200, url
            # Give handlers that need a user a chance: hover, focus, scroll.
            for x, y in ((40, 40), (640, 300), (900, 700)):
                page.mouse.move(x, y)
            for _ in range(3):
                page.keyboard.press("Tab")
            page.mouse.wheel(0, 2000)
            page.wait_for_timeout(50)
            problems += [f"{url}: {problem}" for problem in page.evaluate(DOM_PROBLEMS)]
            shown += page.inner_text("main")
    finally:
        context.close()
    assert len(urls) >= 40
    assert "<script>alert(" in shown and "onerror=" in shown  # the vectors are there, as text
    assert not fired, f"{len(fired)} hooked calls, e.g. {fired[:5]}"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


def test_the_hooks_and_the_dom_check_would_catch_a_vector_that_got_through(live_server, browser):
    """Guards the guard: markup that does run is reported by both."""
    fired: list[tuple] = []
    context = browser.new_context(bypass_csp=True)
    context.expose_function("reportXss", lambda name, arg, where: fired.append((name, arg, where)))
    context.add_init_script(HOOKS)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.evaluate("alert('a'); confirm('b'); prompt('c'); print()")
        page.set_content(
            '<p>x</p><img src="data:," onerror="alert(1)"><a href="jav&#9;ascript:1">y</a>'
        )
        page.wait_for_timeout(100)
        problems = page.evaluate(DOM_PROBLEMS)
    finally:
        context.close()
    assert [name for name, *_ in fired] == [*HOOKED, "alert"]
    assert any("onerror" in problem for problem in problems)
    assert any("javascript" in problem for problem in problems)
