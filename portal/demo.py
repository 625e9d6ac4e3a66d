"""Demo content: the accounts shown on the sign-in page in demo mode (GUICHET_DEMO), and the
steps of `manage.py load_demo` that create the portal's part of the demo.

The data itself is plain French text in `portal.demo_data`. Each step creates only what is
missing and never overwrites what exists (an editor may have changed it since), so running the
command twice changes nothing. Other apps add their own steps by defining a `demo` module that
uses `@demo_step` (see `PROJECT_APPS`); steps run in `order`.
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

from .demo_data.briques import BRIQUES, HOME_INTRO, INDEX_INTRO
from .demo_data.establishments import ESTABLISHMENTS
from .demo_data.people import PEOPLE
from .demo_data.providers import PROVIDERS
from .models import (
    BriqueIndexPage,
    BriquePage,
    BriqueProvider,
    Category,
    ChainMember,
    Establishment,
    HomePage,
    Provider,
    SlaTarget,
    User,
)
from .services.roles import ensure_role_groups, grant_role

DEMO_PASSWORD = "guichet-demo"

# (username, role label, what they can try)
DEMO_ACCOUNTS = [
    ("etudiant", _("requester (student)"), _("Browse briques and file tickets.")),
    ("enseignant", _("requester (teacher-researcher)"), _("Browse briques and file tickets.")),
    ("personnel", _("requester (administrative staff)"), _("Browse briques and file tickets.")),
    (
        "moderateur",
        _("moderator"),
        _("Qualify and dispatch the tickets of Moodle, Scenari and the video platform."),
    ),
    ("technicien", _("technician"), _("Treat tickets and write knowledge articles.")),
    ("admin-fonctionnel", _("functional admin"), _("Edit briques, chains and service levels.")),
    ("admin-technique", _("technical admin"), _("Manage users, groups and sites.")),
]

Log = Callable[[str], None]

# Apps of this project that may hold a `demo` module with steps (third-party apps never do).
PROJECT_APPS = ("portal", "knowledge", "helpdesk", "search")


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    run: Callable[[Log], None]


_STEPS: dict[str, DemoStep] = {}


def demo_step(name: str, order: int) -> Callable[[Callable[[Log], None]], Callable[[Log], None]]:
    """Register a function as a step of `load_demo`. It must be idempotent."""

    def register(func: Callable[[Log], None]) -> Callable[[Log], None]:
        _STEPS[name] = DemoStep(name=name, order=order, run=func)
        return func

    return register


def demo_steps() -> list[DemoStep]:
    """Every registered step of the installed project apps, in running order."""
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.demo"
        if app_config.name in PROJECT_APPS and importlib.util.find_spec(module_name):
            importlib.import_module(module_name)
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.name))


def load_demo(log: Log = print) -> None:
    """Run every demo step, each in its own transaction."""
    for step in demo_steps():
        log(f"· {step.name}")
        with transaction.atomic():
            step.run(log)


# --- The portal's steps ---------------------------------------------------------------------


@demo_step("roles", order=10)
def load_roles(log: Log) -> None:
    ensure_role_groups()
    log("  role groups ready")


@demo_step("site", order=20)
def load_site(log: Log) -> None:
    """Home page "Guichet" as the default site's root, replacing Wagtail's welcome page, and
    the "Briques" index under it."""
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations create the default locale and the root page; a flushed
        # database (transactional tests) has neither.
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(
            instance=HomePage(title="Guichet", slug="accueil", intro=HOME_INTRO, live=False)
        )
        home.save_revision().publish()
        log("  created home page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        log("  created default site")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
        log("  default site now starts at the home page")
    # Wagtail's initial "Welcome to your new Wagtail site!" page: a bare Page with no children.
    for welcome in Page.objects.filter(
        depth=2, content_type__model="page", content_type__app_label="wagtailcore"
    ):
        if welcome.is_leaf() and not welcome.sites_rooted_here.exists():
            welcome.delete()
            log("  removed Wagtail's welcome page")

    if not BriqueIndexPage.objects.child_of(home).filter(slug="briques").exists():
        index = home.add_child(
            instance=BriqueIndexPage(title="Briques", slug="briques", intro=INDEX_INTRO, live=False)
        )
        index.save_revision().publish()
        log("  created brique index")


@demo_step("establishments", order=30)
def load_establishments(log: Log) -> None:
    for data in ESTABLISHMENTS:
        _, created = Establishment.objects.get_or_create(
            short_code=data["short_code"], defaults=data
        )
        if created:
            log(f"  created establishment {data['name']}")


@demo_step("providers", order=40)
def load_providers(log: Log) -> None:
    for data in PROVIDERS:
        _, created = Provider.objects.get_or_create(name=data["name"], defaults=data)
        if created:
            log(f"  created provider {data['name']}")


@demo_step("people", order=50)
def load_people(log: Log) -> None:
    """Demo accounts with the demo password. Admins get their group here; moderators and
    technicians get theirs when the briques naming them are published."""
    schools = {school.short_code: school for school in Establishment.objects.all()}
    for data in PEOPLE:
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            school = schools.get(data["establishment"])
            user = User.objects.create_user(
                username=data["username"],
                password=DEMO_PASSWORD,
                email=demo_email(data["first_name"], data["last_name"], school),
                first_name=data["first_name"],
                last_name=data["last_name"],
                establishment=school,
                affiliation=data["affiliation"],
            )
            log(f"  created account {user.username}")
        for role in data.get("roles", []):
            grant_role(user, role)


def demo_email(first_name: str, last_name: str, school: Establishment | None) -> str:
    """firstname.lastname at the school's domain, with the reserved `.example` top-level
    domain: the demo may one day run beside a real mail server, and its notifications must
    never reach a real mailbox."""
    domain = school.domain_list[0].rsplit(".", 1)[0] if school and school.domain_list else "insa"
    return f"{slugify(first_name)}.{slugify(last_name)}@{domain}.example"


@demo_step("briques", order=60)
def load_briques(log: Log) -> None:
    """The eight briques, published so that their chains give people their roles."""
    index = BriqueIndexPage.objects.get(slug="briques")
    for data in BRIQUES:
        if BriquePage.objects.child_of(index).filter(slug=data["slug"]).exists():
            continue
        page = index.add_child(instance=build_brique(data))
        page.save_revision().publish()
        log(f"  published brique {page.title}")


def build_brique(data: dict) -> BriquePage:
    """An unsaved draft brique page with its chain, providers, categories and targets."""
    users = {user.username: user for user in User.objects.all()}
    schools = {school.short_code: school for school in Establishment.objects.all()}
    providers = {provider.name: provider for provider in Provider.objects.all()}
    now = timezone.now().replace(minute=0, second=0, microsecond=0)

    def moment(key: str):
        hours = data.get(key)
        return None if hours is None else now + timedelta(hours=hours)

    return BriquePage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        description=data["description"],
        service_url=data["service_url"],
        **data["audiences"],
        status=data["status"],
        status_message=data.get("status_message", ""),
        status_start=moment("status_start_in_hours"),
        status_end=moment("status_end_in_hours"),
        brique_owner=users.get(data["owner"]),
        owner_team=data["owner_team"],
        contact_email=data["contact_email"],
        live=False,
        chain=[
            ChainMember(
                user=users[username], role=role, establishment=schools[school] if school else None
            )
            for username, role, school in data["chain"]
        ],
        providers=[
            BriqueProvider(provider=providers[name], contract_reference=reference, scope=scope)
            for name, reference, scope in data["providers"]
        ],
        categories=[
            Category(name=name, description=description) for name, description in data["categories"]
        ],
        sla_targets=[
            SlaTarget(
                priority=priority,
                time_to_own_hours=Decimal(own),
                time_to_resolve_hours=Decimal(resolve),
            )
            for priority, (own, resolve) in data["sla"].items()
        ],
    )


@demo_step("search index", order=1000)
def rebuild_search_index(log: Log) -> None:
    """Pages are indexed when published, but with a queued task backend that happens only once
    a worker runs: rebuilding makes the demo searchable at once whatever the backend."""
    call_command("update_index", verbosity=0)
    log("  search index rebuilt")
