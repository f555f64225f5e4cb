from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestSatisfaction(ComplaintCommon):
    """Rating request through rating.mixin after closure; a low rating
    schedules the callback (回访) for the handler."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.callback_type = cls.env.ref(
            "complaint_management.mail_activity_type_callback"
        )

    def _closed(self, **values):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id, **values)
        )
        complaint.write(
            {
                "state": "assessed",
                "level_id": self.level_normal.id,
                "validity": "unfounded",
                "resolution_summary": "<p>Explained.</p>",
            }
        )
        return complaint

    def _rating_token(self, complaint):
        rating = complaint.rating_ids.filtered(lambda r: not r.consumed)
        self.assertEqual(len(rating), 1)
        return rating.access_token

    def test_closing_sends_rating_request(self):
        complaint = self._closed()
        with self.mock_mail_gateway():
            complaint.action_close()
        token = self._rating_token(complaint)
        mails = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        # the closing notice (the outcome), then the survey
        self.assertEqual(len(mails), 2)
        mail = mails.filtered(lambda m: "/rate/" in m.body_html)
        self.assertEqual(len(mail), 1)
        self.assertIn(f"/rate/{token}/1", mail.body_html)
        self.assertIn(f"/rate/{token}/5", mail.body_html)
        self.assertEqual(complaint.rating_ids.partner_id, self.customer)

    def test_the_survey_goes_to_the_address_typed_for_a_contact(self):
        """A contact without an address, the complainant's typed on the
        complaint: every letter went there, the survey never."""
        phone_only = self.env["res.partner"].create({"name": "Phone caller"})
        complaint = self._closed(
            partner_id=phone_only.id, complainant_email="caller@example.com"
        )
        with self.mock_mail_gateway():
            complaint.action_close()
        self.assertTrue(complaint.rating_ids)
        mails = self._new_mails.filtered(
            lambda m: "caller@example.com" in (m.email_to or "")
        )
        # the closing notice went there too
        self.assertEqual(len(mails), 2)
        self.assertEqual(len(mails.filtered(lambda m: "/rate/" in m.body_html)), 1)
        # control: without any address, nobody is asked
        nobody = self._closed(partner_id=phone_only.id, complainant_email=False)
        nobody.action_close()
        self.assertFalse(nobody.rating_ids)

    def test_request_only_after_closure(self):
        complaint = self._closed()
        self.assertFalse(complaint.can_request_rating)
        with self.assertRaises(UserError):
            complaint.action_request_rating()
        complaint.action_close()
        self.assertTrue(complaint.rating_ids, "closing invites the complainant")
        self.assertFalse(complaint.can_request_rating, "asked once, not again")
        # a request that could not reach the complainant can be made by hand
        complaint.rating_ids.unlink()
        self.assertTrue(complaint.can_request_rating)

    def test_low_rating_schedules_callback_for_handler(self):
        complaint = self._closed()
        complaint.action_close()
        token = self._rating_token(complaint)
        complaint.sudo().rating_apply(1, token=token, feedback="Nobody called me")
        self.assertEqual(complaint.rating_last_value, 1)
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.callback_type
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.complaint_user)
        self.assertIn("Nobody called me", activity.note)
        self.assertIn("Rated 1/5", activity.note)

    def test_the_callback_is_due_after_the_delay_of_its_type(self):
        """The company sets the callback's delay on its type (Settings,
        Activity Types): it was due the day of the rating whatever it said."""
        self.callback_type.write({"delay_count": 3, "delay_unit": "days"})
        complaint = self._closed()
        complaint.action_close()
        token = self._rating_token(complaint)
        complaint.sudo().rating_apply(1, token=token, feedback="Nobody called me")
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.callback_type
        )
        self.assertEqual(
            activity.date_deadline,
            fields.Date.context_today(complaint.sudo()) + timedelta(days=3),
        )

    def test_the_callback_is_due_from_the_companys_day(self):
        """A visitor rates from the survey email at 07:30 in Shanghai (23:30
        UTC the day before): the public user has no zone, and the delay was
        counted from the UTC day."""
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        self.callback_type.write({"delay_count": 1, "delay_unit": "days"})
        complaint = self._closed()
        complaint.action_close()
        token = self._rating_token(complaint)
        public = self.env.ref("base.public_user")
        with freeze_time("2026-03-04 23:30:00"):
            complaint.with_user(public).sudo().with_context(tz=False).rating_apply(
                2, token=token, feedback="Slow"
            )
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.callback_type
        )
        self.assertEqual(activity.date_deadline, fields.Date.to_date("2026-03-06"))

    def test_the_feedback_is_text_in_the_callback(self):
        """Typed markup stays text: the note rendered a link the rater
        wrote, in the handler's to-do."""
        complaint = self._closed()
        complaint.action_close()
        complaint.sudo().rating_apply(
            1,
            token=self._rating_token(complaint),
            feedback='<a href="https://evil.example">Open</a> &lt;b&gt;x&lt;/b&gt;',
        )
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.callback_type
        )
        self.assertNotIn('href="https://evil.example"', str(activity.note))
        self.assertNotIn("<b>", str(activity.note))
        self.assertIn("Open", str(activity.note), "control: the words are kept")

    def test_one_rating_a_handling_whoever_holds_an_invitation(self):
        """The complainant put right after a rating: a second invitation
        rated again, replacing the figure and removing the call-back."""
        complaint = self._closed()
        complaint.action_close()
        complaint.sudo().rating_apply(1, token=self._rating_token(complaint))
        other = self.env["res.partner"].create({"name": "Right Person"})
        complaint.write({"partner_id": other.id})
        second = complaint.sudo()._rating_get_access_token(other)
        with self.assertRaisesRegex(UserError, "rated already"):
            complaint.sudo().rating_apply(5, token=second)
        self.assertEqual(complaint.rating_last_value, 1)
        self.assertTrue(
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == self.callback_type
            )
        )
        # control: the same invitation answered again updates the rating
        first = complaint.sudo().rating_ids.filtered("consumed")
        complaint.sudo().rating_apply(2, rating=first)
        self.assertEqual(complaint.rating_last_value, 2)

    def test_the_callback_is_worded_in_its_assignees_language(self):
        """The handler reads Chinese in a company that works in English: the
        note of the callback is theirs to read."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["zh_CN"], overwrite=True
        )
        self.complaint_user.lang = "zh_CN"
        complaint = self._closed()
        complaint.action_close()
        complaint.with_context(lang="en_US").sudo().rating_apply(
            2, token=self._rating_token(complaint), feedback="Too slow"
        )
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.callback_type
        )
        self.assertIn("评分：2/5", activity.note)
        # its title too, though the rater's page was in English
        title = self.callback_type.with_context(lang="zh_CN").summary
        self.assertTrue(title)
        self.assertEqual(activity.summary, title)
        # control: a handler reading English is written to in English
        self.complaint_user.lang = "en_US"
        other = self._closed()
        other.action_close()
        other.sudo().rating_apply(1, token=self._rating_token(other))
        note = other.activity_ids.filtered(
            lambda a: a.activity_type_id == self.callback_type
        ).note
        self.assertIn("Rated 1/5", note)

    def test_a_rating_before_a_reopening_no_longer_counts(self):
        complaint = self._closed()
        complaint.action_close()
        complaint.sudo().rating_apply(5, token=self._rating_token(complaint))
        self.assertEqual(complaint.rating_last_value, 5)
        self.assertFalse(complaint.can_request_rating, "rated")
        # the remedy never arrived: reopened, the 5 rated a handling undone
        with freeze_time(fields.Datetime.now() + timedelta(minutes=5)):
            complaint.action_reopen()
            self.assertEqual(complaint.rating_last_value, 0)
            complaint.write(
                {"state": "assessed", "resolution_summary": "<p>Sent again.</p>"}
            )
        with freeze_time(fields.Datetime.now() + timedelta(minutes=10)):
            complaint.action_close()  # asked again
            token = self._rating_token(complaint)
            complaint.sudo().rating_apply(2, token=token, feedback="Too late")
        self.assertEqual(complaint.rating_last_value, 2)
        self.assertEqual(len(complaint.rating_ids), 2, "the first stays, as history")

    def test_the_invitation_of_a_closing_undone_rates_nothing(self):
        """Rated, reopened and closed again: the first invitation's link
        (core's /rate/<token>/submit_feedback) does not overwrite its
        history nor answer for the new invitation."""
        complaint = self._closed()
        complaint.action_close()
        first = self._rating_token(complaint)
        complaint.sudo().rating_apply(5, token=first, feedback="Great")
        with freeze_time(fields.Datetime.now() + timedelta(minutes=5)):
            complaint.action_reopen()
            complaint.write({"state": "assessed", "resolution_summary": "<p>Again</p>"})
        with freeze_time(fields.Datetime.now() + timedelta(minutes=10)):
            complaint.action_close()
            latest = self._rating_token(complaint)
            with self.assertRaisesRegex(UserError, "before it was reopened"):
                complaint.sudo().rating_apply(1, token=first, feedback="Changed mind")
            old = complaint.sudo().rating_ids.filtered(
                lambda r: r.access_token == first
            )
            self.assertEqual((old.rating, old.feedback), (5, "Great"))
            self.assertFalse(
                complaint.activity_ids.filtered(
                    lambda a: a.activity_type_id == self.callback_type
                )
            )
            # control: the latest invitation rates it
            complaint.sudo().rating_apply(1, token=latest, feedback="Too late")
        self.assertEqual(complaint.rating_last_value, 1)
        # the Satisfaction tab's figures leave the history out
        self.assertEqual((complaint.rating_count, complaint.rating_avg), (1, 1))

    def test_the_callback_goes_to_who_is_still_here(self):
        complaint = self._closed()
        complaint.action_close()
        token = self._rating_token(complaint)
        # the handler left after the closing (a closed complaint keeps them)
        self.complaint_user.active = False
        complaint.sudo().rating_apply(1, token=token, feedback="Nobody called me")
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.callback_type
        )
        self.assertEqual(len(activity), 1)
        self.assertNotEqual(activity.user_id, self.complaint_user)
        self.assertTrue(activity.user_id._complaint_can_own(complaint.company_id))

    def test_invitation_of_a_reopened_complaint_waits_for_its_closing(self):
        """An invitation of an earlier closing rates the handling once it is
        done, not while the complaint is open again."""
        complaint = self._closed()
        complaint.action_close()
        token = self._rating_token(complaint)
        complaint.action_reopen()
        with self.assertRaisesRegex(UserError, "being handled again"):
            complaint.sudo().rating_apply(1, token=token, feedback="Too slow")
        self.assertFalse(complaint.rating_last_value)
        self.assertFalse(
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == self.callback_type
            )
        )
        # control: closed again, the same invitation rates it
        complaint.sudo()._workflow_write({"state": "closed"})
        complaint.sudo().rating_apply(4, token=token, feedback="Sorted")
        self.assertEqual(complaint.rating_last_value, 4)

    def test_invitation_of_a_merged_duplicate_points_to_the_kept_complaint(self):
        """Closed, invited, reopened and merged: its invitation said the
        complaint would be rated once closed, and the duplicate never
        closes."""
        dup = self._closed()
        dup.action_close()
        token = self._rating_token(dup)
        dup.action_reopen()
        kept = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        kept.with_user(self.complaint_manager)._merge(dup)
        with self.assertRaisesRegex(UserError, f"merged into {kept.name}"):
            dup.sudo().rating_apply(5, token=token)
        self.assertFalse(dup.rating_last_value)

    def test_low_rating_sent_again_keeps_one_callback(self):
        complaint = self._closed()
        complaint.action_close()
        token = self._rating_token(complaint)
        complaint.sudo().rating_apply(1, token=token, feedback="Nobody called me")
        complaint.sudo().rating_apply(2, token=token, feedback="Still nobody")
        complaint.sudo().rating_apply(1, token=token, feedback="Third time")
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.callback_type
        )
        self.assertEqual(len(activity), 1, "one callback per complaint")
        self.assertIn("Third time", activity.note, "with the latest feedback")
        # control: once the callback is done, a new low rating asks for a new one
        activity.action_feedback(feedback="Called back")
        complaint.sudo().rating_apply(1, token=token, feedback="Worse")
        self.assertEqual(
            len(
                complaint.activity_ids.filtered(
                    lambda a: a.activity_type_id == self.callback_type
                )
            ),
            1,
        )

    def test_rated_again_satisfied_no_callback_is_left(self):
        """Core lets the same invitation be answered again: rated 1, then 5,
        the callback of the 1 stayed, its note saying "Rated 1/5"."""
        complaint = self._closed()
        complaint.action_close()
        token = self._rating_token(complaint)
        complaint.sudo().rating_apply(1, token=token, feedback="Slow")

        def callbacks():
            return complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == self.callback_type
            )

        self.assertEqual(len(callbacks()), 1)
        complaint.sudo().rating_apply(5, token=token, feedback="They called, fine")
        self.assertFalse(callbacks())
        # control: low again, a callback again
        complaint.sudo().rating_apply(2, token=token, feedback="Broke again")
        self.assertEqual(len(callbacks()), 1)

    def test_good_rating_schedules_nothing(self):
        complaint = self._closed()
        complaint.action_close()
        complaint.sudo().rating_apply(5, token=self._rating_token(complaint))
        self.assertEqual(complaint.rating_last_value, 5)
        self.assertFalse(
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == self.callback_type
            )
        )

    def test_okay_is_not_satisfied_and_gets_the_callback(self):
        """The survey promises a callback to whoever is not satisfied; the
        satisfaction rate counts "Okay" (3) as not satisfied: it gets one.
        Control: 4 is satisfied, no callback."""
        for rate, callbacks in ((3, 1), (4, 0)):
            complaint = self._closed()
            complaint.action_close()
            complaint.sudo().rating_apply(rate, token=self._rating_token(complaint))
            self.assertEqual(
                len(
                    complaint.activity_ids.filtered(
                        lambda a: a.activity_type_id == self.callback_type
                    )
                ),
                callbacks,
            )

    def test_callback_goes_to_team_leader_without_handler(self):
        complaint = self._closed()
        complaint.user_id = False
        complaint.action_close()
        complaint.sudo().rating_apply(1, token=self._rating_token(complaint))
        self.assertEqual(complaint.activity_ids.user_id, self.complaint_manager)

    def test_a_handler_does_not_undo_the_customers_rating(self):
        """Reopened and closed again by its handler, a complaint rated 1/5
        left the satisfaction figures: the rating is the customer's."""
        complaint = self._closed()
        complaint.action_close()
        complaint.sudo().rating_apply(1, token=self._rating_token(complaint))
        handler = complaint.with_user(self.complaint_user)
        self.assertFalse(handler.can_reopen)
        with self.assertRaisesRegex(UserError, "a complaint manager reopens it"):
            handler.action_reopen()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.rating_last_value, 1)
        # control: a manager reopens it, as does a complaint not rated
        manager = complaint.with_user(self.complaint_manager)
        self.assertTrue(manager.can_reopen)
        manager.action_reopen()
        self.assertEqual(complaint.state, "investigating")
        unrated = self._closed()
        unrated.action_close()
        unrated.with_user(self.complaint_user).action_reopen()
        self.assertEqual(unrated.state, "investigating")
