import io
import json
import zipfile
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_privacy_request import PrivacyRequestsCommon


@tagged("post_install", "-at_install")
class TestPrivacyHardening(PrivacyRequestsCommon):
    """What an erasure leaves behind, who changes the notices and the
    register, and what the complainant's portal may read."""

    def test_every_copy_of_the_data_goes_with_the_erasure(self):
        request = self._request("copy")
        request.action_export()
        first = request.export_attachment_id
        request.action_export()
        second = request.export_attachment_id
        self.assertFalse(first.exists(), "one copy per request")
        others = self._request("copy", partner_id=self.other_customer.id)
        others.action_export()
        self._request("deletion").action_erase()
        self.assertFalse(second.exists())
        # control: another person's copy stays
        self.assertTrue(others.export_attachment_id.exists())

    def test_a_spill_over_case_loses_its_files_with_its_texts(self):
        case = self.env["complaint.external.case"].create(
            {
                "complaint_id": self.closed.id,
                "body": "12315",
                "reference": "12315-2026-009",
                "date_received": date(2026, 1, 20),
                "note": "ID 110101199001011234",
            }
        )
        scan = self.env["ir.attachment"].create(
            {
                "name": "id-card.png",
                "raw": b"id card",
                "res_model": case._name,
                "res_id": case.id,
            }
        )
        other = self.env["complaint.external.case"].create(
            {
                "complaint_id": self.others.id,
                "body": "12315",
                "reference": "12315-2026-010",
                "date_received": date(2026, 1, 20),
            }
        )
        kept = scan.copy({"res_id": other.id})
        # concluded (a pending case keeps the complaint: test_privacy_request_scope)
        case.write(
            {
                "date_settled": date(2026, 1, 30),
                "negotiation_date": date(2026, 1, 28),
                "negotiation_method": "phone",
                "negotiation_process": "Called her on Wednesday.",
                "negotiation_result": "Refunded.",
            }
        )
        case._workflow_write({"outcome": "settled"})
        self._request("deletion").action_erase()
        self.assertFalse(scan.exists())
        self.assertFalse(case.note)
        # control: another person's case keeps its file
        self.assertTrue(kept.exists())

    def test_a_deidentified_complaint_is_not_filled_again(self):
        self._request("deletion").action_erase()
        closed = self.closed.with_user(self.complaint_user)
        for vals in (
            {"partner_id": self.customer.id},
            {"description": "<p>Call 13800138000</p>"},
            {"complainant_name": "Wang Fang"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                closed.write(vals)
        # control: the classification still changes
        tag = self.env["complaint.tag"].create({"name": "kettles"})
        closed.write({"tag_ids": [(4, tag.id)]})
        self.assertEqual(self.closed.tag_ids, tag)

    def test_notices_change_only_in_the_officers_companies(self):
        branch = self.env["res.company"].create({"name": "Hong Kong Branch"})
        Notice = self.env["complaint.privacy.notice"]
        shared = Notice.create(
            {
                "version": "S-1",
                "body": "<p>Shared</p>",
                "company_id": False,
                "is_current": False,
            }
        )
        theirs = Notice.create(
            {
                "version": "HK-2",
                "body": "<p>Branch</p>",
                "company_id": branch.id,
                "is_current": False,
            }
        )
        officer = new_test_user(
            self.env,
            login="cm_notice_editor",
            groups="complaint_management.complaint_management_group_privacy_officer",
            company_ids=[self.company.id],
        )
        mine = Notice.with_user(officer).create(
            {
                "version": "A-3",
                "body": "<p>Draft</p>",
                "company_id": self.company.id,
                "is_current": False,
            }
        )
        with self.assertRaises(AccessError):
            shared.with_user(officer).write({"body": "<p>Changed</p>"})
        with self.assertRaises(AccessError):
            mine.with_user(officer).write({"company_id": branch.id})
        with self.assertRaises(AccessError):
            mine.with_user(officer).write({"company_id": False})
        self.assertEqual(shared.with_user(officer).body, "<p>Shared</p>", "read")
        self.assertFalse(theirs.with_user(officer).search([("id", "=", theirs.id)]))
        # a manager of one company neither withdraws nor replaces what the
        # other companies show (their complainants would agree to it); no
        # other shared notice current, so only the guard refuses
        Notice.search([("company_id", "=", False), ("id", "!=", shared.id)]).write(
            {"is_current": False}
        )
        manager = self.complaint_manager
        for refused in (
            lambda: shared.with_user(manager).write({"body": "<p>New</p>"}),
            lambda: shared.with_user(manager).write({"is_current": True}),
            lambda: shared.with_user(manager).write({"active": False}),
            lambda: Notice.with_user(manager).create(
                {"version": "S-2", "body": "<p>Ours for all</p>", "company_id": False}
            ),
            lambda: shared.with_user(manager).unlink(),
        ):
            with (
                self.assertRaisesRegex(UserError, "shared by every company"),
                self.env.cr.savepoint(),
            ):
                refused()
        self.env.invalidate_all()
        self.assertFalse(shared.is_current)
        self.assertTrue(shared.active)
        # control: the officer's own draft changes; a manager working for
        # every company changes the shared one
        mine.with_user(officer).write({"body": "<p>Better draft</p>"})
        manager.company_ids = self.env["res.company"].search([])
        shared.with_user(manager).write({"body": "<p>New</p>"})
        self.assertEqual(shared.body, "<p>New</p>")
        Notice.with_user(manager).create(
            {"version": "S-2", "body": "<p>Ours for all</p>", "is_current": False}
        )
        # a shared version is named once, as a company's is
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Notice.create(
                {"version": "S-1", "body": "<p>Again</p>", "is_current": False}
            )

    def test_an_archived_notice_is_no_longer_current(self):
        notice = self.env["complaint.privacy.notice"].create(
            {"version": "A-4", "body": "<p>Old</p>", "company_id": self.company.id}
        )
        notice.is_current = True
        self.assertEqual(
            self.env["complaint.privacy.notice"]._current(self.company), notice
        )
        notice.active = False
        self.assertFalse(notice.is_current)
        self.assertNotEqual(
            self.env["complaint.privacy.notice"]
            .with_context(active_test=False)
            ._current(self.company),
            notice,
        )

    def test_the_register_keeps_where_and_by_whom_a_request_was_answered(self):
        branch = self.env["res.company"].create({"name": "Hong Kong Branch"})
        request = self._request("access")
        # refused: its owner does not work there (nor may the officer move it)
        with self.assertRaises(UserError):
            request.write({"company_id": branch.id})
        self.assertEqual(request.company_id, self.company)
        request.write({"description": "A copy of my complaints."})  # control
        request.write({"outcome": "Copy sent by email."})
        request.action_done()
        for vals in (
            {"user_id": self.complaint_manager.id},
            {"company_id": self.company.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                request.write(vals)

    def test_privacy_periods_are_at_least_a_month_and_a_day(self):
        for vals in (
            {"complaint_retention_months": 0},
            {"complaint_privacy_request_days": 0},
            {"complaint_reopen_days": -1},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.company.write(vals)
        # control: the shortest periods allowed
        self.company.write(
            {
                "complaint_retention_months": 1,
                "complaint_privacy_request_days": 1,
                "complaint_reopen_days": 0,
            }
        )

    def test_a_withdrawn_consent_is_given_again_before_a_privacy_officer(self):
        request = self._request("withdrawal", outcome="Consent withdrawn.")
        request.action_done()
        self.assertFalse(self.closed.privacy_consent_given)
        with self.assertRaises(UserError):
            self.closed.with_user(self.complaint_user).privacy_consent_given = True
        # control: a privacy officer (the manager is one) records it, as a new one
        self.closed.with_user(self.complaint_manager).privacy_consent_given = True
        self.assertTrue(self.closed.privacy_consent_given)
        self.assertEqual(len(self.closed.consent_ids.filtered("is_active")), 1)

    def test_the_export_gives_the_persons_own_order_only(self):
        """Staff linked another customer's order: the person's copy names
        their own order only, as the printed forms and the portal do."""
        theirs = self.env["sale.order"].create({"partner_id": self.other_customer.id})
        own = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.closed.sudo().sale_order_id = theirs
        self.open.sudo().sale_order_id = own
        request = self._request("copy")
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        orders = {
            row["number"]: row["order"]
            for row in json.loads(archive.read("complaints.json"))
        }
        self.assertIsNone(orders[self.closed.name])
        self.assertEqual(orders[self.open.name], own.name)
