from collections import defaultdict

from odoo import Command, models

from odoo.addons.mail.tools.discuss import Store


class StorePayloads:
    """Slices of a ``Store`` result built for many notes at once: for each
    note, what its live inbox update needs (the note, its complaint, the
    reader's follower record of it, and the shared records such as authors),
    as core builds it for a note alone."""

    def __init__(self, result):
        self.result = result
        self.messages = {data["id"]: data for data in result.get("mail.message", [])}
        self.threads = {
            (data.get("model"), data["id"]): data
            for data in result.get("mail.thread", [])
        }
        self.followers = {data["id"]: data for data in result.get("mail.followers", [])}

    def of(self, message):
        payload = dict(self.result)
        payload["mail.message"] = [self.messages[message.id]]
        thread = self.threads.get((message.model, message.res_id))
        if "mail.thread" in payload:
            payload["mail.thread"] = [thread] if thread else []
        if "mail.followers" in payload:
            follower = self.followers.get((thread or {}).get("selfFollower"))
            payload["mail.followers"] = [follower] if follower else []
        return payload


class ComplaintNoteNotifyMixin(models.AbstractModel):
    """Internal notes on complaints created in batch (the sweep's warnings,
    escalation notes) and notified as ``message_post`` would: in the Odoo
    inbox with the live bus update, or by email, as each recipient chose."""

    _name = "complaint.note.notify.mixin"
    _description = "Complaint Notes Notified in Batch"

    def _internal_note_values(self, body, author, subtype_id, partners, reply_to):
        """Values of an internal note on this complaint, for notes created in
        batch with ``mail.message.create`` instead of ``message_post``."""
        self.ensure_one()
        return {
            "author_id": author.id,
            "email_from": author.email_formatted,
            "reply_to": reply_to or author.email_formatted,
            "model": self._name,
            "res_id": self.id,
            "message_type": "notification",
            "is_internal": True,
            "subtype_id": subtype_id,
            "body": body,
            "partner_ids": [Command.set(partners.ids)],
        }

    def _notify_notes(self, recipients):
        """Notify notes created in batch as ``message_post`` would: in the
        Odoo inbox with the live bus update, or by email, as each recipient
        chose in their preferences.

        ``recipients``: ``{message: [recipient data]}``, the data as
        ``mail.followers._get_recipient_data`` gives it (read for the whole
        batch in one query by the callers). The inbox side is core's
        ``_notify_thread_by_inbox`` for a batch of notes (one insert, one
        followers read, then the same bus message per user and note); email
        goes through core's ``_notify_thread_by_email``, per note.
        """
        inbox = []
        by_email = {}
        for message, data in recipients.items():
            author = message.author_id.id
            people = [
                item
                for item in data
                if item["active"] is not False and item["id"] != author
            ]
            inbox += [(message, item) for item in people if item["notif"] == "inbox"]
            if any(item["notif"] == "email" for item in people):
                by_email[message] = people
        if inbox:
            # sudo: creating notifications is the purpose of notifying
            self.env["mail.notification"].sudo().create(
                [
                    {
                        "author_id": message.author_id.id,
                        "mail_message_id": message.id,
                        "notification_status": "sent",
                        "notification_type": "inbox",
                        "res_partner_id": item["id"],
                    }
                    for message, item in inbox
                ]
            )
            # sudo: reading the followers of the notified users, as core does
            followers = (
                self.env["mail.followers"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", self._name),
                        (
                            "res_id",
                            "in",
                            list({message.res_id for message, _i in inbox}),
                        ),
                        ("partner_id", "in", list({item["id"] for _m, item in inbox})),
                    ]
                )
            )
            self._notify_inbox_live(inbox, followers)
        for message, people in by_email.items():
            # sudo: the caller may have lost access to the escalated complaint
            self.browse(message.res_id).sudo()._notify_thread_by_email(
                message, people, force_send=False
            )

    def _notify_inbox_live(self, inbox, followers):
        """The live inbox update of connected users, as core sends it: one
        "mail.message/inbox" bus message per note and user.

        Core builds each from its own ``Store`` (about five queries a note and
        user); here one ``Store`` per user holds all their notes of the batch
        and each bus message gets its note's slice (see ``StorePayloads``).
        Users who are offline get none: no Odoo tab listens for them, and the
        bus drops messages after a couple of minutes; they read the inbox and
        its counter from the server when they come back (a sweep warning
        thousands then costs nothing extra; see bench/README.md).
        """
        by_user = defaultdict(list)
        for message, item in inbox:
            if item["uid"]:
                by_user[item["uid"]].append(message.id)
        listening = set(
            self.env["res.users"]
            .browse(list(by_user))
            .filtered(lambda user: user.im_status != "offline")
            .ids
        )
        by_user = {uid: ids for uid, ids in by_user.items() if uid in listening}
        for uid, message_ids in by_user.items():
            user = self.env["res.users"].browse(uid)
            messages = self.env["mail.message"].browse(message_ids)
            payloads = StorePayloads(
                Store(
                    messages.with_user(user).with_context(allowed_company_ids=[]),
                    for_current_user=True,
                    add_followers=True,
                    followers=followers,
                ).get_result()
            )
            for message in messages:
                user._bus_send("mail.message/inbox", payloads.of(message))
