"""Portal data: who people are, which schools and briques exist, and who answers for what."""

from .accounts import Affiliation, User
from .chain import BriqueProvider, Category, ChainMember, ChainRole, Priority, SlaTarget
from .establishments import Establishment, Provider
from .pages import BriqueIndexPage, BriquePage, BriqueStatus, HomePage

__all__ = [
    "Affiliation",
    "BriqueIndexPage",
    "BriquePage",
    "BriqueProvider",
    "BriqueStatus",
    "Category",
    "ChainMember",
    "ChainRole",
    "Establishment",
    "HomePage",
    "Priority",
    "Provider",
    "SlaTarget",
    "User",
]
