"""External providers (prestataires). Fictional companies with reserved `.example` addresses."""

PROVIDERS: list[dict[str, str]] = [
    {
        "name": "Nuage Campus SAS",
        "contact_name": "Karine Delmas",
        "contact_email": "support@nuage-campus.example",
        "contact_phone": "+33 4 00 00 01 10",
        "website": "https://www.nuage-campus.example",
        "notes": "Hébergement et infogérance de Moodle (contrat groupe 2024-2027). "
        "Astreinte 24 h/24 pour les incidents critiques.",
    },
    {
        "name": "Vidéosphère",
        "contact_name": "Bruno Carrel",
        "contact_email": "assistance@videosphere.example",
        "contact_phone": "+33 1 00 00 02 20",
        "website": "https://www.videosphere.example",
        "notes": "Éditeur et hébergeur de la plateforme vidéo (diffusion, transcodage, "
        "sous-titrage automatique).",
    },
    {
        "name": "Kelvox Services",
        "contact_name": "Fatima Benali",
        "contact_email": "tickets@kelvox.example",
        "contact_phone": "+33 5 00 00 03 30",
        "website": "https://www.kelvox.example",
        "notes": "Tierce maintenance applicative de l'outil d'enquêtes et du service de "
        "gestion de rendez-vous.",
    },
    {
        "name": "Logilibre Coop",
        "contact_name": "Yann Le Goff",
        "contact_email": "contact@logilibre.example",
        "website": "https://www.logilibre.example",
        "notes": "Coopérative spécialisée dans les chaînes éditoriales Scenari : "
        "développements de modèles et support de niveau 3.",
    },
]
