"""State changes of accounts: identity from the provider's claims, the school chosen once."""

from django.db import transaction

from ..models import Establishment, User


@transaction.atomic
def choose_establishment(user: User, establishment: Establishment) -> None:
    """The person picks their school because the identity provider did not say it. Once only."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.establishment_id is not None or locked.establishment_chosen:
        raise ValueError("The establishment is already set.")
    locked.establishment = establishment
    locked.establishment_chosen = True
    locked.save(update_fields=["establishment", "establishment_chosen"])
    user.establishment = establishment
    user.establishment_chosen = True
