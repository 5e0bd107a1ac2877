from apps.product.models import OrgProduct


def test_product_table_exists_in_org_schema(org_a, in_org):
    in_org(org_a)
    assert OrgProduct.objects.count() == 0
