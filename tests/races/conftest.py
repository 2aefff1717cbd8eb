"""Races: two real sessions against the live server, on PostgreSQL's row locks.

The live server runs each request in a thread of its own with its own database
connection, so two POSTs released together really meet in the database.
"""

import threading
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests import data_sets


@pytest.fixture
def nghe_an_live(transactional_db, nghe_an_units_rows, nghe_an_2023_rows):
    """Nghệ An 2023 committed, so the live server's threads see it; the flush removes it."""
    data_sets.restore([*nghe_an_units_rows, *nghe_an_2023_rows])


class _Forms(HTMLParser):
    """The forms of a page as a browser would send them: inputs, selected options, textareas."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": a, "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self.forms[-1]["fields"]:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            fields = self.forms[-1]["fields"]
            # The HTML parser keeps the newline after <textarea>, which browsers drop.
            fields[self._textarea] += (
                data.removeprefix("\n") if not fields[self._textarea] else data
            )


class Session:
    """One user's browser: its own cookies, GET a page, read a form, POST it."""

    def __init__(self, base_url: str, user):
        self.base_url = base_url
        client = Client()
        client.force_login(user)
        self.cookies = {"sessionid": client.cookies["sessionid"].value}
        self.opener = urllib.request.build_opener(_NoRedirect())
        self.location = ""  # where the last answer redirected to

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            self.location = response.headers.get("Location", "")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.read().decode()

    def get(self, path: str) -> str:
        code, body = self._open(urllib.request.Request(self.base_url + path))
        assert code == 200, (path, code)
        return body

    def form(self, path: str, predicate) -> dict:
        parser = _Forms()
        parser.feed(self.get(path))
        return next(f["fields"] for f in parser.forms if predicate(f["attrs"], f["fields"]))

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Referer": self.base_url + path}
        return self._open(urllib.request.Request(self.base_url + path, data=body, headers=headers))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer we assert on, not a page to follow


def together(*calls):
    """Run the calls in threads released at the same moment; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results
