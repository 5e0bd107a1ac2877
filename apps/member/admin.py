"""OrgMember is a tenant model: it is managed in each org's /manage/ console, not the platform admin."""
