"""The ticket lifecycle as a Viewflow process.

Every step is a `Handle`: it is completed by a service function in `helpdesk.services`
(submission, qualification, resolution, confirmation...), never by a generic flow view, so the
same rules apply whether the change comes from a page, the API, an e-mail or a timer. Steps that
do not move the ticket along the chart (replies, notes, putting on hold, escalating to a
provider, reassigning) are recorded in the ticket history while the `treat` task stays open.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from .models import TicketProcess, TicketStatus


def _status_is(*statuses: str):
    def condition(activation) -> bool:
        return activation.process.ticket.status in statuses

    return condition


class TicketFlow(flow.Flow):
    """From submission to closure, in iTop's words: new → assigned (⇄ pending) → resolved →
    closed, with rejection, cancellation and reopening."""

    process_class = TicketProcess
    process_title = _("Ticket")
    process_description = _("A request for help about a brique, from submission to closure.")

    submit = (
        flow.StartHandle(this.start_ticket).Annotation(title=_("Submit a ticket")).Next(this.triage)
    )
    triage = (
        flow.Handle()
        .Annotation(title=_("Qualify and dispatch (moderator)"))
        .Next(this.after_triage)
    )
    after_triage = (
        flow.Switch()
        .Annotation(title=_("Accepted?"))
        .Case(this.treat, _status_is(TicketStatus.ASSIGNED))
        .Default(this.end)
    )
    treat = (
        flow.Handle()
        .Annotation(title=_("Treat: reply, put on hold, escalate, resolve (technician)"))
        .Next(this.after_treatment)
    )
    after_treatment = (
        flow.Switch()
        .Annotation(title=_("Resolved?"))
        .Case(this.confirm, _status_is(TicketStatus.RESOLVED))
        .Default(this.end)
    )
    confirm = (
        flow.Handle()
        .Annotation(title=_("Confirm or reopen (requester)"))
        .Next(this.after_confirmation)
    )
    after_confirmation = (
        flow.Switch()
        .Annotation(title=_("Reopened?"))
        .Case(this.treat, _status_is(TicketStatus.ASSIGNED))
        .Default(this.end)
    )
    end = flow.End().Annotation(title=_("Closed"))

    def start_ticket(self, activation, ticket):
        activation.process.save()
        ticket.process = activation.process
        ticket.save(update_fields=["process"])
        return ticket
