from django import template

from ..helped import helped_count as count_helped

register = template.Library()


@register.simple_tag
def helped_count(article) -> int:
    """`{% helped_count page as n %}`: tickets this article helped solve."""
    return count_helped(article)
