# ruff: noqa: RUF001 -- the translated prose uses typographic dashes ("Module 1-2", German dashes)
"""Demo payment plans: tiers 1-3 (Basic, Premium, VIP) on each variant of the demo catalogs, priced in USD
and in every other region by the PPP price suggestion with charm rounding. Idempotent.

A plan is identified by its variant, access tier and plan type; one an earlier demo made that this spec no
longer sells is deactivated (plans are not deleted: orders may point at them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from apps.locale_region.demo import market_key
from apps.locale_region.models import OrgLocale, OrgRegion
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.selectors import price_suggestions
from apps.payment.services import (
    PriceInput,
    payment_plan_create,
    payment_plan_prices_set,
    payment_plan_translation_save,
    payment_plan_update,
)
from apps.product.demo import product_find, products_publish, translated
from apps.product.models import OrgProductVariant


class PlanSpec(NamedTuple):
    tier: int
    plan_type: str
    name: str  # English; translated through PHRASES, like every feature line
    features: list[str]
    usd: Decimal
    details: dict[str, Any] = {}


MONTHLY = {"interval": "month", "interval_count": 1}
ONE = "one_time"
SUB = "subscription"
D = Decimal

# Plans per product (en-US slug), one list per variant in variant order.
PLANS: dict[str, dict[str, list[list[PlanSpec]]]] = {
    "acme": {
        "django-for-teams": [
            [
                PlanSpec(
                    1,
                    ONE,
                    "Essentials",
                    [
                        "Modules 1–2: foundations, services and selectors",
                        "Quizzes and hands-on assignments",
                        "Lifetime access",
                    ],
                    D(49),
                ),
                PlanSpec(
                    2,
                    ONE,
                    "Professional",
                    [
                        "Everything in Basic",
                        "Module 3: fast, reliable test suites",
                        "Community Q&A with instructors",
                    ],
                    D(129),
                ),
                PlanSpec(
                    3,
                    ONE,
                    "Complete",
                    [
                        "Everything in Premium",
                        "Module 4: code review, ownership and capstone",
                        "Certificate of completion",
                    ],
                    D(299),
                ),
            ],
            [
                PlanSpec(
                    2,
                    ONE,
                    "Professional + mentoring",
                    [
                        "Everything in Premium",
                        "Four 1:1 mentoring calls (45 min)",
                        "Written review of every assignment",
                    ],
                    D(279),
                ),
                PlanSpec(
                    3,
                    ONE,
                    "Complete + mentoring",
                    [
                        "Everything in VIP",
                        "Eight 1:1 mentoring calls (45 min)",
                        "Capstone project reviewed line by line",
                    ],
                    D(499),
                ),
            ],
        ],
        "practical-sql": [
            [
                PlanSpec(
                    1,
                    ONE,
                    "Essentials",
                    [
                        "Modules 1–2: first queries and joins",
                        "Practice database to download",
                        "Lifetime access",
                    ],
                    D(39),
                ),
                PlanSpec(
                    2,
                    SUB,
                    "SQL Practice Club",
                    [
                        "The full course, including performance tuning",
                        "New exercises every week",
                        "Monthly live query clinic",
                    ],
                    D(19),
                    {**MONTHLY, "trial_days": 7},
                ),
                PlanSpec(
                    3,
                    ONE,
                    "Complete",
                    [
                        "All four modules, including window functions",
                        "Two query reviews by an instructor",
                        "Certificate of completion",
                    ],
                    D(199),
                ),
            ],
        ],
        "design-system-kit": [
            [
                PlanSpec(
                    1, ONE, "Figma library", ["60+ Figma components", "Design tokens (JSON and CSS)"], D(29)
                ),
                PlanSpec(
                    2,
                    ONE,
                    "Figma + React",
                    [
                        "Everything in Basic",
                        "Accessible React components",
                        "Storybook stories and usage notes",
                    ],
                    D(69),
                ),
                PlanSpec(
                    3,
                    ONE,
                    "Complete",
                    ["Everything in Premium", "Lifetime updates", "Priority email support"],
                    D(129),
                ),
            ],
            [
                PlanSpec(
                    2, ONE, "Team: Figma + React", ["Everything in Premium", "Up to 10 team members"], D(249)
                ),
                PlanSpec(
                    3,
                    ONE,
                    "Team: Complete",
                    ["Everything in VIP", "Up to 10 team members", "Onboarding call for your team"],
                    D(449),
                ),
            ],
        ],
        "python-interview-prep": [
            [
                PlanSpec(
                    1,
                    ONE,
                    "Problem set",
                    ["150 problems with tested solutions", "Difficulty rating and time target for each"],
                    D(25),
                ),
                PlanSpec(
                    2,
                    ONE,
                    "Problems + videos",
                    ["Everything in Basic", "Video walkthrough for every problem"],
                    D(59),
                ),
                PlanSpec(
                    3,
                    SUB,
                    "Mock interview club",
                    [
                        "Everything in Premium",
                        "Monthly live mock interview",
                        "Written feedback after each interview",
                    ],
                    D(29),
                    MONTHLY,
                ),
            ],
        ],
        "python-field-guide": [
            [
                PlanSpec(
                    1, ONE, "Paperback", ["320-page paperback", "Worldwide shipping in 5 working days"], D(35)
                ),
                PlanSpec(2, ONE, "Paperback + ebook", ["Everything in Basic", "Ebook (PDF and EPUB)"], D(45)),
                PlanSpec(
                    3,
                    ONE,
                    "Signed edition",
                    [
                        "Everything in Premium",
                        "Signed by the authors",
                        "Free updated chapters for the 3rd edition",
                    ],
                    D(69),
                ),
            ],
        ],
        "code-review-session": [
            [
                PlanSpec(1, ONE, "Review call", ["60-minute video review", "Recording of the call"], D(150)),
                PlanSpec(
                    2, ONE, "Review + report", ["Everything in Basic", "Written report for your team"], D(220)
                ),
                PlanSpec(
                    3,
                    ONE,
                    "Review, report and follow-up",
                    ["Everything in Premium", "Follow-up session within 30 days"],
                    D(390),
                ),
            ],
            [
                PlanSpec(
                    2,
                    "usage_based",
                    "Pay per session",
                    [
                        "Book sessions as you need them",
                        "The same reviewer every time",
                        "Written report for your team",
                    ],
                    D(130),
                    {"unit_name": "session"},
                ),
                PlanSpec(
                    3,
                    SUB,
                    "Monthly retainer",
                    [
                        "Eight sessions every month",
                        "The same reviewer every time",
                        "Quarterly architecture review",
                    ],
                    D(990),
                    MONTHLY,
                ),
            ],
        ],
    },
    "globex": {
        "business-english": [
            [
                PlanSpec(
                    1,
                    ONE,
                    "Essentials",
                    [
                        "Eight units with video scenes",
                        "Recorded speaking tasks with model answers",
                        "Lifetime access",
                    ],
                    D(49),
                ),
                PlanSpec(
                    2,
                    SUB,
                    "Conversation Club",
                    ["The full course", "Weekly live group conversation class", "Cancel any time"],
                    D(19),
                    {**MONTHLY, "trial_days": 7},
                ),
                PlanSpec(
                    3,
                    ONE,
                    "Exam ready",
                    ["The full course", "BEC Vantage mock exam with marking", "Certificate of completion"],
                    D(299),
                ),
            ],
            [
                PlanSpec(
                    2,
                    ONE,
                    "Course + 8 tutor lessons",
                    [
                        "The full course",
                        "Eight 45-minute private lessons",
                        "Feedback on pronunciation and tone",
                    ],
                    D(349),
                ),
                PlanSpec(
                    3,
                    ONE,
                    "Course + 16 tutor lessons",
                    [
                        "The full course",
                        "Sixteen 45-minute private lessons",
                        "BEC Vantage mock exam with marking",
                    ],
                    D(599),
                ),
            ],
        ],
        "business-writing-toolkit": [
            [
                PlanSpec(
                    1,
                    ONE,
                    "Templates",
                    ["120 templates in four languages", "Word and Google Docs files"],
                    D(29),
                ),
                PlanSpec(
                    2,
                    ONE,
                    "Templates + guides",
                    ["Everything in Basic", "Tone and etiquette guide for each language"],
                    D(59),
                ),
                PlanSpec(
                    3,
                    SUB,
                    "Writing review",
                    ["Everything in Premium", "Two documents reviewed by a coach each month"],
                    D(12),
                    MONTHLY,
                ),
            ],
        ],
        "business-english-phrasebook": [
            [
                PlanSpec(
                    1,
                    ONE,
                    "Paperback",
                    ["240-page pocket paperback", "Audio for every phrase via QR code"],
                    D(24),
                ),
                PlanSpec(2, ONE, "Paperback + ebook", ["Everything in Basic", "Ebook (PDF and EPUB)"], D(32)),
                PlanSpec(
                    3,
                    ONE,
                    "Paperback + coaching lesson",
                    ["Everything in Premium", "One 45-minute coaching lesson"],
                    D(79),
                ),
            ],
        ],
        "language-coaching": [
            [
                PlanSpec(
                    1,
                    ONE,
                    "One lesson",
                    ["One 45-minute private lesson", "Notes with vocabulary and corrections"],
                    D(55),
                ),
                PlanSpec(
                    3,
                    ONE,
                    "Executive lesson",
                    [
                        "90 minutes with a senior coach",
                        "Preparation for a specific meeting or presentation",
                        "Notes with vocabulary and corrections",
                    ],
                    D(150),
                ),
            ],
            [
                PlanSpec(
                    2,
                    SUB,
                    "Four lessons a month",
                    [
                        "Four 45-minute private lessons a month",
                        "Placement test and learning plan",
                        "Pause any time",
                    ],
                    D(179),
                    MONTHLY,
                ),
                PlanSpec(
                    3,
                    SUB,
                    "Eight lessons a month",
                    [
                        "Eight 45-minute private lessons a month",
                        "Placement test and learning plan",
                        "Homework review between lessons",
                    ],
                    D(329),
                    MONTHLY,
                ),
            ],
        ],
    },
}
PLANS["globex"]["practical-sql"] = PLANS["acme"]["practical-sql"]
PLANS["globex"]["django-for-teams"] = PLANS["acme"]["django-for-teams"]

# Plan names and feature lines in es-MX, de-DE and ar-AE.
PHRASES: dict[str, tuple[str, str, str]] = {
    # plan names
    "Essentials": ("Esencial", "Grundlagen", "الأساسيات"),
    "Professional": ("Profesional", "Professional", "الاحترافية"),
    "Complete": ("Completo", "Komplett", "الكاملة"),
    "Professional + mentoring": ("Profesional + mentoría", "Professional + Mentoring", "الاحترافية + إرشاد"),
    "Complete + mentoring": ("Completo + mentoría", "Komplett + Mentoring", "الكاملة + إرشاد"),
    "SQL Practice Club": ("Club de práctica SQL", "SQL-Übungsclub", "نادي تدريب SQL"),
    "Figma library": ("Biblioteca de Figma", "Figma-Bibliothek", "مكتبة Figma"),
    "Figma + React": ("Figma + React", "Figma + React", "Figma + React"),
    "Team: Figma + React": ("Equipo: Figma + React", "Team: Figma + React", "الفريق: Figma + React"),
    "Team: Complete": ("Equipo: completo", "Team: Komplett", "الفريق: الكاملة"),
    "Problem set": ("Colección de problemas", "Aufgabensammlung", "مجموعة المسائل"),
    "Problems + videos": ("Problemas + vídeos", "Aufgaben + Videos", "المسائل + الفيديوهات"),
    "Mock interview club": (
        "Club de entrevistas simuladas",
        "Probeinterview-Club",
        "نادي المقابلات التجريبية",
    ),
    "Paperback": ("Tapa blanda", "Taschenbuch", "غلاف ورقي"),
    "Paperback + ebook": (
        "Tapa blanda + libro electrónico",
        "Taschenbuch + E-Book",
        "غلاف ورقي + كتاب إلكتروني",
    ),
    "Signed edition": ("Edición firmada", "Signierte Ausgabe", "نسخة موقّعة"),
    "Review call": ("Llamada de revisión", "Review-Call", "مكالمة مراجعة"),
    "Review + report": ("Revisión + informe", "Review + Bericht", "مراجعة + تقرير"),
    "Review, report and follow-up": (
        "Revisión, informe y seguimiento",
        "Review, Bericht und Follow-up",
        "مراجعة وتقرير ومتابعة",
    ),
    "Pay per session": ("Pago por sesión", "Bezahlung pro Sitzung", "الدفع لكل جلسة"),
    "Monthly retainer": ("Contrato mensual", "Monatlicher Retainer", "اشتراك شهري"),
    "Conversation Club": ("Club de conversación", "Konversationsclub", "نادي المحادثة"),
    "Exam ready": ("Listo para el examen", "Prüfungsbereit", "جاهز للامتحان"),
    "Course + 8 tutor lessons": (
        "Curso + 8 clases con tutor",
        "Kurs + 8 Tutorstunden",
        "الدورة + 8 دروس مع مدرّس",
    ),
    "Course + 16 tutor lessons": (
        "Curso + 16 clases con tutor",
        "Kurs + 16 Tutorstunden",
        "الدورة + 16 درساً مع مدرّس",
    ),
    "Templates": ("Plantillas", "Vorlagen", "القوالب"),
    "Templates + guides": ("Plantillas + guías", "Vorlagen + Leitfäden", "القوالب + الأدلة"),
    "Writing review": ("Revisión de textos", "Textprüfung", "مراجعة الكتابة"),
    "Paperback + coaching lesson": (
        "Tapa blanda + clase de coaching",
        "Taschenbuch + Coachingstunde",
        "غلاف ورقي + درس تدريب",
    ),
    "One lesson": ("Una clase", "Eine Stunde", "درس واحد"),
    "Executive lesson": ("Clase ejecutiva", "Executive-Stunde", "درس تنفيذي"),
    "Four lessons a month": ("Cuatro clases al mes", "Vier Stunden im Monat", "أربعة دروس شهرياً"),
    "Eight lessons a month": ("Ocho clases al mes", "Acht Stunden im Monat", "ثمانية دروس شهرياً"),
    # features
    "Everything in Basic": ("Todo lo de Básico", "Alles aus Basic", "كل مزايا الباقة الأساسية"),
    "Everything in Premium": ("Todo lo de Premium", "Alles aus Premium", "كل مزايا الباقة المميزة"),
    "Everything in VIP": ("Todo lo de VIP", "Alles aus VIP", "كل مزايا باقة VIP"),
    "Lifetime access": ("Acceso de por vida", "Lebenslanger Zugriff", "وصول مدى الحياة"),
    "Certificate of completion": ("Certificado de finalización", "Abschlusszertifikat", "شهادة إتمام"),
    "Modules 1–2: foundations, services and selectors": (
        "Módulos 1–2: fundamentos, servicios y selectores",
        "Module 1–2: Grundlagen, Services und Selectors",
        "الوحدتان 1–2: الأساسيات والخدمات والمحدِّدات",
    ),
    "Quizzes and hands-on assignments": (
        "Cuestionarios y tareas prácticas",
        "Quizze und praktische Aufgaben",
        "اختبارات قصيرة ومهام عملية",
    ),
    "Module 3: fast, reliable test suites": (
        "Módulo 3: pruebas rápidas y fiables",
        "Modul 3: schnelle, zuverlässige Testsuites",
        "الوحدة 3: مجموعات اختبار سريعة وموثوقة",
    ),
    "Community Q&A with instructors": (
        "Preguntas y respuestas con instructores",
        "Community-Fragerunde mit Trainern",
        "أسئلة وأجوبة مع المدربين في المجتمع",
    ),
    "Module 4: code review, ownership and capstone": (
        "Módulo 4: revisión de código, responsabilidad y proyecto final",
        "Modul 4: Code-Review, Verantwortung und Abschlussprojekt",
        "الوحدة 4: مراجعة الشيفرة والمسؤولية ومشروع التخرّج",
    ),
    "Four 1:1 mentoring calls (45 min)": (
        "Cuatro llamadas de mentoría 1:1 (45 min)",
        "Vier 1:1-Mentoring-Calls (45 Min.)",
        "أربع مكالمات إرشاد فردية (45 دقيقة)",
    ),
    "Written review of every assignment": (
        "Revisión por escrito de cada tarea",
        "Schriftliches Feedback zu jeder Aufgabe",
        "مراجعة مكتوبة لكل مهمة",
    ),
    "Eight 1:1 mentoring calls (45 min)": (
        "Ocho llamadas de mentoría 1:1 (45 min)",
        "Acht 1:1-Mentoring-Calls (45 Min.)",
        "ثماني مكالمات إرشاد فردية (45 دقيقة)",
    ),
    "Capstone project reviewed line by line": (
        "Proyecto final revisado línea por línea",
        "Abschlussprojekt Zeile für Zeile besprochen",
        "مراجعة مشروع التخرّج سطراً بسطر",
    ),
    "Modules 1–2: first queries and joins": (
        "Módulos 1–2: primeras consultas y joins",
        "Module 1–2: erste Abfragen und Joins",
        "الوحدتان 1–2: الاستعلامات الأولى والربط",
    ),
    "Practice database to download": (
        "Base de datos de práctica descargable",
        "Übungsdatenbank zum Herunterladen",
        "قاعدة بيانات تدريبية للتنزيل",
    ),
    "The full course, including performance tuning": (
        "El curso completo, incluida la optimización",
        "Der komplette Kurs inklusive Performance-Tuning",
        "الدورة كاملة بما فيها تحسين الأداء",
    ),
    "New exercises every week": (
        "Ejercicios nuevos cada semana",
        "Jede Woche neue Übungen",
        "تمارين جديدة كل أسبوع",
    ),
    "Monthly live query clinic": (
        "Clínica de consultas en vivo cada mes",
        "Monatliche Live-Sprechstunde zu Abfragen",
        "جلسة مباشرة شهرية لحل مشكلات الاستعلامات",
    ),
    "All four modules, including window functions": (
        "Los cuatro módulos, incluidas las funciones de ventana",
        "Alle vier Module inklusive Fensterfunktionen",
        "الوحدات الأربع كاملة بما فيها دوال النوافذ",
    ),
    "Two query reviews by an instructor": (
        "Dos revisiones de consultas por un instructor",
        "Zwei Abfrage-Reviews durch einen Trainer",
        "مراجعتان لاستعلاماتك من أحد المدربين",
    ),
    "60+ Figma components": (
        "Más de 60 componentes de Figma",
        "Über 60 Figma-Komponenten",
        "أكثر من 60 مكوّناً في Figma",
    ),
    "Design tokens (JSON and CSS)": (
        "Tokens de diseño (JSON y CSS)",
        "Design-Tokens (JSON und CSS)",
        "رموز التصميم (JSON وCSS)",
    ),
    "Accessible React components": (
        "Componentes React accesibles",
        "Barrierefreie React-Komponenten",
        "مكوّنات React سهلة الوصول",
    ),
    "Storybook stories and usage notes": (
        "Historias de Storybook y notas de uso",
        "Storybook-Stories und Nutzungshinweise",
        "قصص Storybook وملاحظات الاستخدام",
    ),
    "Lifetime updates": ("Actualizaciones de por vida", "Lebenslange Updates", "تحديثات مدى الحياة"),
    "Priority email support": (
        "Soporte prioritario por correo",
        "Bevorzugter E-Mail-Support",
        "دعم ذو أولوية عبر البريد الإلكتروني",
    ),
    "Up to 10 team members": (
        "Hasta 10 miembros del equipo",
        "Bis zu 10 Teammitglieder",
        "حتى 10 أعضاء في الفريق",
    ),
    "Onboarding call for your team": (
        "Llamada de bienvenida para tu equipo",
        "Onboarding-Call für Ihr Team",
        "مكالمة تعريفية لفريقك",
    ),
    "150 problems with tested solutions": (
        "150 problemas con soluciones probadas",
        "150 Aufgaben mit getesteten Lösungen",
        "150 مسألة مع حلول مختبرة",
    ),
    "Difficulty rating and time target for each": (
        "Dificultad y tiempo objetivo de cada uno",
        "Schwierigkeitsgrad und Zielzeit je Aufgabe",
        "درجة صعوبة ووقت مستهدف لكل مسألة",
    ),
    "Video walkthrough for every problem": (
        "Vídeo con la resolución de cada problema",
        "Video-Erklärung zu jeder Aufgabe",
        "شرح بالفيديو لكل مسألة",
    ),
    "Monthly live mock interview": (
        "Entrevista simulada en vivo cada mes",
        "Monatliches Live-Probeinterview",
        "مقابلة تجريبية مباشرة كل شهر",
    ),
    "Written feedback after each interview": (
        "Comentarios por escrito tras cada entrevista",
        "Schriftliches Feedback nach jedem Interview",
        "ملاحظات مكتوبة بعد كل مقابلة",
    ),
    "320-page paperback": (
        "Libro de tapa blanda de 320 páginas",
        "Taschenbuch mit 320 Seiten",
        "كتاب بغلاف ورقي من 320 صفحة",
    ),
    "Worldwide shipping in 5 working days": (
        "Envío internacional en 5 días hábiles",
        "Weltweiter Versand in 5 Werktagen",
        "شحن إلى جميع أنحاء العالم خلال 5 أيام عمل",
    ),
    "Ebook (PDF and EPUB)": (
        "Libro electrónico (PDF y EPUB)",
        "E-Book (PDF und EPUB)",
        "كتاب إلكتروني (PDF وEPUB)",
    ),
    "Signed by the authors": ("Firmado por los autores", "Von den Autoren signiert", "موقّع من المؤلفين"),
    "Free updated chapters for the 3rd edition": (
        "Capítulos actualizados de la 3.ª edición gratis",
        "Aktualisierte Kapitel der 3. Auflage gratis",
        "فصول الطبعة الثالثة المحدّثة مجاناً",
    ),
    "60-minute video review": (
        "Revisión por vídeo de 60 minutos",
        "60-minütiges Video-Review",
        "مراجعة بالفيديو مدتها 60 دقيقة",
    ),
    "Recording of the call": ("Grabación de la llamada", "Aufzeichnung des Calls", "تسجيل المكالمة"),
    "Written report for your team": (
        "Informe escrito para tu equipo",
        "Schriftlicher Bericht für Ihr Team",
        "تقرير مكتوب لفريقك",
    ),
    "Follow-up session within 30 days": (
        "Sesión de seguimiento en 30 días",
        "Follow-up-Sitzung innerhalb von 30 Tagen",
        "جلسة متابعة خلال 30 يوماً",
    ),
    "Book sessions as you need them": (
        "Reserva sesiones cuando las necesites",
        "Sitzungen nach Bedarf buchen",
        "احجز الجلسات عند الحاجة",
    ),
    "The same reviewer every time": (
        "Siempre la misma persona revisora",
        "Immer derselbe Reviewer",
        "المراجع نفسه في كل مرة",
    ),
    "Eight sessions every month": (
        "Ocho sesiones cada mes",
        "Acht Sitzungen pro Monat",
        "ثماني جلسات كل شهر",
    ),
    "Quarterly architecture review": (
        "Revisión de arquitectura trimestral",
        "Vierteljährliches Architektur-Review",
        "مراجعة للبنية كل ثلاثة أشهر",
    ),
    "Eight units with video scenes": (
        "Ocho unidades con escenas en vídeo",
        "Acht Einheiten mit Videoszenen",
        "ثماني وحدات مع مشاهد فيديو",
    ),
    "Recorded speaking tasks with model answers": (
        "Tareas orales grabadas con respuestas modelo",
        "Sprechaufgaben mit Musterantworten",
        "مهام تحدّث مسجّلة مع إجابات نموذجية",
    ),
    "The full course": ("El curso completo", "Der komplette Kurs", "الدورة كاملة"),
    "Weekly live group conversation class": (
        "Clase de conversación en grupo en vivo cada semana",
        "Wöchentliche Live-Konversationsstunde in der Gruppe",
        "حصة محادثة جماعية مباشرة كل أسبوع",
    ),
    "Cancel any time": ("Cancela cuando quieras", "Jederzeit kündbar", "يمكنك الإلغاء في أي وقت"),
    "BEC Vantage mock exam with marking": (
        "Simulacro del examen BEC Vantage con corrección",
        "BEC-Vantage-Probeprüfung mit Korrektur",
        "امتحان تجريبي لشهادة BEC Vantage مع التصحيح",
    ),
    "Eight 45-minute private lessons": (
        "Ocho clases particulares de 45 minutos",
        "Acht Einzelstunden à 45 Minuten",
        "ثمانية دروس خاصة مدة كل منها 45 دقيقة",
    ),
    "Feedback on pronunciation and tone": (
        "Comentarios sobre pronunciación y tono",
        "Feedback zu Aussprache und Ton",
        "ملاحظات حول النطق والنبرة",
    ),
    "Sixteen 45-minute private lessons": (
        "Dieciséis clases particulares de 45 minutos",
        "Sechzehn Einzelstunden à 45 Minuten",
        "ستة عشر درساً خاصاً مدة كل منها 45 دقيقة",
    ),
    "120 templates in four languages": (
        "120 plantillas en cuatro idiomas",
        "120 Vorlagen in vier Sprachen",
        "120 قالباً بأربع لغات",
    ),
    "Word and Google Docs files": (
        "Archivos para Word y Google Docs",
        "Dateien für Word und Google Docs",
        "ملفات لبرنامج Word ومستندات Google",
    ),
    "Tone and etiquette guide for each language": (
        "Guía de tono y etiqueta para cada idioma",
        "Leitfaden zu Ton und Etikette für jede Sprache",
        "دليل للنبرة وآداب التواصل لكل لغة",
    ),
    "Two documents reviewed by a coach each month": (
        "Dos documentos revisados por un coach cada mes",
        "Zwei Dokumente pro Monat, von einem Coach geprüft",
        "مراجعة مستندين من قِبل مدرّب كل شهر",
    ),
    "240-page pocket paperback": (
        "Libro de bolsillo de 240 páginas",
        "Taschenbuch mit 240 Seiten",
        "كتاب جيب من 240 صفحة",
    ),
    "Audio for every phrase via QR code": (
        "Audio de cada frase mediante código QR",
        "Audio zu jeder Wendung per QR-Code",
        "تسجيل صوتي لكل عبارة عبر رمز QR",
    ),
    "One 45-minute coaching lesson": (
        "Una clase de coaching de 45 minutos",
        "Eine 45-minütige Coachingstunde",
        "درس تدريب واحد مدته 45 دقيقة",
    ),
    "One 45-minute private lesson": (
        "Una clase particular de 45 minutos",
        "Eine Einzelstunde à 45 Minuten",
        "درس خاص واحد مدته 45 دقيقة",
    ),
    "Notes with vocabulary and corrections": (
        "Notas con vocabulario y correcciones",
        "Notizen mit Wortschatz und Korrekturen",
        "ملاحظات بالمفردات والتصحيحات",
    ),
    "90 minutes with a senior coach": (
        "90 minutos con un coach sénior",
        "90 Minuten mit einem Senior-Coach",
        "90 دقيقة مع مدرّب أول",
    ),
    "Preparation for a specific meeting or presentation": (
        "Preparación para una reunión o presentación concreta",
        "Vorbereitung auf ein bestimmtes Meeting oder eine Präsentation",
        "تحضير لاجتماع أو عرض تقديمي محدد",
    ),
    "Four 45-minute private lessons a month": (
        "Cuatro clases particulares de 45 minutos al mes",
        "Vier Einzelstunden à 45 Minuten im Monat",
        "أربعة دروس خاصة شهرياً مدة كل منها 45 دقيقة",
    ),
    "Eight 45-minute private lessons a month": (
        "Ocho clases particulares de 45 minutos al mes",
        "Acht Einzelstunden à 45 Minuten im Monat",
        "ثمانية دروس خاصة شهرياً مدة كل منها 45 دقيقة",
    ),
    "Placement test and learning plan": (
        "Prueba de nivel y plan de aprendizaje",
        "Einstufungstest und Lernplan",
        "اختبار تحديد المستوى وخطة تعلّم",
    ),
    "Pause any time": ("Pausa cuando quieras", "Jederzeit pausierbar", "يمكنك الإيقاف المؤقت في أي وقت"),
    "Homework review between lessons": (
        "Revisión de tareas entre clases",
        "Hausaufgabenkorrektur zwischen den Stunden",
        "مراجعة الواجبات بين الدروس",
    ),
}


def seed(org: Any, *, catalog: str | None = None) -> None:
    key = catalog or market_key(org)
    regions = list(OrgRegion.objects.select_related("currency").filter(is_active=True))
    source = next((region for region in regions if region.currency.code == "USD"), None)
    if source is None:
        return
    locales = list(
        OrgLocale.objects.order_by("-is_default", "position").values_list("locale__locale_key", flat=True)
    )
    for slug, variants in PLANS[key].items():
        product = product_find(slug)
        if product is None:
            continue
        kept: list[int] = []
        for variant in OrgProductVariant.objects.filter(product=product, position__lt=len(variants)):
            for spec in variants[variant.position]:
                plan = _plan(variant, spec, locales)
                _prices(plan, spec.usd, source=source, regions=regions)
                kept.append(plan.pk)
        # plans an earlier demo made that this spec no longer sells (also on variants it no longer sells)
        for stale in Plan.objects.filter(variant__product=product, is_active=True).exclude(pk__in=kept):
            payment_plan_update(
                plan=stale, access_tier=stale.access_tier, position=stale.position, is_active=False
            )
    products_publish(org, catalog=key)


def _features(spec: PlanSpec, locale: str) -> str:
    return "\n".join(translated(PHRASES, line, locale) for line in spec.features)


def _plan(variant: OrgProductVariant, spec: PlanSpec, locales: list[str]) -> Plan:
    plan = Plan.objects.filter(variant=variant, access_tier=spec.tier, plan_type=spec.plan_type).first()
    if plan is None:
        plan = payment_plan_create(
            variant=variant, plan_type=spec.plan_type, access_tier=spec.tier, language_code="en-US",
            name=spec.name, features=_features(spec, "en-US"), position=spec.tier, details=spec.details,
        )  # fmt: skip
    elif not plan.is_active or plan.position != spec.tier:
        plan = payment_plan_update(
            plan=plan, access_tier=spec.tier, position=spec.tier, is_active=True, details=spec.details
        )
    stored = {row.language_code: (row.name, row.features) for row in plan.translations.all()}
    for locale in locales:
        wanted = (translated(PHRASES, spec.name, locale), _features(spec, locale))
        if stored.get(locale.lower()) != wanted:
            payment_plan_translation_save(plan=plan, language_code=locale, name=wanted[0], features=wanted[1])
    return plan


def _prices(plan: Plan, usd: Decimal, *, source: OrgRegion, regions: list[OrgRegion]) -> None:
    """USD in the source region; elsewhere the charm-rounded PPP suggestion (none: the region is skipped)."""
    suggested = {
        suggestion.region_id: suggestion.amount
        for suggestion in price_suggestions(source_region=source, amount=usd)
    }
    wanted = {source.pk: usd} | {
        region.pk: suggested[region.pk] for region in regions if suggested.get(region.pk)
    }
    stored = {
        price.region_id: (price.amount, price.currency_id, price.is_visible) for price in plan.prices.all()
    }
    by_pk = {region.pk: region for region in regions}
    if all(stored.get(pk) == (amount, by_pk[pk].currency_id, True) for pk, amount in wanted.items()):
        return
    payment_plan_prices_set(
        plan=plan,
        prices=[PriceInput(by_pk[pk], amount, by_pk[pk].currency.code) for pk, amount in wanted.items()],
    )
