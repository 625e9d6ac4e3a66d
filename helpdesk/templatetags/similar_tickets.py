from django import template

from ..similar import matching_articles, similar_tickets

register = template.Library()


@register.simple_tag(takes_context=True)
def similar_for_ticket(context, ticket) -> dict:
    """`{% similar_for_ticket ticket as similar %}`: `similar.tickets` (other tickets the
    reader sees) and `similar.articles` (published articles they may read)."""
    user = context["request"].user
    return {
        "tickets": similar_tickets(ticket, user),
        "articles": matching_articles(ticket, user),
    }
