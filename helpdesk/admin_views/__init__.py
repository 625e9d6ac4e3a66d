"""The staff back-office, inside the Wagtail admin: queues, bulk actions, the ticket screen and
the process chart. Views are thin: forms validate, `helpdesk.services` act."""
