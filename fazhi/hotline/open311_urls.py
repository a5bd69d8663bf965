from django.urls import re_path

from fazhi.hotline import open311
from fazhi.hotline.open311 import FORMATS

app_name = "open311"
urlpatterns = [
    re_path(rf"^discovery\.(?P<fmt>{FORMATS})$", open311.DiscoveryView.as_view(), name="discovery"),
    re_path(rf"^v2/services\.(?P<fmt>{FORMATS})$", open311.ServiceListView.as_view(), name="services"),
    re_path(
        rf"^v2/services/(?P<code>[\w-]+)\.(?P<fmt>{FORMATS})$",
        open311.ServiceDefinitionView.as_view(),
        name="service",
    ),
    re_path(rf"^v2/requests\.(?P<fmt>{FORMATS})$", open311.RequestListView.as_view(), name="requests"),
    re_path(
        rf"^v2/requests/(?P<request_id>[\w-]+)\.(?P<fmt>{FORMATS})$",
        open311.RequestDetailView.as_view(),
        name="request",
    ),
    re_path(rf"^v2/tokens/(?P<token>[\w-]+)\.(?P<fmt>{FORMATS})$", open311.TokenView.as_view(), name="token"),
    # Anything else under /open311/ (an unknown path or format): GeoReport's error list, not the HTML 404 page.
    re_path(r"^(?P<rest>.*)$", open311.UnknownView.as_view(), name="unknown"),
]
