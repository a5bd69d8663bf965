"""The foundation's main journeys in a real browser: a citizen registers and logs in; staff log in and see only
their own scope."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.browser


def log_in(page, base: str, login: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("手机号码、电子邮箱或用户名").fill(login)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def log_out(page) -> None:
    page.get_by_role("button", name="退出").click()


def test_citizen_registers_logs_in_and_sees_only_their_pages(page, live_server, reference_data):
    base = live_server.url
    page.goto(f"{base}/")
    assert "上海法治社会建设平台" in page.content()
    page.get_by_role("link", name="注册").first.click()
    page.get_by_label("我们如何称呼您?").fill("王五")
    page.get_by_label("手机号码").fill("13611112222")
    page.locator("#id_password1").fill("Wangwu-法治-2025")
    page.get_by_label("再次输入密码").fill("Wangwu-法治-2025")
    page.get_by_label(re.compile("我同意")).check()
    page.get_by_role("button", name="创建账户").click()
    page.wait_for_url(f"{base}/accounts/")
    assert "您好,王五" in page.content()
    assert page.get_by_role("link", name="工作台").count() == 0  # citizens have no console
    log_out(page)

    log_in(page, base, "136 1111 2222", "Wangwu-法治-2025")
    page.wait_for_url(f"{base}/my/matters/")  # citizens land on 我的办件
    page.goto(f"{base}/console/")
    assert "无权访问" in page.content()
    page.goto(f"{base}/orgs/310101/")
    assert "南京东路街道" in page.content() and "黄浦区司法局" in page.content()


def test_staff_log_in_and_see_their_scope_only(page, live_server, reference_data, password):
    base = live_server.url
    log_in(page, base, "hp_manager", password)
    page.get_by_role("link", name="工作台").click()
    assert "您的角色" in page.content() and "黄浦区" in page.content()
    page.get_by_role("link", name="工作人员账户").first.click()
    content = page.content()
    assert "hp_justice" in content and "xh_justice" not in content
    page.screenshot(path=str(live_server_screenshot("console-people.png")))
    page.goto(f"{base}/console/orgs/310104/edit/")  # another district's organisation
    assert "未找到" in page.content() or "无权" in page.content()

    # The audit trail in the manager's scope: filtered by a person's name, read in Chinese (issue #20 (3)).
    from fazhi.core.context import acting
    from fazhi.orgs.models import Organisation
    from fazhi.testing.factories import OrganisationFactory

    manager = get_user_model().objects.get(username="hp_manager")
    with acting(user=manager, source="web"):
        OrganisationFactory(name="审计演示单位", parent=Organisation.objects.get(code="310101"))
    page.goto(f"{base}/console/audit/")
    assert page.get_by_label("用户(ID)").count() == 0 and page.get_by_label("机构(ID)").count() == 0
    page.get_by_label("人员(姓名或账号)").fill("黄浦区 管理员")
    page.get_by_label("操作").select_option(label="新建")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/console/audit/?*")
    table = page.locator("#results table").inner_text()
    assert "审计演示单位" in table and "新建" in table and "黄浦区 管理员" in table
    assert "create" not in table and "hp_manager" not in table and "orgs" not in table
    page.screenshot(path=str(live_server_screenshot("console-audit-by-name.png")))
    log_out(page)

    log_in(page, base, "xh_justice", password)
    page.goto(f"{base}/console/people/")
    assert "hp_justice" not in page.content()
    page.goto(f"{base}/console/audit/")
    assert "无权访问" in page.content()  # reviewers do not read the audit trail


def live_server_screenshot(name: str):
    from django.conf import settings

    return settings.VAR_DIR / name
