"""The key a sent portal form files under (complaint.complaint._portal_submit)."""

import hashlib
import json

# fields of the form that are not what it says
NOT_SAID = ("submission_key", "csrf_token")


def submission_key(post, files):
    """The form's own key (one per form shown) with a digest of what it says.

    The same form sent again (a reload, a double click) has the same key and
    files nothing more; the form changed and sent again (back, then edit) is
    another complaint. "" for a form without a key.

    :param post: dict of the form (``product_ids`` a list of strings)
    :param files: list of ``(file name, bytes)``
    """
    form_key = (post.get("submission_key") or "").strip()[:64]
    if not form_key:
        return ""
    said = sorted((name, value) for name, value in post.items() if name not in NOT_SAID)
    digest = hashlib.sha256(json.dumps(said, default=str).encode())
    for file_name, content in files:
        digest.update(file_name.encode())
        digest.update(hashlib.sha256(content).digest())
    return f"{form_key}:{digest.hexdigest()[:32]}"
