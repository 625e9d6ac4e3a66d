"""The tickets part of the REST API (/api/v1/tickets/, /api/v1/staff/...).

Views stay thin: serializers check the input's shape, `helpdesk.services` act, and
`helpdesk.policies` decide who may do what, exactly as for the pages. A ticket the caller
may not see answers 404 whatever the endpoint.
"""
