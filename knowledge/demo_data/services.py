"""Portail numérique, Enquête en ligne, Bot groupe, Chat groupe, Gestion de rendez-vous."""

ARTICLES = [
    {
        "brique": "portail-numerique-groupe",
        "slug": "boucle-connexion-portail",
        "title": "Boucle de connexion sur le portail numérique",
        "summary": "La page de connexion revient sans cesse : cookies bloqués ou session ancienne.",
        "audience": "everyone",
        "symptoms": "<p>Après avoir saisi votre mot de passe, la page de connexion réapparaît.</p>",
        "cause": "<p>Le navigateur bloque les cookies tiers du service d'authentification, ou "
        "garde une session expirée.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Autorisez les cookies pour groupe-insa.example.org.",
                    "Supprimez les cookies du site puis reconnectez-vous.",
                    "Essayez en navigation privée pour confirmer.",
                ],
            ),
        ],
        "tags": ["connexion", "cookies", "ENT"],
        "reviewed": 35,
        "due": 325,
        "tickets": "Boucle de connexion",
    },
    {
        "brique": "portail-numerique-groupe",
        "slug": "ajouter-tuile-portail",
        "title": "Ajouter une tuile ou un raccourci sur le portail",
        "summary": "Personnaliser sa page d'accueil et demander une tuile pour toute une école.",
        "audience": "everyone",
        "symptoms": "<p>Un outil que vous utilisez souvent n'a pas de tuile.</p>",
        "cause": "<p>Les tuiles communes sont gérées par l'équipe du portail ; les raccourcis "
        "personnels par chacun.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Cliquez sur « Personnaliser » en haut de la page d'accueil.",
                    "Ajoutez un raccourci personnel avec l'adresse de l'outil.",
                    "Pour une tuile commune à l'école, faites une demande « Tuiles et "
                    "raccourcis ».",
                ],
            ),
        ],
        "tags": ["tuile", "raccourci", "personnalisation"],
        "reviewed": 150,
        "due": 210,
        "tickets": "Ajouter une tuile",
    },
    {
        "brique": "portail-numerique-groupe",
        "slug": "annuaire-coordonnees",
        "title": "Corriger ses coordonnées dans l'annuaire",
        "summary": "Téléphone, bureau, fonction : qui les modifie et sous quel délai.",
        "audience": "staff",
        "symptoms": "<p>Votre numéro de téléphone ou votre bureau est faux dans l'annuaire.</p>",
        "cause": "<p>L'annuaire reprend les données des ressources humaines de votre école.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Mon compte › Coordonnées : modifiez le bureau et le téléphone.",
                    "Pour la fonction ou le service, écrivez à votre service RH.",
                    "Les changements apparaissent le lendemain.",
                ],
            ),
        ],
        "tags": ["annuaire", "coordonnées"],
        "reviewed": 500,
        "due": -120,
        "tickets": "Mon numéro de téléphone",
    },
    {
        "brique": "portail-numerique-groupe",
        "slug": "portail-page-blanche",
        "title": "Le portail affiche une page blanche",
        "summary": "Extensions du navigateur et cache : les vérifications rapides.",
        "audience": "students",
        "symptoms": "<p>La page d'accueil du portail reste blanche après connexion.</p>",
        "cause": "<p>Un bloqueur de publicités empêche le chargement des tuiles.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Désactivez le bloqueur de publicités pour le portail.",
                    "Videz le cache du navigateur.",
                    "Rechargez la page (Ctrl + F5).",
                ],
            ),
        ],
        "tags": ["affichage", "navigateur"],
        "related": ["boucle-connexion-portail"],
        "reviewed": 60,
        "due": 300,
    },
    {
        "brique": "enquete-en-ligne",
        "slug": "exporter-resultats-enquete",
        "title": "Exporter les résultats d'une enquête (CSV lisible dans un tableur)",
        "summary": "Choisir l'encodage et le séparateur pour ouvrir l'export sans caractères "
        "illisibles.",
        "audience": "staff",
        "symptoms": "<p>Les accents sont remplacés par des signes étranges dans le tableur, "
        "ou toutes les réponses tiennent dans une colonne.</p>",
        "cause": "<p>Le tableur ouvre le fichier en Windows-1252 avec la virgule comme "
        "séparateur, alors que l'export est en UTF-8 avec point-virgule.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Résultats › Exporter › format « CSV (Excel) ».",
                    "Dans le tableur : Données › À partir d'un fichier texte.",
                    "Choisissez l'encodage UTF-8 et le séparateur point-virgule.",
                ],
            ),
            ("info", "L'export « Tableur (XLSX) » évite ces réglages."),
        ],
        "tags": ["export", "CSV", "résultats"],
        "reviewed": 20,
        "due": 345,
        "tickets": "Export CSV des résultats",
    },
    {
        "brique": "enquete-en-ligne",
        "slug": "anonymat-enquete",
        "title": "Garantir l'anonymat des répondants",
        "summary": "Réglages d'une enquête anonyme et ce que voit l'auteur de l'enquête.",
        "audience": "staff",
        "symptoms": "<p>Vous devez garantir que les réponses ne peuvent pas être reliées aux "
        "personnes.</p>",
        "cause": "<p>Par défaut, une enquête avec invitations garde le lien entre jeton et "
        "réponse.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Paramètres › Participants : activez « Réponses anonymisées » avant la "
                    "diffusion.",
                    "Désactivez l'enregistrement de la date et de l'adresse IP.",
                    "N'ajoutez pas de question d'identité (nom, numéro étudiant).",
                ],
            ),
            ("warning", "Ce réglage ne peut plus être modifié une fois l'enquête activée."),
        ],
        "tags": ["anonymat", "RGPD", "enquête"],
        "related": ["exporter-resultats-enquete"],
        "reviewed": 90,
        "due": 270,
    },
    {
        "brique": "enquete-en-ligne",
        "slug": "invitations-non-recues",
        "title": "Les invitations à une enquête ne sont pas reçues",
        "summary": "Filtres antispam, expéditeur et relances.",
        "audience": "staff",
        "symptoms": "<p>Les destinataires disent ne pas avoir reçu l'invitation.</p>",
        "cause": "<p>Les invitations envoyées en masse arrivent souvent dans les courriers "
        "indésirables.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Vérifiez l'état d'envoi dans Participants › Invitations.",
                    "Demandez aux destinataires de regarder leurs courriers indésirables.",
                    "Programmez une relance à J+3 aux seuls non-répondants.",
                ],
            ),
        ],
        "tags": ["invitation", "courriel", "relance"],
        "reviewed": 30,
        "due": 200,
        "tickets": "Les invitations à l'enquête",
    },
    {
        "brique": "enquete-en-ligne",
        "slug": "question-conditionnelle",
        "title": "Une question conditionnelle ne s'affiche pas",
        "summary": "Vérifier la condition et l'ordre des questions.",
        "audience": "staff",
        "symptoms": "<p>La question qui devrait apparaître après une réponse reste cachée.</p>",
        "cause": "<p>La condition porte sur une question placée après elle, ou sur le texte "
        "d'une réponse modifiée depuis.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Ouvrez la question › Conditions.",
                    "Vérifiez que la question de référence la précède.",
                    "Recréez la condition si la réponse a été renommée.",
                ],
            ),
        ],
        "tags": ["condition", "questionnaire"],
        "reviewed": 10,
        "due": 355,
        "tickets": "Question conditionnelle",
    },
    {
        "brique": "bot-groupe",
        "slug": "bot-mauvaise-reponse",
        "title": "Le bot donne une réponse fausse ou périmée",
        "summary": "Signaler la réponse et ce que fait l'équipe pour la corriger.",
        "audience": "everyone",
        "symptoms": "<p>Le bot indique des horaires ou des dates qui ne sont plus à jour.</p>",
        "cause": "<p>Ses réponses viennent des pages des services ; une page non mise à jour "
        "donne une réponse périmée.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Cliquez sur le pouce vers le bas sous la réponse.",
                    "Faites une demande « Réponse erronée » en recopiant votre question.",
                ],
            ),
        ],
        "tags": ["bot", "réponse", "horaires"],
        "reviewed": 40,
        "due": 320,
        "tickets": "Le bot donne une mauvaise date",
    },
    {
        "brique": "bot-groupe",
        "slug": "bot-nouvelle-question",
        "title": "Faire couvrir un nouveau sujet par le bot",
        "summary": "Services : fournir les questions fréquentes et leurs réponses validées.",
        "audience": "staff",
        "symptoms": "<p>Le bot répond « Je n'ai pas compris » aux questions sur votre service.</p>",
        "cause": "<p>Le bot ne connaît que les sujets qui lui ont été fournis.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Rassemblez 10 à 20 questions réelles et leurs réponses.",
                    "Faites une demande « Nouvelle question à couvrir » avec le fichier.",
                    "Relisez les réponses en recette avant la mise en ligne.",
                ],
            ),
        ],
        "tags": ["bot", "contenu"],
        "reviewed": 200,
        "due": 165,
        "tickets": "Ajouter au bot",
    },
    {
        "brique": "bot-groupe",
        "slug": "bot-indisponible-interne",
        "title": "Bot « service indisponible » : vérifier le moteur de dialogue",
        "summary": "Procédure interne : état du moteur, quotas et redémarrage.",
        "audience": "technicians",
        "symptoms": "<p>Le bot répond « service indisponible » à toutes les questions.</p>",
        "cause": "<p>Le quota mensuel du moteur de dialogue est atteint ou le connecteur a "
        "perdu son jeton.</p>",
        "resolution": [
            ("code", "botctl status\nbotctl token --renew\nbotctl restart"),
            ("info", "Le quota se consulte sur la console du prestataire."),
        ],
        "tags": ["bot", "exploitation"],
        "reviewed": 5,
        "due": 90,
        "tickets": "Le bot affiche",
    },
    {
        "brique": "bot-groupe",
        "slug": "bien-poser-question-bot",
        "title": "Bien poser sa question au bot du groupe",
        "summary": "Une question courte, un seul sujet, et le nom de votre école : le bot "
        "répond mieux.",
        "audience": "everyone",
        "symptoms": "<p>Le bot répond à côté ou propose une liste de sujets sans rapport.</p>",
        "cause": "<p>Le bot cherche le sujet principal de la phrase ; plusieurs questions à la "
        "fois ou une école non précisée l'égarent.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Posez une seule question par message.",
                    "Précisez votre école (« à INSA Lyon ») quand la réponse en dépend.",
                    "Choisissez « Parler à une personne » si la réponse ne convient pas : "
                    "une demande est créée avec la conversation.",
                ],
            ),
        ],
        "tags": ["bot", "question"],
        "related": ["bot-mauvaise-reponse"],
        "reviewed": 12,
        "due": 350,
    },
    {
        "brique": "chat-groupe",
        "slug": "chat-deconnexion",
        "title": "L'application de chat me déconnecte toutes les heures",
        "summary": "Rester connecté : session longue et application de bureau.",
        "audience": "everyone",
        "symptoms": "<p>Il faut se reconnecter au chat plusieurs fois par jour.</p>",
        "cause": "<p>La case « Rester connecté » n'est pas cochée, ou le navigateur efface "
        "les cookies à la fermeture.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Cochez « Rester connecté » à la connexion.",
                    "Autorisez les cookies du chat dans le navigateur.",
                    "Ou installez l'application de bureau.",
                ],
            ),
        ],
        "tags": ["connexion", "session"],
        "reviewed": 25,
        "due": 340,
        "tickets": "L'application de chat",
    },
    {
        "brique": "chat-groupe",
        "slug": "chat-notifications",
        "title": "Plus aucune notification du chat sur ordinateur",
        "summary": "Autoriser les notifications dans le navigateur et le système.",
        "audience": "everyone",
        "symptoms": "<p>Les nouveaux messages n'apparaissent plus en notification.</p>",
        "cause": "<p>Les notifications sont bloquées par le navigateur ou le mode « Ne pas "
        "déranger » du système.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Cliquez sur le cadenas dans la barre d'adresse › Notifications › Autoriser.",
                    "Vérifiez le mode « Ne pas déranger » du système.",
                    "Dans le chat : Préférences › Notifications › Bureau : « Tous les messages ».",
                ],
            ),
        ],
        "tags": ["notifications"],
        "reviewed": 45,
        "due": 315,
        "tickets": "Plus aucune notification",
    },
    {
        "brique": "chat-groupe",
        "slug": "chat-partage-ecran",
        "title": "Partage d'écran impossible pendant un appel",
        "summary": "Autorisation d'enregistrement de l'écran sur macOS et navigateurs "
        "pris en charge.",
        "audience": "staff",
        "symptoms": "<p>Le bouton de partage d'écran est grisé ou l'écran partagé reste noir.</p>",
        "cause": "<p>macOS demande une autorisation d'enregistrement de l'écran ; Firefox "
        "ancien n'est pas pris en charge.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Réglages système › Confidentialité › Enregistrement de l'écran : "
                    "autorisez le navigateur.",
                    "Redémarrez le navigateur.",
                    "Utilisez une version récente de Firefox ou de Chrome.",
                ],
            ),
        ],
        "tags": ["appel", "partage d'écran", "visioconférence"],
        "reviewed": 380,
        "due": -5,
        "tickets": "Partage d'écran impossible",
    },
    {
        "brique": "chat-groupe",
        "slug": "chat-creer-equipe",
        "title": "Créer une équipe pour un projet",
        "summary": "Équipes, canaux publics et privés, invités extérieurs.",
        "audience": "staff",
        "symptoms": "<p>Votre projet a besoin d'un espace de discussion partagé.</p>",
        "cause": "<p>La création d'équipes est réservée aux personnels.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Menu › Créer une équipe, choisissez un nom explicite.",
                    "Ajoutez les membres, puis créez les canaux utiles.",
                    "Pour un invité extérieur, faites une demande « Canaux et équipes ».",
                ],
            ),
        ],
        "tags": ["équipe", "canal"],
        "reviewed": 60,
        "due": 300,
        "tickets": "Création d'une équipe",
    },
    {
        "brique": "gestion-de-rendez-vous",
        "slug": "annuler-rendez-vous",
        "title": "Annuler ou déplacer un rendez-vous",
        "summary": "Depuis le courriel de confirmation, jusqu'à 24 heures avant.",
        "audience": "everyone",
        "symptoms": "<p>Le bouton « Annuler » n'apparaît pas.</p>",
        "cause": "<p>L'annulation en ligne ferme 24 heures avant le rendez-vous.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Ouvrez le courriel de confirmation et cliquez sur « Gérer mon rendez-vous ».",
                    "Choisissez « Annuler » ou « Déplacer ».",
                    "Moins de 24 heures avant : prévenez directement le service.",
                ],
            ),
        ],
        "tags": ["annulation", "rendez-vous"],
        "reviewed": 20,
        "due": 345,
        "tickets": "Impossible d'annuler un rendez-vous",
    },
    {
        "brique": "gestion-de-rendez-vous",
        "slug": "ouvrir-agenda-service",
        "title": "Ouvrir un agenda de rendez-vous pour un service",
        "summary": "Créneaux, durée, lieux et personnes qui reçoivent.",
        "audience": "staff",
        "symptoms": "<p>Votre service veut proposer des rendez-vous en ligne.</p>",
        "cause": "<p>Les agendas de service sont créés par l'équipe de la brique.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Préparez les plages horaires, la durée des rendez-vous et les lieux.",
                    "Faites une demande « Agendas et créneaux » avec les personnes qui reçoivent.",
                    "Testez la prise de rendez-vous avant de publier le lien.",
                ],
            ),
        ],
        "tags": ["agenda", "créneaux"],
        "reviewed": 100,
        "due": 260,
        "tickets": "Ouvrir un agenda",
    },
    {
        "brique": "gestion-de-rendez-vous",
        "slug": "rappels-en-anglais",
        "title": "Les rappels de rendez-vous arrivent en anglais",
        "summary": "La langue des rappels suit la préférence de votre compte.",
        "audience": "students",
        "symptoms": "<p>Le courriel de rappel est rédigé en anglais.</p>",
        "cause": "<p>La langue préférée du compte est l'anglais (souvent le cas des comptes "
        "d'étudiants en échange).</p>",
        "resolution": [
            (
                "steps",
                [
                    "Mon compte › Préférences › Langue : choisissez Français.",
                    "Les prochains rappels arriveront en français.",
                ],
            ),
        ],
        "tags": ["rappel", "langue"],
        "reviewed": 15,
        "due": 350,
        "tickets": "Les rappels de rendez-vous",
    },
    {
        "brique": "gestion-de-rendez-vous",
        "slug": "prendre-rendez-vous",
        "title": "Prendre rendez-vous avec un service de l'école",
        "summary": "Scolarité, relations internationales, santé : trouver le bon agenda.",
        "audience": "students",
        "symptoms": "<p>Vous ne trouvez pas de créneau libre.</p>",
        "cause": "<p>Les créneaux sont ouverts deux semaines à l'avance, le lundi matin.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Choisissez votre école puis le service.",
                    "Sélectionnez un créneau libre et confirmez.",
                    "Sans créneau, revenez le lundi matin ou inscrivez-vous en liste d'attente.",
                ],
            ),
        ],
        "tags": ["réservation", "créneau"],
        "related": ["annuler-rendez-vous"],
        "reviewed": 30,
        "due": 330,
    },
]
