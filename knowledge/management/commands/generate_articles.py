"""Bulk published articles for load tests: `manage.py generate_articles --count 10000`.

Not demo content (that is `knowledge.demo`). Creating a Wagtail page one by one costs a dozen
queries (tree locking, revisions, signals): too slow for ten thousand. This command writes the
tree rows itself, in batches: the `wagtailcore_page` rows with `bulk_create` (paths computed
as treebeard computes them, after each brique's last child), the `knowledge_articlepage` rows
with one multi-row insert per batch (Django's `bulk_create` refuses multi-table inheritance),
then fixes each brique's `numchild` and indexes the new articles through the search engine.

What it writes: live, public articles (slugs `gen-…`) spread over the live briques, with
summary, symptoms, cause, resolution steps and an audience (mostly everyone), French text
combined from the phrases below, `random.Random(--seed)`. No revision rows: the editor opens
them from the page itself. `--count` is the total wanted: existing generated articles count.
`--clear` removes them.
"""

from __future__ import annotations

import json
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from portal.models import BriquePage

from ...models import ArticlePage, Audience

SLUG_PREFIX = "gen-"

# (verb phrase, object) pairs per brique slug; other briques use GENERIC.
SUBJECTS: dict[str, list[tuple[str, str]]] = {
    "moodle": [
        ("réinitialiser", "le mot de passe Moodle"),
        ("restaurer", "la sauvegarde d'un cours"),
        ("configurer", "la clé d'inscription du cours"),
        ("paramétrer", "le test en ligne"),
        ("déposer", "un devoir en retard"),
        ("exporter", "le carnet de notes"),
        ("inscrire", "une cohorte au cours"),
        ("synchroniser", "l'application mobile Moodle"),
        ("corriger", "les notes du questionnaire"),
        ("ouvrir", "le forum des annonces"),
    ],
    "scenari": [
        ("publier", "le module Scenari en SCORM"),
        ("exporter", "le support en PDF"),
        ("générer", "le site web du cours"),
        ("importer", "une archive d'atelier"),
        ("partager", "l'atelier avec un collègue"),
        ("mettre à jour", "le modèle documentaire Opale"),
    ],
    "plateforme-video": [
        ("téléverser", "une vidéo de plus de 2 Go"),
        ("convertir", "la vidéo au format MP4"),
        ("ajouter", "des sous-titres à la vidéo"),
        ("intégrer", "la vidéo dans Moodle"),
        ("programmer", "la diffusion en direct"),
        ("télécharger", "l'enregistrement du cours"),
    ],
}
GENERIC = [
    ("accéder", "au service depuis l'extérieur"),
    ("exporter", "les réponses de l'enquête"),
    ("garantir", "l'anonymat des répondants"),
    ("configurer", "les réponses du bot"),
    ("retrouver", "l'historique de la conversation"),
    ("réserver", "un créneau de rendez-vous"),
    ("annuler", "un rendez-vous"),
    ("modifier", "ses notifications"),
    ("personnaliser", "la page d'accueil du portail"),
    ("ajouter", "un raccourci au portail"),
]
PROBLEMS = [
    "impossible de {verb} {obj}",
    "erreur en voulant {verb} {obj}",
    "comment {verb} {obj}",
    "message d'erreur pour {verb} {obj}",
    "{verb} {obj} ne fonctionne plus",
    "lenteur pour {verb} {obj}",
]
CONTEXTS = [
    "depuis la mise à jour",
    "sur Firefox",
    "sur Chrome",
    "avec l'application mobile",
    "en dehors du campus",
    "pour un groupe de TD",
    "en fin de semestre",
    "avec un compte invité",
    "pour les étudiants en échange",
    "sous Windows 11",
    "sous macOS",
    "avec le VPN",
]
CAUSES = [
    "Le cache du navigateur conserve une ancienne session.",
    "Le compte n'est pas encore synchronisé avec l'annuaire de l'école.",
    "Le fichier dépasse la taille maximale autorisée.",
    "Le paramétrage du cours limite l'accès à certaines dates.",
    "Le format du fichier n'est pas pris en charge.",
    "Une maintenance du prestataire était en cours.",
    "Les droits du rôle enseignant ne couvrent pas cette action.",
]
STEPS = [
    "Videz le cache du navigateur puis reconnectez-vous.",
    "Vérifiez que votre compte apparaît dans l'annuaire de votre école.",
    "Ouvrez les paramètres de l'activité et contrôlez les dates d'ouverture.",
    "Compressez le fichier ou découpez-le en plusieurs parties.",
    "Convertissez le fichier dans un format accepté (PDF, MP4, CSV).",
    "Réessayez après la fin de la maintenance annoncée sur la page de la brique.",
    "Demandez au responsable du cours de vous donner le rôle adéquat.",
    "Déconnectez-vous de toutes les sessions puis reconnectez-vous.",
]
AUDIENCES = (
    [Audience.EVERYONE] * 6
    + [Audience.STAFF] * 2
    + [
        Audience.STUDENTS,
        Audience.TECHNICIANS,
    ]
)


class Command(BaseCommand):
    help = "Create many published knowledge articles in bulk, for load tests (see docstring)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000, help="Generated articles wanted.")
        parser.add_argument("--batch", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-index", action="store_true", help="Do not index them.")
        parser.add_argument("--clear", action="store_true", help="Delete generated articles.")

    def handle(self, *args, **options):
        generated = ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX)
        if options["clear"]:
            return self.clear(generated)
        briques = list(BriquePage.objects.live().order_by("path"))
        if not briques:
            raise CommandError("No live brique: run `manage.py load_demo` first.")
        missing = options["count"] - generated.count()
        if missing <= 0:
            self.stdout.write(f"{generated.count()} generated articles already: nothing to do.")
            return
        rng = random.Random(options["seed"] + generated.count())
        started = time.monotonic()
        new_ids: list[int] = []
        while len(new_ids) < missing:
            size = min(options["batch"], missing - len(new_ids))
            with transaction.atomic():
                new_ids += self.create_batch(rng, briques, size)
            self.stdout.write(f"  {len(new_ids):>7}/{missing} articles", ending="\r")
            self.stdout.flush()
        self.stdout.write("")
        if not options["no_index"]:
            self.index(new_ids)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {len(new_ids)} articles in {time.monotonic() - started:.1f} s."
            )
        )

    # --- writing ------------------------------------------------------------------------------

    def create_batch(self, rng: random.Random, briques: list[BriquePage], size: int) -> list[int]:
        content_type = ContentType.objects.get_for_model(ArticlePage)
        now = timezone.now()
        per_brique: dict[int, list[ArticlePage]] = {}
        for _ in range(size):
            brique = rng.choice(briques)
            per_brique.setdefault(brique.pk, []).append(self.article(rng, brique))
        pages, articles = [], []
        for brique in briques:
            children = per_brique.get(brique.pk)
            if not children:
                continue
            brique.refresh_from_db(fields=["numchild", "path", "url_path", "locale"])
            last = brique.get_last_child()
            position = last._get_lastpos_in_path() if last else 0
            for article in children:
                position += 1
                slug = f"{SLUG_PREFIX}{uuid.uuid4().hex[:12]}"
                page = Page(
                    title=article.title,
                    draft_title=article.title,
                    slug=slug,
                    path=Page._get_path(brique.path, brique.depth + 1, position),
                    depth=brique.depth + 1,
                    numchild=0,
                    url_path=f"{brique.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    content_type=content_type,
                    locale_id=brique.locale_id,
                    translation_key=uuid.uuid4(),
                )
                pages.append(page)
                articles.append(article)
            Page.objects.filter(pk=brique.pk).update(numchild=brique.numchild + len(children))
        Page.objects.bulk_create(pages)
        fields = [f for f in ArticlePage._meta.local_concrete_fields if f.name != "page_ptr"]
        rows = []
        for page, article in zip(pages, articles, strict=True):
            values = [page.pk]
            for field in fields:
                value = field.pre_save(article, add=True)
                values.append(field.get_db_prep_save(value, connection))
            rows.append(values)
        columns = ", ".join(
            connection.ops.quote_name(c) for c in ["page_ptr_id", *(f.column for f in fields)]
        )
        placeholders = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
        table = connection.ops.quote_name(ArticlePage._meta.db_table)
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 200):
                chunk = rows[start : start + 200]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES "
                    + ", ".join([placeholders] * len(chunk)),
                    [value for row in chunk for value in row],
                )
        return [page.pk for page in pages]

    def article(self, rng: random.Random, brique: BriquePage) -> ArticlePage:
        verb, obj = rng.choice(SUBJECTS.get(brique.slug, GENERIC))
        problem = rng.choice(PROBLEMS).format(verb=verb, obj=obj)
        context = rng.choice(CONTEXTS)
        title = f"{problem[0].upper()}{problem[1:]} {context}"[:255]
        steps = rng.sample(STEPS, 3)
        today = timezone.localdate()
        return ArticlePage(
            title=title,
            summary=f"{brique.title} : que faire quand on veut {verb} {obj} {context}.",
            audience=rng.choice(AUDIENCES),
            symptoms=f"<p>{problem[0].upper()}{problem[1:]} {context}. Un message s'affiche "
            "et l'opération s'arrête.</p>",
            cause=f"<p>{rng.choice(CAUSES)}</p>",
            resolution=json.dumps(
                [
                    {
                        "type": "steps",
                        "value": [f"<p>{step}</p>" for step in steps],
                        "id": str(uuid.uuid4()),
                    }
                ]
            ),
            last_reviewed=today,
            review_due=today.replace(year=today.year + 1),
        )

    # --- indexing and clean-up ------------------------------------------------------------------

    def index(self, ids: list[int]) -> None:
        from search.indexing import update

        started = time.monotonic()
        for done, pk in enumerate(ids, 1):
            update("article", pk)
            if done % 500 == 0 or done == len(ids):
                self.stdout.write(f"  indexed {done:>7}/{len(ids)}", ending="\r")
                self.stdout.flush()
        self.stdout.write("")
        self.stdout.write(f"Indexed in {time.monotonic() - started:.1f} s.")

    def clear(self, generated) -> None:
        from search.models import SearchEntry

        ids = list(generated.values_list("pk", flat=True))
        with transaction.atomic():
            SearchEntry.objects.filter(kind="article", object_id__in=ids).delete()
            for start in range(0, len(ids), 2000):
                Page.objects.filter(pk__in=ids[start : start + 2000]).delete()
        self.stdout.write(self.style.SUCCESS(f"Deleted {len(ids)} generated articles."))
