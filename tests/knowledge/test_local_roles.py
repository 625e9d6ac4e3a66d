"""Who writes and who publishes a brique's articles follows its responsibility chain."""

import pytest
from wagtail.models import Page

from portal.models import ChainMember
from tests.factories import UserFactory, make_brique
from tests.helpdesk.factories import make_desk
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db


def rights(user, page):
    perms = page.permissions_for_user(user)
    return perms.can_add_subpage(), perms.can_edit(), perms.can_publish()


def test_technicians_write_and_moderators_publish_in_their_brique():
    desk = make_desk()
    article = make_article(desk.brique)
    assert rights(desk.technician, desk.brique)[0] is True
    assert rights(desk.technician, article) == (False, True, False)
    assert rights(desk.moderator, article) == (False, True, True)


def test_other_briques_and_requesters_get_nothing():
    desk = make_desk()
    other = make_brique("Scenari")
    assert rights(desk.technician, Page.objects.get(pk=other.pk)) == (False, False, False)
    assert rights(desk.requester, desk.brique) == (False, False, False)


def test_the_chain_can_give_a_technician_the_right_to_publish():
    desk = make_desk()
    ChainMember.objects.filter(user=desk.technician).update(can_publish=True)
    desk.brique.save_revision().publish()
    assert rights(desk.technician, make_article(desk.brique)) == (False, True, True)


def test_articles_go_to_the_brique_moderators_for_approval():
    desk = make_desk()
    workflow = desk.brique.get_workflow()
    assert workflow is not None
    approvers = workflow.tasks.get().specific.groups.get()
    assert set(approvers.user_set.all()) == {desk.moderator}
    article = make_article(desk.brique, publish=False, live=False)
    assert article.get_workflow() == workflow


def test_leaving_the_chain_or_unpublishing_removes_the_rights():
    desk = make_desk()
    ChainMember.objects.filter(user=desk.technician).delete()
    desk.brique.save_revision().publish()
    assert rights(desk.technician, desk.brique)[0] is False
    desk.brique.unpublish()
    assert rights(desk.moderator, desk.brique) == (False, False, False)
    assert rights(UserFactory(), desk.brique) == (False, False, False)
