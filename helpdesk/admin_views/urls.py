from django.urls import path

from .bulk import bulk_action
from .chart import ChartView
from .problems import ProblemView, problem_create, problem_list
from .queues import QueueView, tickets_home
from .report_exports import report_export
from .reports import reports
from .ticket import TicketView

app_name = "helpdesk_admin"

urlpatterns = [
    path("", tickets_home, name="home"),
    path("queue/<slug:slug>/", QueueView.as_view(), name="queue"),
    path("bulk/", bulk_action, name="bulk"),
    path("chart/", ChartView.as_view(), name="chart"),
    path("problemes/", problem_list, name="problems"),
    path("problemes/nouveau/", problem_create, name="problem_new"),
    path("problemes/<str:reference>/", ProblemView.as_view(), name="problem"),
    path("rapports/", reports, name="reports"),
    path("rapports/export/", report_export, name="report_export"),
    path("<str:reference>/", TicketView.as_view(), name="ticket"),
    path("<str:reference>/chart/", ChartView.as_view(), name="ticket_chart"),
]
