"""What a browser would submit from an admin form, read from its HTML: for
the tests that post admin forms and for bench/concurrency.py, which saves
through a real server."""

from html.parser import HTMLParser


class FormDefaults(HTMLParser):
    """The values of every field as the form stands: inputs, ticked
    checkboxes, selected options (a list per field, for multiple selects)
    and text areas; not buttons or files."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "checkbox", "file"}:
            self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.values.setdefault(name, []).append(attrs.get("value") or "on")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_defaults(html: str) -> dict[str, list[str]]:
    """{field: its values} of the form in `html`, fields with no value left out."""
    form = FormDefaults()
    form.feed(html)
    return {name: values for name, values in form.values.items() if values}
