"""Who may download, upload and delete attachments (the sample hangs on Huangpu's organisation record)."""

from django.contrib.contenttypes.models import ContentType

from fazhi.orgs.models import Organisation
from fazhi.testing.factories import AttachmentFactory
from fazhi.testing.walk import DENIED, GONE, HUANGPU_MANAGERS, HUANGPU_READERS, everyone, only, staff

# The sample hangs on Huangpu's organisation record: its manager, who keeps that record, reads it too.
HUANGPU_VIEWERS = only(*HUANGPU_READERS, "hp_manager", others=GONE, anonymous=GONE)

EXPECT = {
    "attachments:download": ("get", HUANGPU_VIEWERS),
    "attachments_console:upload": ("post", staff),  # refusals come back as messages on the redirect
    "attachments_console:delete": (
        "post",
        only(*HUANGPU_MANAGERS, "hp_justice", "office", others=GONE, citizen=DENIED),
    ),
    "api:attachment-list": ("get", everyone),
    "api:attachment-detail": ("get", HUANGPU_VIEWERS),
    "api:attachment-download": ("get", HUANGPU_VIEWERS),
}
DESTRUCTIVE = {"attachments_console:delete"}


def samples(users):
    huangpu = Organisation.objects.get(code="310101")
    attachment = AttachmentFactory(organisation=huangpu, object_id=str(huangpu.pk))
    org_ct = ContentType.objects.get_for_model(Organisation)
    return {
        "attachments:download": {"uid": attachment.uid},
        "attachments_console:upload": {"target_type": f"{org_ct.app_label}.{org_ct.model}", "target_id": "310101"},
        "attachments_console:delete": {"uid": attachment.uid},
        "api:attachment-detail": {"uid": attachment.uid},
        "api:attachment-download": {"uid": attachment.uid},
    }
