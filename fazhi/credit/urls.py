"""Public and citizen pages of the credit platform (``/credit/``), one list per part."""

from fazhi.credit import urls_measures, urls_public, urls_records, urls_rights

app_name = "credit"
urlpatterns = [
    *urls_public.urlpatterns,
    *urls_records.urlpatterns,
    *urls_rights.urlpatterns,
    *urls_measures.urlpatterns,
]
