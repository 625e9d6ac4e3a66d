"""French texts of the demo tickets: what users of the group's briques really write.

Each scenario is one kind of request for one brique: its category (by name, as in
`portal.demo_data.briques`), kind, title, description, the technician's question and the
requester's answer when the ticket waits for them, an internal note and the solution.
`{…}` fields are filled from `FILLERS` so that the same scenario reads differently each time.
Briques that are not in `SCENARIOS` (a brique added by an editor, tests) use `GENERIC`.
"""

from dataclasses import dataclass

INCIDENT = "incident"
REQUEST = "service_request"


@dataclass(frozen=True)
class Scenario:
    category: str
    kind: str
    title: str
    description: str
    question: str
    answer: str
    note: str
    solution: str


S = Scenario

SCENARIOS: dict[str, list[Scenario]] = {
    "moodle": [
        S(
            "Accès et connexion",
            INCIDENT,
            "Impossible de me connecter à Moodle depuis {jour}",
            "Bonjour,\n\nDepuis {jour}, quand je me connecte à Moodle avec mes identifiants de "
            "l'école, je reviens sur la page d'accueil sans être connecté. J'ai essayé avec "
            "{navigateur} et en navigation privée, même résultat. Mes autres services "
            "(messagerie, ENT) fonctionnent.\n\nMerci de votre aide.",
            "Bonjour, pouvez-vous nous indiquer l'heure approximative de votre dernière "
            "tentative et nous envoyer une capture de la page affichée ?",
            "J'ai réessayé ce matin vers 8 h 30, même chose. Je joins la capture : on voit "
            "seulement la page d'accueil, sans message d'erreur.",
            "Le compte existe côté annuaire mais l'attribut d'établissement est vide depuis la "
            "dernière synchronisation : Moodle refuse la session. Voir avec l'équipe annuaire.",
            "Votre compte n'avait plus d'établissement rattaché après la synchronisation de "
            "l'annuaire. Nous l'avons corrigé : vous pouvez vous reconnecter normalement.",
        ),
        S(
            "Inscription à un cours",
            INCIDENT,
            "Le cours « {cours} » n'apparaît pas dans Mes cours",
            "Bonjour,\n\nJe suis inscrit(e) en {annee} et le cours « {cours} » n'apparaît pas "
            "dans « Mes cours », alors que mes camarades de groupe y ont accès depuis la "
            "rentrée. Le premier rendu est prévu {jour}.\n\nCordialement.",
            "Bonjour, pouvez-vous nous préciser votre groupe de TD et le nom de l'enseignant "
            "responsable du cours ?",
            "Je suis dans le groupe TD 3, le cours est assuré par M. Lefèvre.",
            "Inscription pédagogique saisie en retard par la scolarité : la cohorte Moodle n'a "
            "pas été recalculée. Relance de la synchronisation des cohortes pour ce groupe.",
            "Votre inscription pédagogique venait d'être enregistrée ; nous avons relancé la "
            "synchronisation des cohortes. Le cours apparaît maintenant dans « Mes cours ».",
        ),
        S(
            "Devoirs et tests",
            INCIDENT,
            "Dépôt de devoir impossible sur « {cours} »",
            "Bonjour,\n\nLe bouton « Ajouter une remise » reste grisé pour le devoir « Rapport "
            "de projet » du cours « {cours} ». La date limite est {jour} à 23 h 59. Mon fichier "
            "est un PDF de 18 Mo.\n\nPouvez-vous m'aider rapidement ?",
            "Bonjour, le message affiché mentionne-t-il une taille maximale ? Pouvez-vous "
            "essayer de déposer un fichier plus léger pour vérifier ?",
            "Oui, il est écrit « taille maximale 10 Mo ». Avec un PDF compressé de 6 Mo, le "
            "dépôt fonctionne.",
            "La limite du devoir est à 10 Mo (réglage de l'enseignant). Prévenir l'enseignant "
            "qu'il peut l'augmenter jusqu'à 50 Mo dans les paramètres du devoir.",
            "La taille maximale du dépôt est fixée par l'enseignant à 10 Mo. Votre fichier "
            "compressé a bien été déposé ; nous avons aussi signalé la limite à l'enseignant.",
        ),
        S(
            "Devoirs et tests",
            INCIDENT,
            "Test bloqué pendant l'évaluation de {cours}",
            "Bonjour,\n\nPendant le test en ligne de {cours}, la page s'est figée à la "
            "question 12 et le chronomètre a continué. Quand j'ai pu revenir, le test était "
            "marqué comme terminé avec seulement 11 réponses. Plusieurs étudiants de mon groupe "
            "ont eu le même problème.",
            "Bonjour, à quelle heure le problème est-il survenu et depuis quel réseau étiez-vous "
            "connecté (Wi-Fi de l'école, 4G, domicile) ?",
            "Vers 14 h 10, sur le Wi-Fi de l'amphithéâtre.",
            "Coupure du point d'accès Wi-Fi de l'amphi entre 14 h 05 et 14 h 20 (vu avec le "
            "réseau). Proposer à l'enseignant d'accorder une nouvelle tentative.",
            "Une coupure du Wi-Fi de l'amphithéâtre a interrompu le test. L'enseignant vous a "
            "accordé une nouvelle tentative, ouverte jusqu'à vendredi.",
        ),
        S(
            "Création et gestion de cours",
            REQUEST,
            "Création d'un espace de cours pour « {cours} »",
            "Bonjour,\n\nJe prends en charge à partir du prochain semestre l'enseignement "
            "« {cours} » en {annee}. Pourriez-vous créer l'espace Moodle correspondant et m'y "
            "inscrire comme enseignant, avec ma collègue comme enseignante non éditrice ?\n\n"
            "Merci d'avance.",
            "Bonjour, souhaitez-vous repartir d'un cours existant (copie de l'année passée) ou "
            "d'un espace vide ?",
            "Une copie du cours de l'an dernier serait parfaite, sans les remises des étudiants.",
            "Copie réalisée sans données utilisateurs. Penser à vérifier les dates des devoirs.",
            "L'espace de cours a été créé à partir de celui de l'an dernier, sans les données "
            "des étudiants. Pensez à mettre à jour les dates des devoirs.",
        ),
        S(
            "Application mobile",
            INCIDENT,
            "L'application mobile Moodle ne synchronise plus",
            "Bonjour,\n\nDepuis la mise à jour de l'application Moodle sur mon téléphone "
            "({telephone}), les cours ne se mettent plus à jour : je vois encore les documents "
            "d'il y a deux semaines. Sur ordinateur tout est normal.",
            "Bonjour, pouvez-vous vous déconnecter de l'application, vider son cache "
            "(Paramètres > Général) puis vous reconnecter ?",
            "C'est fait, les cours se sont mis à jour. Merci !",
            "Problème connu de la version 4.4.1 de l'application : le cache n'est pas invalidé "
            "après mise à jour. Correctif annoncé par l'éditeur.",
            "Après la dernière mise à jour de l'application, il faut vider son cache une fois. "
            "Une fiche de la base de connaissances décrit la manipulation.",
        ),
    ],
    "scenari": [
        S(
            "Demande d'atelier",
            REQUEST,
            "Ouverture d'un atelier Scenari pour l'équipe de {departement}",
            "Bonjour,\n\nNous souhaitons produire les supports du module « {cours} » avec "
            "Scenari (modèle Opale). Pourriez-vous ouvrir un atelier partagé pour trois "
            "enseignants du département {departement} ?\n\nBien cordialement.",
            "Bonjour, pouvez-vous nous donner les noms et adresses des trois personnes à "
            "inscrire dans l'atelier ?",
            "Il s'agit de moi-même, de Mme Perrin et de M. Caron, tous du département.",
            "Atelier créé sur le serveur groupe, modèle Opale 24. Droits auteur pour les trois.",
            "L'atelier « {departement} – {cours} » est ouvert ; les trois personnes y ont les "
            "droits d'auteur. Un tutoriel de prise en main est disponible dans la base de "
            "connaissances.",
        ),
        S(
            "Publication",
            INCIDENT,
            "La publication web de mon module échoue",
            "Bonjour,\n\nLa génération web de mon module « {cours} » s'arrête avec le message "
            "« Erreur lors de la génération : ressource introuvable ». La génération PDF "
            "fonctionne. Je dois mettre le support en ligne {jour}.",
            "Bonjour, pouvez-vous nous envoyer le journal de génération (bouton « Détails » "
            "dans la fenêtre d'erreur) ?",
            "Voici le journal : il mentionne une image « schema_final.svg » introuvable.",
            "Image référencée mais supprimée de l'atelier. Le modèle ne signale pas clairement "
            "les liens cassés : remonter à Logilibre.",
            "Une image supprimée de l'atelier était encore utilisée dans le module. Après "
            "remplacement de la référence, la publication web fonctionne.",
        ),
        S(
            "Modèles documentaires",
            REQUEST,
            "Ajout d'un bloc « exercice corrigé » dans le modèle",
            "Bonjour,\n\nDans notre modèle documentaire, il manque un bloc d'exercice avec "
            "correction masquée que l'étudiant peut afficher. Serait-il possible de l'ajouter "
            "pour le prochain semestre ?",
            "Bonjour, avez-vous un exemple de rendu souhaité (capture, lien vers un autre "
            "support) ?",
            "Oui, je joins un exemple tiré d'un support de l'INSA Rennes.",
            "Évolution demandée à Logilibre dans le cadre du contrat de support (devis inclus).",
            "Le bloc « exercice corrigé » est disponible dans la nouvelle version du modèle, "
            "déployée sur le serveur groupe.",
        ),
        S(
            "Accès et connexion",
            INCIDENT,
            "Je ne vois plus l'atelier de mon équipe",
            "Bonjour,\n\nDepuis {jour}, l'atelier de notre équipe n'apparaît plus dans ma liste "
            "d'ateliers Scenari, alors que mes collègues y ont toujours accès.",
            "Bonjour, vous connectez-vous bien avec le compte de votre école (et non un compte "
            "local créé avant la migration) ?",
            "Effectivement, j'utilisais encore mon ancien identifiant enregistré dans le "
            "navigateur.",
            "Ancien compte local toujours actif : à désactiver pour éviter la confusion.",
            "Vous étiez connecté(e) avec votre ancien compte local. Avec le compte de l'école, "
            "l'atelier est bien visible ; l'ancien compte a été désactivé.",
        ),
    ],
    "portail-numerique-groupe": [
        S(
            "Accès et connexion",
            INCIDENT,
            "Boucle de connexion sur le portail numérique",
            "Bonjour,\n\nQuand je choisis mon école sur le portail numérique groupe, je suis "
            "renvoyé(e) à la page de choix de l'école, en boucle. Cela arrive avec {navigateur}.",
            "Bonjour, les cookies tiers sont-ils bloqués dans votre navigateur ? Pouvez-vous "
            "essayer après avoir supprimé les cookies du portail ?",
            "Après suppression des cookies, la connexion fonctionne.",
            "Cookie de choix d'école corrompu après la mise à jour du portail du 12 : d'autres "
            "signalements. Vérifier la durée de vie du cookie.",
            "Un ancien cookie de choix d'école bloquait la connexion. Il suffit de le supprimer ; "
            "la mise à jour du portail prévue la semaine prochaine corrige le problème.",
        ),
        S(
            "Tuiles et raccourcis",
            REQUEST,
            "Ajouter une tuile vers {outil} sur le portail",
            "Bonjour,\n\nPourrait-on ajouter sur le portail numérique une tuile vers {outil}, "
            "très utilisé par les étudiants de {annee} ? Aujourd'hui ils doivent retrouver "
            "l'adresse dans un courriel de rentrée.",
            "Bonjour, ce service est-il ouvert à toutes les écoles du groupe ou seulement à la "
            "vôtre ?",
            "Seulement à notre école pour l'instant.",
            "Tuile ajoutée avec une règle d'affichage limitée à l'établissement du demandeur.",
            "La tuile a été ajoutée ; elle est visible par les usagers de votre école.",
        ),
        S(
            "Actualités et annuaire",
            INCIDENT,
            "Mon numéro de téléphone est faux dans l'annuaire",
            "Bonjour,\n\nL'annuaire du portail affiche pour moi un ancien numéro de bureau. "
            "Comment le corriger ?",
            "Bonjour, le numéro vient du système RH de votre école : pouvez-vous nous confirmer "
            "le bon numéro ?",
            "Le bon numéro est le poste 84 12.",
            "Donnée RH transmise à la DRH de l'établissement pour correction à la source.",
            "Le numéro a été corrigé à la source par votre service RH ; l'annuaire est à jour "
            "depuis la synchronisation de cette nuit.",
        ),
    ],
    "plateforme-video": [
        S(
            "Dépôt et transcodage",
            INCIDENT,
            "Vidéo bloquée « en traitement » depuis {duree}",
            "Bonjour,\n\nJ'ai déposé {jour} la captation de mon cours « {cours} » (1 h 40, "
            "MP4). Elle reste affichée « en traitement » depuis {duree} et je ne peux pas la "
            "publier pour mes étudiants.",
            "Bonjour, pouvez-vous nous indiquer le titre exact de la vidéo et la taille du "
            "fichier déposé ?",
            "Titre : « {cours} – séance 4 », fichier de 3,2 Go.",
            "File de transcodage saturée chez Vidéosphère. Ticket ouvert chez le prestataire.",
            "Le prestataire a relancé le transcodage de votre vidéo, qui est maintenant "
            "publiée. La file de traitement a été agrandie pour éviter ces retards.",
        ),
        S(
            "Lecture",
            INCIDENT,
            "Les vidéos du cours « {cours} » ne se lancent pas",
            "Bonjour,\n\nAucune vidéo du cours « {cours} » ne démarre : le lecteur affiche un "
            "cercle de chargement puis « Erreur de lecture ». Le problème touche plusieurs "
            "étudiants de {annee}.",
            "Bonjour, le problème se produit-il aussi depuis le réseau de l'école, ou seulement "
            "depuis votre domicile ?",
            "Depuis l'école aussi, sur plusieurs postes.",
            "Certificat du serveur de diffusion expiré sur un nœud. Signalé à Vidéosphère en "
            "priorité haute.",
            "Un serveur de diffusion du prestataire présentait un certificat expiré. Il a été "
            "renouvelé et les vidéos se lisent à nouveau.",
        ),
        S(
            "Sous-titres",
            REQUEST,
            "Correction des sous-titres automatiques d'une vidéo",
            "Bonjour,\n\nLes sous-titres générés pour ma vidéo « {cours} » comportent de "
            "nombreuses erreurs sur les termes techniques. Est-il possible de les modifier "
            "moi-même, ou de demander une correction ?",
            "Bonjour, avez-vous bien les droits de gestionnaire sur cette vidéo ?",
            "Je suis propriétaire de la vidéo, je l'ai déposée moi-même.",
            "Fonction d'édition des sous-titres activée pour les enseignants depuis la v5.",
            "Vous pouvez corriger les sous-titres vous-même depuis l'onglet « Sous-titres » de "
            "la vidéo, bouton « Modifier ». Une fiche explique la démarche.",
        ),
        S(
            "Intégration Moodle",
            INCIDENT,
            "La vidéo intégrée dans Moodle affiche « accès refusé »",
            "Bonjour,\n\nJ'ai intégré une vidéo de la plateforme dans mon cours Moodle "
            "« {cours} » ; les étudiants voient « accès refusé » à la place du lecteur.",
            "Bonjour, la vidéo est-elle publiée avec la visibilité « cours Moodle » ou "
            "« privée » ?",
            "Elle était en « privée », je ne savais pas qu'il fallait changer ce réglage.",
            "Réglage de visibilité : cas fréquent, à ajouter à la FAQ.",
            "La vidéo était privée. Avec la visibilité « cours Moodle », les étudiants inscrits "
            "la voient dans le cours.",
        ),
    ],
    "enquete-en-ligne": [
        S(
            "Droits de création",
            REQUEST,
            "Droit de créer des enquêtes pour le service {service}",
            "Bonjour,\n\nLe service {service} souhaite réaliser une enquête de satisfaction "
            "auprès des étudiants de {annee}. Pourriez-vous m'accorder le droit de créer des "
            "enquêtes ?",
            "Bonjour, l'enquête recueillera-t-elle des données personnelles (nom, numéro "
            "étudiant) ? Si oui, le DPO de l'école doit être informé.",
            "Non, l'enquête sera anonyme.",
            "Enquête anonyme : pas de déclaration au registre. Droit « créateur » accordé.",
            "Vous avez maintenant le droit de créer des enquêtes. Pensez à choisir le mode "
            "anonyme dans les paramètres de votre questionnaire.",
        ),
        S(
            "Conception d'un questionnaire",
            REQUEST,
            "Question conditionnelle qui ne s'affiche pas",
            "Bonjour,\n\nDans mon questionnaire, la question 5 doit s'afficher seulement si "
            "l'on répond « Oui » à la question 4, mais elle ne s'affiche jamais dans l'aperçu.",
            "Bonjour, pouvez-vous nous partager le questionnaire en lecture (bouton « Partager » "
            "> « Équipe support ») ?",
            "C'est fait, il s'appelle « Bilan {cours} ».",
            "La condition porte sur le code de réponse « Y » alors que la question utilise "
            "« O ». Erreur de conception classique.",
            "La condition de la question 5 testait la valeur « Y » au lieu de « O ». Après "
            "correction, la question s'affiche bien.",
        ),
        S(
            "Diffusion et relances",
            INCIDENT,
            "Les invitations à l'enquête ne sont pas reçues",
            "Bonjour,\n\nJ'ai envoyé {jour} les invitations à 240 participants ; plusieurs me "
            "disent ne rien avoir reçu, même dans les indésirables.",
            "Bonjour, pouvez-vous nous transmettre l'adresse de deux participants qui n'ont "
            "rien reçu ?",
            "Oui, je vous les envoie par message séparé.",
            "Envois bloqués par le filtre anti-spam de l'école (limite de débit). Demande "
            "d'ajout en liste blanche faite au prestataire et à la messagerie.",
            "Le serveur d'envoi de l'outil a été ajouté à la liste des expéditeurs autorisés de "
            "votre école ; les invitations ont été renvoyées.",
        ),
        S(
            "Résultats et exports",
            INCIDENT,
            "Export CSV des résultats illisible",
            "Bonjour,\n\nL'export CSV des réponses de mon enquête s'ouvre dans le tableur avec "
            "des caractères bizarres à la place des accents.",
            "Bonjour, quel tableur utilisez-vous, et avez-vous choisi l'encodage à l'import ?",
            "J'utilise {tableur}, je l'ouvre par double-clic.",
            "Encodage UTF-8 sans BOM : le tableur suppose Windows-1252. Option d'export à activer.",
            "Cochez « UTF-8 avec BOM » dans les options d'export : le fichier s'ouvre alors "
            "correctement par double-clic.",
        ),
    ],
    "bot-groupe": [
        S(
            "Réponse erronée",
            INCIDENT,
            "Le bot donne une mauvaise date de fermeture de la bibliothèque",
            "Bonjour,\n\nLe bot groupe répond que la bibliothèque ferme à 22 h, alors qu'elle "
            "ferme à 19 h depuis {jour}. Des étudiants se sont déplacés pour rien.",
            "Bonjour, de quelle école s'agit-il ? Les horaires diffèrent selon les campus.",
            "La bibliothèque de notre campus, bâtiment principal.",
            "Base de réponses non mise à jour depuis le changement d'horaires. Corriger la "
            "fiche source.",
            "La réponse du bot a été corrigée avec les horaires actuels de la bibliothèque.",
        ),
        S(
            "Nouvelle question à couvrir",
            REQUEST,
            "Ajouter au bot les questions sur {sujet}",
            "Bonjour,\n\nNous recevons chaque semaine les mêmes questions sur {sujet}. Le bot "
            "pourrait-il y répondre ? Je peux fournir les réponses validées par notre service.",
            "Bonjour, pouvez-vous nous envoyer la liste des questions et réponses validées ?",
            "Voici le document avec une dizaine de questions fréquentes.",
            "Questions intégrées dans l'environnement de test, à valider avant mise en production.",
            "Les nouvelles questions sont en ligne dans le bot ; merci pour les réponses fournies.",
        ),
        S(
            "Disponibilité",
            INCIDENT,
            "Le bot affiche « service indisponible »",
            "Bonjour,\n\nDepuis ce matin, le bot groupe répond « Service momentanément "
            "indisponible » à toutes les questions.",
            "Bonjour, le problème persiste-t-il ? Pouvez-vous nous indiquer l'heure du dernier "
            "essai ?",
            "Toujours le cas à 11 h.",
            "Quota d'appels à l'API du moteur dépassé suite à une boucle de relance. Quota "
            "relevé, correctif de la relance à prévoir.",
            "Le service a été rétabli. La cause (un dépassement de quota) a été corrigée.",
        ),
    ],
    "chat-groupe": [
        S(
            "Accès et connexion",
            INCIDENT,
            "L'application de chat me déconnecte toutes les heures",
            "Bonjour,\n\nL'application de chat groupe sur {telephone} me demande de me "
            "reconnecter toutes les heures environ, ce qui est très pénible.",
            "Bonjour, avez-vous coché « rester connecté » lors de la connexion, et votre "
            "application est-elle à jour ?",
            "L'application est à jour, je n'ai pas vu l'option « rester connecté ».",
            "Durée de session mobile réduite à 1 h par erreur lors de la dernière mise à jour "
            "de configuration.",
            "La durée de session des applications mobiles avait été réduite par erreur ; elle "
            "est revenue à 30 jours.",
        ),
        S(
            "Canaux et équipes",
            REQUEST,
            "Création d'une équipe pour le projet {projet}",
            "Bonjour,\n\nPourriez-vous créer une équipe « {projet} » dans le chat groupe, avec "
            "des membres de trois écoles ? Je serai propriétaire de l'équipe.",
            "Bonjour, souhaitez-vous que l'équipe soit privée (sur invitation) ou visible de "
            "tous ?",
            "Privée, sur invitation.",
            "Équipe privée créée, propriétaire désigné.",
            "L'équipe privée « {projet} » est créée ; vous en êtes propriétaire et pouvez "
            "inviter les membres des autres écoles.",
        ),
        S(
            "Notifications",
            INCIDENT,
            "Plus aucune notification sur ordinateur",
            "Bonjour,\n\nDepuis {jour}, je ne reçois plus de notifications du chat sur mon "
            "ordinateur, seulement sur mon téléphone.",
            "Bonjour, les notifications sont-elles autorisées pour le chat dans les réglages de "
            "votre navigateur ou de votre système ?",
            "Elles étaient bloquées dans le navigateur, je les ai réactivées.",
            "Pas d'anomalie côté serveur : réglage du poste.",
            "Les notifications étaient bloquées par le navigateur. Après autorisation, elles "
            "fonctionnent de nouveau.",
        ),
        S(
            "Appels audio et vidéo",
            INCIDENT,
            "Partage d'écran impossible pendant les appels",
            "Bonjour,\n\nLors des appels vidéo, le bouton de partage d'écran ne fait rien. "
            "J'utilise {navigateur} sur un poste de l'école.",
            "Bonjour, un message d'autorisation apparaît-il dans la barre d'adresse ?",
            "Non, aucun message.",
            "Stratégie de groupe des postes de l'école qui bloque la capture d'écran. Voir avec "
            "le support de proximité.",
            "La stratégie des postes de l'école bloquait le partage d'écran ; le support de "
            "proximité l'a modifiée.",
        ),
    ],
    "gestion-de-rendez-vous": [
        S(
            "Réservation",
            INCIDENT,
            "Impossible d'annuler un rendez-vous",
            "Bonjour,\n\nJ'ai réservé un rendez-vous avec le service {service} pour {jour} mais "
            "je ne peux plus y aller. Le bouton « Annuler » renvoie une erreur.",
            "Bonjour, quel message d'erreur voyez-vous exactement ?",
            "« Annulation impossible moins de 24 h avant le rendez-vous ».",
            "Règle d'annulation configurée par le service. Comportement normal.",
            "Le service a fixé un délai d'annulation de 24 h ; votre rendez-vous a été annulé "
            "par le service à notre demande.",
        ),
        S(
            "Agendas et créneaux",
            REQUEST,
            "Ouvrir un agenda de rendez-vous pour le service {service}",
            "Bonjour,\n\nLe service {service} voudrait proposer des rendez-vous en ligne aux "
            "étudiants (créneaux de 20 minutes, le mardi et le jeudi). Comment ouvrir un "
            "agenda ?",
            "Bonjour, combien de personnes du service recevront des rendez-vous ?",
            "Deux personnes, à tour de rôle.",
            "Agenda créé avec deux ressources et les créneaux demandés.",
            "L'agenda du service est ouvert, avec des créneaux de 20 minutes le mardi et le "
            "jeudi. Vous pouvez ajuster les créneaux vous-même.",
        ),
        S(
            "Rappels par courriel",
            INCIDENT,
            "Les rappels de rendez-vous arrivent en anglais",
            "Bonjour,\n\nLes courriels de rappel envoyés aux étudiants sont en anglais, alors "
            "que notre agenda est en français.",
            "Bonjour, pouvez-vous nous transférer un exemple de rappel reçu ?",
            "Je vous transfère celui reçu hier.",
            "Modèle de courriel français absent après la mise à jour de l'outil. Signalé à Kelvox.",
            "Le modèle français des rappels a été restauré par le prestataire.",
        ),
    ],
}

GENERIC: list[Scenario] = [
    S(
        "",
        INCIDENT,
        "Le service ne répond plus depuis {jour}",
        "Bonjour,\n\nDepuis {jour}, le service affiche une page blanche après la connexion. "
        "J'utilise {navigateur}.",
        "Bonjour, le problème persiste-t-il en navigation privée ?",
        "Oui, même chose en navigation privée.",
        "Erreur serveur visible dans les journaux à la même heure.",
        "Une erreur du serveur a été corrigée ; le service fonctionne de nouveau.",
    ),
    S(
        "",
        REQUEST,
        "Demande d'accès pour une nouvelle collègue",
        "Bonjour,\n\nUne nouvelle collègue arrive dans le service {service} {jour}. Pourriez-"
        "vous lui ouvrir l'accès ?",
        "Bonjour, pouvez-vous nous donner son identifiant de l'école ?",
        "Son identifiant est celui de sa messagerie, je vous l'envoie.",
        "Accès créé avec le profil standard.",
        "L'accès de votre collègue est ouvert.",
    ),
]

FILLERS: dict[str, list[str]] = {
    "jour": [
        "lundi",
        "mardi",
        "hier",
        "ce matin",
        "vendredi dernier",
        "la rentrée",
        "le 3 du mois",
        "jeudi",
    ],
    "navigateur": ["Firefox", "Chrome", "Edge", "Safari"],
    "cours": [
        "Thermodynamique",
        "Mécanique des fluides",
        "Algorithmique avancée",
        "Anglais B2",
        "Bases de données",
        "Résistance des matériaux",
        "Électronique numérique",
        "Gestion de projet",
        "Probabilités et statistiques",
        "Chimie organique",
        "Réseaux informatiques",
        "Conception mécanique",
    ],
    "annee": [
        "1re année",
        "2e année",
        "3e année GM",
        "4e année Informatique",
        "5e année Génie civil",
        "master Matériaux",
    ],
    "departement": [
        "Génie mécanique",
        "Informatique",
        "Génie civil",
        "Génie électrique",
        "Biosciences",
        "Humanités",
    ],
    "duree": ["deux jours", "hier soir", "plus de 24 heures", "ce matin"],
    "telephone": ["Android", "iPhone", "un téléphone Samsung", "une tablette iPad"],
    "outil": [
        "la plateforme de stages",
        "l'emploi du temps",
        "la réservation de salles",
        "le service d'impression",
    ],
    "service": [
        "de la scolarité",
        "des relations internationales",
        "de la vie étudiante",
        "des stages",
        "de santé universitaire",
        "de la bibliothèque",
    ],
    "tableur": ["Excel", "LibreOffice Calc"],
    "sujet": [
        "les stages à l'étranger",
        "les bourses",
        "les inscriptions administratives",
        "le logement étudiant",
    ],
    "projet": [
        "Campus durable",
        "Hackathon INSA",
        "Réseau des bibliothèques",
        "Formation continue",
    ],
}

REQUESTER_FOLLOW_UPS = [
    "Bonjour, avez-vous pu avancer sur ma demande ? C'est assez urgent pour moi.",
    "Je me permets de relancer : le problème est toujours présent ce matin.",
    "Merci pour votre retour rapide, j'attends la suite.",
    "Une collègue rencontre exactement le même problème, si cela peut aider.",
]
STAFF_REPLIES = [
    "Bonjour, nous avons bien reçu votre demande et nous l'étudions. Nous revenons vers vous "
    "rapidement.",
    "Bonjour, nous avons reproduit le problème de notre côté ; une correction est en cours.",
    "Bonjour, merci pour ces précisions, nous poursuivons l'analyse.",
]
PROVIDER_NOTES = [
    "Ticket ouvert chez le prestataire, en attente de leur analyse.",
    "Le prestataire confirme l'anomalie et annonce un correctif sous 48 h.",
]
PROVIDER_BACK = [
    "Le prestataire a livré le correctif, vérifié en recette.",
    "Retour du prestataire : intervention réalisée sur leur infrastructure.",
]
THIRD_PARTY_WAITS = [
    "En attente de l'équipe réseau de l'école pour une vérification du pare-feu.",
    "En attente de la scolarité, qui doit valider l'inscription pédagogique.",
    "En attente de l'équipe annuaire pour corriger les attributs du compte.",
]
HANDOVER_COMMENTS = [
    "Je passe la main à un collègue plus familier de ce paramétrage.",
    "Rééquilibrage de la charge de l'équipe.",
]
REOPEN_REASONS = [
    "Le problème est revenu ce matin, exactement dans les mêmes conditions.",
    "Cela a fonctionné un jour, mais l'erreur réapparaît depuis.",
    "La solution ne fonctionne pas sur mon poste, malheureusement.",
]
REJECT_REASONS = [
    "Cette demande ne concerne pas ce service : merci de contacter le support informatique "
    "de proximité de votre école.",
    "Il s'agit d'une question pédagogique à adresser directement à l'enseignant du cours.",
    "Votre compte relève de la messagerie de l'école, qui n'est pas une brique du groupe ; "
    "adressez-vous au support de votre établissement.",
]
CANCEL_REASONS = [
    "Finalement, j'ai trouvé la solution dans la base de connaissances. Merci !",
    "Le problème a disparu de lui-même.",
    "",
]
SATISFACTION_COMMENTS = {
    4: ["Merci beaucoup, réponse rapide et claire.", "Parfait, merci à toute l'équipe !", ""],
    3: ["Merci, même si le délai a été un peu long.", "Résolu, merci.", ""],
    2: ["Résolu, mais il a fallu relancer plusieurs fois.", ""],
    1: ["Délai beaucoup trop long pour un problème bloquant.", ""],
}

# Names of the generated requesters (kept apart from the names of `portal.demo_data.people`).
FIRST_NAMES = [
    "Adèle",
    "Alexis",
    "Amandine",
    "Arthur",
    "Baptiste",
    "Bérénice",
    "Chloé",
    "Clément",
    "Damien",
    "Emma",
    "Enzo",
    "Fanny",
    "Gabriel",
    "Inès",
    "Jade",
    "Jules",
    "Karim",
    "Lina",
    "Louis",
    "Lucie",
    "Mathis",
    "Maëlle",
    "Nathan",
    "Noémie",
    "Oscar",
    "Pauline",
    "Quentin",
    "Rose",
    "Samuel",
    "Sarah",
    "Tom",
    "Yasmine",
    "Zoé",
]
LAST_NAMES = [
    "Arnaud",
    "Barbier",
    "Benard",
    "Boyer",
    "Brunet",
    "Carpentier",
    "Colin",
    "Da Silva",
    "Denis",
    "Dumont",
    "Durand",
    "Fournier",
    "Gauthier",
    "Guerin",
    "Henry",
    "Joly",
    "Lacroix",
    "Leclerc",
    "Lemaire",
    "Marchand",
    "Masson",
    "Meunier",
    "Nicolas",
    "Perrot",
    "Picard",
    "Renard",
    "Roche",
    "Roger",
    "Schmitt",
    "Vidal",
]
