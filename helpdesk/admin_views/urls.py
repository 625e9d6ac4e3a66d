from django.urls import path

from .bulk import bulk_action
from .chart import ChartView
from .queues import QueueView, tickets_home
from .ticket import TicketView

app_name = "helpdesk_admin"

urlpatterns = [
    path("", tickets_home, name="home"),
    path("queue/<slug:slug>/", QueueView.as_view(), name="queue"),
    path("bulk/", bulk_action, name="bulk"),
    path("chart/", ChartView.as_view(), name="chart"),
    path("<str:reference>/", TicketView.as_view(), name="ticket"),
    path("<str:reference>/chart/", ChartView.as_view(), name="ticket_chart"),
]
