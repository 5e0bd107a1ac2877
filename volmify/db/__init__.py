"""The project's database backend: django-tenants' PostgreSQL backend, tuned (see ``base``)."""
