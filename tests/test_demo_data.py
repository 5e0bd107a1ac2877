"""The demo data files fail loudly: a reference without a row names the file and the key (volmify/demo.py)."""

import json
import shutil
from pathlib import Path

import pytest

from apps.course import demo as course_demo
from apps.locale_region import demo as markets_demo
from apps.payment import demo as payment_demo
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.product import demo as product_demo
from apps.product.models import OrgProduct
from volmify.demo import DemoDataError, demo_load


def broken_copy(module, name: str, tmp_path: Path, monkeypatch, change) -> Path:
    """A copy of ``module``'s data directory in which ``change`` edits ``<name>.json``."""
    directory = tmp_path / "demo"
    shutil.copytree(module.DATA, directory)
    path = directory / f"{name}.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    monkeypatch.setattr(module, "DATA", directory)
    return path


def test_an_unknown_skill_names_the_file_and_the_key(org_a, in_org, tmp_path, monkeypatch):
    in_org(org_a)
    markets_demo.seed(org_a)

    def change(data):
        data["products"][0]["skills"]["no-such-skill"] = 10

    path = broken_copy(product_demo, "acme", tmp_path, monkeypatch, change)
    with pytest.raises(DemoDataError) as error:
        product_demo.seed(org_a)
    assert str(error.value) == f"{path}: products[django-for-teams].skills: unknown skill 'no-such-skill'"


@pytest.mark.parametrize(
    ("module", "name", "change", "message"),
    [
        (
            markets_demo,
            "acme",
            lambda data: data["regions"][1]["countries"].append("XX"),
            "regions[eu].countries: unknown country 'XX'",
        ),
        (
            markets_demo,
            "acme",
            lambda data: data["regions"][0]["locales"].append("fr-FR"),
            "regions[us].locales: unknown locale 'fr-FR'",
        ),
        (
            product_demo,
            "acme",
            lambda data: data["collections"][0]["products"].append("no-such-product"),
            "collections[featured].products: unknown product 'no-such-product'",
        ),
        (
            product_demo,
            "acme",
            lambda data: data["products"][1]["summary"].pop("de-DE"),
            "products[practical-sql].summary: no translation into 'de-DE'",
        ),
        (
            payment_demo,
            "acme",
            lambda data: data["plans"][0].update(variant="No such variant"),
            "plans[django-for-teams].variant: unknown variant 'No such variant'",
        ),
        (
            course_demo,
            "courses",
            lambda data: data["courses"][0]["modules"][0]["sections"][0]["lessons"][0].update(lesson="nope"),
            "courses[django-for-teams].modules[Foundations].sections[Getting started].lessons: "
            "unknown lesson 'nope'",
        ),
        (
            course_demo,
            "courses",
            lambda data: data["enrollments"][0].update(member="nobody"),
            "enrollments: unknown member 'nobody'",
        ),
    ],
)
def test_a_broken_reference_fails_naming_the_file_and_the_key(
    org_a, in_org, tmp_path, monkeypatch, module, name, change, message
):
    in_org(org_a)
    modules = [markets_demo, product_demo, payment_demo, course_demo]
    for earlier in modules[: modules.index(module)]:
        earlier.seed(org_a)
    path = broken_copy(module, name, tmp_path, monkeypatch, change)
    with pytest.raises(DemoDataError) as error:
        module.seed(org_a)
    assert str(error.value) == f"{path}: {message}"


def test_a_file_that_is_not_json_names_the_file_and_the_line(tmp_path):
    (tmp_path / "acme.json").write_text('{\n  "locales": ["en-US",]\n}\n')
    with pytest.raises(DemoDataError, match=r"acme\.json: line 2: Expecting value"):
        demo_load(tmp_path, "acme")


def test_an_org_without_a_file_of_its_own_gets_acmes(tmp_path):
    (tmp_path / "acme.json").write_text('{"locales": ["en-US"]}')
    data = demo_load(tmp_path, "alpha")
    assert (data.path.name, data["locales"]) == ("acme.json", ["en-US"])
    with pytest.raises(DemoDataError, match=r"acme\.json: brand: missing"):
        data["brand"]


def test_a_broken_product_reference_stops_the_plans_demo_before_it_writes(
    org_a, in_org, tmp_path, monkeypatch
):
    in_org(org_a)
    markets_demo.seed(org_a)
    product_demo.seed(org_a)
    broken_copy(
        payment_demo, "acme", tmp_path, monkeypatch, lambda data: data["plans"][0].update(product="gone")
    )
    with pytest.raises(DemoDataError, match=r"plans\[gone\]: unknown product 'gone'"):
        payment_demo.seed(org_a)
    assert Plan.objects.count() == 0
    assert set(OrgProduct.objects.values_list("status", flat=True)) == {"draft"}
