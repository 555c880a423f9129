import factory

from samordna.accounts.models import Membership, User
from samordna.core.permissions import Role
from samordna.organisations.tests.factories import ForbundFactory

PASSWORD = "ett-bra-testlösenord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Användare {n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    forbund = factory.SubFactory(ForbundFactory)
    role = Role.ADMIN
