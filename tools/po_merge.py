"""Merge a .pot template into a .po catalogue, keeping existing translations.

Usage: python3 tools/po_merge.py addon/i18n/addon.pot addon/i18n/zh_CN.po
Prints how many messages still lack a translation.
"""

import os
import sys

import polib


def merge(pot_path, po_path, language="zh_CN"):
    pot = polib.pofile(pot_path)
    old = polib.pofile(po_path) if os.path.exists(po_path) else polib.POFile()
    known = {(entry.msgctxt, entry.msgid): entry for entry in old}
    by_id = {entry.msgid: entry for entry in old if entry.msgstr}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": language,
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=1; plural=0;",
        }
    )
    for entry in pot:
        previous = known.get((entry.msgctxt, entry.msgid)) or by_id.get(entry.msgid)
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgstr=previous.msgstr if previous else "",
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=entry.flags,
            )
        )
    po.save(po_path)
    missing = sum(1 for entry in po if not entry.msgstr)
    print(f"{po_path}: {len(po)} messages, {missing} without a translation")
    return missing


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2])
