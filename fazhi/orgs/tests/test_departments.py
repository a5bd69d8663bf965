"""The working departments (工作部门) of the city and the 16 districts: loaded by the reference loader, once."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from fazhi.audit.models import AuditEntry
from fazhi.core.setup import REFERENCE_LOADERS
from fazhi.orgs.choices import BodyType
from fazhi.orgs.models import Organisation
from fazhi.orgs.pinyin import initials

pytestmark = pytest.mark.django_db
DEPARTMENTS = settings.DATA_DIR / "orgs" / "departments.csv"


def departments():
    return Organisation.objects.filter(body_type=BodyType.DEPARTMENT)


def test_city_and_every_district_have_their_working_departments():
    assert departments().count() == 420
    city = departments().filter(parent__code="31")
    assert city.count() == 34
    wanted = ("市市场监管局", "市城管执法局", "市人力资源社会保障局", "市住房城乡建设管理委", "市交通委", "市公安局")
    for short in wanted:
        assert city.filter(short_name=short).exists(), short
    districts = Organisation.objects.filter(kind="district")
    assert districts.count() == 16
    for district in districts:
        under = departments().filter(path__startswith=district.path)
        for suffix in ("SCJG", "CGZF", "RSJ", "LDJC", "FGJ", "JSW", "STHJ", "WJW", "JYJ", "GA"):
            assert under.filter(code=f"{district.code}-{suffix}").exists(), (district.name, suffix)
    # the labour inspectors sit under the district's labour bureau: its staff's scope covers them
    inspectors = Organisation.objects.get(code="310101-LDJC")
    assert inspectors.name == "上海市黄浦区劳动保障监察大队" and inspectors.parent.code == "310101-RSJ"
    assert inspectors.division.code == "310101"
    assert Organisation.objects.get(code="310115-GA").name == "上海市公安局浦东新区分局"
    # farmland and water authorities only where there are farms and rivers of the district's own
    assert Organisation.objects.filter(code="310151-NYW").exists()
    assert not Organisation.objects.filter(code="310101-NYW").exists()


def test_loading_again_changes_nothing_and_writes_no_audit():
    before = AuditEntry.objects.count()
    out = StringIO()
    call_command("import_orgs", DEPARTMENTS, stdout=out, verbosity=0)
    assert "created 0, updated 0, unchanged 420, skipped 0" in out.getvalue()
    loader = next(loader for loader in REFERENCE_LOADERS if loader.name == "organisations")
    loader.load(StringIO())  # what `fazhi setup` runs: divisions, bodies and departments
    assert departments().count() == 420
    assert AuditEntry.objects.count() == before


def test_a_fresh_database_gets_them_in_one_run(tmp_path):
    Organisation.objects.filter(body_type=BodyType.DEPARTMENT, parent__body_type=BodyType.DEPARTMENT).delete()
    departments().delete()
    out = StringIO()
    call_command("import_orgs", DEPARTMENTS, stdout=out, verbosity=0)
    assert "created 420, updated 0, unchanged 0, skipped 0" in out.getvalue()


def test_pinyin_initials_are_stored_for_the_picker():
    assert initials("南京东路街道", "南京东路") == "njdljd njdl"
    assert initials("上海市12345市民服务热线", "12345热线") == "shs12345smfwrx 12345rx"
    street = Organisation.objects.get(code="310101002")
    assert street.initials.split()[0] == "njdljd"
    assert Organisation.objects.get(code="310101-SCJG").initials.split() == ["shshpqscjdglj", "hpqscjgj"]
