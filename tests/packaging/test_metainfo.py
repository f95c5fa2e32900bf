"""The AppStream metadata points at nothing invented: it named https://github.com/notify/notify
as the homepage, an address the project does not have. Until Notify has a real homepage (or bug
tracker, or donation page), the metainfo names none; give the real one here when there is."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.packaging.dist_contents import REPO

METAINFO = REPO / "packaging" / "io.github.notify.Notify.metainfo.xml"
REAL_URLS: dict[str, str] = {}  # type → address, once the project has them


def test_the_metainfo_names_only_real_addresses() -> None:
    root = ET.parse(METAINFO).getroot()
    urls = {url.get("type", ""): (url.text or "").strip() for url in root.iter("url")}
    assert urls == REAL_URLS
    assert "http" not in ET.tostring(root, encoding="unicode").replace(
        "http://www.w3.org", "")  # nor in a description's link
