from knowledge.models import ArticlePage, Audience


def make_article(brique, title="Réinitialiser son mot de passe Moodle", publish=True, **fields):
    fields.setdefault("summary", "Que faire quand Moodle refuse votre mot de passe.")
    fields.setdefault("audience", Audience.EVERYONE)
    fields.setdefault("slug", title.lower().replace(" ", "-")[:50])
    article = brique.add_child(instance=ArticlePage(title=title, **fields))
    if publish:
        article.save_revision().publish()
    return article
