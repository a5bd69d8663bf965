"""File downloads: one Content-Disposition for every export, report and document the platform hands out."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse, HttpResponseBase


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment; filename="…"`` with an RFC 6266 ``filename*`` when the name is not ASCII (法规名称.pdf), so
    every browser saves the file under its real name."""
    kind = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "")
    if ascii_name == filename:
        return f'{kind}; filename="{filename}"'
    extension = filename[filename.rfind(".") :] if "." in filename else ""
    stem = ascii_name.removesuffix(extension).strip(" .-_")
    fallback = f"{stem or 'download'}{extension}"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def attach(response: HttpResponseBase, filename: str, *, inline: bool = False) -> HttpResponseBase:
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_response(content: bytes | str, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    attach(response, filename, inline=inline)
    return response
