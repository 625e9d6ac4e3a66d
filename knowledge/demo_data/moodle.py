"""Moodle: the group's learning platform."""

ARTICLES = [
    {
        "brique": "moodle",
        "slug": "mot-de-passe-moodle-etudiants",
        "title": "Mot de passe Moodle oublié ou refusé",
        "summary": "Moodle utilise le mot de passe de votre école : voici comment le "
        "réinitialiser et vous reconnecter.",
        "audience": "students",
        "symptoms": "<p>Moodle affiche « Identifiant ou mot de passe incorrect », ou vous ne "
        "vous souvenez plus de votre mot de passe.</p>",
        "cause": "<p>Moodle n'a pas de mot de passe à lui : il reprend celui de votre compte "
        "d'école. Un mot de passe expiré ou changé récemment ailleurs est refusé partout.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Ouvrez la page « Mot de passe oublié » de votre école (lien sous le "
                    "formulaire de connexion).",
                    "Saisissez votre adresse électronique étudiante et suivez le lien reçu.",
                    "Choisissez un nouveau mot de passe d'au moins 12 caractères.",
                    "Attendez 10 minutes, le temps que l'annuaire se synchronise, puis "
                    "reconnectez-vous à Moodle.",
                ],
            ),
            (
                "info",
                "Le mot de passe change aussi pour la messagerie et le portail numérique.",
            ),
        ],
        "tags": ["mot de passe", "connexion", "compte"],
        "reviewed": 40,
        "due": 320,
        "tickets": "Impossible de me connecter à Moodle",
    },
    {
        "brique": "moodle",
        "slug": "mot-de-passe-moodle-personnels",
        "title": "Réinitialiser le mot de passe Moodle d'un compte personnel",
        "summary": "Personnels et enseignants : changer un mot de passe expiré et retrouver "
        "l'accès à vos cours.",
        "audience": "staff",
        "symptoms": "<p>Votre mot de passe a expiré ou Moodle vous renvoie sur la page "
        "d'accueil sans vous connecter.</p>",
        "cause": "<p>Les mots de passe des personnels expirent tous les 12 mois. Moodle "
        "refuse alors la session sans message explicite.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Changez votre mot de passe depuis le portail numérique, rubrique « Mon "
                    "compte ».",
                    "Fermez toutes les fenêtres du navigateur.",
                    "Reconnectez-vous à Moodle avec le nouveau mot de passe.",
                ],
            ),
        ],
        "tags": ["mot de passe", "connexion"],
        "related": ["mot-de-passe-moodle-etudiants"],
        "reviewed": 400,
        "due": -35,
    },
    {
        "brique": "moodle",
        "slug": "compte-moodle-verrouille",
        "title": "Déverrouiller un compte Moodle bloqué après trop de tentatives",
        "summary": "Procédure interne : lever le verrouillage d'un compte et vérifier "
        "l'attribut d'établissement dans l'annuaire.",
        "audience": "technicians",
        "symptoms": "<p>L'usager reste renvoyé sur la page d'accueil, même avec le bon mot de "
        "passe ; les journaux indiquent « account locked ».</p>",
        "cause": "<p>Après 5 échecs en 15 minutes, Moodle verrouille le compte local. Un "
        "attribut d'établissement vide après synchronisation produit le même effet.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Administration du site › Utilisateurs › rechercher le compte.",
                    "Cliquer sur « Déverrouiller » dans la fiche du compte.",
                    "Vérifier dans l'annuaire que l'attribut supannEtablissement est rempli.",
                    "Relancer la synchronisation si l'attribut était vide.",
                ],
            ),
            ("code", "php admin/cli/sync_users.php --establishment=<code>"),
        ],
        "tags": ["compte", "annuaire", "verrouillage"],
        "related": ["mot-de-passe-moodle-etudiants"],
        "reviewed": 20,
        "due": 160,
        "tickets": "Impossible de me connecter à Moodle",
    },
    {
        "brique": "moodle",
        "slug": "sauvegarder-restaurer-cours",
        "title": "Sauvegarder puis restaurer un cours Moodle",
        "summary": "Réutiliser un cours d'une année sur l'autre : sauvegarde sans les données "
        "des étudiants, puis restauration dans le nouvel espace.",
        "audience": "staff",
        "symptoms": "<p>Vous voulez reprendre le contenu d'un cours de l'an passé, ou la "
        "restauration s'arrête sur « Erreur de lecture de la sauvegarde ».</p>",
        "cause": "<p>Une sauvegarde qui inclut les utilisateurs dépasse souvent la taille "
        "permise (250 Mo) et ne peut être restaurée que par un administrateur.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Dans l'ancien cours : Plus › Réutilisation de cours › Sauvegarde.",
                    "Décochez « Inclure les utilisateurs inscrits » et « Inclure les "
                    "fichiers des devoirs ».",
                    "Téléchargez le fichier .mbz obtenu.",
                    "Dans le nouveau cours : Réutilisation de cours › Restauration, déposez "
                    "le fichier et choisissez « Fusionner avec ce cours ».",
                ],
            ),
            ("warning", "Au-delà de 250 Mo, demandez la restauration au support."),
        ],
        "tags": ["sauvegarde", "restauration", "cours"],
        "reviewed": 60,
        "due": 300,
    },
    {
        "brique": "moodle",
        "slug": "cle-inscription-cours",
        "title": "Utiliser une clé d'inscription pour ouvrir un cours",
        "summary": "Laisser les étudiants s'inscrire eux-mêmes avec une clé, et la changer "
        "quand elle a circulé.",
        "audience": "staff",
        "symptoms": "<p>Des étudiants ne trouvent pas votre cours ou la clé est refusée.</p>",
        "cause": "<p>L'auto-inscription est désactivée par défaut ; la clé est sensible à la "
        "casse.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Participants › Méthodes d'inscription › activer « Auto-inscription ».",
                    "Cliquer sur l'icône de réglage et saisir une clé d'inscription.",
                    "Communiquer la clé aux étudiants par la messagerie de l'école.",
                ],
            ),
            ("info", "Une clé de groupe inscrit en plus l'étudiant dans le groupe voulu."),
        ],
        "tags": ["inscription", "clé", "cours"],
        "reviewed": 90,
        "due": 270,
    },
    {
        "brique": "moodle",
        "slug": "cours-absent-mes-cours",
        "title": "Un cours n'apparaît pas dans « Mes cours »",
        "summary": "Votre inscription pédagogique est récente : le cours arrive dans les 24 "
        "heures, sinon contactez la scolarité.",
        "audience": "students",
        "symptoms": "<p>Vos camarades voient le cours, pas vous.</p>",
        "cause": "<p>Les cohortes Moodle suivent les inscriptions pédagogiques saisies par la "
        "scolarité, synchronisées chaque nuit.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Vérifiez votre inscription pédagogique sur l'ENT.",
                    "Attendez la synchronisation de la nuit suivante.",
                    "Si le cours manque toujours, faites une demande en précisant votre "
                    "groupe de TD.",
                ],
            ),
        ],
        "tags": ["inscription", "cohorte", "cours"],
        "reviewed": 120,
        "due": 240,
        "tickets": "Le cours «",
    },
    {
        "brique": "moodle",
        "slug": "depot-devoir-impossible",
        "title": "Dépôt de devoir impossible : le bouton reste grisé",
        "summary": "Dates de remise, taille et formats de fichiers : ce qui bloque un dépôt "
        "et comment le débloquer.",
        "audience": "everyone",
        "symptoms": "<p>Le bouton « Ajouter un travail » est grisé ou le fichier est refusé.</p>",
        "cause": "<p>Le devoir est fermé (date limite passée), ou le fichier dépasse la taille "
        "ou le format prévus par l'enseignant.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Lisez les dates affichées en haut du devoir.",
                    "Vérifiez la taille maximale et les types de fichiers acceptés.",
                    "Convertissez votre document en PDF si besoin.",
                    "Si la date est passée, écrivez à l'enseignant : lui seul peut prolonger.",
                ],
            ),
        ],
        "tags": ["devoir", "dépôt", "fichier"],
        "reviewed": 30,
        "due": 330,
        "tickets": "Dépôt de devoir impossible",
    },
    {
        "brique": "moodle",
        "slug": "parametres-test",
        "title": "Régler un test Moodle : durée, tentatives et relecture",
        "summary": "Les réglages qui évitent qu'un test se ferme trop tôt ou montre les "
        "réponses trop vite.",
        "audience": "staff",
        "symptoms": "<p>Un test se soumet tout seul, ou les étudiants voient les réponses "
        "avant la fin de l'évaluation.</p>",
        "cause": "<p>La limite de temps s'applique dès l'ouverture ; les options de relecture "
        "« immédiatement après la tentative » montrent les réponses.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Paramètres du test › Temps : limite de temps et « Quand le temps est "
                    "écoulé : la tentative est envoyée automatiquement ».",
                    "Note : nombre de tentatives autorisées.",
                    "Options de relecture : décochez « Juste » et « Feedback général » pour "
                    "« Immédiatement après la tentative ».",
                    "Pour un tiers-temps, ajoutez une dérogation utilisateur.",
                ],
            ),
        ],
        "tags": ["test", "quiz", "évaluation"],
        "reviewed": 380,
        "due": -10,
        "tickets": "Test bloqué pendant",
    },
    {
        "brique": "moodle",
        "slug": "application-mobile-synchronisation",
        "title": "L'application mobile Moodle ne synchronise plus",
        "summary": "Vider le cache de l'application et vérifier l'adresse du site.",
        "audience": "everyone",
        "symptoms": "<p>Les cours ne se mettent plus à jour dans l'application.</p>",
        "cause": "<p>Un jeton de connexion expiré reste en cache après un changement de mot "
        "de passe.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Dans l'application : Plus › Paramètres › Général › Vider le cache.",
                    "Déconnectez-vous puis reconnectez-vous.",
                    "Vérifiez que l'adresse du site est moodle.groupe-insa.example.org.",
                ],
            ),
        ],
        "tags": ["application mobile", "synchronisation"],
        "reviewed": 15,
        "due": 350,
        "tickets": "L'application mobile Moodle",
    },
    {
        "brique": "moodle",
        "slug": "creer-espace-cours",
        "title": "Demander la création d'un espace de cours",
        "summary": "Les informations à fournir pour obtenir un nouvel espace Moodle.",
        "audience": "staff",
        "symptoms": "<p>Votre enseignement n'a pas encore d'espace Moodle.</p>",
        "cause": "<p>Les espaces sont créés à partir de l'offre de formation ; un cours hors "
        "maquette doit être demandé.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Faites une demande dans la catégorie « Création et gestion de cours ».",
                    "Indiquez l'intitulé, le code du cours, l'année et les enseignants.",
                    "Précisez si un cours de l'an passé doit être restauré.",
                ],
            ),
        ],
        "tags": ["cours", "création"],
        "related": ["sauvegarder-restaurer-cours"],
        "reviewed": 200,
        "due": 160,
        "tickets": "Création d'un espace de cours",
    },
]
