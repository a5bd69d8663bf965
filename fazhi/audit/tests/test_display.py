"""Issue #20 (3): the audit console filters by names and shows operations, people and fields in Chinese."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from fazhi.audit.display import action_label, field_labels
from fazhi.audit.models import AuditEntry
from fazhi.audit.services import seal_pending
from fazhi.core.context import acting
from fazhi.orgs.models import Organisation
from fazhi.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _rename(org, name):
    org.name = name
    org.save()


def test_actions_and_fields_read_in_chinese():
    org_type = ContentType.objects.get_for_model(Organisation)

    with translation.override("zh-hans"):
        assert [str(action_label(a)) for a in ("create", "update", "delete", "export")] == [
            "新建",
            "修改",
            "删除",
            "导出",
        ]
        assert str(action_label("demo.year")) == "载入演示数据"
        assert str(action_label("something.internal")) == "其他操作"  # never the code
        labels = field_labels(org_type.pk, ["name", "parent_id", "no_such_column"])
        assert "name" not in labels and "parent_id" not in labels and "已停用的字段" in labels
        assert set(field_labels(org_type.pk, ["step", "state"])) == {"办理步骤", "当时状态"}  # a refused step's details


def test_the_list_filters_by_name_and_shows_operations_in_chinese(demo_users, client_for):
    huangpu = Organisation.objects.get(code="310101")
    with acting(user=demo_users["hp_manager"], source="web"):
        mine = OrganisationFactory(name="甲单位", parent=huangpu)
        _rename(mine, "甲单位(改)")
    with acting(user=demo_users["office"], source="web"):
        OrganisationFactory(name="乙单位", parent=huangpu)
    admin = client_for("admin")

    page = admin.get("/console/audit/", {"user": "黄浦区 管理员"}).content.decode()
    assert "甲单位" in page and "乙单位" not in page
    assert "新建" in page and "修改" in page and ">create<" not in page and ">update<" not in page
    assert "黄浦区 管理员" in page and ">hp_manager<" not in page  # the person's name, not the account

    page = admin.get("/console/audit/", {"organisation": "乙单位"}).content.decode()
    assert "乙单位" in page and "甲单位" not in page

    page = admin.get("/console/audit/", {"action": "update", "object_type": "orgs.organisation"}).content.decode()
    assert "甲单位(改)" in page and "乙单位" not in page

    form = admin.get("/console/audit/").content.decode()
    assert 'name="user_id"' not in form and 'name="organisation_id"' not in form  # no numeric ids to type
    assert 'name="user"' in form and 'name="organisation"' in form

    # The detail page labels the changed fields.
    seal_pending()
    seq = AuditEntry.objects.filter(action="update", object_id=str(mine.pk)).values_list("seq", flat=True).first()
    detail = admin.get(f"/console/audit/{seq}/").content.decode()
    assert "<td>name</td>" not in detail and "<td>名称</td>" in detail and "修改" in detail


def test_bad_filter_values_are_a_clear_answer_not_a_500(demo_users, client_for):
    response = client_for("admin").get("/console/audit/", {"action": "<script>", "object_type": "nope"})
    assert response.status_code in (200, 400)
