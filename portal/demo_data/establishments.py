"""The seven schools of Groupe INSA.

E-mail domains are the schools' real ones: the portal uses them to recognise a person's school
when the identity provider does not say it. Claim values follow the SupAnn convention
(`{UAI}` + the school's UAI code, as sent in `supannEtablissement`) plus the
`schacHomeOrganization` domain; they are plausible, and the federation's real values are to be
checked before production.
"""

ESTABLISHMENTS: list[dict[str, str]] = [
    {
        "name": "INSA Centre Val de Loire",
        "short_code": "cvl",
        "email_domains": "insa-cvl.fr",
        "idp_claim_values": "{UAI}0180974L\ninsa-cvl.fr",
    },
    {
        "name": "INSA Hauts-de-France",
        "short_code": "hdf",
        "email_domains": "insa-hdf.fr\nuphf.fr",
        "idp_claim_values": "{UAI}0597179U\ninsa-hdf.fr",
    },
    {
        "name": "INSA Lyon",
        "short_code": "lyon",
        "email_domains": "insa-lyon.fr",
        "idp_claim_values": "{UAI}0690192J\ninsa-lyon.fr",
    },
    {
        "name": "INSA Rennes",
        "short_code": "rennes",
        "email_domains": "insa-rennes.fr",
        "idp_claim_values": "{UAI}0350097R\ninsa-rennes.fr",
    },
    {
        "name": "INSA Rouen Normandie",
        "short_code": "rouen",
        "email_domains": "insa-rouen.fr",
        "idp_claim_values": "{UAI}0760165S\ninsa-rouen.fr",
    },
    {
        "name": "INSA Strasbourg",
        "short_code": "strasbourg",
        "email_domains": "insa-strasbourg.fr",
        "idp_claim_values": "{UAI}0670190T\ninsa-strasbourg.fr",
    },
    {
        "name": "INSA Toulouse",
        "short_code": "toulouse",
        "email_domains": "insa-toulouse.fr",
        "idp_claim_values": "{UAI}0310152F\ninsa-toulouse.fr",
    },
]
