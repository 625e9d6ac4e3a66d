"""Demo people: one account per profile of the brief (see `portal.demo.DEMO_ACCOUNTS`) and a
few colleagues so that the responsibility chains look like a real group service.

E-mail addresses are made by `portal.demo.demo_email` with the reserved `.example` top-level
domain. Each person's school is set here, so nothing depends on recognising their domain.
"""

from ..models import Affiliation
from ..roles import Role

# Keys: username, first_name, last_name, establishment (short code), affiliation, and
# optionally roles granted directly (admins; moderators and technicians get theirs from chains).
PEOPLE: list[dict] = [
    # One account per profile.
    {
        "username": "etudiant",
        "first_name": "Léa",
        "last_name": "Martin",
        "establishment": "rennes",
        "affiliation": Affiliation.STUDENT,
    },
    {
        "username": "enseignant",
        "first_name": "Thomas",
        "last_name": "Bernard",
        "establishment": "lyon",
        "affiliation": Affiliation.FACULTY,
    },
    {
        "username": "personnel",
        "first_name": "Sophie",
        "last_name": "Dubois",
        "establishment": "toulouse",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "moderateur",
        "first_name": "Nicolas",
        "last_name": "Petit",
        "establishment": "lyon",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "technicien",
        "first_name": "Julien",
        "last_name": "Roux",
        "establishment": "rouen",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "admin-fonctionnel",
        "first_name": "Claire",
        "last_name": "Fontaine",
        "establishment": "lyon",
        "affiliation": Affiliation.STAFF,
        "roles": [Role.FUNCTIONAL_ADMIN],
    },
    # Not a superuser: the technical admins' group grants users, groups, sites and redirects,
    # which is their job in the web admin; a superuser would hide gaps in that permission
    # model, and installation, upgrades and backups happen on the server, not in the admin.
    # Nobody needs is_staff either: Django's own admin site is not served.
    {
        "username": "admin-technique",
        "first_name": "Marc",
        "last_name": "Lefebvre",
        "establishment": "strasbourg",
        "affiliation": Affiliation.STAFF,
        "roles": [Role.TECHNICAL_ADMIN],
    },
    # Brique owners.
    {
        "username": "anne.rousseau",
        "first_name": "Anne",
        "last_name": "Rousseau",
        "establishment": "lyon",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "olivier.blanc",
        "first_name": "Olivier",
        "last_name": "Blanc",
        "establishment": "toulouse",
        "affiliation": Affiliation.STAFF,
    },
    # A second moderator and two more technicians for the group-wide briques.
    {
        "username": "isabelle.garnier",
        "first_name": "Isabelle",
        "last_name": "Garnier",
        "establishment": "toulouse",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "sebastien.morel",
        "first_name": "Sébastien",
        "last_name": "Morel",
        "establishment": "lyon",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "aurelie.chevalier",
        "first_name": "Aurélie",
        "last_name": "Chevalier",
        "establishment": "rennes",
        "affiliation": Affiliation.STAFF,
    },
    # Moodle's local technicians: each school treats its own users' Moodle tickets.
    {
        "username": "antoine.girard",
        "first_name": "Antoine",
        "last_name": "Girard",
        "establishment": "cvl",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "camille.lambert",
        "first_name": "Camille",
        "last_name": "Lambert",
        "establishment": "hdf",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "hugo.bonnet",
        "first_name": "Hugo",
        "last_name": "Bonnet",
        "establishment": "lyon",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "manon.francois",
        "first_name": "Manon",
        "last_name": "François",
        "establishment": "rennes",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "elodie.mercier",
        "first_name": "Élodie",
        "last_name": "Mercier",
        "establishment": "rouen",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "pierre.muller",
        "first_name": "Pierre",
        "last_name": "Muller",
        "establishment": "strasbourg",
        "affiliation": Affiliation.STAFF,
    },
    {
        "username": "laura.fabre",
        "first_name": "Laura",
        "last_name": "Fabre",
        "establishment": "toulouse",
        "affiliation": Affiliation.STAFF,
    },
]

# The school-specific Moodle technicians, by school short code.
MOODLE_LOCAL_TECHNICIANS: dict[str, str] = {
    "cvl": "antoine.girard",
    "hdf": "camille.lambert",
    "lyon": "hugo.bonnet",
    "rennes": "manon.francois",
    "rouen": "elodie.mercier",
    "strasbourg": "pierre.muller",
    "toulouse": "laura.fabre",
}
