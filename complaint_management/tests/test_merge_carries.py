from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .test_merge import MergeSplitCommon


@tagged("post_install", "-at_install")
class TestMergeCarries(MergeSplitCommon):
    """A merge cancels the duplicates: what cancelling leaves to managers stays
    with them, and what the duplicates carried (the high-risk gate, consents,
    escalations) is not lost; only who may read the kept complaint follows it."""

    def _pair(self):
        now = fields.Datetime.now()
        return self._create(now), self._create(now)

    def _create_three(self):
        now = fields.Datetime.now()
        return self._create(now), self._create(now), self._create(now)

    def _remedy(self, complaint):
        return self.env["complaint.remedy"].create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 10.0}
        )

    def _invoice(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    fields.Command.create({"name": "Kettle", "price_unit": 100})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_a_refund_still_to_credit_keeps_its_invoice(self):
        """The duplicate's refund moved onto the kept complaint reversed the
        kept complaint's invoice (or none, and was never credited): the
        duplicate's order and invoice were left behind."""
        kept, dup = self._pair()
        dup.invoice_id = self._invoice()
        self._remedy(dup)
        # the kept complaint has no invoice: it takes the duplicate's
        kept.with_user(self.complaint_officer)._merge(dup)
        self.assertEqual(kept.invoice_id, dup.invoice_id)
        self.assertEqual(kept._get_refundable_invoice(), dup.invoice_id)
        # another invoice on each side, a refund still to credit: refused
        other_kept, other_dup = self._pair()
        other_kept.invoice_id = self._invoice()
        other_dup.invoice_id = self._invoice()
        self._remedy(other_dup)
        with self.assertRaisesRegex(UserError, "still to credit"):
            other_kept.with_user(self.complaint_officer)._merge(other_dup)
        self.assertFalse(other_dup.merged_into_id)
        # two duplicates: the kept complaint takes the invoice of the one
        # whose refund it takes over, not the first one's
        third_kept, plain, refunded = self._create_three()
        plain.invoice_id = self._invoice()
        refunded.invoice_id = self._invoice()
        self._remedy(refunded)
        # (three of one customer make a batch: high-risk, a manager merges)
        third_kept.with_user(self.complaint_manager)._merge(plain | refunded)
        self.assertEqual(third_kept.invoice_id, refunded.invoice_id)
        # control: no refund left to credit, the merge goes through and the
        # kept complaint keeps its own invoice
        other_dup.remedy_ids.sudo().write({"state": "cancelled"})
        other_kept.with_user(self.complaint_manager)._merge(other_dup)
        self.assertEqual(other_dup.merged_into_id, other_kept)
        self.assertNotEqual(other_kept.invoice_id, other_dup.invoice_id)

    def test_the_kept_complaints_own_sale_is_not_replaced(self):
        """Taking the duplicate's invoice for its refund replaced the kept
        complaint's own document, not yet refundable: its order was lost and
        its refunds would have reversed the other invoice."""
        kept, dup = self._pair()
        draft = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.customer.id}
        )
        kept.invoice_id = draft  # its own sale, not invoiced yet
        dup.invoice_id = self._invoice()
        self._remedy(dup)
        with self.assertRaisesRegex(UserError, "still to credit"):
            kept.with_user(self.complaint_officer)._merge(dup)
        self.assertEqual(kept.invoice_id, draft)
        self.assertFalse(dup.merged_into_id)
        # control: the other way round, the duplicate's invoice stays with
        # the complaint kept
        dup.with_user(self.complaint_officer)._merge(kept)
        self.assertEqual(kept.merged_into_id, dup)
        self.assertEqual(dup._get_refundable_invoice(), dup.invoice_id)

    def test_a_high_risk_duplicate_is_merged_by_a_manager(self):
        kept, dup = self._pair()
        dup.write({"is_high_risk": True, "high_risk_reason": "Burn injury"})
        with self.assertRaisesRegex(UserError, "high-risk"):
            kept.with_user(self.complaint_officer)._merge(dup)
        self.assertFalse(dup.merged_into_id)
        # control: a manager merges it, and the gate comes along
        kept.with_user(self.complaint_manager)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)
        self.assertTrue(kept.is_high_risk)
        self.assertIn("Burn injury", kept.high_risk_reason)

    def test_a_proposal_sent_is_merged_by_a_manager(self):
        kept, dup = self._pair()
        self._remedy(dup)
        dup.write({"state": "proposed"})
        with self.assertRaisesRegex(UserError, "went to the customer"):
            kept.with_user(self.complaint_officer)._merge(dup)
        # the customer decides on the kept one: no remedies come from others
        kept.write({"state": "proposed"})
        dup.write({"state": "investigating"})
        with self.assertRaisesRegex(UserError, "customer decides"):
            kept.with_user(self.complaint_officer)._merge(dup)
        # controls: without remedies the duplicate joins; a manager merges
        other = self._create(fields.Datetime.now())
        kept.with_user(self.complaint_officer)._merge(other)
        self.assertEqual(other.merged_into_id, kept)
        kept.with_user(self.complaint_manager)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)

    def test_an_accepted_complaint_takes_no_remedies_from_others(self):
        """What is carried out is what the customer accepted: a manager's
        merge brought a duplicate's remedies (fast-tracked ones sent back to
        approval) into it, to be approved and carried out."""
        kept, dup = self._pair()
        self._remedy(dup)
        kept.write({"state": "accepted"})
        with self.assertRaisesRegex(UserError, "takes no remedies"):
            kept.with_user(self.complaint_manager)._merge(dup)
        self.assertFalse(dup.merged_into_id)
        # control: their remedies cancelled, the duplicate joins
        dup.remedy_ids.with_user(self.complaint_manager).action_cancel()
        kept.with_user(self.complaint_manager)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)

    def test_a_duplicate_waiting_for_the_party_is_not_merged(self):
        kept, dup = self._pair()
        party = self.env["res.partner"].create({"name": "Kettle Maker Ltd"})
        dup.write({"party_id": party.id, "party_state": "forwarded"})
        with self.assertRaisesRegex(UserError, "waits for the answer"):
            kept.with_user(self.complaint_manager)._merge(dup)
        # control: merged the other way, the answer lands on the kept one
        dup.with_user(self.complaint_manager)._merge(kept)
        self.assertEqual(kept.merged_into_id, dup)

    def test_a_duplicate_holding_the_party_s_answer_or_a_recovery_stays(self):
        party = self.env["res.partner"].create({"name": "Kettle Maker Ltd"})
        for values in (
            {"party_state": "answered", "party_response": "We refunded."},
            {"recovery_state": "to_claim", "recovery_amount": 350.0},
        ):
            with self.subTest(values=values):
                kept, dup = self._pair()
                dup.write({"party_id": party.id, **values})
                with self.assertRaisesRegex(UserError, "keep it"):
                    kept.with_user(self.complaint_manager)._merge(dup)
                self.assertFalse(dup.merged_into_id)
                # control: into a complaint about the same party, which takes
                # the answer and the recovery (the duplicate leaves the figures)
                kept.party_id = party
                kept.with_user(self.complaint_manager)._merge(dup)
                self.assertEqual(dup.merged_into_id, kept)
                for name, value in values.items():
                    self.assertEqual(kept[name], value)
                # counted once: the duplicate no longer claims the recovery
                self.assertEqual(
                    self.env["complaint.complaint"].search_count(
                        [
                            ("id", "in", (kept | dup).ids),
                            ("recovery_state", "=", "to_claim"),
                        ]
                    ),
                    1 if "recovery_state" in values else 0,
                )

    def test_the_case_the_party_answered_comes_with_its_answer(self):
        party = self.env["res.partner"].create({"name": "Kettle Maker Ltd"})
        kept, dup = self._pair()
        dup.write(
            {
                "party_id": party.id,
                "party_state": "answered",
                "party_response": "We refunded.",
                "party_subject": "Leaking kettle, batch 7",
                "party_description": "<p>The base leaks.</p>",
            }
        )
        kept.party_id = party
        kept.with_user(self.complaint_manager)._merge(dup)
        self.assertEqual(kept.party_subject, "Leaking kettle, batch 7")
        self.assertIn("The base leaks.", str(kept.party_description))

    def test_two_records_of_the_party_are_not_merged_into_one(self):
        """The complaint kept holds its own answer of the party: the
        duplicate's would be lost."""
        party = self.env["res.partner"].create({"name": "Kettle Maker Ltd"})
        kept, dup = self._pair()
        kept.write(
            {"party_id": party.id, "recovery_state": "to_claim", "recovery_amount": 80}
        )
        dup.write(
            {"party_id": party.id, "recovery_state": "to_claim", "recovery_amount": 350}
        )
        with self.assertRaisesRegex(UserError, "keep it"):
            kept.with_user(self.complaint_manager)._merge(dup)
        self.assertEqual(kept.recovery_amount, 80)

    def test_only_who_may_read_the_kept_complaint_follows_it(self):
        kept, dup = self._pair()
        stranger = new_test_user(
            self.env, login="cm_merge_stranger", groups="base.group_portal"
        )
        dup.message_subscribe(
            (
                self.colleague
                | stranger.partner_id
                | self.complaint_user_other.partner_id
                | self.complaint_user.partner_id
            ).ids
        )
        kept.with_user(self.complaint_officer)._merge(dup)
        followers = kept.message_partner_ids
        self.assertNotIn(stranger.partner_id, followers)
        self.assertNotIn(self.complaint_user_other.partner_id, followers)
        # controls: a contact by email and a member of the team follow
        self.assertIn(self.colleague, followers)
        self.assertIn(self.complaint_user.partner_id, followers)

    def test_moved_activities_go_to_who_may_open_the_kept_complaint(self):
        kept, dup = self._pair()
        todo = dup.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call the customer back",
            user_id=self.complaint_user_other.id,
        )
        mine = dup.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Check the photos",
            user_id=self.complaint_user.id,
        )
        kept.with_user(self.complaint_officer)._merge(dup)
        self.assertEqual(todo.res_id, kept.id)
        self.assertNotEqual(todo.user_id, self.complaint_user_other)
        self.assertTrue(kept.with_user(todo.user_id).has_access("read"))
        # control: who may open it keeps theirs
        self.assertEqual(mine.user_id, self.complaint_user)

    def test_consents_and_escalations_follow_the_messages(self):
        kept = self._create(fields.Datetime.now())
        dup = self._create(
            fields.Datetime.now(),
            privacy_consent_given=True,
            has_sensitive_data=True,
            sensitive_consent_given=True,
        )
        escalation = dup._escalate(reason="Customer asked for a manager")
        kept.with_user(self.complaint_officer)._merge(dup)
        self.assertEqual(escalation.complaint_id, kept)
        self.assertTrue(kept.has_sensitive_data)
        self.assertTrue(kept.sensitive_consent_given)
        self.assertEqual(
            set(kept.consent_ids.mapped("consent_type")),
            set(dup.consent_ids.mapped("consent_type")),
        )
        # control: merged again, a consent in force is not repeated
        again = self._create(fields.Datetime.now(), privacy_consent_given=True)
        count = len(kept.consent_ids)
        kept.with_user(self.complaint_officer)._merge(again)
        self.assertEqual(len(kept.consent_ids), count)

    def test_merge_and_split_with_two_companies_active(self):
        """The web client sends every company of the switcher: who may read
        the kept complaint is asked in each colleague's own companies (a
        colleague of one of them only would otherwise fail the whole merge)."""
        branch = self.env["res.company"].create({"name": "Branch"})
        self.complaint_officer.company_ids |= branch
        watcher = new_test_user(
            self.env,
            login="mc_watcher",
            groups="complaint_management.complaint_management_group_user",
            name="Watcher",
        )
        self.team.member_ids |= watcher
        both = {"allowed_company_ids": [self.company.id, branch.id]}
        kept, dup = self._pair()
        dup.message_subscribe(partner_ids=watcher.partner_id.ids)
        todo = dup.activity_schedule("mail.mail_activity_data_todo", user_id=watcher.id)
        kept.with_user(self.complaint_officer).with_context(**both)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)
        self.assertIn(watcher.partner_id, kept.message_partner_ids)
        self.assertEqual(todo.res_id, kept.id)
        self.assertEqual(todo.user_id, watcher)
        # a split of the kept complaint, the watcher following it
        message = self._customer_message(kept, "the toaster too")
        new = (
            kept.with_user(self.complaint_officer)
            .with_context(**both)
            ._split("Toaster", message, self.env["product.product"])
        )
        self.assertIn(watcher.partner_id, new.message_partner_ids)
