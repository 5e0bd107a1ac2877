def test_storefront_footer_links_to_the_teach_page(host_client, org_a):
    html = host_client(org_a).get("/").content.decode()
    assert 'href="/teach/"' in html and "Teach with us" in html


def test_platform_footer_has_no_org_teach_link(host_client, db):
    assert 'href="/teach/"' not in host_client().get("/").content.decode()
