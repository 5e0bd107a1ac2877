"""An enforcing Content-Security-Policy on every kind of page, and nothing inline for it to block."""

import re
from pathlib import Path

import pytest

TEMPLATE_DIRS = [Path(__file__).resolve().parents[2] / "templates"]
# Emails are read in mail clients, not served under our policy; those clients drop <style> blocks
# and stylesheets, so inline style attributes are how an email is styled.
EMAIL_TEMPLATES = TEMPLATE_DIRS[0] / "email"
# A JSON-LD data block is never run, so script-src does not govern it.
INLINE = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>|<style\b|\sstyle=|\shx-on|\son[a-z]+=|javascript:",
    re.I,
)


@pytest.mark.parametrize("path", ["/", "/catalog/", "/accounts/login/"])
def test_storefront_pages_send_an_enforcing_policy_without_unsafe_inline(host_client, org_a, path):
    response = host_client(org_a).get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "Content-Security-Policy-Report-Only" not in response


def test_the_platform_home_sends_the_policy(platform_client):
    assert "default-src 'self'" in platform_client.get("/")["Content-Security-Policy"]


def test_django_admin_may_style_inline_but_never_script_inline(staff_client):
    admin = staff_client.get("/admin/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in admin
    assert "script-src 'self';" in admin or admin.endswith("script-src 'self'")
    assert "unsafe-inline" not in staff_client.get("/")["Content-Security-Policy"]


def test_an_unknown_host_page_sends_the_policy(db, client):
    response = client.get("/", HTTP_HOST="nowhere.example")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response


def test_the_brand_stylesheet_carries_the_colours_and_refuses_anything_else(host_client, org_a):
    client = host_client(org_a)
    response = client.get("/brand.css", {"primary": "1f4fd6", "secondary": "0f172a"})
    assert response.status_code == 200
    assert response.content.decode() == (
        ":root { --brand-primary: #1f4fd6; --brand-secondary: #0f172a; --brand-on-primary: #ffffff; }\n"
    )
    assert client.get("/brand.css", {"primary": "red;}", "secondary": "0f172a"}).status_code == 400


def test_no_template_has_inline_script_style_or_handlers():
    found = [
        f"{path}: {match.group(0)}"
        for directory in TEMPLATE_DIRS
        for path in directory.rglob("*.html")
        if EMAIL_TEMPLATES not in path.parents
        for match in INLINE.finditer(path.read_text())
    ]
    assert not found, "\n".join(found)
