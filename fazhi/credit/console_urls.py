"""Staff pages of the credit platform (``/console/credit/``), one list per part."""

from fazhi.credit import console_urls_measures, console_urls_public, console_urls_records, console_urls_rights

app_name = "credit_console"
urlpatterns = [
    *console_urls_records.urlpatterns,
    *console_urls_measures.urlpatterns,
    *console_urls_rights.urlpatterns,
    *console_urls_public.urlpatterns,
]
