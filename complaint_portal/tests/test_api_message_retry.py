from odoo.tests import Form, tagged

from .common import ComplaintApiCase


@tagged("post_install", "-at_install")
class TestComplaintApiMessageRetry(ComplaintApiCase):
    """A channel sends a message again when it lost the answer: the message
    already posted comes back, wherever staff have moved it since."""

    def _send(self, ref="WX-1001", message_ref="msg-1", body="Any news?"):
        return self._call(
            "POST",
            f"/complaints/{ref}/messages",
            self.wechat_key,
            {"ref": message_ref, "body": body},
        )

    def _messages(self, complaint, text):
        return complaint.message_ids.filtered(lambda m: text in (m.body or ""))

    def _merge(self, duplicate, kept):
        form = Form(
            self.env["complaint.merge.wizard"].with_context(
                active_model="complaint.complaint",
                active_ids=(duplicate | kept).ids,
            )
        )
        form.keep_id = kept
        form.save().action_merge()
        self.assertEqual(duplicate.merged_into_id, kept)

    def test_a_message_split_off_comes_back_on_retry(self):
        """Staff split the channel's message off into a new complaint: sent
        again, it is not posted a second time (nor does the call fail)."""
        self._file()
        filed = self._filed("WX-1001")
        first = self._send(body="Also, the charger was missing.")
        self.assertEqual(first.status_code, 201, first.text)
        message = self.env["mail.message"].browse(first.json()["message"]["id"])
        new = filed._split("Charger missing", message, self.env["product.product"])
        self.assertEqual(message.res_id, new.id)
        again = self._send(body="Also, the charger was missing.")
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["message"]["id"], message.id)
        posted = self.env["mail.message"].search(
            [
                ("model", "=", "complaint.complaint"),
                ("res_id", "in", (filed | new).ids),
                ("body", "ilike", "charger was missing"),
            ]
        )
        self.assertEqual(posted, message)
        # control: another reference is a new message, on the channel's complaint
        other = self._send(message_ref="msg-2", body="And the cable.")
        self.assertEqual(other.status_code, 201, other.text)
        self.assertTrue(self._messages(filed, "And the cable."))

    def test_a_message_moved_by_two_merges_comes_back_on_retry(self):
        """The channel's complaint is merged into a second one, which is then
        merged into a third: the message sent before both merges is not
        posted again when the channel sends it again."""
        self._file()
        filed = self._filed("WX-1001")
        first = self._send(body="Sent before the merges.")
        self.assertEqual(first.status_code, 201, first.text)
        second = self.Complaint.create(
            {"subject": "Kettle: second report", "partner_id": filed.partner_id.id}
        )
        third = self.Complaint.create(
            {"subject": "Kettle: first report", "partner_id": filed.partner_id.id}
        )
        self._merge(filed, second)
        self._merge(second, third)
        again = self._send(body="Sent before the merges.")
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["message"]["id"], first.json()["message"]["id"])
        self.assertEqual(len(self._messages(third, "Sent before the merges.")), 1)
        # the channel follows the complaint kept at the end, with its link
        data = self._call("GET", "/complaints/WX-1001", self.wechat_key).json()
        self.assertEqual(data["id"], third.id)
        token = third.sudo().access_token
        self.assertTrue(token)
        self.assertTrue(data["portal_url"].endswith(f"access_token={token}"))
        # control: a new reference lands on the complaint kept at the end
        other = self._send(message_ref="msg-2", body="Any news on the kettle?")
        self.assertEqual(other.status_code, 201, other.text)
        self.assertTrue(self._messages(third, "Any news on the kettle?"))

    def test_the_longest_message_with_a_link_is_posted(self):
        """The API takes 10,000 characters of text; the link markup made of
        an address in it is no reason to refuse it afterwards."""
        self._file()
        body = "x" * 9970 + " https://example.com/"
        response = self._send(message_ref="msg-long", body=body)
        self.assertEqual(response.status_code, 201, response.text[:300])
