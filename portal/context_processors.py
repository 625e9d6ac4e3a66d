from django.conf import settings


def guichet(request):
    """Values every page layout needs."""
    return {
        "GUICHET_DEMO": settings.GUICHET_DEMO,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
    }
