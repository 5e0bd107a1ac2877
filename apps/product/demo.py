# ruff: noqa: RUF001 -- the translated prose uses typographic dashes ("Module 1-2", German dashes)
"""Demo catalogs: acme sells software training, globex business and language training.

Each org gets six products of all four types, written and translated into every locale it authors in,
with variants, skills and two collections (Featured and one by topic); plans and prices are made by
``apps/payment/demo.py``. The course products "django-for-teams" and "practical-sql" keep these slugs
in both orgs: ``apps/course/demo.py`` fills them with modules and lessons.

Idempotent: a product is found by its en-US slug (or the slug an earlier demo gave it) and brought up to
date in place; a second run writes nothing.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from apps.locale_region.demo import market_key
from apps.locale_region.models import OrgBrand, OrgLocale
from apps.product.models import OrgProduct, OrgProductCollection, OrgProductVariant, OrgTaxCategory
from apps.product.sanitize import sanitize_html
from apps.product.services import (
    collection_create,
    collection_products_set,
    collection_translation_save,
    collection_update,
    product_create,
    product_publish,
    product_skill_set,
    product_translation_save,
    product_update,
    product_variant_create,
    product_variant_translation_save,
    product_variant_update,
)
from apps.product.services import tax_category_create as _tax_category_create
from apps.skill.models import Skill


class Text(NamedTuple):
    title: str
    slug: str
    summary: str
    description: str
    seo_title: str
    seo_description: str


class ProductSpec(NamedTuple):
    slug: str  # the en-US slug: the product's identity across runs
    product_type: str
    texts: dict[str, Text]  # by locale key
    variants: list[str]  # English names, translated through VARIANT_NAMES
    skills: dict[str, int]
    extension: dict[str, Any] = {}
    tax: str = "e-services"
    legacy_slugs: tuple[str, ...] = ()  # en-US slugs of the earlier demo, updated in place


class CollectionSpec(NamedTuple):
    kind: str
    texts: dict[str, tuple[str, str, str]]  # locale -> title, slug, description
    products: list[str]


TAX_CATEGORIES = {"e-services": "Electronically supplied services", "books": "Printed books (reduced rate)"}

# Variant names in es-MX, de-DE and ar-AE.
VARIANT_NAMES: dict[str, tuple[str, str, str]] = {
    "Self-paced": ("A tu ritmo", "Selbststudium", "بالسرعة التي تناسبك"),
    "With mentoring": ("Con mentoría", "Mit Mentoring", "مع إرشاد شخصي"),
    "Personal license": ("Licencia personal", "Einzellizenz", "ترخيص فردي"),
    "Team license (up to 10 people)": (
        "Licencia de equipo (hasta 10 personas)",
        "Teamlizenz (bis zu 10 Personen)",
        "ترخيص فريق (حتى 10 أشخاص)",
    ),
    "Digital download": ("Descarga digital", "Digitaler Download", "تنزيل رقمي"),
    "Paperback, 2nd edition": (
        "Tapa blanda, 2.ª edición",
        "Taschenbuch, 2. Auflage",
        "غلاف ورقي، الطبعة الثانية",
    ),
    "Single session": ("Sesión individual", "Einzelsitzung", "جلسة واحدة"),
    "Team retainer": ("Contrato mensual para equipos", "Team-Retainer", "اشتراك للفرق"),
    "With a personal tutor": ("Con tutor personal", "Mit persönlichem Tutor", "مع مدرّس خاص"),
    "Paperback": ("Tapa blanda", "Taschenbuch", "غلاف ورقي"),
    "Single lessons": ("Clases sueltas", "Einzelstunden", "دروس منفردة"),
    "Monthly plan": ("Plan mensual", "Monatsplan", "خطة شهرية"),
}
LOCALE_COLUMNS = {"es-MX": 0, "de-DE": 1, "ar-AE": 2}


def translated(table: dict[str, tuple[str, str, str]], english: str, locale: str) -> str:
    """``english`` in ``locale`` from a table of (es-MX, de-DE, ar-AE) translations."""
    return english if locale == "en-US" else table[english][LOCALE_COLUMNS[locale]]


DJANGO_FOR_TEAMS = {
    "en-US": Text(
        "Django for Teams",
        "django-for-teams",
        "Structure, test and review a Django codebase that five developers can change safely every day.",
        "<p>Most Django tutorials stop at a single developer and a single app. <strong>Django for "
        "Teams</strong> "
        "starts where real projects get hard: several people changing the same codebase, a growing schema "
        "and "
        "a test suite that has to stay fast.</p>"
        "<p>You will lay out a project the way experienced Django teams do, move business rules into "
        "services "
        "and selectors, pin query counts and build a pytest suite with factories that runs in under a "
        "minute. "
        "Every module ends with a hands-on assignment reviewed against a checklist used by production "
        "teams.</p>"
        "<p>Premium adds the testing module; VIP adds the module on code review and ownership, and a "
        "capstone "
        "project.</p>",
        "Django for Teams – services, selectors and testing",
        "An online course for Django developers who work in teams: project layout, services and selectors, "
        "fast pytest suites and code review.",
    ),
    "es-MX": Text(
        "Django para equipos",
        "django-para-equipos",
        "Estructura, prueba y revisa un proyecto Django que cinco personas pueden cambiar con seguridad cada "
        "día.",
        "<p>La mayoría de los tutoriales de Django terminan con una sola persona y una sola app. "
        "<strong>Django "
        "para equipos</strong> empieza donde los proyectos reales se complican: varias personas cambiando el "
        "mismo código, un esquema que crece y una batería de pruebas que debe seguir siendo rápida.</p>"
        "<p>Organizarás el proyecto como lo hacen los equipos profesionales de Django, llevarás las reglas "
        "de "
        "negocio a servicios y selectores, fijarás el número de consultas y construirás con pytest y "
        "factories "
        "una suite que corre en menos de un minuto. Cada módulo termina con una tarea práctica revisada con "
        "la "
        "misma lista de control que usan los equipos en producción.</p>"
        "<p>Premium añade el módulo de pruebas; VIP añade el módulo sobre revisión de código y "
        "responsabilidad "
        "compartida, además de un proyecto final.</p>",
        "Django para equipos: servicios, selectores y pruebas",
        "Curso en línea para equipos Django: estructura del proyecto, servicios y selectores, pruebas "
        "rápidas "
        "con pytest y revisión de código.",
    ),
    "de-DE": Text(
        "Django für Teams",
        "django-fuer-teams",
        "Eine Django-Codebasis so strukturieren, testen und reviewen, dass fünf Entwickler sie täglich "
        "sicher "
        "ändern können.",
        "<p>Die meisten Django-Tutorials enden bei einer Person und einer App. <strong>Django für "
        "Teams</strong> "
        "beginnt dort, wo echte Projekte schwierig werden: Mehrere Menschen ändern denselben Code, das "
        "Schema "
        "wächst, und die Testsuite muss trotzdem schnell bleiben.</p>"
        "<p>Sie strukturieren ein Projekt wie erfahrene Django-Teams, verlagern Geschäftsregeln in Services "
        "und "
        "Selectors, begrenzen die Zahl der Datenbankabfragen und bauen mit pytest und Factories eine "
        "Testsuite, "
        "die in unter einer Minute läuft. Jedes Modul endet mit einer praktischen Aufgabe, die anhand einer "
        "Checkliste aus Produktionsteams bewertet wird.</p>"
        "<p>Premium enthält zusätzlich das Testing-Modul; VIP ergänzt das Modul zu Code-Reviews und "
        "Verantwortung im Team sowie ein Abschlussprojekt.</p>",
        "Django für Teams – Services, Selectors und Tests",
        "Online-Kurs für Django-Entwickler im Team: Projektstruktur, Services und Selectors, schnelle "
        "pytest-Suites und wirksame Code-Reviews.",
    ),
    "ar-AE": Text(
        "Django للفرق",
        "django-للفرق",
        "نظّم مشروع Django واختبره وراجعه بحيث يستطيع خمسة مطورين تعديله بأمان كل يوم.",
        "<p>تتوقف معظم دروس Django عند مطوّر واحد وتطبيق واحد. أما <strong>Django للفرق</strong> فتبدأ حيث "
        "تصبح المشاريع الحقيقية صعبة: عدة أشخاص يعدّلون الشيفرة نفسها، ومخطط بيانات يكبر، ومجموعة اختبارات "
        "يجب أن تبقى سريعة.</p>"
        "<p>ستنظّم المشروع كما تفعل فرق Django المحترفة، وتنقل قواعد العمل إلى الخدمات والمحدِّدات، وتضبط "
        "عدد الاستعلامات، وتبني باستخدام pytest والمصانع مجموعة اختبارات تعمل في أقل من دقيقة. تنتهي كل "
        "وحدة بمهمة عملية تُراجَع وفق قائمة تحقق تستخدمها فرق الإنتاج.</p>"
        "<p>تضيف الباقة المميزة وحدة الاختبارات، وتضيف باقة VIP وحدة مراجعة الشيفرة وتوزيع المسؤوليات في "
        "الفريق، إلى جانب مشروع تخرّج.</p>",
        "Django للفرق: الخدمات والمحدِّدات والاختبارات",
        "دورة عبر الإنترنت لمطوري Django العاملين في فرق: هيكلة المشروع، والخدمات والمحدِّدات، واختبارات "
        "pytest السريعة، ومراجعة الشيفرة.",
    ),
}

ACME: list[ProductSpec] = [
    ProductSpec(
        "django-for-teams",
        "course",
        DJANGO_FOR_TEAMS,
        ["Self-paced", "With mentoring"],
        {"django": 80, "python": 60, "software-testing": 40},
    ),
    ProductSpec(
        "practical-sql",
        "course",
        {
            "en-US": Text(
                "Practical SQL",
                "practical-sql",
                "Go from your first SELECT to window functions and query plans on a real PostgreSQL "
                "database.",
                "<p>SQL is the one language every developer, analyst and product manager ends up needing. "
                "<strong>Practical SQL</strong> teaches it on a realistic PostgreSQL database of orders, "
                "customers "
                "and products, so every query you write answers a question someone would actually ask.</p>"
                "<p>You start with filtering and sorting, practise joins and aggregates until they feel "
                "obvious, "
                "then read query plans and add the right index to make a slow report fast. VIP learners "
                "finish "
                "with window functions and recursive queries, the tools that replace pages of application "
                "code.</p>",
                "Practical SQL – learn SQL on a real PostgreSQL database",
                "A hands-on SQL course for beginners: SELECT, joins, GROUP BY, indexes, EXPLAIN ANALYZE and "
                "window functions on PostgreSQL.",
            ),
            "es-MX": Text(
                "SQL práctico",
                "sql-practico",
                "Del primer SELECT a las funciones de ventana y los planes de consulta, sobre una base de "
                "datos "
                "PostgreSQL real.",
                "<p>SQL es el lenguaje que tarde o temprano necesita toda persona que desarrolla, analiza "
                "datos o "
                "gestiona productos. <strong>SQL práctico</strong> lo enseña sobre una base de datos "
                "PostgreSQL "
                "realista de pedidos, clientes y productos, para que cada consulta responda una pregunta que "
                "alguien haría de verdad.</p>"
                "<p>Empiezas filtrando y ordenando, practicas joins y agregaciones hasta que resulten "
                "naturales, y "
                "después lees planes de consulta y añades el índice adecuado para acelerar un informe lento. "
                "Quienes eligen VIP terminan con funciones de ventana y consultas recursivas, herramientas "
                "que "
                "sustituyen páginas enteras de código.</p>",
                "SQL práctico: aprende SQL con PostgreSQL real",
                "Curso práctico de SQL para principiantes: SELECT, joins, GROUP BY, índices, EXPLAIN ANALYZE "
                "y "
                "funciones de ventana en PostgreSQL.",
            ),
            "de-DE": Text(
                "Praktisches SQL",
                "praktisches-sql",
                "Vom ersten SELECT bis zu Fensterfunktionen und Abfrageplänen – an einer echten "
                "PostgreSQL-Datenbank.",
                "<p>SQL ist die Sprache, die früher oder später alle brauchen, die entwickeln, Daten "
                "analysieren "
                "oder Produkte verantworten. <strong>Praktisches SQL</strong> vermittelt sie an einer "
                "realistischen "
                "PostgreSQL-Datenbank mit Bestellungen, Kunden und Produkten – jede Abfrage beantwortet eine "
                "Frage, "
                "die im Alltag wirklich gestellt wird.</p>"
                "<p>Sie beginnen mit Filtern und Sortieren, üben Joins und Aggregationen, bis sie "
                "selbstverständlich "
                "sind, lesen dann Abfragepläne und setzen den richtigen Index, um einen langsamen Bericht zu "
                "beschleunigen. VIP-Teilnehmende schließen mit Fensterfunktionen und rekursiven Abfragen "
                "ab.</p>",
                "Praktisches SQL – SQL lernen mit echter PostgreSQL-Datenbank",
                "Praxisnaher SQL-Kurs für Einsteiger: SELECT, Joins, GROUP BY, Indizes, EXPLAIN ANALYZE und "
                "Fensterfunktionen in PostgreSQL.",
            ),
        },
        ["Self-paced"],
        {"sql": 90, "postgresql": 60, "data-engineering": 20},
    ),
    ProductSpec(
        "design-system-kit",
        "digital",
        {
            "en-US": Text(
                "Design System Starter Kit",
                "design-system-kit",
                "A Figma library, design tokens and accessible React components to start a product's design "
                "system in a week.",
                "<p>Building a design system from scratch takes months. The <strong>Design System Starter "
                "Kit</strong> gives your team a working foundation on day one: a Figma library of more than "
                "60 "
                "components, design tokens for color, type and spacing, and matching React components that "
                "pass "
                "WCAG 2.2 AA checks.</p>"
                "<p>Tokens are exported as JSON and CSS custom properties, so designers and developers "
                "change a "
                "color in one place. Every component ships with Storybook stories and usage notes, and the "
                "kit is "
                "versioned, so updates arrive with a changelog rather than as a surprise.</p>",
                "Design System Starter Kit – Figma, tokens and React",
                "A Figma component library, design tokens and accessible React components with Storybook: "
                "start "
                "your product's design system in a week.",
            ),
            "es-MX": Text(
                "Kit inicial de sistema de diseño",
                "kit-sistema-de-diseno",
                "Una biblioteca de Figma, tokens de diseño y componentes React accesibles para arrancar el "
                "sistema "
                "de diseño de tu producto en una semana.",
                "<p>Construir un sistema de diseño desde cero lleva meses. El <strong>Kit inicial de sistema "
                "de "
                "diseño</strong> le da a tu equipo una base funcional desde el primer día: una biblioteca de "
                "Figma "
                "con más de 60 componentes, tokens de diseño para color, tipografía y espaciado, y "
                "componentes "
                "React equivalentes que cumplen WCAG 2.2 AA.</p>"
                "<p>Los tokens se exportan como JSON y como propiedades personalizadas de CSS, así diseño y "
                "desarrollo cambian un color en un solo lugar. Cada componente incluye historias de "
                "Storybook y "
                "notas de uso, y el kit tiene versiones, de modo que las actualizaciones llegan con un "
                "registro de "
                "cambios y no por sorpresa.</p>",
                "Kit de sistema de diseño: Figma, tokens y React",
                "Biblioteca de componentes de Figma, tokens de diseño y componentes React accesibles con "
                "Storybook para lanzar tu sistema de diseño en una semana.",
            ),
            "de-DE": Text(
                "Design-System-Starterkit",
                "design-system-starterkit",
                "Eine Figma-Bibliothek, Design-Tokens und barrierefreie React-Komponenten, um das "
                "Design-System "
                "eines Produkts in einer Woche aufzusetzen.",
                "<p>Ein Design-System von Grund auf zu bauen, dauert Monate. Das <strong>Design-System-"
                "Starterkit</strong> gibt Ihrem Team vom ersten Tag an ein tragfähiges Fundament: eine "
                "Figma-Bibliothek mit über 60 Komponenten, Design-Tokens für Farben, Typografie und Abstände "
                "sowie "
                "passende React-Komponenten, die WCAG 2.2 AA erfüllen.</p>"
                "<p>Die Tokens werden als JSON und als CSS-Custom-Properties exportiert, sodass Design und "
                "Entwicklung eine Farbe an einer einzigen Stelle ändern. Jede Komponente hat "
                "Storybook-Stories und "
                "Nutzungshinweise, und das Kit ist versioniert: Updates kommen mit Changelog statt als "
                "Überraschung.</p>",
                "Design-System-Starterkit – Figma, Tokens und React",
                "Figma-Komponentenbibliothek, Design-Tokens und barrierefreie React-Komponenten mit "
                "Storybook: "
                "Ihr Design-System in einer Woche.",
            ),
        },
        ["Personal license", "Team license (up to 10 people)"],
        {"react": 60, "html-css": 50, "web-accessibility": 40, "typography": 20},
        {"file_name": "design-system-starter-kit.zip", "download_limit": 5},
    ),
    ProductSpec(
        "python-interview-prep",
        "digital",
        {
            "en-US": Text(
                "Python Interview Prep Pack",
                "python-interview-prep",
                "150 real interview problems with tested solutions, explained the way a senior interviewer "
                "would "
                "grade them.",
                "<p>Technical interviews reward practice, not talent. The <strong>Python Interview Prep "
                "Pack</strong> collects 150 problems asked at product companies, from string handling and "
                "hash "
                "maps to graph search and system-design warm-ups, each with a tested solution and the "
                "follow-up "
                "questions interviewers like to ask.</p>"
                "<p>Every problem comes with a difficulty rating, a time target and notes on what separates "
                "a "
                "passing answer from a strong one. Premium adds video walkthroughs; VIP adds a monthly live "
                "mock "
                "interview with written feedback.</p>",
                "Python Interview Prep Pack – 150 problems with solutions",
                "Prepare for Python coding interviews with 150 real problems, tested solutions, video "
                "walkthroughs and live mock interviews.",
            ),
            "es-MX": Text(
                "Pack de preparación para entrevistas de Python",
                "preparacion-entrevistas-python",
                "150 problemas reales de entrevista con soluciones probadas, explicadas como las evaluaría "
                "un "
                "entrevistador sénior.",
                "<p>Las entrevistas técnicas premian la práctica, no el talento. El <strong>Pack de "
                "preparación "
                "para entrevistas de Python</strong> reúne 150 problemas planteados en empresas de producto, "
                "desde "
                "cadenas y tablas hash hasta búsqueda en grafos y ejercicios introductorios de diseño de "
                "sistemas, "
                "cada uno con una solución probada y las preguntas de seguimiento que suelen hacer los "
                "entrevistadores.</p>"
                "<p>Cada problema indica su dificultad, un tiempo objetivo y notas sobre qué distingue una "
                "respuesta aprobada de una sobresaliente. Premium añade vídeos con la resolución paso a "
                "paso; VIP "
                "añade una entrevista simulada en vivo cada mes con comentarios por escrito.</p>",
                "Entrevistas de Python: 150 problemas resueltos",
                "Prepárate para entrevistas de programación en Python con 150 problemas reales, soluciones "
                "probadas, vídeos y entrevistas simuladas en vivo.",
            ),
            "de-DE": Text(
                "Python-Interview-Vorbereitungspaket",
                "python-interview-vorbereitung",
                "150 echte Interviewaufgaben mit getesteten Lösungen – erklärt so, wie ein erfahrener "
                "Interviewer "
                "sie bewerten würde.",
                "<p>Technische Interviews belohnen Übung, nicht Talent. Das <strong>Python-Interview-"
                "Vorbereitungspaket</strong> enthält 150 Aufgaben, die bei Produktunternehmen gestellt "
                "wurden – "
                "von Strings und Hash-Maps bis zu Graphensuche und ersten Systemdesign-Fragen, jeweils mit "
                "getesteter Lösung und den Nachfragen, die Interviewer gern stellen.</p>"
                "<p>Zu jeder Aufgabe gibt es eine Schwierigkeitsstufe, eine Zielzeit und Hinweise, was eine "
                "ausreichende von einer starken Antwort unterscheidet. Premium ergänzt Video-Erklärungen; "
                "VIP "
                "ergänzt ein monatliches Live-Probeinterview mit schriftlichem Feedback.</p>",
                "Python-Interview-Vorbereitung – 150 Aufgaben mit Lösungen",
                "Bereiten Sie sich mit 150 echten Aufgaben, getesteten Lösungen, Video-Erklärungen und "
                "Live-Probeinterviews auf Python-Coding-Interviews vor.",
            ),
        },
        ["Digital download"],
        {"python": 80, "software-testing": 20},
        {"file_name": "python-interview-prep.zip", "download_limit": 5},
    ),
    ProductSpec(
        "python-field-guide",
        "physical",
        {
            "en-US": Text(
                "The Python Field Guide (Print Edition)",
                "python-field-guide",
                "A 320-page paperback reference for working Python developers, from idioms and typing to "
                "packaging and profiling.",
                "<p><strong>The Python Field Guide</strong> is the book our instructors keep next to the "
                "keyboard. "
                "In 320 pages it covers the parts of Python you use every day and the parts you look up "
                "every "
                "month: idioms, data classes, type hints, iterators and generators, packaging with "
                "pyproject.toml, "
                "logging, and profiling a slow function.</p>"
                "<p>Each chapter ends with a one-page cheat sheet, and the lay-flat binding stays open on "
                "your "
                "desk. The second edition is updated for Python 3.12 and ships worldwide within five working "
                "days.</p>",
                "The Python Field Guide – 320-page print reference",
                "A lay-flat paperback reference for Python developers: idioms, typing, generators, packaging "
                "and "
                "profiling, updated for Python 3.12.",
            ),
            "es-MX": Text(
                "Guía de campo de Python (edición impresa)",
                "guia-de-campo-python",
                "Una referencia impresa de 320 páginas para desarrolladores de Python: de los modismos y el "
                "tipado "
                "al empaquetado y la medición del rendimiento.",
                "<p>La <strong>Guía de campo de Python</strong> es el libro que nuestros instructores tienen "
                "junto "
                "al teclado. En 320 páginas cubre lo que usas a diario y lo que consultas cada mes: "
                "modismos, data "
                "classes, anotaciones de tipos, iteradores y generadores, empaquetado con pyproject.toml, "
                "logging "
                "y cómo perfilar una función lenta.</p>"
                "<p>Cada capítulo termina con una chuleta de una página, y la encuadernación se mantiene "
                "abierta "
                "sobre el escritorio. La segunda edición está actualizada para Python 3.12 y se envía a todo "
                "el "
                "mundo en un plazo de cinco días hábiles.</p>",
                "Guía de campo de Python: referencia impresa de 320 páginas",
                "Referencia impresa para desarrolladores de Python: modismos, tipado, generadores, "
                "empaquetado y "
                "rendimiento, actualizada para Python 3.12.",
            ),
            "de-DE": Text(
                "Python-Praxishandbuch (Druckausgabe)",
                "python-praxishandbuch",
                "Ein 320-seitiges Nachschlagewerk für Python-Entwickler – von Idiomen und Typisierung bis zu "
                "Packaging und Profiling.",
                "<p>Das <strong>Python-Praxishandbuch</strong> ist das Buch, das unsere Trainer neben der "
                "Tastatur "
                "liegen haben. Auf 320 Seiten behandelt es, was Sie täglich nutzen, und das, was Sie einmal "
                "im "
                "Monat nachschlagen: Idiome, Dataclasses, Type Hints, Iteratoren und Generatoren, Packaging "
                "mit "
                "pyproject.toml, Logging und das Profiling langsamer Funktionen.</p>"
                "<p>Jedes Kapitel endet mit einem einseitigen Spickzettel, und die Lay-flat-Bindung bleibt "
                "auf dem "
                "Schreibtisch aufgeschlagen. Die zweite Auflage ist auf Python 3.12 aktualisiert und wird "
                "weltweit "
                "innerhalb von fünf Werktagen versendet.</p>",
                "Python-Praxishandbuch – 320 Seiten Nachschlagewerk",
                "Gedrucktes Nachschlagewerk für Python-Entwickler: Idiome, Typisierung, Generatoren, "
                "Packaging und "
                "Profiling, aktualisiert für Python 3.12.",
            ),
        },
        ["Paperback, 2nd edition"],
        {"python": 70},
        {"sku": "ACME-PFG-2E", "weight_grams": 520, "stock_count": 240},
        tax="books",
        legacy_slugs=("printed-field-guide",),
    ),
    ProductSpec(
        "code-review-session",
        "service",
        {
            "en-US": Text(
                "1:1 Code Review with a Senior Engineer",
                "code-review-session",
                "A 60-minute video review of your pull request or project with an engineer who has run "
                "Python "
                "in production at scale.",
                "<p>Send us a pull request, a repository or a design document, and a senior engineer from "
                "our "
                "faculty reads it before you meet. In a <strong>60-minute video call</strong> you walk "
                "through it "
                "together: structure, naming, tests, query counts, security and the trade-offs behind each "
                "suggestion.</p>"
                "<p>You keep the recording, and Premium and VIP sessions include a written report you can "
                "share "
                "with your team. Teams on the retainer book sessions as they need them, and the same "
                "reviewer "
                "learns their codebase over time.</p>",
                "1:1 Code Review with a Senior Python Engineer",
                "Book a 60-minute review of your pull request or project with a senior engineer: structure, "
                "tests, "
                "performance and security, with a written report.",
            ),
            "es-MX": Text(
                "Revisión de código 1:1 con un ingeniero sénior",
                "revision-de-codigo",
                "Una revisión por videollamada de 60 minutos de tu pull request o proyecto con un ingeniero "
                "que ha "
                "operado Python en producción a gran escala.",
                "<p>Envíanos un pull request, un repositorio o un documento de diseño, y una persona sénior "
                "de "
                "nuestro equipo docente lo leerá antes de la reunión. En una <strong>videollamada de 60 "
                "minutos</strong> lo recorren juntos: estructura, nombres, pruebas, número de consultas, "
                "seguridad "
                "y las razones detrás de cada sugerencia.</p>"
                "<p>Te quedas con la grabación, y las sesiones Premium y VIP incluyen un informe escrito "
                "para "
                "compartir con tu equipo. Los equipos con contrato mensual reservan sesiones cuando las "
                "necesitan, "
                "y la misma persona revisora va conociendo su código.</p>",
                "Revisión de código 1:1 con un ingeniero Python sénior",
                "Reserva una revisión de 60 minutos de tu pull request o proyecto con un ingeniero sénior: "
                "estructura, pruebas, rendimiento y seguridad, con informe escrito.",
            ),
            "de-DE": Text(
                "1:1-Code-Review mit einem Senior Engineer",
                "code-review-sitzung",
                "Ein 60-minütiges Video-Review Ihres Pull Requests oder Projekts mit einem Engineer, der "
                "Python "
                "im großen Maßstab betrieben hat.",
                "<p>Schicken Sie uns einen Pull Request, ein Repository oder ein Designdokument – ein Senior "
                "Engineer aus unserem Trainerteam liest es vor dem Termin. In einem <strong>60-minütigen "
                "Videocall</strong> gehen Sie es gemeinsam durch: Struktur, Benennung, Tests, Anzahl der "
                "Abfragen, "
                "Sicherheit und die Abwägungen hinter jedem Vorschlag.</p>"
                "<p>Sie behalten die Aufzeichnung, und Premium- und VIP-Sitzungen enthalten einen "
                "schriftlichen "
                "Bericht für Ihr Team. Teams mit Retainer buchen Sitzungen nach Bedarf, und derselbe "
                "Reviewer "
                "lernt ihre Codebasis mit der Zeit kennen.</p>",
                "1:1-Code-Review mit einem Senior Python Engineer",
                "Buchen Sie ein 60-minütiges Review Ihres Pull Requests mit einem Senior Engineer: Struktur, "
                "Tests, Performance, Sicherheit und schriftlicher Bericht.",
            ),
        },
        ["Single session", "Team retainer"],
        {"python": 50, "django": 40, "software-testing": 40},
        {"duration_minutes": 60, "delivery_mode": "online"},
    ),
]

GLOBEX: list[ProductSpec] = [
    ProductSpec(
        "business-english",
        "course",
        {
            "en-US": Text(
                "Business English for Professionals",
                "business-english",
                "Run meetings, write clear emails and present with confidence in English, at B1 level and "
                "above.",
                "<p>You already speak English; now it has to work in a meeting room. <strong>Business "
                "English for "
                "Professionals</strong> trains the situations that decide careers: chairing a meeting, "
                "disagreeing "
                "politely, writing an email that gets an answer, presenting numbers and handling "
                "questions.</p>"
                "<p>Each of the eight units combines short video scenes from real workplaces, vocabulary you "
                "can "
                "use the same day and speaking tasks you record and compare with a model answer. The course "
                "is "
                "designed for learners at B1 level and above and prepares you for the Cambridge Business "
                "English "
                "Certificate (BEC) Vantage.</p>"
                "<p>With a personal tutor you practise every unit in a one-to-one video lesson and get "
                "feedback on "
                "pronunciation and tone.</p>",
                "Business English for Professionals – online course (B1+)",
                "Online Business English course for professionals at B1 level and above: meetings, emails, "
                "presentations and negotiations, with an optional personal tutor.",
            ),
            "es-MX": Text(
                "Inglés de negocios para profesionales",
                "ingles-de-negocios",
                "Dirige reuniones, escribe correos claros y presenta con seguridad en inglés, desde el nivel "
                "B1.",
                "<p>Ya hablas inglés; ahora tiene que funcionar en una sala de reuniones. <strong>Inglés de "
                "negocios para profesionales</strong> entrena las situaciones que deciden una carrera: "
                "moderar una "
                "reunión, discrepar con cortesía, escribir un correo que obtenga respuesta, presentar cifras "
                "y "
                "responder preguntas.</p>"
                "<p>Cada una de las ocho unidades combina escenas breves en vídeo de entornos laborales "
                "reales, "
                "vocabulario que puedes usar el mismo día y tareas orales que grabas y comparas con una "
                "respuesta "
                "modelo. El curso está pensado para estudiantes de nivel B1 o superior y prepara para el "
                "Cambridge "
                "Business English Certificate (BEC) Vantage.</p>"
                "<p>Con un tutor personal practicas cada unidad en una clase individual por vídeo y recibes "
                "comentarios sobre pronunciación y tono.</p>",
                "Inglés de negocios para profesionales: curso en línea (B1+)",
                "Curso en línea de inglés de negocios desde el nivel B1: reuniones, correos, presentaciones "
                "y "
                "negociaciones, con tutor personal opcional.",
            ),
            "de-DE": Text(
                "Business English für Berufstätige",
                "business-english-fuer-berufstaetige",
                "Meetings leiten, klare E-Mails schreiben und souverän präsentieren – auf Englisch, ab "
                "Niveau B1.",
                "<p>Englisch sprechen Sie bereits – jetzt muss es im Besprechungsraum funktionieren. "
                "<strong>Business English für Berufstätige</strong> trainiert die Situationen, die über "
                "Karrieren "
                "entscheiden: ein Meeting leiten, höflich widersprechen, eine E-Mail schreiben, die "
                "beantwortet "
                "wird, Zahlen präsentieren und auf Fragen reagieren.</p>"
                "<p>Jede der acht Einheiten verbindet kurze Videoszenen aus echten Arbeitsumgebungen, "
                "Wortschatz, "
                "den Sie noch am selben Tag einsetzen, und Sprechaufgaben, die Sie aufnehmen und mit einer "
                "Musterantwort vergleichen. Der Kurs richtet sich an Lernende ab Niveau B1 und bereitet auf "
                "das "
                "Cambridge Business English Certificate (BEC) Vantage vor.</p>"
                "<p>Mit persönlichem Tutor üben Sie jede Einheit in einer Einzelstunde per Video und "
                "erhalten "
                "Feedback zu Aussprache und Ton.</p>",
                "Business English für Berufstätige – Online-Kurs (ab B1)",
                "Online-Kurs Business English ab Niveau B1: Meetings, E-Mails, Präsentationen und "
                "Verhandlungen, "
                "optional mit persönlichem Tutor.",
            ),
            "ar-AE": Text(
                "الإنجليزية للأعمال للمهنيين",
                "الإنجليزية-للأعمال",
                "أدِر الاجتماعات واكتب رسائل بريد إلكتروني واضحة وقدّم عروضك بثقة باللغة الإنجليزية، من "
                "المستوى "
                "B1 فما فوق.",
                "<p>أنت تتحدث الإنجليزية بالفعل؛ والآن يجب أن تنجح بها في قاعة الاجتماعات. تدرّبك دورة "
                "<strong>الإنجليزية للأعمال للمهنيين</strong> على المواقف التي تصنع المسيرة المهنية: إدارة "
                "اجتماع، والاعتراض بلباقة، وكتابة رسالة تحصل على رد، وعرض الأرقام، والإجابة عن الأسئلة.</p>"
                "<p>تجمع كل وحدة من الوحدات الثماني بين مشاهد فيديو قصيرة من بيئات عمل حقيقية، ومفردات يمكنك "
                "استخدامها في اليوم نفسه، ومهام تحدّث تسجّلها وتقارنها بإجابة نموذجية. صُممت الدورة "
                "للمتعلمين من "
                "المستوى B1 فما فوق، وتُعدّك لشهادة كامبريدج للغة الإنجليزية للأعمال (BEC) بمستوى "
                "Vantage.</p>"
                "<p>مع مدرّس خاص تتدرّب على كل وحدة في درس فردي عبر الفيديو، وتحصل على ملاحظات حول النطق "
                "والنبرة.</p>",
                "الإنجليزية للأعمال للمهنيين – دورة عبر الإنترنت (B1+)",
                "دورة إنجليزية للأعمال عبر الإنترنت من المستوى B1: الاجتماعات والبريد الإلكتروني والعروض "
                "التقديمية والتفاوض، مع مدرّس خاص اختياري.",
            ),
        },
        ["Self-paced", "With a personal tutor"],
        {"english": 90, "public-speaking": 30},
    ),
    ProductSpec(
        "practical-sql",
        "course",
        {
            "en-US": Text(
                "Practical SQL for Business Analysts",
                "practical-sql",
                "Answer your own business questions from the company database instead of waiting for the "
                "data "
                "team.",
                "<p>Every report you wait for is a question someone else has to translate into SQL. "
                "<strong>Practical SQL for Business Analysts</strong> teaches you to ask the database "
                "yourself: "
                "revenue by month, customers who stopped buying, the best-selling products in each "
                "region.</p>"
                "<p>You work on a realistic sales database in PostgreSQL, the kind finance and operations "
                "teams "
                "use every day. You learn filtering, joins and GROUP BY first, then how to make a slow "
                "report "
                "fast, and VIP learners finish with window functions for rankings and running totals.</p>",
                "Practical SQL for Business Analysts – online course",
                "Learn SQL for business reporting on a realistic sales database: joins, GROUP BY, faster "
                "reports "
                "and window functions for rankings.",
            ),
            "es-MX": Text(
                "SQL práctico para analistas de negocio",
                "sql-para-analistas",
                "Responde tus propias preguntas de negocio desde la base de datos de la empresa, sin esperar "
                "al "
                "equipo de datos.",
                "<p>Cada informe que esperas es una pregunta que otra persona tiene que traducir a SQL. "
                "<strong>SQL práctico para analistas de negocio</strong> te enseña a preguntarle tú mismo a "
                "la "
                "base de datos: ingresos por mes, clientes que dejaron de comprar, los productos más "
                "vendidos en "
                "cada región.</p>"
                "<p>Trabajas con una base de datos de ventas realista en PostgreSQL, como la que usan a "
                "diario los "
                "equipos de finanzas y operaciones. Primero aprendes filtros, joins y GROUP BY; después, "
                "cómo "
                "acelerar un informe lento; y con VIP terminas con funciones de ventana para rankings y "
                "totales "
                "acumulados.</p>",
                "SQL práctico para analistas de negocio: curso en línea",
                "Aprende SQL para informes de negocio con una base de datos de ventas realista: joins, GROUP "
                "BY, "
                "informes más rápidos y funciones de ventana.",
            ),
            "de-DE": Text(
                "Praktisches SQL für Business-Analysten",
                "sql-fuer-business-analysten",
                "Beantworten Sie Ihre Geschäftsfragen selbst aus der Unternehmensdatenbank, statt auf das "
                "Datenteam zu warten.",
                "<p>Jeder Bericht, auf den Sie warten, ist eine Frage, die jemand anderes in SQL übersetzen "
                "muss. "
                "<strong>Praktisches SQL für Business-Analysten</strong> zeigt Ihnen, wie Sie die Datenbank "
                "selbst "
                "fragen: Umsatz pro Monat, Kunden, die nicht mehr kaufen, die meistverkauften Produkte je "
                "Region.</p>"
                "<p>Sie arbeiten mit einer realistischen Vertriebsdatenbank in PostgreSQL, wie sie Finanz- "
                "und "
                "Operations-Teams täglich nutzen. Zuerst lernen Sie Filter, Joins und GROUP BY, dann, wie "
                "ein "
                "langsamer Bericht schnell wird; VIP-Teilnehmende schließen mit Fensterfunktionen für "
                "Rankings und "
                "laufende Summen ab.</p>",
                "Praktisches SQL für Business-Analysten – Online-Kurs",
                "SQL für Geschäftsberichte an einer realistischen Vertriebsdatenbank: Joins, GROUP BY, "
                "schnellere "
                "Berichte und Fensterfunktionen.",
            ),
            "ar-AE": Text(
                "SQL العملية لمحللي الأعمال",
                "sql-لمحللي-الأعمال",
                "أجب عن أسئلة عملك بنفسك من قاعدة بيانات الشركة بدلاً من انتظار فريق البيانات.",
                "<p>كل تقرير تنتظره هو سؤال يجب على شخص آخر أن يترجمه إلى SQL. تعلّمك دورة <strong>SQL "
                "العملية "
                "لمحللي الأعمال</strong> أن تسأل قاعدة البيانات بنفسك: الإيرادات حسب الشهر، والعملاء الذين "
                "توقفوا "
                "عن الشراء، والمنتجات الأكثر مبيعاً في كل منطقة.</p>"
                "<p>تعمل على قاعدة بيانات مبيعات واقعية في PostgreSQL، من النوع الذي تستخدمه فرق المالية "
                "والعمليات كل يوم. تتعلم أولاً التصفية والربط وGROUP BY، ثم كيف تجعل تقريراً بطيئاً سريعاً، "
                "ويختتم "
                "مشتركو VIP بدوال النوافذ للترتيب والمجاميع التراكمية.</p>",
                "SQL العملية لمحللي الأعمال – دورة عبر الإنترنت",
                "تعلّم SQL لتقارير الأعمال على قاعدة بيانات مبيعات واقعية: الربط وGROUP BY وتقارير أسرع "
                "ودوال "
                "النوافذ للترتيب.",
            ),
        },
        ["Self-paced"],
        {"sql": 80, "data-visualization": 30},
    ),
    ProductSpec(
        "business-writing-toolkit",
        "digital",
        {
            "en-US": Text(
                "Business Writing Toolkit",
                "business-writing-toolkit",
                "120 ready-to-adapt templates for emails, proposals, reports and meeting notes, in English, "
                "Spanish, German and Arabic.",
                "<p>Good business writing is mostly structure. The <strong>Business Writing Toolkit</strong> "
                "gives "
                "you 120 templates for the documents professionals write every week: follow-up emails, "
                "project "
                "proposals, status reports, meeting minutes, replies to complaints and performance "
                "reviews.</p>"
                "<p>Every template comes in English, Spanish, German and Arabic, with notes on tone and the "
                "conventions of each language, from how formal a German greeting should be to how to open a "
                "business letter in Arabic. Files are provided for Word and Google Docs.</p>",
                "Business Writing Toolkit – 120 templates in 4 languages",
                "120 business writing templates for emails, proposals, reports and minutes in English, "
                "Spanish, "
                "German and Arabic, for Word and Google Docs.",
            ),
            "es-MX": Text(
                "Kit de redacción empresarial",
                "kit-de-redaccion-empresarial",
                "120 plantillas adaptables para correos, propuestas, informes y actas, en inglés, español, "
                "alemán "
                "y árabe.",
                "<p>Escribir bien en el trabajo es, sobre todo, cuestión de estructura. El <strong>Kit de "
                "redacción empresarial</strong> te ofrece 120 plantillas para los documentos que los "
                "profesionales "
                "escriben cada semana: correos de seguimiento, propuestas de proyecto, informes de avance, "
                "actas "
                "de reunión, respuestas a reclamaciones y evaluaciones de desempeño.</p>"
                "<p>Cada plantilla está en inglés, español, alemán y árabe, con notas sobre el tono y las "
                "convenciones de cada idioma, desde lo formal que debe ser un saludo en alemán hasta cómo "
                "abrir "
                "una carta comercial en árabe. Los archivos están disponibles para Word y Google Docs.</p>",
                "Kit de redacción empresarial: 120 plantillas en 4 idiomas",
                "120 plantillas de redacción empresarial para correos, propuestas, informes y actas en "
                "inglés, "
                "español, alemán y árabe, para Word y Google Docs.",
            ),
            "de-DE": Text(
                "Toolkit für Geschäftskorrespondenz",
                "toolkit-geschaeftskorrespondenz",
                "120 anpassbare Vorlagen für E-Mails, Angebote, Berichte und Protokolle – auf Englisch, "
                "Spanisch, "
                "Deutsch und Arabisch.",
                "<p>Gute Geschäftskorrespondenz ist vor allem eine Frage der Struktur. Das <strong>Toolkit "
                "für "
                "Geschäftskorrespondenz</strong> enthält 120 Vorlagen für die Texte, die Berufstätige jede "
                "Woche "
                "schreiben: Nachfass-E-Mails, Projektangebote, Statusberichte, Besprechungsprotokolle, "
                "Antworten "
                "auf Beschwerden und Mitarbeitergespräche.</p>"
                "<p>Jede Vorlage liegt auf Englisch, Spanisch, Deutsch und Arabisch vor, mit Hinweisen zu "
                "Tonfall "
                "und Konventionen der jeweiligen Sprache – von der richtigen Förmlichkeit einer deutschen "
                "Anrede "
                "bis zum Einstieg in einen arabischen Geschäftsbrief. Die Dateien gibt es für Word und "
                "Google "
                "Docs.</p>",
                "Toolkit für Geschäftskorrespondenz – 120 Vorlagen",
                "120 Vorlagen für E-Mails, Angebote, Berichte und Protokolle auf Englisch, Spanisch, Deutsch "
                "und "
                "Arabisch, für Word und Google Docs.",
            ),
            "ar-AE": Text(
                "حقيبة أدوات الكتابة المهنية",
                "حقيبة-الكتابة-المهنية",
                "120 قالباً جاهزاً للتعديل لرسائل البريد الإلكتروني والعروض والتقارير ومحاضر الاجتماعات، "
                "بالإنجليزية والإسبانية والألمانية والعربية.",
                "<p>الكتابة الجيدة في العمل هي في الأساس مسألة بنية. تمنحك <strong>حقيبة أدوات الكتابة "
                "المهنية</strong> 120 قالباً للمستندات التي يكتبها المهنيون كل أسبوع: رسائل المتابعة، "
                "ومقترحات "
                "المشاريع، وتقارير سير العمل، ومحاضر الاجتماعات، والردود على الشكاوى، وتقييمات الأداء.</p>"
                "<p>يتوفر كل قالب بالإنجليزية والإسبانية والألمانية والعربية، مع ملاحظات حول النبرة وأعراف "
                "كل "
                "لغة، من درجة الرسمية المناسبة في التحية الألمانية إلى طريقة افتتاح رسالة عمل بالعربية. "
                "الملفات "
                "متاحة لبرنامج Word ولمستندات Google.</p>",
                "حقيبة أدوات الكتابة المهنية – 120 قالباً بأربع لغات",
                "120 قالباً للكتابة المهنية: رسائل وعروض وتقارير ومحاضر بالإنجليزية والإسبانية والألمانية "
                "والعربية، لبرنامج Word ومستندات Google.",
            ),
        },
        ["Digital download"],
        {"english": 40, "spanish": 20, "german": 20, "arabic": 20},
        {"file_name": "business-writing-toolkit.zip", "download_limit": 5},
        legacy_slugs=("design-system-kit",),
    ),
    ProductSpec(
        "business-english-phrasebook",
        "physical",
        {
            "en-US": Text(
                "The Business English Phrasebook",
                "business-english-phrasebook",
                "A pocket-sized, 240-page phrasebook with 2,000 phrases for meetings, calls, negotiations "
                "and "
                "small talk.",
                "<p>When the right phrase will not come, this book will. <strong>The Business English "
                "Phrasebook</strong> organises 2,000 tried-and-tested phrases by situation: opening a "
                "meeting, "
                "interrupting politely, asking for a discount, saying no without closing the door and making "
                "small talk at a conference dinner.</p>"
                "<p>Each phrase is marked as neutral, formal or informal, with British and American variants "
                "where they differ. The pocket format fits in a laptop bag, and a QR code on every page "
                "plays the "
                "audio so you can hear the stress and intonation.</p>",
                "The Business English Phrasebook – 2,000 phrases in print",
                "A pocket-sized printed phrasebook with 2,000 business English phrases for meetings, calls, "
                "negotiations and small talk, with audio.",
            ),
            "es-MX": Text(
                "Manual de frases de inglés de negocios",
                "manual-de-frases-ingles-de-negocios",
                "Un manual de bolsillo de 240 páginas con 2000 frases para reuniones, llamadas, "
                "negociaciones y "
                "conversaciones informales.",
                "<p>Cuando no te sale la frase adecuada, este libro te la da. El <strong>Manual de frases de "
                "inglés de negocios</strong> organiza 2000 frases probadas por situación: abrir una reunión, "
                "interrumpir con cortesía, pedir un descuento, decir que no sin cerrar la puerta y conversar "
                "en "
                "una cena de congreso.</p>"
                "<p>Cada frase está marcada como neutra, formal o informal, con variantes británicas y "
                "estadounidenses cuando difieren. El formato de bolsillo cabe en la funda del portátil, y un "
                "código QR en cada página reproduce el audio para que escuches la acentuación y la "
                "entonación.</p>",
                "Manual de frases de inglés de negocios: 2000 frases",
                "Manual impreso de bolsillo con 2000 frases de inglés de negocios para reuniones, llamadas, "
                "negociaciones y conversaciones, con audio.",
            ),
            "de-DE": Text(
                "Business-English-Sprachführer",
                "business-english-sprachfuehrer",
                "Ein 240-seitiger Sprachführer im Taschenformat mit 2.000 Wendungen für Meetings, "
                "Telefonate, "
                "Verhandlungen und Smalltalk.",
                "<p>Wenn Ihnen die passende Formulierung nicht einfällt, hilft dieses Buch. Der "
                "<strong>Business-English-Sprachführer</strong> ordnet 2.000 bewährte Wendungen nach "
                "Situationen: "
                "ein Meeting eröffnen, höflich unterbrechen, um einen Rabatt bitten, Nein sagen, ohne die "
                "Tür zu "
                "schließen, und Smalltalk beim Konferenzdinner.</p>"
                "<p>Jede Wendung ist als neutral, förmlich oder informell gekennzeichnet, mit britischen und "
                "amerikanischen Varianten, wo sie sich unterscheiden. Das Taschenformat passt in jede "
                "Laptoptasche, und ein QR-Code auf jeder Seite spielt die Aussprache ab, damit Sie Betonung "
                "und "
                "Satzmelodie hören.</p>",
                "Business-English-Sprachführer – 2.000 Wendungen",
                "Gedruckter Sprachführer im Taschenformat mit 2.000 Business-English-Wendungen für Meetings, "
                "Telefonate, Verhandlungen und Smalltalk, mit Audio.",
            ),
            "ar-AE": Text(
                "دليل عبارات الإنجليزية للأعمال",
                "دليل-عبارات-الإنجليزية-للأعمال",
                "دليل جيب من 240 صفحة يضم 2000 عبارة للاجتماعات والمكالمات والمفاوضات والأحاديث الودية.",
                "<p>عندما لا تحضرك العبارة المناسبة، يحضرها هذا الكتاب. يرتّب <strong>دليل عبارات الإنجليزية "
                "للأعمال</strong> ألفي عبارة مجرّبة حسب الموقف: افتتاح اجتماع، والمقاطعة بلباقة، وطلب خصم، "
                "والرفض دون إغلاق الباب، والحديث الودي على عشاء مؤتمر.</p>"
                "<p>كل عبارة مصنّفة على أنها محايدة أو رسمية أو غير رسمية، مع الصيغ البريطانية والأمريكية "
                "حيثما "
                "تختلف. يناسب حجم الجيب حقيبة الحاسوب المحمول، ويشغّل رمز QR في كل صفحة التسجيل الصوتي لتسمع "
                "النبر والتنغيم.</p>",
                "دليل عبارات الإنجليزية للأعمال – 2000 عبارة مطبوعة",
                "دليل جيب مطبوع يضم 2000 عبارة إنجليزية للأعمال للاجتماعات والمكالمات والمفاوضات والأحاديث "
                "الودية، مع تسجيلات صوتية.",
            ),
        },
        ["Paperback"],
        {"english": 70},
        {"sku": "GLX-BEP-01", "weight_grams": 280, "stock_count": 400},
        tax="books",
        legacy_slugs=("printed-field-guide",),
    ),
    ProductSpec(
        "language-coaching",
        "service",
        {
            "en-US": Text(
                "1:1 Language Coaching",
                "language-coaching",
                "A 45-minute private online lesson in English, Spanish, German or Arabic, built around your "
                "job "
                "and your goals.",
                "<p>Group courses teach the language; coaching teaches <em>your</em> language. In a "
                "<strong>45-minute private video lesson</strong> a certified Globex coach works on what you "
                "need "
                "this week: the presentation on Thursday, the interview next month or the phone calls you "
                "have "
                "been avoiding.</p>"
                "<p>Coaching is available in English, Spanish, German and Arabic, from beginner to advanced. "
                "Before the first lesson you take a short placement test, and after every session you "
                "receive "
                "notes with the vocabulary and corrections to review. Monthly plans include four or eight "
                "lessons "
                "and can be paused at any time.</p>",
                "1:1 Language Coaching online – English, Spanish, German, Arabic",
                "Private 45-minute online lessons with certified coaches in English, Spanish, German or "
                "Arabic, "
                "tailored to your job and goals.",
            ),
            "es-MX": Text(
                "Coaching de idiomas 1:1",
                "coaching-de-idiomas",
                "Una clase privada en línea de 45 minutos en inglés, español, alemán o árabe, diseñada en "
                "torno a "
                "tu trabajo y tus objetivos.",
                "<p>Los cursos en grupo enseñan el idioma; el coaching enseña <em>tu</em> idioma. En una "
                "<strong>clase privada de 45 minutos por vídeo</strong>, un coach certificado de Globex "
                "trabaja en "
                "lo que necesitas esta semana: la presentación del jueves, la entrevista del mes que viene o "
                "esas "
                "llamadas que llevas tiempo evitando.</p>"
                "<p>El coaching está disponible en inglés, español, alemán y árabe, desde nivel inicial "
                "hasta "
                "avanzado. Antes de la primera clase haces una breve prueba de nivel y, después de cada "
                "sesión, "
                "recibes notas con el vocabulario y las correcciones para repasar. Los planes mensuales "
                "incluyen "
                "cuatro u ocho clases y se pueden pausar cuando quieras.</p>",
                "Coaching de idiomas 1:1 en línea: inglés, español, alemán, árabe",
                "Clases privadas de 45 minutos en línea con coaches certificados en inglés, español, alemán "
                "o "
                "árabe, adaptadas a tu trabajo y tus metas.",
            ),
            "de-DE": Text(
                "1:1-Sprachcoaching",
                "sprachcoaching",
                "Eine 45-minütige Online-Einzelstunde auf Englisch, Spanisch, Deutsch oder Arabisch – "
                "abgestimmt "
                "auf Ihren Beruf und Ihre Ziele.",
                "<p>Gruppenkurse vermitteln die Sprache, Coaching vermittelt <em>Ihre</em> Sprache. In einer "
                "<strong>45-minütigen Einzelstunde per Video</strong> arbeitet ein zertifizierter "
                "Globex-Coach an "
                "dem, was Sie diese Woche brauchen: die Präsentation am Donnerstag, das Vorstellungsgespräch "
                "im "
                "nächsten Monat oder die Telefonate, die Sie bisher vermieden haben.</p>"
                "<p>Coaching gibt es auf Englisch, Spanisch, Deutsch und Arabisch, vom Einstieg bis zum "
                "fortgeschrittenen Niveau. Vor der ersten Stunde machen Sie einen kurzen Einstufungstest, "
                "und nach "
                "jeder Sitzung erhalten Sie Notizen mit Wortschatz und Korrekturen zum Wiederholen. "
                "Monatspläne "
                "enthalten vier oder acht Stunden und lassen sich jederzeit pausieren.</p>",
                "1:1-Sprachcoaching online – Englisch, Spanisch, Deutsch, Arabisch",
                "45-minütige Online-Einzelstunden mit zertifizierten Coaches auf Englisch, Spanisch, Deutsch "
                "oder "
                "Arabisch, abgestimmt auf Beruf und Ziele.",
            ),
            "ar-AE": Text(
                "تدريب لغوي فردي",
                "تدريب-لغوي-فردي",
                "درس خاص عبر الإنترنت مدته 45 دقيقة بالإنجليزية أو الإسبانية أو الألمانية أو العربية، مصمَّم "
                "حول عملك وأهدافك.",
                "<p>الدورات الجماعية تعلّم اللغة، أما التدريب الفردي فيعلّم <em>لغتك أنت</em>. في "
                "<strong>درس "
                "خاص عبر الفيديو مدته 45 دقيقة</strong> يعمل معك مدرّب معتمد من Globex على ما تحتاجه هذا "
                "الأسبوع: عرض يوم الخميس، أو مقابلة الشهر القادم، أو المكالمات الهاتفية التي تتجنبها منذ "
                "مدة.</p>"
                "<p>يتوفر التدريب بالإنجليزية والإسبانية والألمانية والعربية، من المستوى المبتدئ إلى "
                "المتقدم. "
                "قبل الدرس الأول تجري اختبار تحديد مستوى قصيراً، وبعد كل جلسة تتلقى ملاحظات بالمفردات "
                "والتصحيحات "
                "لمراجعتها. تتضمن الخطط الشهرية أربعة دروس أو ثمانية، ويمكن إيقافها مؤقتاً في أي وقت.</p>",
                "تدريب لغوي فردي عبر الإنترنت – إنجليزية وإسبانية وألمانية وعربية",
                "دروس خاصة عبر الإنترنت مدتها 45 دقيقة مع مدربين معتمدين بالإنجليزية أو الإسبانية أو "
                "الألمانية "
                "أو العربية، مصممة حسب عملك وأهدافك.",
            ),
        },
        ["Single lessons", "Monthly plan"],
        {"english": 50, "spanish": 30, "german": 30, "arabic": 30, "public-speaking": 20},
        {"duration_minutes": 45, "delivery_mode": "online"},
        legacy_slugs=("code-review-session",),
    ),
    ProductSpec(
        "django-for-teams",  # course content from apps/course/demo.py, shared with acme
        "course",
        DJANGO_FOR_TEAMS,
        ["Self-paced", "With mentoring"],
        {"django": 80, "python": 60, "leadership": 20},
    ),
]

FEATURED = {
    "en-US": ("Featured", "featured", "<p>Where most of our learners start.</p>"),
    "es-MX": ("Destacados", "destacados", "<p>Por donde empieza la mayoría de nuestros estudiantes.</p>"),
    "de-DE": ("Empfohlen", "empfohlen", "<p>Hier starten die meisten unserer Teilnehmenden.</p>"),
    "ar-AE": ("مختارات", "مختارات", "<p>من هنا يبدأ معظم متعلمينا.</p>"),
}
CATALOGS: dict[str, tuple[list[ProductSpec], list[CollectionSpec]]] = {
    "acme": (
        ACME,
        [
            CollectionSpec(
                "featured",
                FEATURED,
                ["django-for-teams", "practical-sql", "design-system-kit", "code-review-session"],
            ),
            CollectionSpec(
                "topic",
                {
                    "en-US": (
                        "Python & Data",
                        "python-and-data",
                        "<p>Courses, books and practice for backend developers who work with Python and "
                        "SQL.</p>",
                    ),
                    "es-MX": (
                        "Python y datos",
                        "python-y-datos",
                        "<p>Cursos, libros y práctica para desarrolladores backend que trabajan con Python y "
                        "SQL.</p>",
                    ),
                    "de-DE": (
                        "Python & Daten",
                        "python-und-daten",
                        "<p>Kurse, Bücher und Übung für Backend-Entwickler, die mit Python und SQL "
                        "arbeiten.</p>",
                    ),
                },
                ["practical-sql", "python-interview-prep", "python-field-guide", "django-for-teams"],
            ),
        ],
    ),
    "globex": (
        GLOBEX,
        [
            CollectionSpec(
                "featured",
                FEATURED,
                ["business-english", "language-coaching", "business-writing-toolkit", "practical-sql"],
            ),
            CollectionSpec(
                "topic",
                {
                    "en-US": (
                        "Languages at Work",
                        "languages-at-work",
                        "<p>Courses, books and coaching for using a language on the job.</p>",
                    ),
                    "es-MX": (
                        "Idiomas para el trabajo",
                        "idiomas-para-el-trabajo",
                        "<p>Cursos, libros y coaching para usar un idioma en el trabajo.</p>",
                    ),
                    "de-DE": (
                        "Sprachen im Beruf",
                        "sprachen-im-beruf",
                        "<p>Kurse, Bücher und Coaching, um eine Sprache im Berufsalltag einzusetzen.</p>",
                    ),
                    "ar-AE": (
                        "اللغات في العمل",
                        "اللغات-في-العمل",
                        "<p>دورات وكتب وتدريب فردي لاستخدام اللغة في العمل.</p>",
                    ),
                },
                [
                    "business-english",
                    "business-english-phrasebook",
                    "language-coaching",
                    "business-writing-toolkit",
                ],
            ),
        ],
    ),
}


def catalog_products(org: Any, catalog: str | None = None) -> list[ProductSpec]:
    return CATALOGS[catalog or market_key(org)][0]


def seed(org: Any, *, catalog: str | None = None) -> None:
    specs, collections = CATALOGS[catalog or market_key(org)]
    locales = list(
        OrgLocale.objects.order_by("-is_default", "position").values_list("locale__locale_key", flat=True)
    )
    brand = OrgBrand.objects.filter(slug=org.slug).first()
    taxes = {code: _tax_category(code, name) for code, name in TAX_CATEGORIES.items()}
    products = {
        spec.slug: _product(spec, brand=brand, tax=taxes[spec.tax], locales=locales) for spec in specs
    }
    for position, spec in enumerate(collections):
        _collection(
            spec,
            position=position,
            product_ids=[products[slug].pk for slug in spec.products],
            locales=locales,
        )


def product_find(slug: str, legacy_slugs: tuple[str, ...] = ()) -> OrgProduct | None:
    """The product whose en-US slug is ``slug`` or, from an earlier demo, one of ``legacy_slugs``."""
    translations = OrgProduct._parler_meta.root_model.objects.filter(language_code="en-us")
    for candidate in (slug, *legacy_slugs):
        row = translations.filter(slug=candidate).first()
        if row is not None:
            return OrgProduct.objects.get(pk=row.master_id)
    return None


def _tax_category(code: str, name: str) -> OrgTaxCategory:
    return OrgTaxCategory.objects.filter(code=code).first() or _tax_category_create(code=code, name=name)


def _product(
    spec: ProductSpec, *, brand: OrgBrand | None, tax: OrgTaxCategory, locales: list[str]
) -> OrgProduct:
    product = product_find(spec.slug, spec.legacy_slugs)
    if product is None:
        product = product_create(
            product_type=spec.product_type,
            language_code="en-US",
            brand=brand,
            tax_category=tax,
            extension=spec.extension,
            **spec.texts["en-US"]._asdict(),
        )
    elif (
        product.brand_id != (brand and brand.pk)
        or product.tax_category_id != tax.pk
        or _extension_differs(product, spec.extension)
    ):
        product = product_update(
            product=product,
            brand=brand,
            tax_category=tax,
            image_url=product.image_url,
            extension=spec.extension,
        )
    stored = {row.language_code: row for row in product.translations.all()}
    for locale in locales:
        text = spec.texts[locale]
        row = stored.get(locale.lower())
        wanted = text._replace(description=sanitize_html(text.description))
        if row is None or any(getattr(row, field) != value for field, value in wanted._asdict().items()):
            product_translation_save(product=product, language_code=locale, **text._asdict())
    _variants(product, spec.variants, locales)
    _skills(product, spec.skills)
    return product


def _extension_differs(product: OrgProduct, fields: dict[str, Any]) -> bool:
    related = {"digital": "digital", "physical": "physical", "service": "service"}.get(product.product_type)
    if related is None:
        return False
    extension = getattr(product, related, None)
    return extension is None or any(getattr(extension, name) != value for name, value in fields.items())


def _variants(product: OrgProduct, names: list[str], locales: list[str]) -> None:
    existing = {variant.position: variant for variant in OrgProductVariant.objects.filter(product=product)}
    for position, english in enumerate(names):
        variant = existing.pop(position, None) or product_variant_create(
            product=product, language_code="en-US", name=english, position=position
        )
        if not variant.is_active:
            product_variant_update(variant=variant, position=position, is_active=True)
        stored = dict(variant.translations.values_list("language_code", "name"))
        for locale in locales:
            name = translated(VARIANT_NAMES, english, locale)
            if stored.get(locale.lower()) != name:
                product_variant_translation_save(variant=variant, language_code=locale, name=name)
    for variant in existing.values():  # variants an earlier demo made that this catalog does not sell
        if variant.is_active:
            product_variant_update(variant=variant, position=variant.position, is_active=False)


def _skills(product: OrgProduct, weights: dict[str, int]) -> None:
    current = dict(product.skill_weights.values_list("skill__slug", "weight"))
    for skill in Skill.objects.filter(slug__in=weights):
        if current.get(skill.slug) != weights[skill.slug]:
            product_skill_set(product=product, skill=skill, weight=weights[skill.slug])


def _collection(spec: CollectionSpec, *, position: int, product_ids: list[int], locales: list[str]) -> None:
    title, slug, description = spec.texts["en-US"]
    row = OrgProductCollection._parler_meta.root_model.objects.filter(
        language_code="en-us", slug=slug
    ).first()
    if row is None:
        collection = collection_create(
            language_code="en-US", title=title, slug=slug, description=description, kind=spec.kind,
            position=position, is_published=True,
        )  # fmt: skip
    else:
        collection = OrgProductCollection.objects.get(pk=row.master_id)
        if (collection.kind, collection.position, collection.is_published) != (spec.kind, position, True):
            collection = collection_update(
                collection=collection, kind=spec.kind, position=position, is_published=True
            )
    stored = {row.language_code: row for row in collection.translations.all()}
    for locale in locales:
        title, slug, description = spec.texts[locale]
        row = stored.get(locale.lower())
        if row is None or (row.title, row.slug, row.description) != (title, slug, sanitize_html(description)):
            collection_translation_save(
                collection=collection, language_code=locale, title=title, slug=slug, description=description
            )
    if list(collection.entries.order_by("position").values_list("product_id", flat=True)) != product_ids:
        collection_products_set(collection=collection, product_ids=product_ids)


def products_publish(org: Any, *, catalog: str | None = None) -> None:
    """Publish the catalog's drafts that have a priced plan (called by the payments demo after pricing)."""
    for spec in catalog_products(org, catalog):
        product = product_find(spec.slug)
        if product is not None and product.status == OrgProduct.Status.DRAFT:
            product_publish(product=product)
