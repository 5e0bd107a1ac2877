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

# Arabic names by slug (the tree above carries English and Spanish): added to skills that have no
# Arabic name yet, so an Arabic interface never shows the taxonomy in English.
ARABIC_NAMES: dict[str, str] = {
    "software-development": "تطوير البرمجيات",
    "web-development": "تطوير الويب",
    "django": "Django",
    "javascript": "JavaScript",
    "html-css": "HTML وCSS",
    "react": "React",
    "web-accessibility": "إتاحة الويب",
    "programming-languages": "لغات البرمجة",
    "python": "Python",
    "go": "Go",
    "rust": "Rust",
    "typescript": "TypeScript",
    "databases": "قواعد البيانات",
    "postgresql": "PostgreSQL",
    "sql": "SQL",
    "devops": "DevOps والحوسبة السحابية",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    "continuous-integration": "التكامل المستمر",
    "software-testing": "اختبار البرمجيات",
    "data-science": "علم البيانات",
    "statistics": "الإحصاء",
    "machine-learning": "تعلّم الآلة",
    "deep-learning": "التعلّم العميق",
    "natural-language-processing": "معالجة اللغات الطبيعية",
    "data-visualization": "تصوير البيانات",
    "data-engineering": "هندسة البيانات",
    "design": "التصميم",
    "ux-design": "تصميم تجربة المستخدم",
    "user-research": "أبحاث المستخدمين",
    "prototyping": "النمذجة الأولية",
    "graphic-design": "التصميم الجرافيكي",
    "typography": "فن الطباعة",
    "color-theory": "نظرية الألوان",
    "illustration": "الرسم التوضيحي",
    "business": "الأعمال",
    "marketing": "التسويق",
    "digital-marketing": "التسويق الرقمي",
    "content-marketing": "تسويق المحتوى",
    "management": "الإدارة",
    "project-management": "إدارة المشاريع",
    "leadership": "القيادة",
    "finance": "المالية",
    "accounting": "المحاسبة",
    "entrepreneurship": "ريادة الأعمال",
    "languages": "اللغات",
    "english": "الإنجليزية",
    "spanish": "الإسبانية",
    "arabic": "العربية",
    "french": "الفرنسية",
    "german": "الألمانية",
    "personal-development": "التطوير الشخصي",
    "public-speaking": "الخطابة",
    "productivity": "الإنتاجية",
}


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
    taxonomy_arabic_add(skill_model=skill_model, translation_model=translation_model)
    return created_count


def taxonomy_arabic_add(*, skill_model: Any, translation_model: Any) -> int:
    """Give the starter skills without an Arabic name theirs (a name staff wrote is kept); returns how
    many were added."""
    have_arabic = translation_model.objects.filter(language_code="ar").values_list("master_id", flat=True)
    missing = skill_model.objects.filter(slug__in=ARABIC_NAMES).exclude(pk__in=have_arabic)
    rows = [
        translation_model(master=skill, language_code="ar", name=ARABIC_NAMES[skill.slug])
        for skill in missing
    ]
    translation_model.objects.bulk_create(rows)
    return len(rows)
