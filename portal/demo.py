"""Demo accounts, shown on the sign-in page in demo mode only (GUICHET_DEMO)."""

from django.utils.translation import gettext_lazy as _

DEMO_PASSWORD = "guichet-demo"

# (username, role label, what they can try)
DEMO_ACCOUNTS = [
    ("etudiant", _("requester (student)"), _("Browse briques and file tickets.")),
    ("enseignant", _("requester (teacher-researcher)"), _("Browse briques and file tickets.")),
    ("personnel", _("requester (administrative staff)"), _("Browse briques and file tickets.")),
    ("moderateur", _("moderator"), _("Qualify and dispatch the tickets of Moodle and Scenari.")),
    ("technicien", _("technician"), _("Treat tickets and write knowledge articles.")),
    ("admin-fonctionnel", _("functional admin"), _("Edit briques, chains and service levels.")),
    ("admin-technique", _("technical admin"), _("Manage users, groups and sites.")),
]
