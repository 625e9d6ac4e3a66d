"""Pages of the public site for requesters. Staff work in the Wagtail admin, not here."""
