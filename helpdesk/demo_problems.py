"""Demo problem: one problem on Moodle grouping three incidents filed by the demo accounts
(etudiant, enseignant, personnel), assigned to a technician, with its root cause and
workaround known but not yet resolved, so that a visitor can resolve it and watch the three
incidents follow. Everything goes through the real services with `at=` timestamps.

Running it again adds nothing: it stops when the problem already exists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from viewflow.workflow.models import Process

from portal.models import BriquePage, ChainMember, ChainRole, User

from . import services
from .models import Impact, Problem, TicketKind, Urgency
from .selectors import assignable_people, suggested_assignee
from .services import problems as problem_services

BRIQUE_SLUG = "moodle"
TITLE = "Moodle : dépôt impossible des fichiers de plus de 20 Mo"
DESCRIPTION = (
    "Depuis le début du mois, les dépôts de fichiers volumineux échouent dans les devoirs et "
    "les espaces de cours, quelle que soit l'école : erreur de communication, page blanche ou "
    "« 413 Request Entity Too Large ». Les petits fichiers passent."
)
ROOT_CAUSE = (
    "La mise à jour du frontal web du 3 novembre a remis la taille maximale des requêtes "
    "(client_max_body_size) à sa valeur par défaut de 20 Mo, inférieure aux limites réglées "
    "dans Moodle (jusqu'à 500 Mo par devoir)."
)
WORKAROUND = (
    "Déposer dans le devoir un lien vers le fichier placé sur l'espace de partage de l'école, "
    "ou découper le fichier en archives de moins de 20 Mo. Les enseignants peuvent accepter un "
    "lien en remarque du devoir jusqu'à la correction."
)
INCIDENTS = (
    (
        "etudiant",
        "Impossible de rendre mon rapport de projet",
        "Quand je dépose mon rapport (PDF de 35 Mo) dans le devoir « Projet tutoré », la page "
        "tourne puis affiche « Erreur de communication avec le serveur ». Avec un petit "
        "fichier, ça fonctionne. Le rendu est à faire avant vendredi.",
        Impact.PERSON,
        Urgency.HIGH,
    ),
    (
        "enseignant",
        "Mes étudiants n'arrivent pas à déposer leurs vidéos de soutenance",
        "Plusieurs étudiants de mon cours de 3e année m'écrivent que le dépôt de leur vidéo "
        "de soutenance échoue depuis lundi. Les fichiers font entre 50 et 200 Mo ; la limite du "
        "devoir est pourtant réglée à 500 Mo.",
        Impact.GROUP,
        Urgency.HIGH,
    ),
    (
        "personnel",
        "Erreur lors du dépôt d'un dossier scanné",
        "En déposant le dossier scanné d'un étudiant (42 Mo) dans l'espace de cours de la "
        "scolarité, j'obtiens une page blanche puis « 413 Request Entity Too Large ».",
        Impact.PERSON,
        Urgency.MEDIUM,
    ),
)


def load_demo_problem(log: Callable[[str], None] = lambda _text: None) -> Problem | None:
    brique = BriquePage.objects.filter(slug=BRIQUE_SLUG).first()
    if brique is None:
        log("  no Moodle brique: no demo problem")
        return None
    existing = Problem.objects.filter(brique=brique, title=TITLE).first()
    if existing is not None:
        log(f"  demo problem already present ({existing.reference})")
        return existing
    moderator_entry = (
        ChainMember.objects.filter(brique=brique, role=ChainRole.MODERATOR, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    requesters = User.objects.in_bulk([row[0] for row in INCIDENTS], field_name="username")
    if moderator_entry is None or len(requesters) != len(INCIDENTS):
        log("  Moodle has no moderator or the demo accounts are missing: no demo problem")
        return None
    moderator = moderator_entry.user
    now = timezone.now().replace(second=0, microsecond=0)
    incidents = []
    for days, (username, title, description, impact, urgency) in zip(
        (3, 2, 1), INCIDENTS, strict=True
    ):
        at = now - timedelta(days=days)
        ticket = services.submit_ticket(
            requesters[username],
            brique=brique,
            kind=TicketKind.INCIDENT,
            title=title,
            description=description,
            impact=impact,
            urgency=urgency,
            at=at,
        )
        # The process starts when the ticket was filed, as in the other demo tickets.
        Process.objects.filter(pk=ticket.process_id).update(created=at)
        assignee = suggested_assignee(ticket) or assignable_people(ticket).first() or moderator
        services.qualify_ticket(moderator, ticket, assignee=assignee, at=at + timedelta(hours=1))
        incidents.append(ticket)
    problem = problem_services.create_problem(
        moderator,
        incidents=incidents,
        title=TITLE,
        description=DESCRIPTION,
        at=now - timedelta(hours=20),
    )
    technician = (
        ChainMember.objects.filter(
            brique=brique,
            role=ChainRole.TECHNICIAN,
            establishment__isnull=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    problem_services.assign_problem(
        moderator,
        problem,
        assignee=technician.user if technician else moderator,
        at=now - timedelta(hours=19),
    )
    problem_services.record_analysis(
        problem.assignee,
        problem,
        root_cause=ROOT_CAUSE,
        workaround=WORKAROUND,
        at=now - timedelta(hours=4),
    )
    log(f"  created demo problem {problem.reference} with {len(incidents)} incidents")
    return problem


try:  # `load_demo` runs the steps that apps register (see portal.demo).
    from portal.demo import demo_step
except ImportError:  # pragma: no cover
    pass
else:

    @demo_step("problem", order=920)
    def _demo_problem_step(log: Callable[[str], None]) -> None:
        load_demo_problem(log)
