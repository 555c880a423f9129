import factory

from samordna.organisations.models import Forbund, Municipality, Organisation, OrganisationKind
from samordna.organisations.validators import luhn_check_digit


def organisation_number(n: int) -> str:
    """A valid, fictitious organisationsnummer (digits 3-4 >= 20 mark a legal entity)."""
    nine = f"8{(n // 100000) % 10}20{n % 100000:05d}"
    return f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"


def municipality(code: str) -> Municipality:
    """One of the 290 municipalities the data migration loaded."""
    return Municipality.objects.get(code=code)


class ForbundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forbund
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testförbund {n}")
    organisation_number = factory.Sequence(organisation_number)

    @factory.post_generation
    def municipalities(self, create, codes, **kwargs):
        if create:
            self.municipalities.set(Municipality.objects.filter(code__in=codes or ["0662"]))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    forbund = factory.SubFactory(ForbundFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.FORSAKRINGSKASSAN
    organisation_number = factory.Sequence(lambda n: organisation_number(50000 + n))


class MunicipalityOrganisationFactory(OrganisationFactory):
    kind = OrganisationKind.MUNICIPALITY
    municipality = factory.LazyAttribute(lambda o: o.forbund.municipalities.first())
    name = factory.LazyAttribute(lambda o: f"{o.municipality.name} kommun")
