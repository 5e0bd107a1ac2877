import factory
from allauth.account.models import EmailAddress

from apps.user.models import User, UserProfile

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Verified by default, as a user who can sign in is; pass verified=False for one who is not."""
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )
            self.save()


class UserProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("name")


def sign_in_with_totp(client, user) -> str:
    """Give ``user`` an authenticator and sign ``client`` in the real way: password, then a code.
    Returns the authenticator's secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from volmify.mfa import totp_code_now

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/"), response
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code_now(secret)})
    assert response.status_code == 302, response
    return secret
