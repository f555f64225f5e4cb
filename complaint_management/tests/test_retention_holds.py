from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestRetentionHolds(ComplaintCommon):
    """What retention promises holds whoever calls: a de-identified complaint
    stays a statistic, cancelled complaints are de-identified too, and a
    complaint kept permanently loses nothing, not even through a merge."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_retention_months = 24
        cls.privacy_officer = new_test_user(
            cls.env,
            login="cm_hold_privacy",
            groups="complaint_management.complaint_management_group_privacy_officer,"
            "complaint_management.complaint_management_group_manager",
            name="Privacy Officer",
        )
        cls.complaint_user.groups_id |= cls.env.ref(
            "complaint_management.complaint_management_group_officer"
        )
        Complaint = cls.env["complaint.complaint"]
        cls.old = Complaint.create(cls._complaint_vals(subject="Old kettle"))
        cls.old.write({"state": "closed", "date_closed": datetime(2023, 1, 10)})
        cls.held = Complaint.create(cls._complaint_vals(subject="Evidence"))
        cls.held.keep_permanently = True
        cls.free = Complaint.create(cls._complaint_vals(subject="Ordinary"))

    def _deidentify_old(self):
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertTrue(self.old.is_deidentified)

    # ------------------------------------------------------------------
    # A de-identified complaint stays a statistic
    # ------------------------------------------------------------------
    def test_a_deidentified_complaint_is_not_reopened(self):
        recent = self.env["complaint.complaint"].create(self._complaint_vals())
        recent.write({"state": "closed", "date_closed": datetime(2025, 2, 1)})
        self._deidentify_old()
        self.assertFalse(self.old.can_reopen)
        with self.assertRaisesRegex(UserError, "de-identified"):
            self.old.with_user(self.complaint_user).action_reopen()
        self.assertEqual(self.old.state, "closed")
        # control: a closed complaint that keeps its data is reopened
        recent.with_user(self.complaint_user).action_reopen()
        self.assertEqual(recent.state, "investigating")

    def test_deidentification_ends_the_links_and_the_followers(self):
        token = self.old._rating_get_access_token()
        self.old.sudo().rating_apply(2, token=token, feedback="Wang is furious")
        copied = self.env["res.partner"].create(
            {"name": "Wang Jun", "email": "wang.jun@example.com"}
        )
        self.old.message_subscribe(partner_ids=copied.ids)
        self.old.activity_schedule(
            summary="Call back", note="<p>Rated 2/5. Feedback: Wang is furious</p>"
        )
        self.old.message_subscribe(partner_ids=self.complaint_manager.partner_id.ids)
        # a done to-do its type keeps (archived): its note too
        kept_type = self.env["mail.activity.type"].create(
            {"name": "Kept call", "keep_done": True}
        )
        done = self.old.activity_schedule(
            activity_type_id=kept_type.id,
            summary="Called Wang",
            note="<p>Wang Jun shouted on the phone</p>",
        )
        done.action_done()
        self.assertFalse(done.active)
        later = self.env["mail.scheduled.message"].create(
            {
                "model": self.old._name,
                "res_id": self.old.id,
                "body": "<p>Wang Jun, we call you back on Monday</p>",
                "scheduled_date": "2099-01-05 09:00:00",
                "author_id": self.complaint_manager.partner_id.id,
            }
        )
        other_later = self.env["mail.scheduled.message"].create(
            {
                "model": self.free._name,
                "res_id": self.free.id,
                "body": "<p>Another complaint's reminder</p>",
                "scheduled_date": "2099-01-05 09:00:00",
                "author_id": self.complaint_manager.partner_id.id,
            }
        )
        self._deidentify_old()
        self.assertFalse(later.exists(), "a message to send later goes")
        self.assertTrue(other_later.exists(), "control: another complaint's stays")
        self.assertFalse(any(self.old.activity_ids.mapped("summary")))
        Rating = self.env["rating.rating"].sudo()
        self.assertFalse(Rating.search([("access_token", "=", token)]))
        self.assertEqual(self.old.rating_ids.rating, 2, "the value stays")
        # the low rating's call-back is gone (nobody to call back); the
        # handler's own to-do stays, without its words about the person
        callback = self.env.ref("complaint_management.mail_activity_type_callback")
        self.assertNotIn(callback, self.old.activity_ids.activity_type_id)
        notes = self.old.activity_ids.mapped("note")
        self.assertEqual(len(notes), 1)
        self.assertNotIn("furious", " ".join(str(note or "") for note in notes))
        self.assertFalse(done.note or done.summary)
        followers = self.old.message_partner_ids
        self.assertNotIn(copied, followers)
        self.assertNotIn(self.customer, followers)
        # control: staff keep following
        self.assertIn(self.complaint_manager.partner_id, followers)

    def test_staff_words_about_the_person_go(self):
        Escalation = self.env["complaint.escalation"]
        by_hand = Escalation.create(
            {"complaint_id": self.old.id, "reason": "Wang Fang calls the press"}
        )
        by_sweep = Escalation.create(
            {
                "complaint_id": self.old.id,
                "reason": "Time limit breached: Resolution",
                "trigger": "sla",
            }
        )
        refund = self.env.ref("complaint_management.complaint_remedy_type_refund")
        remedy = self.env["complaint.remedy"].create(
            {"complaint_id": self.old.id, "type_id": refund.id, "amount": 10}
        )
        remedy.refusal_reason = "Wang Fang already got a refund in 2022"
        self._deidentify_old()
        self.assertNotIn("Wang", by_hand.reason)
        self.assertNotIn("Wang", remedy.refusal_reason)
        # control: what the system wrote stays, it names nobody
        self.assertEqual(by_sweep.reason, "Time limit breached: Resolution")

    # ------------------------------------------------------------------
    # Cancelled complaints
    # ------------------------------------------------------------------
    def test_cancelled_complaints_are_deidentified_after_the_period(self):
        Complaint = self.env["complaint.complaint"]
        with freeze_time(datetime(2023, 1, 10)):
            cancelled = Complaint.create(self._complaint_vals(subject="Kettle"))
            cancelled.with_user(self.complaint_user).action_cancel()
        with freeze_time(datetime(2025, 1, 5)):
            recent = Complaint.create(self._complaint_vals(subject="Toaster"))
            recent.with_user(self.complaint_user).action_cancel()
        self.assertEqual(cancelled.date_cancelled, datetime(2023, 1, 10))
        self.assertEqual(str(cancelled.date_retention), "2025-01-10")
        with freeze_time(datetime(2025, 3, 1)):
            Complaint._cron_deidentify()
        self.assertTrue(cancelled.is_deidentified)
        self.assertFalse(cancelled.sudo().partner_id)
        # control: cancelled within the period, kept as it is
        self.assertFalse(recent.is_deidentified)
        self.assertEqual(recent.partner_id, self.customer)

    # ------------------------------------------------------------------
    # Legal hold
    # ------------------------------------------------------------------
    def test_merging_a_held_complaint_keeps_the_hold(self):
        self.held.date_received = datetime(2026, 3, 2)
        self.free.date_received = datetime(2026, 3, 1)
        wizard = Form(
            self.env["complaint.merge.wizard"]
            .with_user(self.complaint_officer)
            .with_context(
                active_model="complaint.complaint",
                active_ids=(self.held | self.free).ids,
            )
        ).save()
        self.assertEqual(wizard.keep_id, self.free, "the oldest is kept")
        wizard.action_merge()
        self.assertEqual(self.held.merged_into_id, self.free)
        self.assertTrue(self.free.keep_permanently)
        self.assertFalse(self.free.date_retention)

    def test_a_held_complaint_loses_no_message_or_file(self):
        def evidence(complaint, author=None):
            message = complaint.with_user(author or self.env.user).message_post(
                body="Photo of the burn",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            attachment = self.env["ir.attachment"].create(
                {
                    "name": "burn.jpg",
                    "raw": b"jpg",
                    "res_model": complaint._name,
                    "res_id": complaint.id,
                }
            )
            return message, attachment

        message, attachment = evidence(self.held)
        user = self.complaint_manager
        with self.assertRaisesRegex(UserError, "kept permanently"):
            message.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "kept permanently"):
            attachment.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "kept permanently"):
            self.held.with_user(user)._message_update_content(message, body="")
        # a file follows the write access of its complaint: over RPC it is
        # neither rewritten nor moved to a complaint that is not held
        with self.assertRaisesRegex(UserError, "kept permanently"):
            attachment.with_user(user).write({"raw": b"forged"})
        with self.assertRaisesRegex(UserError, "kept permanently"):
            attachment.with_user(user).write({"res_id": self.free.id})
        with self.assertRaisesRegex(UserError, "kept permanently"):
            attachment.with_user(user).write({"url": "https://example.com/x.jpg"})
        # nor hidden in a file field (out of the chatter, export and erasure),
        # held or not
        with (
            self.assertRaisesRegex(UserError, "not to one of its fields"),
            self.env.cr.savepoint(),
        ):
            attachment.with_user(user).write({"res_field": "description"})
        attachment.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "not to one of its fields"):
            self.env["ir.attachment"].with_user(user).create(
                {
                    "name": "hidden.jpg",
                    "raw": b"jpg",
                    "res_model": self.free._name,
                    "res_id": self.free.id,
                    "res_field": "description",
                }
            )
        # nor put in a slot first and moved to the complaint after
        loose = (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": "loose.jpg", "raw": b"jpg", "res_field": "description"})
        )
        with (
            self.assertRaisesRegex(UserError, "not to one of its fields"),
            self.env.cr.savepoint(),
        ):
            loose.write({"res_model": self.free._name, "res_id": self.free.id})
        # the slot given as the context's default is the same slot
        with self.assertRaisesRegex(UserError, "not to one of its fields"):
            self.env["ir.attachment"].with_user(user).with_context(
                default_res_field="description"
            ).create(
                {
                    "name": "hidden.jpg",
                    "raw": b"jpg",
                    "res_model": self.free._name,
                    "res_id": self.free.id,
                }
            )
        # nor deleted by the chatter: linked to a message of another
        # complaint, then removed from it (core deletes it in superuser mode)
        other = self.free.with_user(user).message_post(
            body="Photo", message_type="comment", attachment_ids=attachment.ids
        )
        with self.assertRaisesRegex(UserError, "kept permanently"):
            self.free.with_user(user)._message_update_content(
                other.sudo(), body="Photo", attachment_ids=[]
            )
        # nor is a message's text rewritten over RPC
        with self.assertRaisesRegex(UserError, "kept permanently"):
            message.with_user(user).write({"body": "<p>Nothing here</p>"})
        self.held.with_user(user).action_cancel()
        # assertRaises, not assertRaisesRegex: Odoo's rolls back what the
        # failed call did (a refused request's transaction is rolled back)
        with self.assertRaises(UserError) as refused:
            self.held.with_user(user).unlink()
        self.assertIn("kept permanently", str(refused.exception))
        self.assertTrue(message.exists() and attachment.exists())
        self.assertIn("burn", str(message.body))
        self.assertEqual(attachment.raw, b"jpg")
        self.assertEqual(attachment.res_id, self.held.id)
        # a storage migration rewrites the same bytes: nothing changes
        attachment.with_user(user).write(
            {"raw": attachment.raw, "mimetype": attachment.mimetype}
        )
        # control: the same on a complaint that is not held (a message of
        # the manager's own: a colleague's is its author's to change)
        message, attachment = evidence(self.free, author=user)
        attachment.with_user(user).write({"raw": b"jpeg"})
        message.with_user(user).write({"body": "<p>Photo of the burn.</p>"})
        self.free.with_user(user)._message_update_content(message, body="Photo")
        message.with_user(user).unlink()
        attachment.with_user(user).unlink()
        self.free.with_user(user).action_cancel()
        self.free.with_user(user).unlink()
        self.assertFalse(self.free.exists())
        # the privacy officer lifts the hold, then the complaint may go
        self.held.with_user(self.privacy_officer).keep_permanently = False
        self.held.with_user(user).unlink()
        self.assertFalse(self.held.exists())

    # ------------------------------------------------------------------
    # Privacy requests of another company
    # ------------------------------------------------------------------
    def test_a_request_goes_to_its_company_officer(self):
        other = self.env["res.company"].create({"name": "Hong Kong Branch"})
        other_officer = new_test_user(
            self.env,
            login="cm_hk_privacy",
            groups="complaint_management.complaint_management_group_privacy_officer",
            company_ids=[(6, 0, (self.company | other).ids)],
            name="HK Privacy Officer",
        )
        other.complaint_privacy_officer_id = other_officer
        self.company.complaint_privacy_officer_id = self.privacy_officer
        self.privacy_officer.company_ids |= other
        Request = (
            self.env["complaint.privacy.request"]
            .with_user(self.privacy_officer)
            .with_context(allowed_company_ids=(self.company | other).ids)
        )
        request = Request.create(
            {
                "partner_id": self.customer.id,
                "request_type": "access",
                "company_id": other.id,
            }
        )
        self.assertEqual(request.user_id, other_officer)
        # control: the recorder's own company's request stays theirs
        own = Request.create({"partner_id": self.customer.id, "request_type": "access"})
        self.assertEqual(own.user_id, self.privacy_officer)

    def test_a_corrective_action_does_not_take_the_complainants_subject(self):
        """The subject is the complainant's words (a name, a phone): a
        corrective action made from the complaint, kept after it is
        de-identified, starts without it."""
        manager = self.complaint_manager
        action = self.old.with_user(manager).action_new_corrective_action()
        form = Form(
            self.env["complaint.corrective.action"]
            .with_user(manager)
            .with_context(**action["context"])
        )
        self.assertFalse(form.title)
        # control: the complaint's category comes with it
        self.assertEqual(form.category_id, self.old.category_id)

    def test_a_held_complaint_s_spill_over_files_and_messages_stay(self):
        case = self.env["complaint.external.case"].create(
            {
                "complaint_id": self.held.id,
                "body_id": self.env.ref(
                    "complaint_management.complaint_external_body_12315"
                ).id,
                "reference": "12315-HOLD",
            }
        )
        letter = self.env["ir.attachment"].create(
            {
                "name": "regulator-letter.pdf",
                "raw": b"%PDF-1.4 letter",
                "res_model": case._name,
                "res_id": case.id,
            }
        )
        message = case.message_post(body="The regulator asks for the invoice.")
        handler = self.complaint_user
        with self.assertRaises(UserError):
            letter.with_user(handler).unlink()
        with self.assertRaises(UserError):
            message.with_user(handler).unlink()
        self.assertTrue(letter.exists() and message.exists())
        # nor is the case moved off the held complaint, nor deleted with them
        manager = self.complaint_manager
        with self.assertRaisesRegex(UserError, "kept permanently"):
            case.with_user(manager).write({"complaint_id": self.free.id})
        with self.assertRaisesRegex(UserError, "kept permanently"):
            case.with_user(manager).unlink()
        self.assertEqual(case.complaint_id, self.held)
        # control: the hold lifted, the case's file goes
        self.held.with_user(self.privacy_officer).keep_permanently = False
        letter.with_user(handler).unlink()
        self.assertFalse(letter.exists())

    def test_a_complaint_an_outside_body_still_handles_is_kept(self):
        case = self.env["complaint.external.case"].create(
            {
                "complaint_id": self.old.id,
                "body_id": self.env.ref(
                    "complaint_management.complaint_external_body_consumer_council"
                ).id,
                "reference": "CC-PENDING",
            }
        )
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertFalse(self.old.is_deidentified, "its case is pending")
        self.assertEqual(case.reference, "CC-PENDING")
        # control: the case concluded, the retention period applies
        case.action_settle()
        self._deidentify_old()

    def test_a_complaint_merged_into_one_still_kept_waits(self):
        # its person's messages and files live on the complaint kept
        self.old.sudo()._workflow_write({"merged_into_id": self.held.id})
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertFalse(self.old.is_deidentified)
        # control: the complaint kept is done with and no longer held
        self.held.with_user(self.privacy_officer).keep_permanently = False
        self.held.write({"state": "closed", "date_closed": datetime(2025, 2, 1)})
        self._deidentify_old()

    def test_a_deidentified_complaint_is_no_earlier_complaint_of_anyone(self):
        # detection linked a later complaint of hers to the old one
        self.free.sudo()._workflow_write(
            {"repeat_of_ids": [(4, self.old.id)], "is_repeat": True}
        )
        self.assertIn(self.old, self.free.repeat_of_ids)
        self._deidentify_old()
        self.assertNotIn(self.old, self.free.repeat_of_ids, "nothing leads back")
        self.assertTrue(self.free.is_repeat, "the figures keep the repeat")

    def test_a_complaint_merged_along_a_chain_into_a_held_one_waits_quietly(self):
        middle = self.env["complaint.complaint"].create(
            self._complaint_vals(subject="Middle")
        )
        middle.write({"state": "cancelled"})
        middle.sudo()._workflow_write({"merged_into_id": self.held.id})
        self.old.sudo()._workflow_write({"merged_into_id": middle.id})
        with freeze_time(datetime(2025, 3, 1)):
            summary = self.env["complaint.complaint"]._cron_deidentify()
        self.assertFalse(self.old.is_deidentified)
        self.assertEqual(summary["done"], 0, "nothing to report, nothing looping")
