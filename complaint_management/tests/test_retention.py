from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..models.complaint_retention_mixin import DEIDENTIFIED_FIELDS
from .common import ComplaintCommon
from .migration_loader import load_migration


@tagged("post_install", "-at_install")
class TestRetention(ComplaintCommon):
    """The daily cron de-identifies only closed complaints past their
    retention date and not kept permanently; statistics stay intact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_retention_months = 24
        Complaint = cls.env["complaint.complaint"]
        cls.old = Complaint.create(
            cls._complaint_vals(
                subject="Wang Fang's kettle",
                description="<p>Call me at 13912345678, Wang Fang</p>",
                amount_claimed=120,
                representative_name="Wang Jun",
            )
        )
        cls.kept = Complaint.create(cls._complaint_vals(subject="Important case"))
        cls.recent = Complaint.create(cls._complaint_vals(subject="Recent case"))
        cls.open = Complaint.create(cls._complaint_vals(subject="Still open"))
        closed_old = datetime(2023, 1, 10, 9, 0)
        (cls.old | cls.kept).write({"state": "closed", "date_closed": closed_old})
        cls.kept.keep_permanently = True
        cls.recent.write({"state": "closed", "date_closed": datetime(2024, 6, 1)})
        cls.open.date_received = datetime(2022, 1, 1)
        cls.env["ir.attachment"].create(
            {
                "name": "photo.jpg",
                "raw": b"fake",
                "res_model": "complaint.complaint",
                "res_id": cls.old.id,
            }
        )
        cls.old.message_post(
            body="My address is 1 Nanjing Road", author_id=cls.customer.id
        )

    def test_retention_date(self):
        self.assertEqual(self.old.date_retention, date(2025, 1, 10))
        self.assertFalse(self.kept.date_retention)
        self.assertFalse(self.open.date_retention)

    def test_retention_date_is_the_companys_day(self):
        """Closed at 06:30 in Shanghai (22:30 UTC the day before), a complaint
        keeps its data the months the notice promises from that day, not
        from the day before."""
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        closed = self.env["complaint.complaint"].create(self._complaint_vals())
        closed.sudo()._workflow_write(
            {"state": "closed", "date_closed": datetime(2025, 2, 28, 22, 30)}
        )
        months = self.company.complaint_retention_months
        self.assertEqual(
            closed.date_retention, date(2025, 3, 1) + relativedelta(months=months)
        )
        # control: closed at 10:00 there, the same day in UTC
        closed.sudo()._workflow_write({"date_closed": datetime(2025, 2, 28, 2, 0)})
        self.assertEqual(
            closed.date_retention, date(2025, 2, 28) + relativedelta(months=months)
        )

    def test_the_data_stays_while_a_reply_reopens_the_complaint(self):
        """The closing emails say a reply reopens the complaint until a day:
        de-identified before it, the reply would find no complaint."""
        self.company.write(
            {"complaint_retention_months": 1, "complaint_reopen_days": 60}
        )
        closed = self.env["complaint.complaint"].create(self._complaint_vals())
        closed.sudo()._workflow_write(
            {"state": "closed", "date_closed": datetime(2025, 1, 31, 2, 0)}
        )
        last_reply = closed._reopen_last_day()
        self.assertEqual(closed.date_retention, last_reply + relativedelta(days=1))
        self.assertGreater(closed.date_retention, date(2025, 2, 28))
        with freeze_time(datetime.combine(last_reply, datetime.min.time())):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertFalse(closed.is_deidentified)
        # control: without a reopening period, the retention period alone
        self.company.complaint_reopen_days = 0
        self.assertEqual(closed.date_retention, date(2025, 2, 28))
        # the upgrade computes again a date stored before the rule
        self.company.complaint_reopen_days = 60
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE complaint_complaint SET date_retention = %s WHERE id = %s",
            (date(2025, 2, 28), closed.id),
        )
        self.env.invalidate_all()
        load_migration(__file__, "18.0.1.1.33").migrate(self.env.cr, "18.0.1.1.32")
        self.env.invalidate_all()
        self.assertEqual(closed.date_retention, last_reply + relativedelta(days=1))

    def test_every_identifying_field_is_emptied(self):
        """The notice promises the complainant's data goes: each field that
        may hold it, filled as a handling fills it, is empty afterwards."""
        product = self.env["product.product"].create({"name": "Kettle K1"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.customer.id}
        )
        old = self.old.sudo()
        old._workflow_write(
            {
                "complainant_phone": "13912345678",
                "contact_name": "Wang Jun",
                "requested_remedy": "Refund to Wang Fang",
                "sale_order_id": order.id,
                "sale_line_id": order.order_line.id,
                "invoice_id": invoice.id,
                "findings": "<p>Wang Fang used it on a camping stove</p>",
                "handling_plan": "<p>Call Wang Fang at home</p>",
                "immediate_action": "Called Wang Fang",
                "root_cause": "Wang Fang's stove",
                "rejection_reason": "Wang Fang asked too much",
                "resolution_summary": "<p>Wang Fang got a new kettle</p>",
                "high_risk_reason": "Wang Fang threatened the press",
                "party_subject": "Wang Fang's kettle",
                "party_description": "<p>Wang Fang's kettle leaked</p>",
                "party_response": "We called Wang Fang",
            }
        )
        for name in DEIDENTIFIED_FIELDS:
            # control: each one holds something before
            self.assertTrue(old[name], name)
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        old.invalidate_recordset()
        self.assertTrue(old.is_deidentified)
        for name in DEIDENTIFIED_FIELDS:
            self.assertFalse(old[name], name)
        # the records it named stay, for their own purpose
        self.assertTrue(order.exists())
        self.assertTrue(invoice.exists())

    def test_no_call_back_is_left_to_a_complainant_erased(self):
        """A low rating's call-back asked the handler to call a person whose
        contact data the de-identification had just removed."""
        callback = self.old.activity_schedule(
            "complaint_management.mail_activity_type_callback",
            user_id=self.complaint_user.id,
        )
        todo = self.old.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.complaint_user.id
        )
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertFalse(callback.exists())
        # control: another to-do stays, without its text about the person
        self.assertTrue(todo.exists())
        self.assertFalse(todo.summary)

    def test_cron_deidentifies_only_past_retention(self):
        remedy = (
            self.env["complaint.remedy"]
            .sudo()
            .create(
                {
                    "complaint_id": self.old.id,
                    "type_id": self.env.ref(
                        "complaint_management.complaint_remedy_type_refund"
                    ).id,
                    "amount": 10,
                    "description": "Refund to Wang Fang's card",
                }
            )
        )
        # fast-tracked within the company's period before the run (30 days)
        remedy._workflow_write(
            {
                "fast_track_customer_id": self.customer.id,
                "date_approved": datetime(2025, 2, 20),
            }
        )
        # the row that serialises the customer's fast tracks, written then
        Turn = self.env["complaint.remedy.fast.track.turn"]
        Turn._take([(self.company.id, self.customer.id)])
        turn = Turn.search([("partner_id", "=", self.customer.id)])
        turn.date = datetime(2025, 2, 20)  # (the database's clock writes it)
        lapsed = remedy.copy({"description": "Earlier refund"})
        lapsed._workflow_write(
            {
                "fast_track_customer_id": self.customer.id,
                "date_approved": datetime(2023, 1, 5),
            }
        )
        with freeze_time(datetime(2025, 3, 1)):
            done = self.env["complaint.complaint"]._cron_deidentify()
        self.assertEqual(done, {"done": 1, "skipped": 0})
        old = self.old.sudo()
        self.assertTrue(old.is_deidentified)
        self.assertFalse(old.partner_id)
        self.assertFalse(old.complainant_email)
        self.assertFalse(old.complainant_phone)
        self.assertFalse(old.representative_name)
        self.assertFalse(old.description)
        self.assertNotIn("Wang", old.subject)
        self.assertNotIn("Wang", old.complainant_name)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "complaint.complaint"), ("res_id", "=", old.id)]
            )
        )
        bodies = " ".join(old.message_ids.mapped("body"))
        self.assertNotIn("Nanjing", bodies)
        self.assertIn("de-identified", bodies, "the cron says what it did")
        self.assertNotIn(self.customer, old.message_partner_ids)
        # the remedy's words go; who the fast track went to is their limit's
        # count and stays while the limit counts it, not after
        self.assertFalse(remedy.description)
        self.assertEqual(remedy.fast_track_customer_id, self.customer)
        self.assertFalse(lapsed.fast_track_customer_id)
        # the complaint is de-identified for good: a later run lets the
        # customer go once the period is over, not before
        with freeze_time(datetime(2025, 3, 10)):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertEqual(remedy.fast_track_customer_id, self.customer)
        self.assertTrue(turn.exists(), "its date still counts")
        with freeze_time(datetime(2025, 3, 25)):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertFalse(remedy.fast_track_customer_id)
        # nor does the turn's date lead back to the remedy (its approval)
        self.assertFalse(turn.exists())
        # statistics stay intact
        self.assertEqual(old.state, "closed")
        self.assertEqual(old.category_id, self.category)
        self.assertEqual(old.channel_id, self.channel_phone)
        self.assertEqual(old.amount_claimed, 120)
        self.assertEqual(old.date_closed, datetime(2023, 1, 10, 9, 0))
        # the others are untouched
        for complaint in (self.kept, self.recent, self.open):
            with self.subTest(complaint=complaint.subject):
                self.assertFalse(complaint.is_deidentified)
                self.assertEqual(complaint.partner_id, self.customer)
                self.assertEqual(complaint.complainant_email, "wang.fang@example.com")

    def test_the_retention_date_ends_where_the_company_works(self):
        """The job runs in UTC: at 02:00 UTC it is still the evening of the
        last day kept in New York, and the data stays until that day ends."""
        self.company.resource_calendar_id.tz = "America/New_York"
        self.company.partner_id.tz = False
        self.assertEqual(self.old.date_retention, date(2025, 1, 10))
        Complaint = self.env["complaint.complaint"]
        with freeze_time(datetime(2025, 1, 11, 2, 0)):
            Complaint._cron_deidentify()
        self.assertFalse(self.old.is_deidentified)
        # control: the next day there
        with freeze_time(datetime(2025, 1, 11, 6, 0)):
            Complaint._cron_deidentify()
        self.assertTrue(self.old.is_deidentified)

    def test_cron_is_idempotent(self):
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
            messages = self.old.message_ids
            self.assertEqual(
                self.env["complaint.complaint"]._cron_deidentify()["done"], 0
            )
        self.assertEqual(self.old.message_ids, messages)

    def test_nothing_before_the_date(self):
        with freeze_time(datetime(2025, 1, 9)):
            self.assertEqual(
                self.env["complaint.complaint"]._cron_deidentify()["done"], 0
            )
        self.assertFalse(self.old.is_deidentified)

    def test_rating_value_survives(self):
        token = self.old._rating_get_access_token()
        self.old.sudo().rating_apply(3, token=token, feedback="Wang says ok")
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        rating = self.old.sudo().rating_ids
        self.assertEqual(rating.rating, 3)
        self.assertFalse(rating.partner_id)
        self.assertFalse(rating.feedback)
        self.assertEqual(self.old.rating_last_value, 3)

    def test_the_note_is_dated_on_the_companys_day(self):
        """The job runs in UTC: at 01:30 in Shanghai (17:30 UTC the day
        before) its note named yesterday."""
        calendar = self.company.resource_calendar_id
        calendar.tz = "Asia/Shanghai"
        self.env["res.lang"]._activate_lang("en_US")
        with freeze_time("2026-05-09 17:30:00"):
            self.env["complaint.complaint"]._cron_deidentify()
        note = self.old.message_ids.filtered(
            lambda m: "de-identified on" in str(m.body)
        )
        self.assertEqual(len(note), 1)
        self.assertIn("05/10/2026", str(note.body))
        # control: in UTC, the day it is there
        self.company.resource_calendar_id.tz = "UTC"
        self.company.partner_id.tz = False
        self.kept.keep_permanently = False
        with freeze_time("2026-05-09 17:30:00"):
            self.env["complaint.complaint"]._cron_deidentify()
        note = self.kept.message_ids.filtered(
            lambda m: "de-identified on" in str(m.body)
        )
        self.assertIn("05/09/2026", str(note.body))
