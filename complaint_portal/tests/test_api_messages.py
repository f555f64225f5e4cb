import base64

import psycopg2

from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.sql import index_exists

from ..models.mail_message import UNIQUE_API_MESSAGE_ID
from .common import API_GROUP, PNG, ComplaintApiCase


@tagged("post_install", "-at_install")
class TestComplaintApiMessages(ComplaintApiCase):
    """A channel follows its complaint: reads the public conversation and
    adds the complainant's messages and files."""

    # ------------------------------------------------------------------
    # Reading and answering
    # ------------------------------------------------------------------
    def test_read_shows_the_public_conversation_only(self):
        self._file()
        complaint = self._filed("WX-1001")
        complaint.message_post(
            body="Internal: check the supplier batch",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        complaint.with_context(tracking_disable=False).priority = "2"
        complaint.message_post(
            body="We will replace the kettle.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        response = self._call("GET", "/complaints/WX-1001", self.wechat_key)
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["id"], complaint.id)
        texts = [message["text"] for message in data["messages"]]
        self.assertIn("We will replace the kettle.", texts)
        self.assertNotIn("Internal: check the supplier batch", response.text)
        # no tracking (the priority changed), no empty message: the receipt and
        # the answer, as on the portal page
        self.assertEqual(len(texts), 2, texts)
        self.assertIn(complaint.name, texts[0])
        # staff under the public handler name, a mail under its sender's name
        authors = [message["author"] for message in data["messages"]]
        self.assertNotIn("OdooBot", response.text)
        self.assertFalse(any("@" in author for author in authors), authors)
        self.assertFalse(any(m["from_complainant"] for m in data["messages"]))
        self.assertEqual(
            data["dates"]["received"][:10], str(complaint.date_received)[:10]
        )
        self.assertIsNone(data["dates"]["closed"])

    def test_the_complainant_is_not_emailed_their_own_message(self):
        """Odoo spares the logged-in user their own posts: the channel posts
        for the complainant, who got their own message back by email."""
        self._file(external_ref="WX-1002")
        complaint = self._filed("WX-1002")
        self.assertIn(complaint.partner_id, complaint.message_partner_ids)
        response = self._call(
            "POST",
            "/complaints/WX-1002/messages",
            self.wechat_key,
            {"body": "The label is torn."},
        )
        self.assertEqual(response.status_code, 201, response.text)
        message = complaint.message_ids.filtered(
            lambda m: m.id == response.json()["message"]["id"]
        )
        self.assertNotIn(complaint.partner_id, message.notification_ids.res_partner_id)
        # control: staff's answer reaches the complainant
        answer = complaint.with_user(self.env.ref("base.user_admin")).message_post(
            body="We send a new one.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn(complaint.partner_id, answer.notification_ids.res_partner_id)

    def test_message_from_the_complainant_with_a_file(self):
        self._file()
        complaint = self._filed("WX-1001")
        photo = base64.b64encode(PNG).decode()
        response = self._call(
            "POST",
            "/complaints/WX-1001/messages",
            self.wechat_key,
            {
                "body": "Here is the <photo> of the label.",
                "attachments": [{"name": "label.png", "content": photo}],
            },
        )
        self.assertEqual(response.status_code, 201, response.text)
        answer = response.json()["message"]
        self.assertTrue(answer["from_complainant"])
        message = complaint.message_ids.filtered(lambda m: m.id == answer["id"])
        self.assertEqual(message.author_id, complaint.partner_id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn("&lt;photo&gt;", message.body)
        self.assertEqual(message.attachment_ids.name, "label.png")
        read = self._call("GET", "/complaints/WX-1001", self.wechat_key).json()
        self.assertIn(answer["id"], [m["id"] for m in read["messages"]])
        # refused: a program, or nothing at all; nothing is posted
        count = len(complaint.message_ids)
        program = base64.b64encode(b"\x7fELF" + b"\x00" * 64).decode()
        response = self._call(
            "POST",
            "/complaints/WX-1001/messages",
            self.wechat_key,
            {"body": "x", "attachments": [{"name": "a.pdf", "content": program}]},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("a.pdf", response.json()["errors"]["attachments"])
        response = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, {"body": " "}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(complaint.message_ids), count)

    def test_message_sent_again_is_posted_once(self):
        # a channel that lost the answer sends the same message again: with
        # its reference, the message posted the first time comes back
        self._file()
        complaint = self._filed("WX-1001")
        payload = {"ref": "msg-77", "body": "The label is attached."}
        first = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, payload
        )
        self.assertEqual(first.status_code, 201, first.text)
        count = len(complaint.message_ids)
        again = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, payload
        )
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["message"]["id"], first.json()["message"]["id"])
        self.assertEqual(len(complaint.message_ids), count)
        # its Message-Id cannot be guessed from the reference: an email naming
        # it would be routed into the complaint
        posted = complaint.message_ids.filtered(
            lambda m: m.id == first.json()["message"]["id"]
        )
        self.assertNotIn("msg-77", posted.message_id)
        self.assertTrue(posted.message_id.endswith("@complaint-api>"))
        # one posted before the Message-Ids were signed is found all the same
        channel = complaint.with_user(self.wechat)
        posted.message_id = channel._api_legacy_message_id("msg-77")
        again = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, payload
        )
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(len(complaint.message_ids), count)
        # the same reference with other content is another message the channel
        # would take as posted: refused, nothing posted
        for changed in (
            {"ref": "msg-77", "body": "The label is attached. And a photo."},
            {
                **payload,
                "attachments": [
                    {"name": "label.png", "content": base64.b64encode(PNG).decode()}
                ],
            },
        ):
            response = self._call(
                "POST", "/complaints/WX-1001/messages", self.wechat_key, changed
            )
            self.assertEqual(response.status_code, 409, response.text)
            self.assertEqual(response.json()["error"]["code"], "conflict")
        self.assertEqual(len(complaint.message_ids), count)
        # control: the same content again is still the retry it was
        again = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, payload
        )
        self.assertEqual(again.status_code, 200, again.text)
        # control: another reference, or none, is another message
        for other in ({"ref": "msg-78", "body": "One more thing."}, {"body": "And."}):
            response = self._call(
                "POST", "/complaints/WX-1001/messages", self.wechat_key, other
            )
            self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(len(complaint.message_ids), count + 2)
        # a reference that is not one is refused, nothing is posted
        response = self._call(
            "POST",
            "/complaints/WX-1001/messages",
            self.wechat_key,
            {"ref": "../x", "body": "x"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("ref", response.json()["errors"])
        self.assertEqual(len(complaint.message_ids), count + 2)

    # ------------------------------------------------------------------
    # The index that keeps a reference posted once
    # ------------------------------------------------------------------
    def test_upgrade_leaves_the_index_out_while_a_reference_is_posted_twice(self):
        """An upgrade over messages posted twice under one reference (before
        the index) does not fail: it says so and adds the index once they are
        gone. A post under a reference already taken is then refused."""
        self._file()
        complaint = self._filed("WX-1001")
        cr = self.env.cr
        cr.execute(f"DROP INDEX {UNIQUE_API_MESSAGE_ID}")  # noqa: S608
        message_id = complaint._api_message_id("twice")
        first, second = (
            complaint.message_post(body=body, message_id=message_id)
            for body in ("Sent once.", "Sent twice.")
        )
        Message = self.env["mail.message"]
        with self.assertLogs(
            "odoo.addons.complaint_portal.models.mail_message", "WARNING"
        ):
            Message.init()
        self.assertFalse(index_exists(cr, UNIQUE_API_MESSAGE_ID))
        second.unlink()
        Message.init()
        self.assertTrue(index_exists(cr, UNIQUE_API_MESSAGE_ID))
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            cr.savepoint(),
        ):
            complaint.message_post(body="Sent again.", message_id=message_id)
        # control: another reference, and other Message-Ids, are not held
        complaint.message_post(
            body="Other.", message_id=complaint._api_message_id("other")
        )
        complaint.message_post(body="Mail.", message_id=first.message_id + ".mail")

    # ------------------------------------------------------------------
    # A merged complaint
    # ------------------------------------------------------------------
    def test_the_index_goes_with_the_addon(self):
        """Uninstalled, the addon leaves no rule of its own on core's
        messages."""
        from .. import uninstall_hook

        self.assertTrue(index_exists(self.env.cr, UNIQUE_API_MESSAGE_ID))
        channel = self.env.ref("complaint_portal.complaint_channel_api")
        uninstall_hook(self.env)
        self.assertFalse(index_exists(self.env.cr, UNIQUE_API_MESSAGE_ID))
        # its channel stays, archived, out of the addon's data (which the
        # uninstall deletes: the complaints filed through it kept no channel)
        self.assertTrue(channel.exists())
        self.assertFalse(channel.active)
        self.assertFalse(self.env.ref("complaint_portal.complaint_channel_api", False))
        # installed again, the addon takes it back (its data would make a
        # second channel of the same code, and the install fail)
        from .. import pre_init_hook

        pre_init_hook(self.env)
        self.assertEqual(
            self.env.ref("complaint_portal.complaint_channel_api"), channel
        )
        self.assertTrue(channel.active)
        # (the test's transaction is rolled back: the index is back after it)

    def test_merged_complaint_is_followed_to_the_one_kept(self):
        """Staff merge the channel's complaint into another of the same
        complainant: the channel reads the kept one, and its messages land
        there, not on the cancelled duplicate."""
        self._file()
        filed = self._filed("WX-1001")
        kept = self.Complaint.create(
            {"subject": "Kettle: first report", "partner_id": filed.partner_id.id}
        )
        before = {"ref": "msg-before", "body": "Sent before the merge."}
        response = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, before
        )
        self.assertEqual(response.status_code, 201, response.text)
        form = Form(
            self.env["complaint.merge.wizard"].with_context(
                active_model="complaint.complaint", active_ids=(filed | kept).ids
            )
        )
        form.keep_id = kept
        form.save().action_merge()
        self.assertEqual(filed.state, "cancelled")
        response = self._call("GET", "/complaints/WX-1001", self.wechat_key)
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["id"], kept.id)
        self.assertEqual(data["tracking_number"], kept.name)
        self.assertEqual(data["merged_from"], filed.name)
        self.assertEqual(data["external_ref"], "WX-1001")
        self.assertNotEqual(data["state"], "cancelled")
        # the receipt moved with the messages
        self.assertTrue(any(filed.name in m["text"] for m in data["messages"]))

        def send():
            return self._call(
                "POST",
                "/complaints/WX-1001/messages",
                self.wechat_key,
                {"ref": "msg-merged", "body": "Any news on the kettle?"},
            )

        response = send()
        self.assertEqual(response.status_code, 201, response.text)
        self.assertTrue(kept.message_ids.filtered(lambda m: "Any news" in m.body))
        self.assertFalse(filed.message_ids.filtered(lambda m: "Any news" in m.body))
        # sent again: the message posted on the kept complaint comes back
        again = send()
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(
            len(kept.message_ids.filtered(lambda m: "Any news" in m.body)), 1
        )
        # a message posted before the merge, sent again after it (its answer
        # was lost): the one that moved with the merge comes back
        again = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, before
        )
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(
            len(kept.message_ids.filtered(lambda m: "before the merge" in m.body)), 1
        )
        # control: a complaint not merged reads as itself
        self._file(external_ref="WX-1002")
        alone = self._call("GET", "/complaints/WX-1002", self.wechat_key).json()
        self.assertIsNone(alone["merged_from"])
        self.assertEqual(alone["id"], self._filed("WX-1002").id)

    def test_an_anonymous_complainant_s_message_reopens_the_complaint(self):
        self._file(external_ref="WX-ANON", complainant={})
        complaint = self._filed("WX-ANON")
        self.assertFalse(complaint.partner_id)
        complaint.write(
            {
                "state": "assessed",
                "level_id": self.env.ref(
                    "complaint_management.complaint_level_normal"
                ).id,
                "validity": "unfounded",
                "resolution_summary": "<p>Explained.</p>",
            }
        )
        complaint.action_close()
        response = self._call(
            "POST",
            "/complaints/WX-ANON/messages",
            self.wechat_key,
            {"body": "It broke again."},
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.assertTrue(response.json()["message"]["from_complainant"])
        self.assertNotEqual(complaint.state, "closed", "the complainant wrote back")
        # control: staff's reply is not the complainant's
        reply = complaint.message_post(
            body="We look into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(complaint._is_complainant_message(reply))

    def test_an_anonymous_complainants_question_meets_no_time_limit(self):
        """Through a channel whose user is internal (the documentation allows
        it), an anonymous complainant's question is theirs: it meets no time
        limit of the staff's answers."""
        internal = new_test_user(
            self.env,
            login="api_internal",
            groups=f"base.group_user,{API_GROUP}",
            name="Internal Channel",
        )
        key = self._key(internal)
        response = self._file(key, external_ref="WX-ANON-Q", complainant={})
        self.assertEqual(response.status_code, 201, response.text)
        complaint = self._filed("WX-ANON-Q", internal)
        first = complaint.sla_line_ids.filtered(
            lambda line: line.milestone == "first_response"
        )
        self.assertEqual(first.state, "running")
        response = self._call(
            "POST", "/complaints/WX-ANON-Q/messages", key, {"body": "Any news?"}
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.assertTrue(response.json()["message"]["from_complainant"])
        self.assertEqual(first.state, "running")
        # control: staff's answer meets it
        officer = new_test_user(
            self.env,
            login="api_q_officer",
            groups="complaint_management.complaint_management_group_officer",
        )
        complaint.with_user(officer).message_post(
            body="We are on it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertNotEqual(first.state, "running")

    def test_read_names_the_handler_and_the_proposal_to_answer(self):
        self._file()
        complaint = self._filed("WX-1001")
        read = self._call("GET", "/complaints/WX-1001", self.wechat_key).json()
        self.assertIsNone(read["proposal"], "no proposal yet")
        self.assertTrue(read["handler"])
        self._propose(complaint)
        read = self._call("GET", "/complaints/WX-1001", self.wechat_key).json()
        self.assertEqual(read["state"], "proposed")
        self.assertEqual(read["handler"], complaint.handler_public_name)
        [remedy] = read["proposal"]["remedies"]
        self.assertEqual(remedy["description"], "Refund of the kettle")
        self.assertEqual(remedy["amount"], 50.0)
        self.assertIn("Refund of the kettle", remedy["text"])
        self.assertEqual(read["proposal"]["answer_url"], read["portal_url"])

    def test_read_gives_download_links_of_the_files_shown(self):
        self._file()
        complaint = self._filed("WX-1001")
        label = self.env["ir.attachment"].create(
            {
                "name": "return-label.pdf",
                "raw": b"%PDF-1.4 return label",
                "res_model": complaint._name,
                "res_id": complaint.id,
            }
        )
        complaint.message_post(
            body="Print this label.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=label.ids,
        )
        read = self._call("GET", "/complaints/WX-1001", self.wechat_key).json()
        [file] = [a for m in read["messages"] for a in m["attachments"]]
        self.assertEqual(file["name"], "return-label.pdf")
        response = self.opener.get(file["url"], timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 return label")
        # control: without its key, the file is not served
        response = self.opener.get(file["url"].split("?")[0], timeout=30)
        self.assertNotEqual(response.content, b"%PDF-1.4 return label")
