"""Read a rendered HTML form the way a browser submits it (text, hidden, date, checkbox, select, textarea)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_class: str | None):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.in_form = False
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            classes = (a.get("class") or "").split()
            if (
                self.form_class is None and a.get("method", "").lower() == "post"
            ) or self.form_class in classes:
                self.in_form = True
            return
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value") or "on"))
                return
            self.data.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text += data
        elif self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text.strip()
            self._options.append((value, self._option_selected))
            self._option_value = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, sel in self._options if sel] or [v for v, _ in self._options[:1]]
            for v in chosen:
                self.data.append((self._select, v))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea_text[1:] if self._textarea_text.startswith("\n") else self._textarea_text
            self.data.append((self._textarea, text))
            self._textarea = None


def form_data(html: str, form_class: str | None = None) -> dict[str, list[str]]:
    """The fields of the first POST form (or the form with this class) as name -> list of values."""
    reader = _FormReader(form_class)
    reader.feed(html)
    out: dict[str, list[str]] = {}
    for name, value in reader.data:
        out.setdefault(name, []).append(value)
    return out


def flat(data: dict[str, list[str]]) -> dict:
    """For the test client: single values as strings, repeated ones as lists."""
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}
