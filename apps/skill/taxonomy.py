"""The starter skill taxonomy every platform begins with, and its idempotent loader.

Each entry is ``(slug, English name, Spanish name, children)``. The loader takes
the model classes so the data migration can pass its historical models.
"""

from __future__ import annotations

from typing import Any

Node = tuple[str, str, str, list[Any]]

STARTER_TAXONOMY: list[Node] = [
    (
        "software-development",
        "Software Development",
        "Desarrollo de software",
        [
            (
                "web-development",
                "Web Development",
                "Desarrollo web",
                [
                    ("django", "Django", "Django", []),
                    ("javascript", "JavaScript", "JavaScript", []),
                    ("html-css", "HTML and CSS", "HTML y CSS", []),
                    ("react", "React", "React", []),
                    ("web-accessibility", "Web Accessibility", "Accesibilidad web", []),
                ],
            ),
            (
                "programming-languages",
                "Programming Languages",
                "Lenguajes de programación",
                [
                    ("python", "Python", "Python", []),
                    ("go", "Go", "Go", []),
                    ("rust", "Rust", "Rust", []),
                    ("typescript", "TypeScript", "TypeScript", []),
                ],
            ),
            (
                "databases",
                "Databases",
                "Bases de datos",
                [
                    ("postgresql", "PostgreSQL", "PostgreSQL", []),
                    ("sql", "SQL", "SQL", []),
                ],
            ),
            (
                "devops",
                "DevOps and Cloud",
                "DevOps y nube",
                [
                    ("docker", "Docker", "Docker", []),
                    ("kubernetes", "Kubernetes", "Kubernetes", []),
                    ("continuous-integration", "Continuous Integration", "Integración continua", []),
                ],
            ),
            ("software-testing", "Software Testing", "Pruebas de software", []),
        ],
    ),
    (
        "data-science",
        "Data Science",
        "Ciencia de datos",
        [
            ("statistics", "Statistics", "Estadística", []),
            (
                "machine-learning",
                "Machine Learning",
                "Aprendizaje automático",
                [
                    ("deep-learning", "Deep Learning", "Aprendizaje profundo", []),
                    (
                        "natural-language-processing",
                        "Natural Language Processing",
                        "Procesamiento del lenguaje natural",
                        [],
                    ),
                ],
            ),
            ("data-visualization", "Data Visualization", "Visualización de datos", []),
            ("data-engineering", "Data Engineering", "Ingeniería de datos", []),
        ],
    ),
    (
        "design",
        "Design",
        "Diseño",
        [
            (
                "ux-design",
                "User Experience Design",
                "Diseño de experiencia de usuario",
                [
                    ("user-research", "User Research", "Investigación de usuarios", []),
                    ("prototyping", "Prototyping", "Prototipado", []),
                ],
            ),
            (
                "graphic-design",
                "Graphic Design",
                "Diseño gráfico",
                [
                    ("typography", "Typography", "Tipografía", []),
                    ("color-theory", "Color Theory", "Teoría del color", []),
                ],
            ),
            ("illustration", "Illustration", "Ilustración", []),
        ],
    ),
    (
        "business",
        "Business",
        "Negocios",
        [
            (
                "marketing",
                "Marketing",
                "Marketing",
                [
                    ("digital-marketing", "Digital Marketing", "Marketing digital", []),
                    ("content-marketing", "Content Marketing", "Marketing de contenidos", []),
                ],
            ),
            (
                "management",
                "Management",
                "Gestión",
                [
                    ("project-management", "Project Management", "Gestión de proyectos", []),
                    ("leadership", "Leadership", "Liderazgo", []),
                ],
            ),
            (
                "finance",
                "Finance",
                "Finanzas",
                [
                    ("accounting", "Accounting", "Contabilidad", []),
                ],
            ),
            ("entrepreneurship", "Entrepreneurship", "Emprendimiento", []),
        ],
    ),
    (
        "languages",
        "Languages",
        "Idiomas",
        [
            ("english", "English", "Inglés", []),
            ("spanish", "Spanish", "Español", []),
            ("arabic", "Arabic", "Árabe", []),
            ("french", "French", "Francés", []),
            ("german", "German", "Alemán", []),
        ],
    ),
    (
        "personal-development",
        "Personal Development",
        "Desarrollo personal",
        [
            ("public-speaking", "Public Speaking", "Hablar en público", []),
            ("productivity", "Productivity", "Productividad", []),
        ],
    ),
]


def taxonomy_load(*, skill_model: Any, translation_model: Any) -> int:
    """Create the starter skills that are missing; existing ones (by slug) are left as staff edited them.

    Returns the number of skills created, so a second run returns 0.
    """
    created_count = 0

    def visit(nodes: list[Node], parent: Any) -> None:
        nonlocal created_count
        for position, (slug, english, spanish, children) in enumerate(nodes):
            skill, created = skill_model.objects.get_or_create(
                slug=slug, defaults={"parent": parent, "sort_order": position}
            )
            if created:
                created_count += 1
                for language_code, name in (("en", english), ("es", spanish)):
                    translation_model.objects.create(master=skill, language_code=language_code, name=name)
            visit(children, skill)

    visit(STARTER_TAXONOMY, None)
    return created_count
