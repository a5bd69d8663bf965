"""Demo data for a development installation: contact points under real streets and one open consultation.

Only 虹桥街道基层立法联系点 is a contact point in the reference data (data/orgs/bodies.csv). For the demo, a few
real streets' offices are made contact points too, so that the demo account of 南京东路街道 (njdl_handler) can
enter offline comments. None of this is reference data: ``fazhi consultation demo`` creates it on request.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.consultation.choices import ConsultationStatus
from fazhi.consultation.models import Consultation
from fazhi.consultation.services import consultation_open, consultation_save
from fazhi.core.context import acting
from fazhi.orgs.choices import BodyType, OrganisationKind
from fazhi.orgs.models import Organisation

#: (street code, name) of the demo contact points.
DEMO_CONTACT_POINTS = (
    ("310101002", "南京东路街道基层立法联系点"),
    ("310101013", "外滩街道基层立法联系点"),
    ("310104004", "湖南路街道基层立法联系点"),
)
DEMO_TITLE = "上海市社会救助条例（修订草案）"
DEMO_SOURCE = (
    settings.DATA_DIR / "laws" / "DLC" / "上海地方法规" / "地方性法规" / "上海" / "上海市社会救助条例(2018-11-22).md"
)


def load_demo() -> tuple[int, bool]:
    """Create what does not exist yet; returns (contact points made, whether the consultation was made)."""
    made = 0
    with acting(source="cli", action="consultation.demo"), transaction.atomic():
        for street, name in DEMO_CONTACT_POINTS:
            parent = Organisation.objects.filter(code=street).first()
            if parent is None:
                continue
            _point, created = Organisation.objects.get_or_create(
                code=f"{street}-LXD",
                defaults={
                    "name": name,
                    "kind": OrganisationKind.BODY,
                    "body_type": BodyType.LEGISLATIVE_CONTACT_POINT,
                    "parent": parent,
                },
            )
            made += created
        if Consultation.objects.filter(title=DEMO_TITLE).exists():
            return made, False
        body = DEMO_SOURCE.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[-1]
        today = timezone.localdate()
        consultation = consultation_save(
            consultation=Consultation(
                title=DEMO_TITLE,
                organisation=Organisation.objects.get(code="31-SFJ"),
                explanation="为进一步完善本市社会救助制度，起草了本修订草案，现公开征求意见。",
                draft_text="\n".join(line.lstrip("#").strip() for line in body.splitlines()),
                opens_on=today - dt.timedelta(days=3),
                closes_on=today + dt.timedelta(days=27),
                status=ConsultationStatus.DRAFT,
            ),
            user=None,
        )
        consultation_open(consultation=consultation, user=None)
    return made, True
