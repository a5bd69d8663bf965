"""Write data/orgs/departments.csv: the working departments (工作部门) of the city and of the 16 district governments.

Compiled from the public list of the 2024 机构改革 (上海市人民政府 "机构设置" and each district government's
"机构设置" page); marked for review in data/README.md. Codes are assigned (``<division code>-<suffix>``), not
official. Run once: ``python scripts/make_departments.py``; the file is the reference data, this script its recipe.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# suffix, full name, short name
CITY = [
    ("FGW", "上海市发展和改革委员会", "市发展改革委"),
    ("JXW", "上海市经济和信息化委员会", "市经济信息化委"),
    ("SWW", "上海市商务委员会", "市商务委"),
    ("JW", "上海市教育委员会", "市教委"),
    ("KW", "上海市科学技术委员会", "市科委"),
    ("MZZJ", "上海市民族和宗教事务委员会", "市民族宗教委"),
    ("GAJ", "上海市公安局", "市公安局"),
    ("MZJ", "上海市民政局", "市民政局"),
    # 上海市司法局 is already in bodies.csv (31-SFJ)
    ("CZJ", "上海市财政局", "市财政局"),
    ("RSJ", "上海市人力资源和社会保障局", "市人力资源社会保障局"),
    ("GHZY", "上海市规划和自然资源局", "市规划资源局"),
    ("STHJ", "上海市生态环境局", "市生态环境局"),
    ("ZJW", "上海市住房和城乡建设管理委员会", "市住房城乡建设管理委"),
    ("JTW", "上海市交通委员会", "市交通委"),
    ("NYW", "上海市农业农村委员会", "市农业农村委"),
    ("SWJ", "上海市水务局（上海市海洋局）", "市水务局"),
    ("WLJ", "上海市文化和旅游局", "市文化旅游局"),
    ("WJW", "上海市卫生健康委员会", "市卫生健康委"),
    ("TYJR", "上海市退役军人事务局", "市退役军人局"),
    ("YJJ", "上海市应急管理局", "市应急局"),
    ("SJJ", "上海市审计局", "市审计局"),
    ("WB", "上海市人民政府外事办公室", "市政府外办"),
    ("GZW", "上海市国有资产监督管理委员会", "市国资委"),
    ("SCJG", "上海市市场监督管理局", "市市场监管局"),
    ("TYJ", "上海市体育局", "市体育局"),
    ("TJJ", "上海市统计局", "市统计局"),
    ("YBJ", "上海市医疗保障局", "市医保局"),
    ("LHSR", "上海市绿化和市容管理局", "市绿化市容局"),
    ("MFB", "上海市民防办公室", "市民防办"),
    ("JGJ", "上海市机关事务管理局", "市机管局"),
    ("JRJ", "上海市地方金融管理局", "市金融办"),
    ("FGJ", "上海市房屋管理局", "市房屋管理局"),
    ("CGZF", "上海市城市管理行政执法局", "市城管执法局"),
    ("SJUJ", "上海市数据局", "市数据局"),
]

# suffix, name after the district's name, short name after the district's short name
DISTRICT = [
    ("FGW", "发展和改革委员会", "发展改革委"),
    ("SWW", "商务委员会", "商务委"),
    ("JYJ", "教育局", "教育局"),
    ("KW", "科学技术委员会", "科委"),
    ("MZJ", "民政局", "民政局"),
    ("CZJ", "财政局", "财政局"),
    ("RSJ", "人力资源和社会保障局", "人社局"),
    ("GHZY", "规划和自然资源局", "规划资源局"),
    ("STHJ", "生态环境局", "生态环境局"),
    ("JSW", "建设和管理委员会", "建设管理委"),
    ("FGJ", "住房保障和房屋管理局", "房管局"),
    ("WLJ", "文化和旅游局", "文化旅游局"),
    ("WJW", "卫生健康委员会", "卫健委"),
    ("TYJR", "退役军人事务局", "退役军人局"),
    ("YJJ", "应急管理局", "应急局"),
    ("SJJ", "审计局", "审计局"),
    ("SCJG", "市场监督管理局", "市场监管局"),
    ("TJJ", "统计局", "统计局"),
    ("YBJ", "医疗保障局", "医保局"),
    ("LHSR", "绿化和市容管理局", "绿化市容局"),
    ("CGZF", "城市管理行政执法局", "城管执法局"),
]
# Only the districts with farmland and their own water authority have these.
SUBURBAN = [
    ("NYW", "农业农村委员会", "农业农村委"),
    ("SWJ", "水务局", "水务局"),
]
CENTRAL = {"310101", "310104", "310105", "310106", "310107", "310109", "310110"}


def main() -> None:
    districts = []
    with (ROOT / "data" / "divisions" / "shanghai.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["level"] == "district":
                districts.append((row["code"], row["name"]))
    rows = [("31-" + suffix, name, "body", "31", "department", short) for suffix, name, short in CITY]
    for code, district in districts:
        full = f"上海市{district}"
        for suffix, name, short in DISTRICT + (SUBURBAN if code not in CENTRAL else []):
            rows.append((f"{code}-{suffix}", full + name, "body", code, "department", district + short))
            if suffix == "RSJ":  # the labour inspectors sit under the district's labour bureau
                inspectors = (f"{full}劳动保障监察大队", f"{district}劳动监察大队")
                rows.append((f"{code}-LDJC", inspectors[0], "body", f"{code}-RSJ", "department", inspectors[1]))
        rows.append((f"{code}-GA", f"上海市公安局{district}分局", "body", code, "department", f"{district}公安分局"))
    with (ROOT / "data" / "orgs" / "departments.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name", "level", "parent_code", "body_type", "short_name"))
        writer.writerows(rows)
    print(len(rows), "departments")


if __name__ == "__main__":
    main()
