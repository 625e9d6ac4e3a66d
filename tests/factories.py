"""Small builders for test data. Pages are built under the site's home page, as editors do."""

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from portal.models import (
    Affiliation,
    BriqueIndexPage,
    BriquePage,
    Category,
    ChainMember,
    ChainRole,
    Establishment,
    HomePage,
    Provider,
)

PASSWORD = "test-password-123"


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment
        django_get_or_create = ("short_code",)

    name = factory.Sequence(lambda n: f"INSA Test {n}")
    short_code = factory.Sequence(lambda n: f"test{n}")
    email_domains = factory.LazyAttribute(lambda o: f"{o.short_code}.insa.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@insa.example")
    affiliation = Affiliation.STUDENT
    password = factory.django.Password(PASSWORD)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Prestataire {n}")


def home_page() -> HomePage:
    """The site's home page, created (and made the default site's root) when missing.

    Transactional tests (browser tests) flush the data that Wagtail's migrations created: the
    default Locale, the root page and the default Site. They are recreated here."""
    home = HomePage.objects.first()
    if home:
        return home
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title="Guichet", slug="accueil"))
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def brique_index() -> BriqueIndexPage:
    index = BriqueIndexPage.objects.first()
    if index:
        return index
    return home_page().add_child(instance=BriqueIndexPage(title="Briques", slug="briques"))


def make_brique(title: str = "Moodle", publish: bool = True, **fields) -> BriquePage:
    """A brique page under the index; extra keyword arguments set its fields."""
    fields.setdefault("summary", f"{title}, service numérique du groupe.")
    fields.setdefault("slug", title.lower().replace(" ", "-"))
    fields.setdefault("live", publish)
    page = brique_index().add_child(instance=BriquePage(title=title, **fields))
    if publish:
        page.save_revision().publish()
    return page


def add_to_chain(brique: BriquePage, user, role: str = ChainRole.TECHNICIAN, establishment=None):
    """Name `user` in the brique's chain and publish, as an editor would."""
    ChainMember.objects.create(brique=brique, user=user, role=role, establishment=establishment)
    brique.save_revision().publish()
    return brique


def add_category(brique: BriquePage, name: str = "Accès et connexion") -> Category:
    return Category.objects.create(brique=brique, name=name)
