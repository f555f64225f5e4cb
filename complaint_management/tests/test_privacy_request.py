import io
import json
import zipfile
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


class PrivacyRequestsCommon(ComplaintCommon):
    """A privacy officer, and Wang Fang's complaints: closed, held, open; and
    Li Na's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.privacy_officer = new_test_user(
            cls.env,
            login="cm_privacy",
            groups="complaint_management.complaint_management_group_privacy_officer",
            name="Privacy Officer",
        )
        cls.company.complaint_privacy_request_days = 15
        cls.company.complaint_privacy_officer_id = cls.privacy_officer
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Li Na", "email": "li.na@example.com"}
        )
        Complaint = cls.env["complaint.complaint"]
        cls.closed = Complaint.create(
            cls._complaint_vals(
                subject="Kettle of Wang Fang",
                description="<p>My ID is 110101199001011234</p>",
                privacy_consent_given=True,
            )
        )
        cls.held = Complaint.create(cls._complaint_vals(subject="Held case"))
        cls.open = Complaint.create(cls._complaint_vals(subject="Still open"))
        cls.others = Complaint.create(
            cls._complaint_vals(
                subject="Li Na's toaster",
                partner_id=cls.other_customer.id,
                privacy_consent_given=True,
            )
        )
        (cls.closed | cls.held | cls.others).write(
            {"state": "closed", "date_closed": datetime(2026, 2, 1)}
        )
        cls.held.keep_permanently = True
        cls.closed.message_post(
            body="The kettle leaks again",
            author_id=cls.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.closed.message_post(
            body="Internal: customer sounds angry",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        uploader = new_test_user(
            cls.env, login="cm_privacy_portal", groups="base.group_portal"
        )
        # the complainant's upload (the portal files it as superuser, in their
        # name; its file checks belong to complaint_portal)
        receipt = cls.env["ir.attachment"].create(
            {
                "name": "receipt.png",
                "raw": b"receipt",
                "res_model": "complaint.complaint",
                "res_id": cls.closed.id,
            }
        )
        cls.env.cr.execute(
            "UPDATE ir_attachment SET create_uid = %s WHERE id = %s",
            (uploader.id, receipt.id),
        )
        receipt.invalidate_recordset(["create_uid"])
        # a working file of the staff's investigation
        cls.env["ir.attachment"].create(
            {
                "name": "supplier-audit.pdf",
                "raw": b"audit",
                "res_model": "complaint.complaint",
                "res_id": cls.closed.id,
            }
        )
        cls.closed.with_user(cls.complaint_user).message_post(
            body="We send a new kettle",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.env["ir.attachment"].create(
            {
                "name": "toaster.png",
                "raw": b"toaster",
                "res_model": "complaint.complaint",
                "res_id": cls.others.id,
            }
        )

    def _request(self, request_type, **values):
        return (
            self.env["complaint.privacy.request"]
            .with_user(self.privacy_officer)
            .create(
                {
                    "partner_id": self.customer.id,
                    "request_type": request_type,
                    "date_received": date(2026, 3, 2),
                    **values,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestPrivacyRequests(PrivacyRequestsCommon):
    """The register of requests: deadline, owner's activity, outcome to close,
    export and erasure restricted to privacy officers."""

    def test_deadline_owner_and_activity(self):
        request = self._request("access")
        self.assertTrue(request.name.startswith("PRQ/"))
        self.assertEqual(request.date_deadline, date(2026, 3, 17))
        self.assertEqual(request.user_id, self.privacy_officer)
        activity = request.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2026, 3, 17))
        self.assertEqual(activity.user_id, self.privacy_officer)
        request.user_id = self.complaint_manager
        self.assertEqual(request.activity_ids.user_id, self.complaint_manager)
        with freeze_time(date(2026, 3, 18)):
            overdue = self.env["complaint.privacy.request"].search(
                [("is_overdue", "=", True)]
            )
            self.assertIn(request, overdue)

    def test_the_owner_answers_privacy_requests_of_its_company(self):
        """A request's owner (and the company's privacy officer, who owns
        the new ones) opens the requests: a salesperson named so got a task
        for a request they could not open."""
        request = self._request("access")
        for holder in (self.complaint_user, self.complaint_officer):
            with self.assertRaises(ValidationError, msg=holder.login):
                with self.env.cr.savepoint():
                    request.user_id = holder
            with self.assertRaises(ValidationError, msg=holder.login):
                with self.env.cr.savepoint():
                    self.company.complaint_privacy_officer_id = holder
        self.assertEqual(request.user_id, self.privacy_officer)
        # control: a complaint manager of the company answers them too
        request.user_id = self.complaint_manager
        self.assertEqual(request.activity_ids.user_id, self.complaint_manager)

    def test_a_privacy_officer_who_leaves_hands_their_requests_over(self):
        """The company's privacy officer archived: new requests were refused
        (the officer no longer answers them) and theirs were left without a
        task. A complaint manager now stands in for both."""
        request = self._request("correction")
        self.privacy_officer.action_archive()
        self.assertFalse(self.company.complaint_privacy_officer_id)
        manager = self.company._complaint_manager_on_duty()
        self.assertTrue(manager)
        self.assertEqual(request.user_id, manager)
        self.assertEqual(request.activity_ids.user_id, manager)
        action = self.customer.with_user(
            self.complaint_manager
        ).action_complaint_privacy_export()
        new = self.env["complaint.privacy.request"].search(
            [("partner_id", "=", self.customer.id), ("id", "!=", request.id)]
        )
        self.assertTrue(action)
        self.assertEqual(new.request_type, "copy")
        self.assertEqual(new.user_id, manager)
        # control: a request kept by a colleague still here stays theirs
        kept = self._request("copy", user_id=self.complaint_manager.id)
        self.complaint_officer.action_archive()
        self.assertEqual(kept.user_id, self.complaint_manager)

    def test_the_task_is_in_its_owners_words(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.privacy_officer.lang = "en_US"
        self.complaint_manager.lang = "zh_CN"
        request = self._request("access")
        self.assertIn("Answer the", request.activity_ids.summary)
        # handed to a Chinese colleague by an English officer
        request.user_id = self.complaint_manager
        self.assertIn("答复", request.activity_ids.summary)
        self.assertNotIn("Answer the", request.activity_ids.summary)

    def test_outcome_required_to_close(self):
        request = self._request("correction")
        with self.assertRaises(UserError):
            request.action_done()
        with self.assertRaises(UserError):
            request.action_refuse()
        request.outcome = "Phone number corrected."
        request.action_done()
        self.assertEqual(request.state, "done")
        self.assertTrue(request.date_done)
        self.assertFalse(request.activity_ids)
        refused = self._request("deletion", refusal_reason="Not the requester.")
        refused.action_refuse()
        self.assertEqual(refused.state, "refused")

    def test_an_answered_request_stays_in_the_register(self):
        """A manager (who may delete requests) deleted an answered one with
        its chatter, deadline and export: the register is the record of
        what the person was told."""
        done = self._request("correction", outcome="Phone number corrected.")
        done.action_done()
        refused = self._request("deletion", refusal_reason="Not the requester.")
        refused.action_refuse()
        for request in done | refused:
            with self.subTest(state=request.state), self.assertRaises(UserError):
                request.with_user(self.complaint_manager).unlink()
        self.assertEqual(len((done | refused).exists()), 2)
        # control: one registered by mistake, not taken up, goes
        mistake = self._request("access")
        mistake.with_user(self.complaint_manager).unlink()
        self.assertFalse(mistake.exists())

    def test_register_is_for_privacy_officers(self):
        request = self._request("access")
        with self.assertRaises(AccessError):
            request.with_user(self.complaint_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["complaint.privacy.request"].with_user(
                self.complaint_officer
            ).create({"partner_id": self.customer.id, "request_type": "access"})
        # control: managers are privacy officers
        self.assertEqual(
            request.with_user(self.complaint_manager).partner_id, self.customer
        )

    def test_withdrawal_withdraws_consents(self):
        request = self._request("withdrawal", outcome="Consent withdrawn.")
        request.action_done()
        consent = self.closed.consent_ids
        self.assertTrue(consent.date_withdrawn)
        self.assertFalse(consent.is_active)
        self.assertFalse(self.closed.privacy_consent_given)
        # another person's consent stays
        self.assertTrue(self.others.consent_ids.is_active)

    def test_export_contents(self):
        request = self._request("copy")
        with self.assertRaises(AccessError):
            request.with_user(self.complaint_user).action_export()
        request.action_export()
        attachment = request.export_attachment_id
        self.assertEqual(attachment.res_model, "complaint.privacy.request")
        archive = zipfile.ZipFile(io.BytesIO(attachment.raw))
        names = archive.namelist()
        complaints = json.loads(archive.read("complaints.json"))
        numbers = {c["number"] for c in complaints}
        self.assertEqual(numbers, {self.closed.name, self.held.name, self.open.name})
        self.assertNotIn(self.others.name, numbers)
        kettle = next(c for c in complaints if c["number"] == self.closed.name)
        self.assertIn("110101199001011234", kettle["description"])
        # the contact data given with it, what was claimed, the rating given
        self.assertEqual(kettle["complainant"]["email"], self.closed.complainant_email)
        self.assertIn("ratings", kettle)
        self.assertIn("spill_over_cases", kettle)
        self.assertEqual(kettle["state"], "Closed")
        # moments with their offset: not read as local times
        self.assertEqual(
            kettle["received_on"],
            self.closed.date_received.isoformat() + "+00:00",
        )
        bodies = [m["body"] for m in json.loads(archive.read("messages.json"))]
        self.assertIn("The kettle leaks again", bodies)
        self.assertFalse([b for b in bodies if "angry" in b], "internal notes stay")
        consents = json.loads(archive.read("consents.json"))
        self.assertEqual(len(consents), 1)
        self.assertEqual(consents[0]["notice_version"], "1.0")
        self.assertTrue(any(n.endswith("receipt.png") for n in names))
        self.assertFalse(any("toaster" in n for n in names))
        self.assertFalse(any("supplier-audit" in n for n in names), "staff files")
        # the staff's reply is there, under the company's name, not the handler's
        reply = next(
            m
            for m in json.loads(archive.read("messages.json"))
            if "new kettle" in m["body"]
        )
        self.assertEqual(reply["author"], self.closed.company_id.name)

    def test_an_export_goes_with_the_retention_of_its_complaints(self):
        request = self._request("copy")
        request.action_export()
        export = request.export_attachment_id
        self.assertTrue(export)
        # the closed complaint reaches the end of its retention period
        self.closed.sudo()._deidentify()
        self.assertFalse(export.exists(), "it held the description just removed")

    def test_partner_export_registers_a_request(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(
                self.complaint_user
            ).action_complaint_privacy_export()
        action = self.customer.with_user(
            self.privacy_officer
        ).action_complaint_privacy_export()
        request = self.env["complaint.privacy.request"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(request.request_type, "copy")
        self.assertIn(str(request.export_attachment_id.id), action["url"])
        # a second click (or a replay) exports the open request again: no
        # second request, one zip
        action = self.customer.with_user(
            self.privacy_officer
        ).action_complaint_privacy_export()
        self.assertEqual(
            self.env["complaint.privacy.request"].search(
                [("partner_id", "=", self.customer.id)]
            ),
            request,
        )
        self.assertIn(str(request.export_attachment_id.id), action["url"])
        zips = self.env["ir.attachment"].search(
            [
                ("res_model", "=", request._name),
                ("res_id", "=", request.id),
                ("name", "=like", "%.zip"),
            ]
        )
        self.assertEqual(zips, request.export_attachment_id)
        # control: once answered, a new export is a new request
        request.outcome = "Copy sent."
        request.action_done()
        self.customer.with_user(self.privacy_officer).action_complaint_privacy_export()
        self.assertEqual(
            len(
                self.env["complaint.privacy.request"].search(
                    [("partner_id", "=", self.customer.id)]
                )
            ),
            2,
        )

    def _statistics(self):
        return self.env["complaint.complaint"]._read_group(
            [("id", "in", (self.closed | self.held | self.open | self.others).ids)],
            ["category_id", "state", "date_received:month", "team_id"],
            ["__count", "amount_claimed:sum"],
        )

    def test_erase_keeps_statistics_and_says_what_is_kept(self):
        before = self._statistics()
        request = self._request("deletion")
        with self.assertRaises(AccessError):
            request.with_user(self.complaint_user).action_erase()
        request.action_erase()
        self.assertEqual(self._statistics(), before)
        closed = self.closed.sudo()
        self.assertTrue(closed.is_deidentified)
        self.assertFalse(closed.partner_id)
        self.assertNotIn("110101199001011234", closed.description or "")
        self.assertFalse(closed.consent_ids.partner_id)
        self.assertTrue(closed.consent_ids, "the evidence of consent stays")
        # open and held complaints are kept, and the outcome says why
        self.assertFalse(self.open.is_deidentified)
        self.assertFalse(self.held.is_deidentified)
        self.assertIn(self.open.name, request.outcome)
        self.assertIn("still being handled", request.outcome)
        self.assertIn(self.held.name, request.outcome)
        self.assertIn("kept permanently", request.outcome)
        # another person's complaint is untouched
        self.assertFalse(self.others.is_deidentified)
        # erased again (a replay, or once more complaints closed): the report
        # of now replaces the earlier one; the officer's words stay
        request.outcome = "Dear Ms Wang,\n\n" + request.outcome
        request.action_erase()
        self.assertEqual(request.outcome.count("Erased on"), 1)
        self.assertEqual(request.outcome.count("still being handled"), 1)
        self.assertTrue(request.outcome.startswith("Dear Ms Wang,"))
        # control: an officer who rewrote the report keeps theirs, the new
        # one is added after it
        request.outcome = "Dear Ms Wang, your closed complaints were erased."
        request.action_erase()
        self.assertTrue(request.outcome.startswith("Dear Ms Wang, your closed"))
        self.assertEqual(request.outcome.count("Erased on"), 1)
        request.action_done()
        self.assertEqual(request.state, "done")
        # asked again with nothing left to erase: said so, not a failure
        again = self._request("deletion")
        again.action_erase()
        self.assertIn("0 finished complaint(s)", again.outcome)

    def test_an_erasure_counts_the_exports_it_deletes(self):
        export = self._request("copy")
        export.action_export()
        request = self._request("deletion")
        request.action_erase()
        self.assertFalse(export.export_attachment_id.exists())
        self.assertIn("1 earlier export(s) deleted", request.outcome)

    def test_workflow_of_a_request_holds_over_write(self):
        request = self._request("access")
        for vals in ({"state": "done"}, {"date_done": date(2026, 3, 3)}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                request.write(vals)
        request.write({"outcome": "Copy sent by email."})
        request.action_done()  # control: the button closes it
        self.assertEqual(request.state, "done")
        # what was asked and answered no longer changes
        for vals in (
            {"outcome": "Nothing sent"},
            {"partner_id": self.other_customer.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                request.write(vals)
        with self.assertRaises(UserError):
            request.action_export()

    def test_export_and_erase_stay_in_the_request_company(self):
        other = self.env["res.company"].create({"name": "Other Company Ltd"})
        foreign = self.env["complaint.complaint"].create(
            self._complaint_vals(
                subject="Elsewhere", company_id=other.id, team_id=False
            )
        )
        foreign.write({"state": "closed", "date_closed": datetime(2026, 2, 1)})
        request = self._request("copy")
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        numbers = {c["number"] for c in json.loads(archive.read("complaints.json"))}
        self.assertNotIn(foreign.name, numbers)
        self.assertIn(self.closed.name, numbers)
        # erasure: only this company's complaints, and the earlier copy goes
        export = request.export_attachment_id
        self._request("deletion").action_erase()
        self.assertFalse(foreign.is_deidentified)
        self.assertTrue(self.closed.is_deidentified)
        self.assertFalse(export.exists())

    def test_erase_only_on_deletion_requests(self):
        with self.assertRaises(UserError):
            self._request("access").action_erase()

    def test_deadline_follows_company_setting(self):
        earlier = self._request("access")
        self.company.complaint_privacy_request_days = 30
        request = self._request("access")
        self.assertEqual(request.date_deadline, date(2026, 3, 2) + timedelta(days=30))
        # a new period applies to new requests, not to those received before
        self.assertEqual(earlier.date_deadline, date(2026, 3, 17))
        # the owner's activity follows a corrected date of receipt
        request.date_received = date(2026, 3, 5)
        self.assertEqual(request.activity_ids.date_deadline, date(2026, 4, 4))

    def test_register_is_per_company(self):
        other = self.env["res.company"].create({"name": "Other Company Ltd"})
        foreign = self.env["complaint.privacy.request"].create(
            {
                "partner_id": self.customer.id,
                "request_type": "access",
                "company_id": other.id,
            }
        )
        mine = self._request("access")
        Request = self.env["complaint.privacy.request"].with_user(
            self.complaint_manager
        )
        found = Request.search([("partner_id", "=", self.customer.id)])
        self.assertIn(mine, found)
        self.assertNotIn(foreign, found)
