"""Portal data: who people are, which schools and briques exist, and who answers for what."""

from .accounts import Affiliation, User
from .api_tokens import ApiToken, ApiTokenScope
from .calendars import BusinessCalendar, ClosurePeriod, OpeningHours
from .chain import BriqueProvider, Category, ChainMember, ChainRole, Priority, SlaTarget
from .establishments import Establishment, Provider
from .pages import BriqueIndexPage, BriquePage, BriqueStatus, HomePage
from .sessions import UserSession

__all__ = [
    "Affiliation",
    "ApiToken",
    "ApiTokenScope",
    "BriqueIndexPage",
    "BriquePage",
    "BriqueProvider",
    "BriqueStatus",
    "BusinessCalendar",
    "Category",
    "ChainMember",
    "ChainRole",
    "ClosurePeriod",
    "Establishment",
    "HomePage",
    "OpeningHours",
    "Priority",
    "Provider",
    "SlaTarget",
    "User",
    "UserSession",
]
