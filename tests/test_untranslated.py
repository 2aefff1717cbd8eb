"""No English in the Vietnamese interface: every page a role can open, the admin's included.

Our own msgids are Vietnamese; Django's, django-axes', django-import-export's and
django-simple-history's are English, and their Vietnamese catalogues have gaps that
tracker/locale/vi fills. While the pages below render, every gettext lookup of the active
Vietnamese translation is watched: an English msgid that the catalogue does not hold fails
the test, naming the page and the string. The app's pages come from walking the URL
patterns, so a page added later is visited without anyone listing it here.
"""

import gettext
import json
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import trans_real

from tracker.assessments.models import CriterionResult

YEAR = "2023"
# Vietnamese letters (with their diacritics, and đ): a msgid holding one is ours.
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
LETTERS = re.compile("[A-Za-z]{2,}")
# Known English that once showed (the report): looked for in the visible text too.
KNOWN_ENGLISH = [
    "Forbidden",
    "Access attempts",
    "Access failures",
    "Show counts",
    "After you’ve created a user",
    "After you've created a user",
    "Password-based authentication",
    "This field is required",
    "Page not found",
    "Server Error",
    "CSRF verification failed",
    "Select all",
    "Filter",
]
# Not words of a language: names of formats and programs the admin offers as they are.
NOT_ENGLISH = {"csv", "xlsx", "tsv", "json", "html", "ods", "xls", "yaml", "ID", "URL", "API"}
# Routes that are no page: files (slow to build, no interface text), and posts only.
SKIPPED_ROUTES = re.compile(r"\.\w+$|^ngon-ngu/$|^dang-xuat/$")


def _our_msgids() -> set[str]:
    """The msgids of our English catalogue: our own strings, Vietnamese even without a diacritic."""
    mo = Path(settings.BASE_DIR) / "tracker" / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as catalogue:
        keys = gettext.GNUTranslations(catalogue)._catalog
    return {k[0] if isinstance(k, tuple) else k for k in keys} | {
        k.split(trans_real.CONTEXT_SEPARATOR)[-1] for k in keys if isinstance(k, str)
    }


OURS = _our_msgids()


def _english(msgid: str) -> bool:
    if msgid in OURS or VIETNAMESE.search(msgid) or msgid.strip() in NOT_ENGLISH:
        return False
    return bool(LETTERS.search(msgid))


class Watch:
    """The English msgids the Vietnamese catalogue did not hold, while watching."""

    def __init__(self):
        self.missed: set[str] = set()

    def gettext(self, original):
        watch = self

        def gettext(translation_object, message):
            result = original(translation_object, message)
            if translation_object.language() == "vi" and message not in translation_object._catalog:
                watch.note(message)
            return result

        return gettext

    def ngettext(self, original):
        watch = self

        def ngettext(translation_object, singular, plural, n):
            result = original(translation_object, singular, plural, n)
            if translation_object.language() == "vi":
                try:
                    translation_object._catalog.plural(singular, n)
                except KeyError:
                    watch.note(singular)
                    watch.note(plural)
            return result

        return ngettext

    def note(self, message: str) -> None:
        # pgettext looks up "context\x04message" and gives the message alone when it misses.
        message = message.split(trans_real.CONTEXT_SEPARATOR)[-1]
        if _english(message):
            self.missed.add(message)


@pytest.fixture
def watch(monkeypatch, settings):
    settings.LANGUAGE_CODE = "vi"
    found = Watch()
    cls = trans_real.DjangoTranslation
    monkeypatch.setattr(cls, "gettext", found.gettext(cls.gettext))
    monkeypatch.setattr(cls, "ngettext", found.ngettext(cls.ngettext))
    translation.activate("vi")
    yield found
    translation.deactivate()


def _visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"(?s)<[^>]+>", " ", html))


class Walk:
    """Visits pages as one client; what each left untranslated, by page."""

    def __init__(self, watch: Watch):
        self.watch = watch
        self.found: dict[str, set[str]] = defaultdict(set)
        self.visited = 0

    def visit(self, client, who: str, method: str, path: str, data=None):
        self.watch.missed.clear()
        response = getattr(client, method)(path, data or {})
        self.visited += 1
        page = f"{who} {method.upper()} {path} ({response.status_code})"
        self.found[page] |= self.watch.missed
        if "html" in response.get("Content-Type", ""):
            text = _visible_text(response.content.decode("utf-8", "replace"))
            self.found[page] |= {w for w in KNOWN_ENGLISH if w in text}
        return response

    def failures(self) -> str:
        # UNTRANSLATED=file writes the strings, one msgid a line, for tracker/locale/vi.
        if os.environ.get("UNTRANSLATED"):
            with open(os.environ["UNTRANSLATED"], "a", encoding="utf-8") as out:
                for strings in self.found.values():
                    out.writelines(json.dumps(s, ensure_ascii=False) + "\n" for s in strings)
        return "\n".join(
            f"{page}: {sorted(strings)}" for page, strings in sorted(self.found.items()) if strings
        )


def _patterns(resolver: URLResolver, prefix: str = ""):
    """(route, pattern) of every named page of the site's own URL conf (not the admin's, not the
    API's JSON)."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "api/")):
                continue
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern) and entry.name and not SKIPPED_ROUTES.search(route):
            yield route, entry


def _arguments(route: str, pattern: URLPattern, known: dict) -> dict | None:
    """Known values for the route's parameters: a province's or a ward's code by what the
    route names, ids of rows the data set holds; 1 for any other number, so that a page added
    later is still opened (its 404 at worst)."""
    values = {}
    for name, converter in pattern.pattern.converters.items():
        if name == "code":
            values[name] = "16663" if route.startswith("phuong/") else "40"
        elif name in known:
            values[name] = known[name]
        else:
            values[name] = 1 if converter.regex == "[0-9]+" else "40"
    return values


def _app_pages(known: dict) -> list[str]:
    pages = []
    for route, pattern in _patterns(get_resolver()):
        kwargs = {
            k: v
            for k, v in _arguments(route, pattern, known).items()
            if k not in pattern.default_args
        }
        pages.append(reverse(pattern.name, kwargs=kwargs) + f"?year={YEAR}")
    return pages


def _admin_arguments(entry: URLPattern, first) -> list | None:
    """The row's id for a page of one row, and its newest history row's for simple-history's
    page of one past version; None when the model has no row."""
    count = len(entry.pattern.converters) or entry.pattern.regex.groups
    if count == 0:
        return []
    if first is None:
        return None
    if count == 1:
        return [first.pk]
    history = getattr(first, "history", None)
    if count == 2 and history is not None and history.exists():
        return [first.pk, history.order_by("-pk").first().pk]
    return None


def _admin_pages() -> list[str]:
    """Each registered model's admin pages: changelist, add, change, history, delete and the
    import-export ones, with the first row where a page needs one."""
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        first = model._default_manager.order_by("pk").first()
        pages.append(reverse("admin:app_list", args=[model._meta.app_label]))
        for entry in model_admin.urls:
            if not entry.name or "autocomplete" in entry.name:
                continue
            args = _admin_arguments(entry, first)
            if args is not None:
                pages.append(reverse(f"admin:{entry.name}", args=args))
    return list(dict.fromkeys(pages))


def _log_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def accounts(people):
    return {
        "bo": people["ministry"],
        "tinh": people["province"],
        "phuong": people["ward"],
        "xem": people["viewer"],
    }


def test_the_app_shows_no_english_in_vietnamese_as_each_role(watch, accounts, dong_vinh):
    walk = Walk(watch)
    result = CriterionResult.objects.filter(assessment=dong_vinh).order_by("pk").first()
    known = {"pk": 22, "result_id": result.pk}
    pages = _app_pages(known)
    assert "/tinh/40/?year=2023" in pages and "/phuong/16663/?year=2023" in pages
    anonymous = Client()
    walk.visit(anonymous, "anonymous", "get", reverse("login"))
    walk.visit(anonymous, "anonymous", "post", reverse("login"), {"username": "x", "password": "y"})
    walk.visit(anonymous, "anonymous", "get", "/khong-co-trang-nay/")
    for role, user in accounts.items():
        client = _log_in(user)
        for path in pages:
            walk.visit(client, role, "get", path)
        # A bad address: the 404 page in the layout.
        walk.visit(client, role, "get", "/khong-co-trang-nay/")
    # A failed CSRF check.
    walk.visit(Client(enforce_csrf_checks=True), "anonymous", "post", reverse("login"))
    assert walk.visited > len(accounts) * len(pages)
    assert not walk.failures(), "English left in the Vietnamese pages:\n" + walk.failures()


def test_the_admin_shows_no_english_in_vietnamese(watch, accounts, dong_vinh):
    walk = Walk(watch)
    pages = _admin_pages()
    assert reverse("admin:axes_accessattempt_changelist") in pages
    ministry = _log_in(accounts["bo"])
    for path in pages:
        walk.visit(ministry, "bo", "get", path)
        if path.endswith("/add/"):
            # The form's errors: Django's "This field is required." and the like.
            walk.visit(ministry, "bo", "post", path)
    # A province's officer sees fewer models, and Django's refusals for the others.
    province = _log_in(accounts["tinh"])
    for path in pages:
        walk.visit(province, "tinh", "get", path)
    walk.visit(_log_in(accounts["phuong"]), "phuong", "get", reverse("admin:index"))
    assert not walk.failures(), "English left in the Vietnamese admin:\n" + walk.failures()


def _admin_js_msgids() -> set[str]:
    """The msgids of the admin's JavaScript (date and time widgets, the selectors), as its
    catalogue keys them ("context\x04msgid" with a context)."""
    import django

    po = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    found, context = set(), None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            context = json.loads(line[8:])
        elif line.startswith("msgid ") and line != 'msgid ""':
            msgid = json.loads(line[6:])
            found.add(f"{context}{trans_real.CONTEXT_SEPARATOR}{msgid}" if context else msgid)
            context = None
    return found


def test_the_admin_s_javascript_speaks_vietnamese(watch, accounts):
    """The date widgets and selectors read their strings from the admin's JavaScript catalogue."""
    response = _log_in(accounts["bo"]).get(reverse("admin:jsi18n"))
    catalogue = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1)
    )
    wanted = _admin_js_msgids()
    assert {"Today", "Sunday", "Choose all %s"} <= wanted
    missing = sorted(m for m in wanted if m not in catalogue)
    assert not missing, f"{reverse('admin:jsi18n')}: English left: {missing}"


def test_the_watch_catches_an_english_string(watch):
    """The watch itself: an English msgid missing from the catalogue is caught, ours are not."""
    translation.gettext("A string no catalogue holds")
    translation.gettext("Một chuỗi của chúng ta")
    translation.pgettext("ctx", "Another string no catalogue holds")
    assert watch.missed == {"A string no catalogue holds", "Another string no catalogue holds"}
