"""The course instructors attributed before attribution existed are credited on their products too.

"May edit in the studio" (the course's instructors) stays as it was; each of those members also
gets an instructor profile (their first, or a new one from their account), an affiliation with
this org (active, source "migration", no compensation yet: the org sets terms before anyone is
paid) and an equal share of the product's creators' pool (largest remainder, in hundredths).
Products that already have credits are left alone, so running it again changes nothing.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify


def equal_shares(count: int) -> list[Decimal]:
    """100% split in ``count`` parts of hundredths that sum exactly to 100 (the first parts get the
    remainder)."""
    units, left = divmod(10000, count)
    return [Decimal(units + (1 if index < left else 0)) / 100 for index in range(count)]


def _profile_for(user, Profile):
    profile = Profile.objects.filter(user_id=user.pk).order_by("pk").first()
    if profile is not None:
        return profile
    name = getattr(getattr(user, "profile", None), "display_name", "") or user.email.split("@")[0]
    base = slugify(name) or "creator"
    slug, number = base, 2
    while Profile.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return Profile.objects.create(user_id=user.pk, display_name=name, slug=slug, links=[])


def instructors_to_attribution(apps, schema_editor):
    Org = apps.get_model("org", "Org")
    org = Org.objects.filter(schema_name=schema_editor.connection.schema_name).first()
    if org is None:
        return
    Course = apps.get_model("course", "OrgProductCourse")
    Attribution = apps.get_model("product", "OrgProductInstructorAttribution")
    Profile = apps.get_model("instructor", "UserInstructorProfile")
    Affiliation = apps.get_model("instructor", "InstructorOrgAffiliation")
    credited = set(Attribution.objects.values_list("product_id", flat=True))
    for course in Course.objects.prefetch_related("instructors__user").order_by("pk"):
        members = sorted(course.instructors.all(), key=lambda member: member.pk)
        if not members or course.product_id in credited:
            continue
        for position, (member, share) in enumerate(zip(members, equal_shares(len(members)), strict=True)):
            profile = _profile_for(member.user, Profile)
            if not Affiliation.objects.filter(profile=profile, org=org).exclude(status="ended").exists():
                Affiliation.objects.create(
                    profile=profile,
                    org=org,
                    role="instructor",
                    status="active",
                    source="migration",
                    started_at=timezone.now(),
                )
            Attribution.objects.create(
                product_id=course.product_id,
                profile=profile,
                role="author" if position == 0 else "co_author",
                share_percent=share,
                position=position,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0005_enrollment_purchase"),
        ("product", "0004_orgproductinstructorattribution"),
        ("instructor", "0001_initial"),
        ("user", "0001_initial"),
    ]

    operations = [migrations.RunPython(instructors_to_attribution, migrations.RunPython.noop)]
