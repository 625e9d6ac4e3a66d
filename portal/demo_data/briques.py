"""The eight briques of the brief, with their chains, categories and service levels.

Status periods are given in hours from the moment the demo is loaded, so that the banners of
the degraded and maintenance briques are current whenever the demo is installed.
"""

from ..models import BriqueStatus, ChainRole, Priority

M, T = ChainRole.MODERATOR, ChainRole.TECHNICIAN

# Business hours: (time to own, time to resolve) per priority.
STANDARD_SLA: dict[int, tuple[str, str]] = {
    Priority.CRITICAL: ("0.5", "4"),
    Priority.HIGH: ("1", "8"),
    Priority.MEDIUM: ("4", "24"),
    Priority.LOW: ("8", "40"),
}
# Services the whole group teaches with get tighter targets.
TEACHING_SLA: dict[int, tuple[str, str]] = {
    Priority.CRITICAL: ("0.25", "2"),
    Priority.HIGH: ("1", "6"),
    Priority.MEDIUM: ("3", "16"),
    Priority.LOW: ("8", "40"),
}

# Keys: title, slug, summary, description (rich text HTML), service_url, audiences
# (staff/faculty/students booleans), owner (username), owner_team, contact_email, status and
# its message/period, chain [(username, role, school short code or None)], providers
# [(name, contract reference, scope)], categories [(name, description)], sla.
BRIQUES: list[dict] = [
    {
        "title": "Moodle",
        "slug": "moodle",
        "summary": "La plateforme pédagogique du groupe : cours en ligne, dépôts de devoirs, "
        "tests et forums.",
        "description": (
            "<p>Moodle est l'environnement numérique d'apprentissage commun aux écoles du "
            "Groupe INSA. Chaque cours y dispose d'un espace où l'équipe pédagogique dépose "
            "ses ressources, organise les devoirs, les tests et les forums.</p>"
            "<h3>Pour qui ?</h3>"
            "<p>Les étudiants y suivent leurs cours ; les enseignants et enseignants-chercheurs "
            "y créent et animent leurs espaces ; les personnels de scolarité y gèrent les "
            "inscriptions aux cours.</p>"
            "<h3>Comment y accéder ?</h3>"
            "<ul><li>Connectez-vous avec l'identifiant et le mot de passe de votre école.</li>"
            "<li>Vos cours apparaissent dans « Mes cours » dès que votre inscription "
            "pédagogique est enregistrée.</li>"
            "<li>L'application mobile Moodle fonctionne avec la même adresse.</li></ul>"
            "<p>Chaque école traite en premier lieu les demandes de ses propres usagers.</p>"
        ),
        "service_url": "https://moodle.groupe-insa.example.org",
        "audiences": {"for_staff": True, "for_faculty": True, "for_students": True},
        "owner": "anne.rousseau",
        "owner_team": "Pôle numérique pédagogique, INSA Lyon",
        "contact_email": "moodle@groupe-insa.example.org",
        "status": BriqueStatus.OPERATIONAL,
        "chain": [
            ("moderateur", M, None),
            ("technicien", T, None),
            ("antoine.girard", T, "cvl"),
            ("camille.lambert", T, "hdf"),
            ("hugo.bonnet", T, "lyon"),
            ("manon.francois", T, "rennes"),
            ("elodie.mercier", T, "rouen"),
            ("pierre.muller", T, "strasbourg"),
            ("laura.fabre", T, "toulouse"),
        ],
        "providers": [
            ("Nuage Campus SAS", "MAR-2024-017", "Hébergement, sauvegardes et mises à jour"),
        ],
        "categories": [
            ("Accès et connexion", "Impossible de se connecter, compte non reconnu."),
            ("Inscription à un cours", "Cours absent de « Mes cours », mauvaise cohorte."),
            ("Devoirs et tests", "Dépôt impossible, test bloqué, notes manquantes."),
            ("Création et gestion de cours", "Paramétrage d'un espace de cours, activités."),
            ("Application mobile", "Synchronisation, notifications, hors-ligne."),
        ],
        "sla": TEACHING_SLA,
    },
    {
        "title": "Scenari",
        "slug": "scenari",
        "summary": "Chaîne éditoriale pour concevoir des supports de cours multi-formats "
        "(web, PDF, diaporama).",
        "description": (
            "<p>Scenari permet de rédiger une seule fois un contenu pédagogique structuré et de "
            "le publier sous plusieurs formes : site web, document imprimable, diaporama ou "
            "paquet SCORM pour Moodle.</p>"
            "<h3>Pour qui ?</h3>"
            "<p>Les enseignants et ingénieurs pédagogiques qui produisent des supports de "
            "cours, seuls ou à plusieurs.</p>"
            "<h3>Comment y accéder ?</h3>"
            "<ul><li>Demandez l'ouverture d'un atelier via la catégorie « Demande d'atelier ».</li>"
            "<li>Connectez-vous ensuite au serveur Scenari du groupe avec le compte de votre "
            "école.</li></ul>"
        ),
        "service_url": "https://scenari.groupe-insa.example.org",
        "audiences": {"for_staff": True, "for_faculty": True, "for_students": False},
        "owner": "anne.rousseau",
        "owner_team": "Cellule d'ingénierie pédagogique, INSA Rennes",
        "contact_email": "scenari@groupe-insa.example.org",
        "status": BriqueStatus.OPERATIONAL,
        "chain": [
            ("moderateur", M, None),
            ("technicien", T, None),
            ("aurelie.chevalier", T, None),
        ],
        "providers": [
            ("Logilibre Coop", "MAR-2023-042", "Support de niveau 3 et modèles documentaires"),
        ],
        "categories": [
            ("Demande d'atelier", "Ouverture d'un espace de rédaction pour une équipe."),
            ("Publication", "Génération web, PDF ou SCORM en erreur."),
            ("Modèles documentaires", "Besoin d'un nouveau modèle ou d'une évolution."),
            ("Accès et connexion", "Compte non reconnu, droits sur un atelier."),
        ],
        "sla": STANDARD_SLA,
    },
    {
        "title": "Portail numérique groupe",
        "slug": "portail-numerique-groupe",
        "summary": "Le point d'entrée unique vers les services numériques partagés du Groupe INSA.",
        "description": (
            "<p>Le portail numérique groupe rassemble, sur une seule page personnalisée, les "
            "accès aux services partagés : messagerie, agenda, Moodle, plateforme vidéo, "
            "annuaire et actualités du groupe.</p>"
            "<h3>Pour qui ?</h3>"
            "<p>Tous les personnels, enseignants-chercheurs et étudiants des sept écoles.</p>"
            "<h3>Comment y accéder ?</h3>"
            "<p>Rendez-vous sur le portail et choisissez votre école : vous êtes redirigé vers "
            "sa page de connexion habituelle.</p>"
        ),
        "service_url": "https://portail.groupe-insa.example.org",
        "audiences": {"for_staff": True, "for_faculty": True, "for_students": True},
        "owner": "olivier.blanc",
        "owner_team": "Direction du numérique du Groupe INSA",
        "contact_email": "portail@groupe-insa.example.org",
        "status": BriqueStatus.OPERATIONAL,
        "chain": [
            ("isabelle.garnier", M, None),
            ("sebastien.morel", T, None),
        ],
        "providers": [],
        "categories": [
            ("Accès et connexion", "Page de connexion, choix de l'école, session."),
            ("Tuiles et raccourcis", "Un service manque ou mène à une mauvaise adresse."),
            ("Actualités et annuaire", "Contenu erroné ou absent."),
        ],
        "sla": STANDARD_SLA,
    },
    {
        "title": "Plateforme vidéo",
        "slug": "plateforme-video",
        "summary": "Dépôt, diffusion et sous-titrage des vidéos pédagogiques et institutionnelles.",
        "description": (
            "<p>La plateforme vidéo du groupe héberge les captations de cours, les capsules "
            "pédagogiques et les vidéos institutionnelles. Elle produit automatiquement des "
            "sous-titres et s'intègre à Moodle.</p>"
            "<h3>Pour qui ?</h3>"
            "<p>Les enseignants et les services de communication publient ; tout le monde peut "
            "regarder les vidéos auxquelles il a accès.</p>"
            "<h3>Comment y accéder ?</h3>"
            "<ul><li>Connectez-vous avec le compte de votre école pour déposer une vidéo.</li>"
            "<li>Dans Moodle, utilisez l'activité « Vidéo » pour intégrer une vidéo à un "
            "cours.</li></ul>"
        ),
        "service_url": "https://video.groupe-insa.example.org",
        "audiences": {"for_staff": True, "for_faculty": True, "for_students": True},
        "owner": "anne.rousseau",
        "owner_team": "Service audiovisuel, INSA Toulouse",
        "contact_email": "video@groupe-insa.example.org",
        "status": BriqueStatus.DEGRADED,
        "status_message": "La lecture des vidéos est ralentie et le transcodage des nouveaux "
        "dépôts prend plusieurs heures. Les vidéos déjà publiées restent accessibles. "
        "Notre prestataire est mobilisé.",
        "status_start_in_hours": -3,
        "status_end_in_hours": 21,
        "chain": [
            ("moderateur", M, None),
            ("technicien", T, None),
        ],
        "providers": [
            ("Vidéosphère", "MAR-2025-003", "Hébergement, diffusion et transcodage"),
        ],
        "categories": [
            ("Dépôt et transcodage", "Vidéo bloquée en traitement, format refusé."),
            ("Lecture", "Vidéo qui ne démarre pas, coupures, qualité."),
            ("Sous-titres", "Sous-titres absents ou à corriger."),
            ("Intégration Moodle", "Vidéo non affichée dans un cours."),
        ],
        "sla": STANDARD_SLA,
    },
    {
        "title": "Enquête en ligne",
        "slug": "enquete-en-ligne",
        "summary": "Création de questionnaires et d'enquêtes : évaluation des enseignements, "
        "inscriptions, sondages.",
        "description": (
            "<p>L'outil d'enquête en ligne permet de créer des questionnaires, de les diffuser "
            "par lien ou par liste de participants et d'exporter les réponses. Il sert "
            "notamment à l'évaluation des enseignements.</p>"
            "<h3>Pour qui ?</h3>"
            "<p>Les personnels et enseignants créent des enquêtes ; les étudiants y "
            "répondent.</p>"
            "<h3>Comment y accéder ?</h3>"
            "<p>Connectez-vous avec le compte de votre école. Les droits de création sont "
            "ouverts sur demande (catégorie « Droits de création »).</p>"
        ),
        "service_url": "https://enquetes.groupe-insa.example.org",
        "audiences": {"for_staff": True, "for_faculty": True, "for_students": True},
        "owner": "olivier.blanc",
        "owner_team": "Direction des études, INSA Rouen Normandie",
        "contact_email": "enquetes@groupe-insa.example.org",
        "status": BriqueStatus.MAINTENANCE,
        "status_message": "Mise à jour de l'outil d'enquête : le service sera indisponible "
        "pendant l'intervention. Les réponses déjà enregistrées sont conservées ; évitez "
        "de lancer une enquête ce jour-là.",
        "status_start_in_hours": 72,
        "status_end_in_hours": 76,
        "chain": [
            ("isabelle.garnier", M, None),
            ("technicien", T, None),
            ("aurelie.chevalier", T, None),
        ],
        "providers": [
            ("Kelvox Services", "MAR-2024-051", "Tierce maintenance applicative"),
        ],
        "categories": [
            ("Droits de création", "Obtenir le droit de créer des enquêtes."),
            ("Conception d'un questionnaire", "Conditions, types de questions, thème."),
            ("Diffusion et relances", "Invitations, listes de participants, rappels."),
            ("Résultats et exports", "Statistiques, export CSV ou tableur."),
        ],
        "sla": STANDARD_SLA,
    },
    {
        "title": "Bot groupe",
        "slug": "bot-groupe",
        "summary": "L'assistant conversationnel qui répond aux questions courantes, jour et nuit.",
        "description": (
            "<p>Le bot groupe répond aux questions fréquentes sur les services numériques, la "
            "scolarité et la vie de campus, à partir des fiches de la base de connaissances. "
            "Quand il ne sait pas répondre, il propose d'ouvrir une demande.</p>"
            "<h3>Pour qui ?</h3>"
            "<p>Tous les usagers, en priorité les étudiants.</p>"
            "<h3>Comment y accéder ?</h3>"
            "<p>Il est disponible depuis le portail numérique groupe et dans le chat groupe.</p>"
        ),
        "service_url": "https://bot.groupe-insa.example.org",
        "audiences": {"for_staff": True, "for_faculty": True, "for_students": True},
        "owner": "olivier.blanc",
        "owner_team": "Direction du numérique du Groupe INSA",
        "contact_email": "bot@groupe-insa.example.org",
        "status": BriqueStatus.OPERATIONAL,
        "chain": [
            ("isabelle.garnier", M, None),
            ("sebastien.morel", T, None),
        ],
        "providers": [],
        "categories": [
            ("Réponse erronée", "Le bot a donné une information fausse ou périmée."),
            ("Nouvelle question à couvrir", "Proposer une question et sa réponse."),
            ("Disponibilité", "Le bot ne répond pas ou affiche une erreur."),
        ],
        "sla": STANDARD_SLA,
    },
    {
        "title": "Chat groupe",
        "slug": "chat-groupe",
        "summary": "Messagerie instantanée du groupe : canaux d'équipe, messages directs et "
        "appels.",
        "description": (
            "<p>Le chat groupe offre des canaux de discussion par équipe, par projet ou par "
            "promotion, des messages directs et des appels audio et vidéo, hébergés par le "
            "groupe.</p>"
            "<h3>Pour qui ?</h3>"
            "<p>Tous les personnels, enseignants-chercheurs et étudiants.</p>"
            "<h3>Comment y accéder ?</h3>"
            "<ul><li>Depuis un navigateur, connectez-vous avec le compte de votre école.</li>"
            "<li>Des applications de bureau et mobiles sont disponibles.</li></ul>"
        ),
        "service_url": "https://chat.groupe-insa.example.org",
        "audiences": {"for_staff": True, "for_faculty": True, "for_students": True},
        "owner": "olivier.blanc",
        "owner_team": "Direction du numérique du Groupe INSA",
        "contact_email": "chat@groupe-insa.example.org",
        "status": BriqueStatus.OPERATIONAL,
        "chain": [
            ("isabelle.garnier", M, None),
            ("sebastien.morel", T, None),
            ("technicien", T, None),
        ],
        "providers": [],
        "categories": [
            ("Accès et connexion", "Compte non reconnu, application qui se déconnecte."),
            ("Canaux et équipes", "Créer un canal, gérer ses membres."),
            ("Notifications", "Notifications absentes ou trop nombreuses."),
            ("Appels audio et vidéo", "Son, image, partage d'écran."),
        ],
        "sla": STANDARD_SLA,
    },
    {
        "title": "Gestion de rendez-vous",
        "slug": "gestion-de-rendez-vous",
        "summary": "Prise de rendez-vous en ligne avec les services : scolarité, relations "
        "internationales, santé, stages.",
        "description": (
            "<p>Le service de gestion de rendez-vous permet aux services d'ouvrir des créneaux "
            "et aux usagers de réserver, déplacer ou annuler un rendez-vous, avec rappel par "
            "courriel.</p>"
            "<h3>Pour qui ?</h3>"
            "<p>Les personnels ouvrent des agendas de créneaux ; les étudiants et les "
            "personnels réservent.</p>"
            "<h3>Comment y accéder ?</h3>"
            "<p>Suivez le lien donné par le service concerné ou connectez-vous au service "
            "avec le compte de votre école.</p>"
        ),
        "service_url": "https://rdv.groupe-insa.example.org",
        "audiences": {"for_staff": True, "for_faculty": False, "for_students": True},
        "owner": "olivier.blanc",
        "owner_team": "Pôle vie étudiante, INSA Strasbourg",
        "contact_email": "rendez-vous@groupe-insa.example.org",
        "status": BriqueStatus.OPERATIONAL,
        "chain": [
            ("isabelle.garnier", M, None),
            ("aurelie.chevalier", T, None),
        ],
        "providers": [
            ("Kelvox Services", "MAR-2024-052", "Tierce maintenance applicative"),
        ],
        "categories": [
            ("Réservation", "Réserver, déplacer ou annuler un rendez-vous."),
            ("Agendas et créneaux", "Ouvrir un agenda, régler les créneaux d'un service."),
            ("Rappels par courriel", "Rappels non reçus ou erronés."),
        ],
        "sla": STANDARD_SLA,
    },
]

HOME_INTRO = (
    "<p>Trouvez de l'aide sur les services numériques partagés du Groupe INSA : consultez "
    "l'état des services, cherchez une réponse, ou faites une demande.</p>"
)
INDEX_INTRO = (
    "<p>Les briques sont les services numériques mutualisés entre les sept écoles du "
    "Groupe INSA.</p>"
)
