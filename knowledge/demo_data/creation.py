"""Scenari (course material) and the video platform."""

ARTICLES = [
    {
        "brique": "scenari",
        "slug": "publication-web-echoue",
        "title": "La publication web d'un module Scenari échoue",
        "summary": "Lire le journal de génération et corriger les ressources manquantes.",
        "audience": "staff",
        "symptoms": "<p>La génération s'arrête avec « Échec de la publication » ou produit un "
        "site sans images.</p>",
        "cause": "<p>Un fichier référencé a été renommé ou supprimé de l'atelier, ou une image "
        "dépasse 20 Mo.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Ouvrez l'onglet « Publications » et cliquez sur le journal de la "
                    "dernière génération.",
                    "Repérez les lignes « ressource introuvable ».",
                    "Rétablissez le fichier ou retirez la référence, puis relancez la génération.",
                ],
            ),
        ],
        "tags": ["publication", "génération", "site web"],
        "reviewed": 50,
        "due": 310,
        "tickets": "La publication web de mon module",
    },
    {
        "brique": "scenari",
        "slug": "export-pdf-scenari",
        "title": "Exporter un support Scenari en PDF",
        "summary": "Produire une version imprimable d'un module Opale et régler sa mise en page.",
        "audience": "staff",
        "symptoms": "<p>Vous avez besoin d'un document imprimable ou le PDF coupe les "
        "tableaux.</p>",
        "cause": "<p>Le PDF dépend du modèle documentaire ; les tableaux larges doivent être "
        "marqués « paysage ».</p>",
        "resolution": [
            (
                "steps",
                [
                    "Sélectionnez le module, puis Publications › « Papier (PDF) ».",
                    "Marquez les tableaux larges avec l'option « Orientation paysage ».",
                    "Générez, puis téléchargez le fichier depuis la zone de publication.",
                ],
            ),
        ],
        "tags": ["export", "PDF", "impression"],
        "related": ["publication-web-echoue"],
        "reviewed": 100,
        "due": 260,
    },
    {
        "brique": "scenari",
        "slug": "export-scorm-moodle",
        "title": "Publier un module Scenari dans Moodle (SCORM)",
        "summary": "Générer un paquet SCORM et le déposer comme activité de cours.",
        "audience": "staff",
        "symptoms": "<p>Vous voulez suivre la progression des étudiants dans un module Scenari "
        "depuis Moodle.</p>",
        "cause": "<p>Seule la publication SCORM 2004 transmet la progression à Moodle.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Publications › « SCORM 2004 » › Générer.",
                    "Téléchargez le fichier .zip.",
                    "Dans Moodle : Ajouter une activité › Paquetage SCORM › déposer le fichier.",
                ],
            ),
            ("info", "Chaque mise à jour du module demande de déposer le nouveau paquet."),
        ],
        "tags": ["SCORM", "Moodle", "export"],
        "reviewed": 30,
        "due": 330,
    },
    {
        "brique": "scenari",
        "slug": "atelier-invisible",
        "title": "L'atelier de mon équipe n'apparaît plus",
        "summary": "Droits sur un atelier partagé : qui peut les rétablir.",
        "audience": "staff",
        "symptoms": "<p>La liste des ateliers est vide ou l'atelier partagé a disparu.</p>",
        "cause": "<p>Les droits sont donnés par le responsable de l'atelier ; un changement de "
        "compte (arrivée d'une nouvelle école) les fait perdre.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Demandez au responsable de l'atelier de vous ajouter de nouveau.",
                    "À défaut, faites une demande « Accès et connexion » en donnant le nom "
                    "de l'atelier.",
                ],
            ),
        ],
        "tags": ["atelier", "droits"],
        "reviewed": 420,
        "due": -60,
        "tickets": "Je ne vois plus l'atelier",
    },
    {
        "brique": "scenari",
        "slug": "ouvrir-atelier-scenari",
        "title": "Obtenir un atelier Scenari pour une équipe",
        "summary": "Ce qu'il faut préciser pour qu'un atelier soit ouvert rapidement.",
        "audience": "staff",
        "symptoms": "<p>Votre équipe veut rédiger ses supports avec Scenari.</p>",
        "cause": "<p>Les ateliers sont ouverts à la demande, avec un modèle documentaire.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Choisissez le modèle (Opale pour les cours, Dokiel pour les documentations).",
                    "Faites une demande « Demande d'atelier » avec la liste des membres.",
                ],
            ),
        ],
        "tags": ["atelier", "Opale"],
        "reviewed": 10,
        "due": 355,
        "tickets": "Ouverture d'un atelier Scenari",
    },
    {
        "brique": "plateforme-video",
        "slug": "taille-maximale-video",
        "title": "Taille maximale d'une vidéo et téléversement interrompu",
        "summary": "Les vidéos sont limitées à 4 Go et 3 heures : comment réduire un fichier "
        "trop lourd.",
        "audience": "everyone",
        "symptoms": "<p>Le téléversement s'arrête à 100 % ou affiche « Fichier trop "
        "volumineux ».</p>",
        "cause": "<p>La plateforme refuse les fichiers de plus de 4 Go ; une connexion Wi-Fi "
        "instable interrompt les gros envois.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Vérifiez la taille du fichier (clic droit › Propriétés).",
                    "Réduisez-le avec HandBrake, préréglage « Fast 1080p30 ».",
                    "Téléversez depuis une connexion filaire si possible.",
                ],
            ),
            ("warning", "Ne fermez pas l'onglet avant la fin de l'envoi."),
        ],
        "tags": ["téléversement", "taille", "vidéo"],
        "reviewed": 25,
        "due": 340,
    },
    {
        "brique": "plateforme-video",
        "slug": "formats-video-acceptes",
        "title": "Formats de vidéo acceptés",
        "summary": "MP4 (H.264) de préférence ; les autres formats sont convertis, plus lentement.",
        "audience": "everyone",
        "symptoms": "<p>La vidéo reste « en traitement » ou le son manque après conversion.</p>",
        "cause": "<p>Les formats MOV ou AVI avec des codecs rares sont transcodés lentement, "
        "parfois sans le son.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Exportez en MP4 (H.264, son AAC) depuis votre logiciel de montage.",
                    "Évitez les fichiers issus directement d'un téléphone en HEVC.",
                    "Si la vidéo reste « en traitement » plus de 2 heures, faites une demande.",
                ],
            ),
        ],
        "tags": ["format", "MP4", "transcodage"],
        "related": ["taille-maximale-video"],
        "reviewed": 80,
        "due": 280,
        "tickets": "Vidéo bloquée « en traitement »",
    },
    {
        "brique": "plateforme-video",
        "slug": "sous-titres-video",
        "title": "Ajouter ou corriger les sous-titres d'une vidéo",
        "summary": "Sous-titres automatiques, correction et dépôt d'un fichier WebVTT pour "
        "l'accessibilité.",
        "audience": "staff",
        "symptoms": "<p>Les sous-titres automatiques contiennent des erreurs ou sont absents.</p>",
        "cause": "<p>La transcription automatique se trompe sur les termes techniques et les "
        "noms propres.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Ouvrez la vidéo › Sous-titres › « Modifier la transcription ».",
                    "Corrigez le texte ; les horodatages sont conservés.",
                    "Ou déposez un fichier .vtt préparé ailleurs.",
                ],
            ),
            ("info", "Des sous-titres relus sont exigés par le RGAA pour les cours en ligne."),
        ],
        "tags": ["sous-titres", "accessibilité", "WebVTT"],
        "reviewed": 45,
        "due": 315,
        "tickets": "Correction des sous-titres",
    },
    {
        "brique": "plateforme-video",
        "slug": "video-moodle-acces-refuse",
        "title": "Vidéo intégrée dans Moodle : « accès refusé »",
        "summary": "Régler la visibilité de la vidéo pour qu'elle se lise dans un cours.",
        "audience": "everyone",
        "symptoms": "<p>Le lecteur intégré dans Moodle affiche « accès refusé ».</p>",
        "cause": "<p>La vidéo est en visibilité « privée » : seul son propriétaire peut la "
        "lire.</p>",
        "resolution": [
            (
                "steps",
                [
                    "Sur la plateforme vidéo, ouvrez les paramètres de la vidéo.",
                    "Choisissez la visibilité « Groupe INSA (connectés) ».",
                    "Rechargez la page du cours Moodle.",
                ],
            ),
        ],
        "tags": ["Moodle", "intégration", "visibilité"],
        "related": ["formats-video-acceptes"],
        "reviewed": 70,
        "due": 290,
        "tickets": "La vidéo intégrée dans Moodle",
    },
    {
        "brique": "plateforme-video",
        "slug": "transcodage-bloque-interne",
        "title": "Relancer un transcodage bloqué",
        "summary": "Procédure interne : relancer la file de transcodage et purger les tâches "
        "en erreur.",
        "audience": "technicians",
        "symptoms": "<p>Plusieurs vidéos restent « en traitement » depuis des heures.</p>",
        "cause": "<p>Un nœud de transcodage ne répond plus ; la file garde ses tâches.</p>",
        "resolution": [
            ("code", "sudo systemctl restart video-encode@*\nvideoctl queue --retry-failed"),
            ("warning", "Prévenir le prestataire si le redémarrage ne suffit pas."),
        ],
        "tags": ["transcodage", "exploitation"],
        "related": ["formats-video-acceptes"],
        "reviewed": 15,
        "due": 75,
        "tickets": "Vidéo bloquée « en traitement »",
    },
]
