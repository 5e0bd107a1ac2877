"""UI base: language and direction, translated headings, the site header, labelled fields, skip link."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.utils import translation

from tests.user.factories import UserFactory

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [child if isinstance(child, str) else child.text for child in self.children]
        return " ".join("".join(parts).split())

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, class_name: str | None = None) -> list[Element]:
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag) and (class_name is None or class_name in element.classes)
        ]

    def find(self, tag: str | None = None, *, class_name: str | None = None) -> Element:
        found = self.find_all(tag, class_name=class_name)
        assert len(found) == 1, f"expected one <{tag} class={class_name}>, found {len(found)}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(response) -> Element:
    assert response.status_code == 200, response.status_code
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    return builder.root


@pytest.mark.parametrize(
    ("accept_language", "lang", "direction"),
    [("ar", "ar", "rtl"), ("es", "es", "ltr"), ("en", "en", "ltr")],
)
def test_html_element_carries_the_language_and_direction(platform_client, accept_language, lang, direction):
    html = parse(platform_client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)).find("html")
    assert html.attrs["lang"] == lang
    assert html.attrs["dir"] == direction


@pytest.mark.parametrize(
    ("accept_language", "heading", "button"),
    [
        ("en", "Sell and teach on your own storefront", "Create your organization"),
        ("es", "Vende y enseña en tu propia tienda", "Crea tu organización"),
        ("ar", "بِع وعلِّم عبر متجرك الخاص", "أنشئ منظمتك"),
    ],
)
def test_platform_home_heading_is_translated(platform_client, accept_language, heading, button):
    page = parse(platform_client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language))
    assert page.find("h1").text == heading
    hero = page.find("section", class_name="hero")
    assert [link.text for link in hero.find_all("a", class_name="button--primary")] == [button]


@pytest.mark.parametrize(
    ("accept_language", "heading"),
    [("es", "No hay ninguna tienda en esta dirección"), ("ar", "لا يوجد متجر على هذا العنوان")],
)
def test_unknown_host_page_is_translated(client, db, accept_language, heading):
    with translation.override("en"):  # the language a previous request could have left behind
        response = client.get("/", HTTP_HOST="nobody.localhost", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 404
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    assert builder.root.find("h1").text == heading


def test_storefront_header_shows_the_org_name(host_client, org_a, org_b):
    header = parse(host_client(org_a).get("/")).find("header", class_name="site-header")
    brand = header.find("a", class_name="brand")
    assert brand.attrs["href"] == "/"
    assert brand.find("span", class_name="brand__name").text == "Alpha"
    assert brand.find("span", class_name="brand__mark").text == "A"
    assert brand.find("span", class_name="brand__mark").attrs["aria-hidden"] == "true"


def test_platform_header_shows_volmify(platform_client):
    brand = parse(platform_client.get("/")).find("a", class_name="brand")
    assert brand.find("span", class_name="brand__name").text == "Volmify"


def test_org_create_form_labels_are_tied_to_their_inputs(host_client):
    page = parse(host_client(user=UserFactory()).get("/orgs/new/"))
    form = page.find("main").find("form")
    label_targets = [label.attrs["for"] for label in form.find_all("label")]
    input_ids = [
        element.attrs["id"]
        for element in form.iter()
        if element.tag in {"input", "select", "textarea"} and element.attrs.get("type") != "hidden"
    ]
    assert label_targets == ["id_name", "id_slug"]
    assert input_ids == ["id_name", "id_slug"]
    assert [label.text for label in form.find_all("label")] == ["Organization name", "Subdomain"]
    slug_input = next(element for element in form.iter() if element.attrs.get("id") == "id_slug")
    assert slug_input.attrs["aria-describedby"] == "id_slug_helptext"
    help_text = next(element for element in form.iter() if element.attrs.get("id") == "id_slug_helptext")
    assert help_text.text == "Your storefront's address. Lowercase letters, digits and hyphens."


def test_org_create_form_errors_mark_the_field(host_client):
    response = host_client(user=UserFactory()).post("/orgs/new/", {"name": "Acme", "slug": "www"})
    assert response.status_code == 200
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    errored = builder.root.find_all("div", class_name="field--error")
    assert [field.find("label").attrs["for"] for field in errored] == ["id_slug"]
    assert errored[0].find("p", class_name="field__error").text == "“www” is reserved. Please choose another."


def test_login_page_fields_are_labelled(platform_client):
    form = parse(platform_client.get("/accounts/login/")).find("form", class_name="form--login")
    label_targets = [label.attrs["for"] for label in form.find_all("label")]
    assert label_targets == ["id_login", "id_password", "id_remember"]


def test_skip_link_is_the_first_focusable_element_and_targets_main(platform_client):
    page = parse(platform_client.get("/"))
    body = page.find("body")
    first_link = next(element for element in body.iter() if element.tag in {"a", "button", "input", "select"})
    assert first_link.classes == ["skip-link"]
    assert first_link.attrs["href"] == "#main"
    assert first_link.text == "Skip to content"
    assert page.find("main").attrs["id"] == "main"


def test_skip_link_is_translated(platform_client):
    page = parse(platform_client.get("/", HTTP_ACCEPT_LANGUAGE="es"))
    assert page.find("a", class_name="skip-link").text == "Saltar al contenido"


def test_footer_language_switcher_offers_every_language(platform_client):
    footer = parse(platform_client.get("/", HTTP_ACCEPT_LANGUAGE="es")).find("footer")
    select = footer.find("select")
    assert select.attrs["name"] == "language"
    assert footer.find("label").attrs["for"] == select.attrs["id"] == "language-select"
    options = select.find_all("option")
    assert [(option.attrs["value"], option.text, "selected" in option.attrs) for option in options] == [
        ("en", "English", False),
        ("es", "español", True),
        ("ar", "العربيّة", False),
    ]


def test_anonymous_pages_set_no_cookie_and_switching_language_needs_no_token(platform_client, db):
    from django.test import Client

    response = platform_client.get("/")
    assert response.cookies == {}  # no CSRF cookie for a visitor who only reads
    switched = Client(enforce_csrf_checks=True, HTTP_HOST="localhost").post(
        "/i18n/setlang/", {"language": "es", "next": "/"}
    )
    assert (switched.status_code, switched["Location"], switched.cookies["django_language"].value) == (
        302,
        "/",
        "es",
    )
