"""Akoma Ntoso (OASIS LegalDocML) export of one version: identification in FRBR terms, chapters and articles."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from fazhi.laws.models import Version

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def _frbr(parent: ET.Element, tag: str, uri: str, date: str, extra: dict[str, str] | None = None) -> None:
    level = ET.SubElement(parent, tag)
    ET.SubElement(level, "FRBRthis", value=uri)
    ET.SubElement(level, "FRBRuri", value=uri)
    ET.SubElement(level, "FRBRdate", date=date, name="version")
    ET.SubElement(level, "FRBRauthor", href="#issuer")
    for key, value in (extra or {}).items():
        ET.SubElement(level, key, value=value)


def akoma_ntoso(version: Version) -> bytes:
    work = version.work
    date = version.version_date.isoformat() if version.version_date else "0001-01-01"
    root = ET.Element("akomaNtoso", xmlns=NS)
    act = ET.SubElement(root, "act", name=work.doc_type)
    meta = ET.SubElement(act, "meta")
    ident = ET.SubElement(meta, "identification", source="#fazhi")
    _frbr(ident, "FRBRWork", work.frbr_work, date, {"FRBRcountry": "cn"})
    _frbr(ident, "FRBRExpression", version.frbr_expression, date, {"FRBRlanguage": "zho"})
    _frbr(ident, "FRBRManifestation", f"{version.frbr_expression}/main.xml", date)
    lifecycle = ET.SubElement(meta, "lifecycle", source="#fazhi")
    for number, event in enumerate(version.history or [], start=1):
        if event.get("date"):
            ET.SubElement(
                lifecycle,
                "eventRef",
                eId=f"evt_{number}",
                date=event["date"],
                source="#fazhi",
                type={"passed": "generation", "amended": "amendment"}.get(event.get("kind", ""), "generation"),
            )
    refs = ET.SubElement(meta, "references", source="#fazhi")
    ET.SubElement(
        refs,
        "TLCOrganization",
        eId="issuer",
        href="/ontology/organization/cn/issuer",
        showAs=version.issuing_body or "—",
    )
    ET.SubElement(refs, "TLCOrganization", eId="fazhi", href="/ontology/organization/fazhi", showAs="fazhi")
    preface = ET.SubElement(act, "preface")
    ET.SubElement(ET.SubElement(preface, "p"), "docTitle").text = version.title
    body = ET.SubElement(act, "body")
    chapter, heading = None, None
    for article in version.articles.all():
        if article.heading != heading:
            heading = article.heading
            chapter = ET.SubElement(body, "chapter", eId=f"chp_{article.position}") if heading else None
            if chapter is not None:
                ET.SubElement(chapter, "heading").text = heading
        node = ET.SubElement(chapter if chapter is not None else body, "article", eId=f"art_{article.slug}")
        ET.SubElement(node, "num").text = article.label
        for index, paragraph in enumerate(article.paragraphs or [{"text": article.text, "items": []}], start=1):
            para = ET.SubElement(node, "paragraph", eId=f"art_{article.slug}__para_{index}")
            if paragraph.get("items"):
                block = ET.SubElement(para, "list", eId=f"art_{article.slug}__para_{index}__list_1")
                ET.SubElement(ET.SubElement(block, "intro"), "p").text = paragraph["text"]
                for item_no, (label, text) in enumerate(paragraph["items"], start=1):
                    point = ET.SubElement(block, "point", eId=f"art_{article.slug}__para_{index}__point_{item_no}")
                    ET.SubElement(point, "num").text = label
                    ET.SubElement(ET.SubElement(point, "content"), "p").text = text
            else:
                ET.SubElement(ET.SubElement(para, "content"), "p").text = paragraph["text"]
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
