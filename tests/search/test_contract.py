"""The search contract, engine by engine: French matching, filters and facets, highlights,
pagination, suggestions, similar documents, removal and visibility."""

import pytest

from search.contract import Document, Kind, Query, TicketScope, Visibility
from tests.search.conftest import article, ticket

EVERYONE = Visibility.everything()


def ids(results):
    return [hit.object_id for hit in results.hits]


def find(engine, text, **kwargs):
    kwargs.setdefault("visibility", EVERYONE)
    return engine.search(Query(text=text, **kwargs))


@pytest.mark.parametrize(
    ("typed", "indexed"),
    [
        ("reinitialiser", "Réinitialiser son mot de passe"),
        ("Réinitialisation", "réinitialiser son mot de passe"),
        ("mots de passe", "Changer de mot de passe"),
        ("vidéos", "Déposer une vidéo"),
        ("connexions", "Problème de connexion"),
        ("ENQUETE", "Exporter une enquête"),
    ],
)
def test_french_matching_ignores_accents_case_and_plurals(engine, typed, indexed):
    engine.index(article(1, indexed))
    engine.index(article(2, "Autre chose sans rapport"))
    assert ids(find(engine, typed)) == [1]


def test_every_word_must_match_and_title_ranks_first(engine):
    engine.index(article(1, "Sauvegarder un cours", "Exporter la sauvegarde du cours Moodle."))
    engine.index(article(2, "Quotas", "Un cours peut contenir des vidéos."))
    engine.index(article(3, "Moodle est lent", "Parfois la sauvegarde prend du temps."))
    assert ids(find(engine, "sauvegarde cours")) == [1]
    assert ids(find(engine, "cours"))[0] == 1


def test_synonyms_expand_the_query(engine):
    from search.models import Synonym

    Synonym.objects.create(terms="ENT, portail numérique")
    engine.index(article(1, "Se connecter à l'ENT"))
    engine.index(article(2, "Le portail numérique groupe"))
    assert set(ids(find(engine, "ent"))) == {1, 2}


def test_highlight_marks_matches_and_escapes_html(engine):
    engine.index(
        article(1, "Balises", "Ne collez pas <script>alert('x')</script> dans le mot de passe.")
    )
    hit = find(engine, "passe").hits[0]
    assert "<mark>passe</mark>" in hit.excerpt
    assert "<script>" not in hit.excerpt
    assert "&lt;script&gt;" in hit.excerpt


def test_filters_and_disjunctive_facet_counts(engine):
    engine.index(article(1, "Mot de passe Moodle", brique_id=1, audience="everyone"))
    engine.index(article(2, "Mot de passe oublié", brique_id=1, audience="staff"))
    engine.index(article(3, "Mot de passe vidéo", brique_id=2, brique_title="Vidéo"))
    engine.index(ticket(4, "Mot de passe refusé", brique_id=2))
    results = find(
        engine, "passe", filters={"brique": ("1",)}, facets=("brique", "kind", "audience")
    )
    assert set(ids(results)) == {1, 2}
    # The brique facet ignores its own filter: the other brique stays offered.
    assert results.facets["brique"] == {"1": 2, "2": 2}
    assert results.facets["kind"] == {"article": 2}
    assert results.facets["audience"] == {"everyone": 1, "staff": 1}
    only_tickets = find(engine, "passe", kinds=(Kind.TICKET,))
    assert ids(only_tickets) == [4]


def test_pagination(engine):
    for number in range(1, 26):
        engine.index(article(number, f"Mot de passe {number}"))
    first = find(engine, "passe", per_page=20)
    second = find(engine, "passe", per_page=20, page=2)
    assert first.total == second.total == 25
    assert (len(first.hits), len(second.hits)) == (20, 5)
    assert first.num_pages == 2
    assert not set(ids(first)) & set(ids(second))
    # A page past the end shows the last page rather than an error.
    assert ids(find(engine, "passe", per_page=20, page=99)) == ids(second)


@pytest.mark.parametrize(
    "text",
    ['"mot', "passe' OR 1=1 --", "a AND NOT b*", "(((", "🙂🙂", "x" * 5000, "title:foo^3", ""],
)
def test_odd_queries_never_fail(engine, text):
    engine.index(article(1, "Mot de passe"))
    results = find(engine, text, facets=("brique",))
    assert results.total >= 0
    assert engine.suggest(text, visibility=EVERYONE) is not None


def test_suggest_prefix_and_brique_first(engine):
    engine.index(article(1, "Réinitialiser son mot de passe Moodle", brique_id=1))
    engine.index(article(2, "Mot de passe de l'ENT", brique_id=2, brique_title="ENT"))
    engine.index(article(3, "Déposer une vidéo", brique_id=2, brique_title="ENT"))
    engine.index(ticket(4, "Mot de passe", brique_id=2))
    titles = [s.title for s in engine.suggest("mot de pa", brique_id=2, visibility=EVERYONE)]
    assert titles == ["Mot de passe de l'ENT", "Réinitialiser son mot de passe Moodle"]
    assert [s.object_id for s in engine.suggest("réinit", visibility=EVERYONE)] == [1]
    # Long typed text: any word may match.
    long_text = "Bonjour, depuis ce matin je ne peux plus déposer ma vidéo de cours"
    assert [s.object_id for s in engine.suggest(long_text, visibility=EVERYONE)] == [3]


def test_similar_documents_of_the_same_kind(engine):
    engine.index(ticket(1, "Dépôt de devoir impossible", "Le bouton déposer reste grisé."))
    engine.index(ticket(2, "Impossible de déposer un devoir", "Bouton grisé dans Moodle."))
    engine.index(ticket(3, "Vidéo trop lourde", "Le fichier dépasse la limite."))
    engine.index(article(4, "Déposer un devoir", "Le bouton déposer."))
    similar = engine.similar(Kind.TICKET, 1, visibility=EVERYONE)
    assert [hit.object_id for hit in similar] == [2]
    assert engine.similar(Kind.TICKET, 99, visibility=EVERYONE) == []


def test_remove_and_reindex(engine):
    engine.index(article(1, "Mot de passe"))
    engine.index(article(1, "Quota vidéo"))
    assert ids(find(engine, "passe")) == []
    assert ids(find(engine, "quota")) == [1]
    engine.remove(Kind.ARTICLE, 1)
    assert ids(find(engine, "quota")) == []
    engine.remove(Kind.ARTICLE, 1)  # removing twice is harmless


def test_visibility_by_audience_chain_and_ticket_scope(engine):
    engine.index(article(1, "Mot de passe pour tous"))
    engine.index(article(2, "Mot de passe personnels", audience="staff"))
    engine.index(article(3, "Mot de passe étudiants", audience="students"))
    engine.index(article(4, "Mot de passe technique", audience="technicians", brique_id=1))
    engine.index(article(5, "Mot de passe technique ENT", audience="technicians", brique_id=2))
    engine.index(
        Document(kind=Kind.BRIQUE, object_id=6, title="Mot de passe central", body="", url="/b/")
    )
    engine.index(ticket(7, "Mot de passe refusé", brique_id=1, establishment_id=10))
    engine.index(ticket(8, "Mot de passe refusé", brique_id=1, establishment_id=11))
    engine.index(ticket(9, "Mot de passe refusé", brique_id=2))

    def visible(visibility):
        return set(ids(find(engine, "passe", visibility=visibility, per_page=50)))

    assert visible(Visibility.anonymous()) == {1, 6}
    assert visible(Visibility(audiences=frozenset({"everyone", "students"}))) == {1, 3, 6}
    assert visible(Visibility(audiences=frozenset({"everyone", "staff"}))) == {1, 2, 6}
    school_technician = Visibility(
        audiences=frozenset({"everyone", "staff"}),
        article_briques=frozenset({1}),
        tickets=TicketScope(brique_schools=frozenset({(1, 10)}), ids=frozenset({9})),
    )
    assert visible(school_technician) == {1, 2, 3, 4, 6, 7, 9}
    assert [s.object_id for s in engine.suggest("passe", visibility=Visibility())] == [1]
