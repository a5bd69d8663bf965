"""Common abbreviations of law names → the title (full or short) they stand for.

Short names without 中华人民共和国 (刑法, 民法典, 劳动合同法) are derived by TitleIndex and
need no entry; only true abbreviations belong here. A value that matches several works
makes the abbreviation AMBIGUOUS rather than silently picking one.
"""

from __future__ import annotations

ABBREVIATIONS: dict[str, str] = {
    "民诉法": "民事诉讼法",
    "刑诉法": "刑事诉讼法",
    "行诉法": "行政诉讼法",
    "民诉法解释": "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释",
    "刑诉法解释": "最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释",
    "行诉法解释": "最高人民法院关于适用《中华人民共和国行政诉讼法》的解释",
    "消法": "消费者权益保护法",
    "消保法": "消费者权益保护法",
    "个税法": "个人所得税法",
    "道交法": "道路交通安全法",
    "食安法": "食品安全法",
    "环保法": "环境保护法",
    "未保法": "未成年人保护法",
    "妇女法": "妇女权益保障法",
    "老年法": "老年人权益保障法",
    "个保法": "个人信息保护法",
    "网安法": "网络安全法",
    "治安处罚法": "治安管理处罚法",
    "国赔法": "国家赔偿法",
    "劳动仲裁法": "劳动争议调解仲裁法",
}
