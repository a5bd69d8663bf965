from rest_framework.routers import SimpleRouter

from fazhi.audit.api.views import AuditEntryViewSet

router = SimpleRouter()
router.register("audit-entries", AuditEntryViewSet, basename="auditentry")
urlpatterns = router.urls
