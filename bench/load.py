"""A city day in miniature: citizens, staff and leaders against one fazhi server (locust; see bench/README.md).

    .venv/bin/locust -f bench/load.py --host http://127.0.0.1:8100 --headless -u 20 -r 5 -t 2m
    bench/load.sh            # sets up PostgreSQL, starts gunicorn, steps the load up, writes bench/out/load/

The mix, by weight of simulated people (``weight``) and of their actions (``@task``):

- **citizens** (8): search the law library (most of their requests), read a law's page, open 我的办件, and now and
  then submit a people's suggestion (POST, through the form with its CSRF token);
- **staff** (3, the city office's reviewer): the work queue, a suggestion from the API list, and the "accept" step on
  a registered suggestion (POST ``/api/v1/suggestions/<id>/steps/accept/``) — two reviewers may pick the same one:
  the loser's 400 ("already accepted") is the platform's correct answer to a race, counted apart under its own name,
  not as an error; any other 4xx or 5xx is a failure;
- **leaders** (1): the plan dashboard and the scorecard (the defaults: the latest period with data).

Every simulated person logs in once (demo accounts, ``fazhi setup --demo``) and then waits 1–3 s between actions.
Logging in (a deliberately slow password hash, once a day for a real person) is not counted; the runner also resets
the statistics once all users run (``--reset-stats``): the figures are those of the steady state.
"""

from __future__ import annotations

import random
import re

import requests
from locust import HttpUser, between, task

PASSWORD = "fazhi-demo-2025"
QUERIES = (
    "劳动合同 解除 经济补偿",
    "未成年人 保护 学校",
    "房屋租赁 押金",
    "消费者 权益 退货",
    "交通事故 赔偿",
    "法律援助 申请 条件",
    "个人信息 保护",
    "物业 管理 费用",
    "婚姻 离婚 财产",
    "行政复议 期限",
    "劳动合同法第四十七条",
    "民法典 第一千零七十九条",
)
LAWS = tuple(  # a law's page: its key is its full title
    f"中华人民共和国{name}" for name in ("劳动合同法", "民法典", "消费者权益保护法", "法律援助法", "个人信息保护法")
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        """Log in once, outside the statistics (a plain requests session, whose cookies the user then carries). A
        person logs in once a day; the password hash is slow on purpose and would only measure the ramp-up."""
        url = f"{self.host}/accounts/login/"
        with requests.Session() as session:
            page = session.get(url, timeout=120)
            token = CSRF.search(page.text)
            data = {"username": self.username, "password": PASSWORD}
            data["csrfmiddlewaretoken"] = token.group(1) if token else ""
            response = session.post(url, data=data, headers={"Referer": url}, timeout=120)
            if "sessionid" not in session.cookies:
                raise RuntimeError(f"{self.username} could not log in ({response.status_code})")
            self.client.cookies.update(session.cookies)

    def csrf_headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": f"{self.host}/"}


class Citizen(Person):
    weight = 8
    username = "citizen"

    @task(10)
    def search_laws(self) -> None:
        self.client.get("/laws/search/", params={"q": random.choice(QUERIES)}, name="/laws/search/?q=…")

    @task(3)
    def read_a_law(self) -> None:
        self.client.get(f"/laws/{random.choice(LAWS)}/", name="/laws/<law>/")

    @task(3)
    def my_matters(self) -> None:
        self.client.get("/my/matters/", name="/my/matters/")

    @task(1)
    def submit_a_suggestion(self) -> None:
        form = self.client.get("/suggestions/submit/", name="/suggestions/submit/")
        token = CSRF.search(form.text)
        n = random.randrange(10**9)
        self.client.post(
            "/suggestions/submit/",
            data={
                "theme": f"关于第{n}号路口增设非机动车道的建议",
                "facts": f"第{n}号路口早晚高峰非机动车与机动车混行，存在安全隐患，附近居民反映较多。",
                "proposal": "建议交通管理部门调研后施划非机动车道并设置隔离设施。",
                "submitter_kind": "citizen",
                "privacy": "on",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/suggestions/submit/"},
            name="/suggestions/submit/ (POST)",
        )


class Staff(Person):
    weight = 3
    username = "office"

    @task(4)
    def work_queue(self) -> None:
        self.client.get("/console/matters/queue/", name="/console/matters/queue/")

    @task(2)
    def accept_a_suggestion(self) -> None:
        listing = self.client.get(
            "/api/v1/suggestions/", params={"status": "registered"}, name="/api/v1/suggestions/?status=registered"
        )
        if listing.status_code != 200:
            return
        data = listing.json()
        rows = data.get("results", data) if isinstance(data, dict) else data
        if not rows:
            return
        pk = random.choice(rows[:20])["id"]
        self.client.get(f"/api/v1/suggestions/{pk}/", name="/api/v1/suggestions/<id>/")
        with self.client.post(
            f"/api/v1/suggestions/{pk}/steps/accept/",
            json={"note": "已登记，转相关部门研究。"},
            headers=self.csrf_headers(),
            name="/api/v1/suggestions/<id>/steps/accept/",
            catch_response=True,
        ) as response:
            if response.status_code == 400:
                # another reviewer took it first: the right answer, recorded apart (not an error)
                response.success()
                response.request_meta["name"] = "/api/v1/suggestions/<id>/steps/accept/ (race: taken already)"


class Leader(Person):
    weight = 1
    username = "leader"

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/console/supervision/dashboard/", name="/console/supervision/dashboard/")

    @task(1)
    def scorecard(self) -> None:
        self.client.get("/console/supervision/scorecard/", name="/console/supervision/scorecard/")
