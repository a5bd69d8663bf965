"""The credit API (``/api/v1/credit/…``), one router per part."""

from fazhi.credit.api import urls_measures, urls_public, urls_records, urls_rights

urlpatterns = [
    *urls_records.router.urls,
    *urls_records.urlpatterns,
    *urls_measures.router.urls,
    *urls_measures.urlpatterns,
    *urls_rights.router.urls,
    *urls_rights.urlpatterns,
    *urls_public.router.urls,
    *urls_public.urlpatterns,
]
