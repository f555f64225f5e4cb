"""The customer's email of a step is previewed in the composer; sending it
does the step, discarding it changes nothing; a company may send unseen."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestStepMail(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_step_mail_auto = False
        cls.company.complaint_fast_track_amount = 200
        cls.company.email = "service@example.com"
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")

    def _registered(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        complaint.action_register()
        self.assertEqual(complaint.state, "registered", "phone: no auto receipt")
        return complaint.with_user(self.complaint_user)

    def _send(self, action):
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.complaint_user)
            .with_context(**action["context"])
        ).save()
        with self.mock_mail_gateway():
            composer.action_send_mail()
        return composer

    def _customer_messages(self, complaint, subject):
        return complaint.message_ids.filtered(
            lambda m: m.subject and subject in m.subject
        )

    def test_acknowledge_opens_composer_and_sending_acknowledges(self):
        complaint = self._registered()
        action = complaint.action_send_acknowledgement()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(complaint.state, "registered", "nothing before sending")
        composer = self._send(action)
        self.assertEqual(composer.partner_ids, self.customer)
        self.assertEqual(complaint.state, "acknowledged")
        sent = self._customer_messages(complaint, "We received your complaint")
        self.assertEqual(len(sent), 1, "exactly one acknowledgement")
        self.assertIn(self.customer, sent.notified_partner_ids | sent.partner_ids)
        self.assertIn("service@example.com", sent.email_from)
        self.assertNotIn("cm_user@example.com", sent.email_from)

    def test_a_step_email_is_not_sent_later(self):
        """Core's composer offers Send Later: scheduled, the acknowledgement
        went out later without the step, and the next click sent another."""
        complaint = self._registered()
        action = complaint.action_send_acknowledgement()
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.complaint_user)
            .with_context(**action["context"])
        ).save()
        with self.assertRaisesRegex(UserError, "send it now"):
            composer.action_schedule_message("2030-01-01 09:00:00")
        self.assertFalse(
            self.env["mail.scheduled.message"].search(
                [("model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
        )
        # control: a message of the chatter is scheduled as core does it
        plain = Form(
            self.env["mail.compose.message"]
            .with_user(self.complaint_user)
            .with_context(
                default_model=complaint._name,
                default_res_ids=complaint.ids,
                default_composition_mode="comment",
            )
        )
        plain.body = "<p>We will call you on Monday.</p>"
        plain.save().action_schedule_message("2030-01-01 09:00:00")
        self.assertTrue(
            self.env["mail.scheduled.message"].search(
                [("model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
        )
        self.assertEqual(complaint.state, "registered")

    def test_discarded_composer_changes_nothing(self):
        complaint = self._registered()
        complaint.action_send_acknowledgement()
        self.assertEqual(complaint.state, "registered")
        self.assertFalse(
            self._customer_messages(complaint, "We received your complaint")
        )
        self.assertTrue(complaint.can_acknowledge, "the button is still offered")

    def test_company_sends_unseen(self):
        self.company.complaint_step_mail_auto = True
        complaint = self._registered()
        with self.mock_mail_gateway():
            self.assertTrue(complaint.action_send_acknowledgement())
        self.assertEqual(complaint.state, "acknowledged")
        self.assertEqual(
            len(self._customer_messages(complaint, "We received your complaint")), 1
        )

    def test_refused_step_opens_no_composer(self):
        complaint = self._registered()
        complaint.action_acknowledge()
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        complaint.action_assess()
        complaint.action_investigate()
        with self.assertRaisesRegex(UserError, "Add at least one remedy"):
            complaint.action_send_proposal()
        self.env["complaint.remedy"].with_user(self.complaint_user).create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 30}
        )
        action = complaint.action_send_proposal()
        self.assertEqual(complaint.state, "investigating")
        self._send(action)
        self.assertEqual(complaint.state, "proposed")
        self.assertEqual(len(self._customer_messages(complaint, "Our proposal")), 1)
        # the customer rejects: the routes are previewed, and sending them
        # records the decision (recorded first, a composer closed unsent left
        # the complainant never told the other routes)
        wizard = self.env["complaint.reject.wizard"].with_user(self.complaint_user)
        action = wizard.create(
            {"complaint_id": complaint.id, "reason": "Too little"}
        ).action_reject()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(complaint.state, "proposed", "closed unsent: nothing done")
        self._send(action)
        self.assertEqual(complaint.state, "rejected")
        self.assertEqual(complaint.rejection_reason, "Too little")
        self.assertEqual(len(self._customer_messages(complaint, "remains open")), 1)

    def test_request_cannot_skip_the_step_email(self):
        """A step done by a request sends its email, whatever context the
        request carries: only the composer (private) sends it instead."""
        complaint = self._registered()
        complaint.with_context(complaint_mail_by_composer=True).action_acknowledge()
        self.assertEqual(complaint.state, "acknowledged")
        sent = self._customer_messages(complaint, "We received your complaint")
        self.assertEqual(len(sent), 1, "the acknowledgement went out")
        # control: through the composer, the one previewed email and no other
        other = self._registered()
        self._send(other.action_send_acknowledgement())
        self.assertEqual(other.state, "acknowledged")
        sent = self._customer_messages(other, "We received your complaint")
        self.assertEqual(len(sent), 1)

    def test_proposal_lists_the_promised_remedies_only(self):
        """The proposal email promises what the portal and the decision letter
        promise: a remedy a manager refused is not offered to the customer."""
        complaint = self._registered()
        complaint.action_acknowledge()
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        complaint.action_assess()
        complaint.action_investigate()
        Remedy = self.env["complaint.remedy"].with_user(self.complaint_user)
        Remedy.create(
            {
                "complaint_id": complaint.id,
                "type_id": self.refund.id,
                "description": "Refund of the lid",
                "amount": 30,
            }
        )
        refused = Remedy.create(
            {
                "complaint_id": complaint.id,
                "type_id": self.refund.id,
                "description": "Refund of the whole kettle",
                "amount": 900,
            }
        )
        refused.with_user(self.complaint_manager).action_refuse("Too much")
        self._send(complaint.action_send_proposal())
        sent = self._customer_messages(complaint, "Our proposal")
        self.assertEqual(len(sent), 1)
        self.assertIn("Refund of the lid", sent.body, "control: the approved one")
        self.assertNotIn("Refund of the whole kettle", sent.body)

    def test_request_rating_button_goes_once_asked(self):
        complaint = self._registered()
        complaint.action_acknowledge()
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        complaint.action_assess()
        complaint.action_investigate()
        self.env["complaint.remedy"].with_user(self.complaint_user).create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 30}
        )
        complaint.action_propose()
        complaint.action_accept_proposal()
        complaint.remedy_ids.action_done()
        complaint.resolution_summary = "<p>Refunded 30.</p>"
        with self.mock_mail_gateway():
            complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.sudo().rating_ids, "asked at closing")
        self.assertFalse(complaint.can_request_rating)
        with self.assertRaises(UserError):
            complaint.action_request_rating()

    def test_step_context_gives_no_one_a_step_they_lack(self):
        """The composer's context does the step for staff only, through its
        own guards: a customer posting with it acknowledges nothing, even in
        superuser mode (the chatter route posts so); control: staff do."""
        portal = new_test_user(
            self.env, login="step_portal", groups="base.group_portal", name="Cust"
        )
        complaint = self._registered()
        complaint.sudo().partner_id = portal.partner_id
        for customer in (
            complaint.with_user(portal),
            complaint.with_user(portal).sudo(),
        ):
            customer.with_context(complaint_step="acknowledge").message_post(
                body="hello", message_type="comment"
            )
            self.assertEqual(complaint.state, "registered")
        # staff without the step's rights are refused, in superuser mode too
        outsider = new_test_user(
            self.env,
            login="step_outsider",
            groups="complaint_management.complaint_management_group_user",
        )
        with self.assertRaises(AccessError):
            complaint.with_user(outsider).sudo().with_context(
                complaint_step="acknowledge"
            ).message_post(body="hello", message_type="comment")
        self.assertEqual(complaint.state, "registered")
        complaint.with_context(complaint_step="acknowledge").message_post(
            body="Acknowledged by phone", message_type="comment"
        )
        self.assertEqual(complaint.state, "acknowledged")

    def test_a_complainant_known_by_email_only_gets_each_email_once(self):
        """No contact, an address: the step's email goes to it once (a post
        of the template in the chatter emailed it again, to a contact it made
        of the address), and the conversation keeps a copy."""
        self.company.complaint_step_mail_auto = True
        vals = self._complaint_vals(
            complainant_email="jane.doe@example.com", complainant_name="Jane Doe"
        )
        vals.pop("partner_id", None)
        complaint = self.env["complaint.complaint"].create(vals)
        with self.mock_mail_gateway():
            complaint.action_register()
            complaint.action_acknowledge()
        mails = self._new_mails.filtered(
            lambda m: "jane.doe@example.com"
            in (m.email_to or "") + " ".join(m.recipient_ids.mapped("email"))
        )
        self.assertEqual(len(mails), 1)
        self.assertFalse(
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("email", "=ilike", "jane.doe@example.com")])
        )
        copy = complaint.message_ids.filtered(
            lambda m: m.message_type == "comment"
            and m.subject
            and "We received your complaint" in m.subject
        )
        self.assertEqual(len(copy), 1)
        self.assertFalse(copy.notification_ids)

    def test_a_template_email_is_answered_to_the_complaint(self):
        """Emailed to an address (no contact), the step's email had no
        reply address: a reply went to the company's mailbox, not back to
        the complaint. It carries the reply address of the chatter's own
        emails (the team's alias, else the catchall)."""
        self.company.complaint_step_mail_auto = True
        vals = self._complaint_vals(
            complainant_email="jane.doe@example.com", complainant_name="Jane Doe"
        )
        vals.pop("partner_id", None)
        complaint = self.env["complaint.complaint"].create(vals)
        self.assertFalse(complaint.team_id.alias_name)
        with self.mock_mail_gateway():
            complaint.action_register()
            complaint.action_acknowledge()
        mail = self._new_mails.filtered(
            lambda m: "jane.doe@example.com" in (m.email_to or "")
        )
        expected = complaint._notify_get_reply_to()[complaint.id]
        self.assertEqual(mail.reply_to, expected)
        self.assertIn(self.alias_catchall, expected)

    def test_an_archived_complainant_is_not_written_to_in_the_composer(self):
        """The composer writes to the contact, and Odoo emails no archived
        one: the step would be done with no email sent. The step's own email
        goes to the contact's address instead."""
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        complaint.action_register()
        self.customer.active = False
        with self.mock_mail_gateway():
            result = complaint.action_send_acknowledgement()
        self.assertNotEqual(
            isinstance(result, dict) and result.get("res_model"),
            "mail.compose.message",
        )
        self.assertEqual(complaint.state, "acknowledged")
        self.assertEqual(
            len(
                self._new_mails.filtered(
                    lambda m: self.customer.email in (m.email_to or "")
                    or self.customer in m.recipient_ids
                )
            ),
            1,
        )
        # control: an active contact's email is previewed in the composer
        self.customer.active = True
        other = self.env["complaint.complaint"].create(self._complaint_vals())
        other.action_register()
        self.assertEqual(
            other.action_send_acknowledgement()["res_model"], "mail.compose.message"
        )

    def test_an_archived_complainant_is_emailed_all_the_same(self):
        """Odoo notifies no archived follower: the step's email goes to the
        contact's address, once, and the conversation keeps a copy."""
        self.company.complaint_step_mail_auto = True
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        self.customer.active = False
        with self.mock_mail_gateway():
            complaint.action_register()
            complaint.action_acknowledge()
        mails = self._new_mails.filtered(
            lambda m: self.customer in m.recipient_ids
            or self.customer.email in (m.email_to or "")
        )
        self.assertEqual(len(mails), 1)
        self.assertIn("We received your complaint", mails.subject)
        # control: an active contact gets it as a follower, once
        self.customer.active = True
        other = self.env["complaint.complaint"].create(self._complaint_vals())
        with self.mock_mail_gateway():
            other.action_register()
            other.action_acknowledge()
        self.assertEqual(
            len(
                self._new_mails.filtered(
                    lambda m: other.name in (m.subject or "")
                    and (
                        self.customer in m.recipient_ids
                        or self.customer.email in (m.email_to or "")
                    )
                )
            ),
            1,
        )
