"""Service levels: business-hours arithmetic (`business_hours`, pure functions), the clocks
stored on each ticket (`clock`, called by the ticket services), the state read from those
fields (`state`, in Python or in the database) and the periodic escalation (`escalation`)."""
