"""Demo content as plain Python data, in French as users would write it.

`portal.demo` turns it into rows and pages; later issues add their own modules here (tickets,
articles) and their own steps there. Nothing in this package touches the database.
"""
