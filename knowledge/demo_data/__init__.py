"""French texts of the demo knowledge base, one module per family of briques.

Each article is a dict: brique (slug), slug, title, summary, audience, symptoms, cause (HTML),
resolution (a list of ("text", html) / ("steps", [html…]) / ("warning", html) /
("info", html) / ("code", text) blocks), tags, related (slugs of other demo articles),
reviewed (days ago), due (days from the load; negative: past due, listed "à revoir"), and
optionally tickets: the start of the title of demo tickets of that brique this article was
written from (the first resolved one becomes its source ticket) and helped solve (a few more).
"""

from .creation import ARTICLES as CREATION
from .moodle import ARTICLES as MOODLE
from .services import ARTICLES as SERVICES

ARTICLES: list[dict] = [*MOODLE, *CREATION, *SERVICES]
