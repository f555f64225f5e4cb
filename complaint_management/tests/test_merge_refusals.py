from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_merge import MergeSplitCommon


@tagged("post_install", "-at_install")
class TestMergeRefusals(MergeSplitCommon):
    """Merges refused, each refusal beside its control."""

    def test_refused_without_the_officer_right(self):
        kept = self._create(fields.Datetime.now())
        dup = self._create(fields.Datetime.now())
        # a team member may change both, but is no complaint officer
        self.assertTrue((kept | dup).with_user(self.complaint_user).has_access("write"))
        with self.assertRaisesRegex(UserError, "Only complaint officers"):
            kept.with_user(self.complaint_user)._merge(dup)
        with self.assertRaises(AccessError):
            self._merge_form(kept | dup, self.complaint_user).save()
        self.assertFalse(dup.merged_into_id)
        self.assertEqual(dup.repeat_of_ids, kept, "detected as a duplicate")
        self.assertFalse(dup.with_user(self.complaint_user).can_merge)
        # control: an officer merges them
        self.assertTrue(dup.with_user(self.complaint_officer).can_merge)
        action = dup.with_user(self.complaint_officer).action_open_merge_wizard()
        self.assertEqual(set(action["context"]["active_ids"]), {kept.id, dup.id})
        kept.with_user(self.complaint_officer)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)

    def test_refused_without_write_access(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="cm_officer_other_co",
            groups="complaint_management.complaint_management_group_officer",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        kept = self._create(fields.Datetime.now())
        dup = self._create(fields.Datetime.now())
        with self.assertRaisesRegex(UserError, "Only complaint officers"):
            kept.with_user(outsider)._merge(dup)
        # control: given the company, the same officer merges them
        outsider.company_ids |= self.company
        kept.with_user(outsider).with_company(self.company)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)

    def test_refused_for_another_complainant(self):
        kept = self._create(fields.Datetime.now())
        stranger = self._create(
            fields.Datetime.now(), partner_id=self.other_customer.id
        )
        with self.assertRaisesRegex(UserError, "not from the same complainant"):
            kept._merge(stranger)
        # without contact: the email address tells
        anon = self._create(
            fields.Datetime.now(),
            partner_id=False,
            complainant_name="Anon",
            complainant_email="anon@example.com",
        )
        anon_other = self._create(
            fields.Datetime.now(),
            partner_id=False,
            complainant_name="Anon",
            complainant_email="someone@example.com",
        )
        with self.assertRaisesRegex(UserError, "not from the same complainant"):
            anon._merge(anon_other)
        with self.assertRaisesRegex(UserError, "not from the same complainant"):
            kept._merge(anon)
        # control: the same address (case aside), and the same customer
        anon_same = self._create(
            fields.Datetime.now(),
            partner_id=False,
            complainant_name="Anon",
            complainant_email="ANON@example.com",
        )
        anon._merge(anon_same)
        self.assertEqual(anon_same.merged_into_id, anon)
        same = self._create(fields.Datetime.now())
        kept._merge(same)
        self.assertEqual(same.merged_into_id, kept)

    def test_refused_across_companies(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        kept = self._create(fields.Datetime.now())
        foreign = self._create(
            fields.Datetime.now(), company_id=other_company.id, team_id=False
        )
        with self.assertRaisesRegex(UserError, "same company"):
            kept._merge(foreign)
        # control
        local = self._create(fields.Datetime.now())
        kept._merge(local)
        self.assertEqual(local.merged_into_id, kept)

    def test_refused_into_itself_or_alone(self):
        kept = self._create(fields.Datetime.now())
        with self.assertRaisesRegex(UserError, "into itself"):
            kept._merge(kept)
        with self.assertRaisesRegex(UserError, "at least two"):
            self._merge_form(kept).save().action_merge()
        # control
        dup = self._create(fields.Datetime.now())
        self._merge_form(kept | dup).save().action_merge()
        self.assertEqual(dup.merged_into_id, kept)

    def test_refused_for_closed_cancelled_or_merged(self):
        kept = self._create(fields.Datetime.now())
        closed = self._create(fields.Datetime.now())
        closed.write({"state": "closed", "date_closed": fields.Datetime.now()})
        cancelled = self._create(fields.Datetime.now())
        cancelled.action_cancel()
        merged = self._create(fields.Datetime.now())
        carrier = self._create(fields.Datetime.now())
        carrier._merge(merged)
        for complaint, error in (
            (closed, "only open complaints"),
            (cancelled, "only open complaints"),
            (merged, "already merged"),
        ):
            with self.assertRaisesRegex(UserError, error):
                kept._merge(complaint)
            with self.assertRaisesRegex(UserError, error):
                complaint._merge(kept)
        # control: once reopened, the closed one merges
        closed.action_reopen()
        kept._merge(closed)
        self.assertEqual(closed.merged_into_id, kept)

    def test_refused_for_an_unconfirmed_sender(self):
        kept = self._create(fields.Datetime.now())
        emailed = self._create(fields.Datetime.now())
        emailed._workflow_write({"sender_unverified": True})
        with self.assertRaisesRegex(UserError, "not confirmed"):
            kept._merge(emailed)
        # control: confirmed, it merges
        emailed.action_confirm_sender()
        kept._merge(emailed)
        self.assertEqual(emailed.merged_into_id, kept)

    def test_link_fields_only_through_the_merge(self):
        kept = self._create(fields.Datetime.now())
        dup = self._create(fields.Datetime.now())
        officer_dup = dup.with_user(self.complaint_officer)
        with self.assertRaisesRegex(UserError, "workflow"):
            officer_dup.write({"merged_into_id": kept.id})
        with self.assertRaisesRegex(UserError, "workflow"):
            officer_dup.write({"split_from_id": kept.id})
        # control: the merge writes it
        kept.with_user(self.complaint_officer)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)

    def test_a_merged_duplicate_is_not_deleted(self):
        kept = self._create(fields.Datetime.now())
        dup = self._create(fields.Datetime.now())
        kept.with_user(self.complaint_officer)._merge(dup)
        self.assertEqual(dup.state, "cancelled")
        with self.assertRaisesRegex(UserError, "merged into are kept"):
            dup.with_user(self.complaint_manager).unlink()
        self.assertTrue(dup.exists())
        # nor is the kept one deleted, which would cut the merged one loose
        kept.sudo()._workflow_write({"state": "cancelled"})
        with self.assertRaisesRegex(UserError, "merged into are kept"):
            kept.with_user(self.complaint_manager).unlink()
        self.assertEqual(dup.merged_into_id, kept)
        # control: a complaint cancelled on its own is deleted
        alone = self._create(fields.Datetime.now())
        alone.with_user(self.complaint_manager).action_cancel()
        alone.with_user(self.complaint_manager).unlink()
        self.assertFalse(alone.exists())
