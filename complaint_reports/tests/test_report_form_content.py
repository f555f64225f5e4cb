from lxml import html as lxml_html

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_report_pdf import ReportPdfCase


@tagged("post_install", "-at_install")
class TestReportFormContent(ReportPdfCase):
    """What the printed forms say: the annex's boxes ticked, each complainant's
    language, the tracking steps from the complaint's history and corrective
    actions, and the decision letter."""

    def test_tracking_form_ticks_the_annex_boxes(self):
        html = self._html(
            "complaint_reports.action_report_complaint_tracking", self.complaint_zh
        )
        page = lxml_html.fromstring(html)

        def ticked(label):
            boxes = page.xpath(
                "//span[hasclass('o_complaint_check')][span[2][normalize-space()=$l]]"
                "/span[hasclass('o_complaint_box')]/text()",
                l=label,
            )
            self.assertEqual(len(boxes), 1, label)
            return boxes[0] == "☑"

        # the complaint came by email
        self.assertTrue(ticked("Email"))
        self.assertFalse(ticked("Phone"))
        self.assertFalse(ticked("Other"))
        # its remedies: a replacement and a compensation of 150
        self.assertTrue(ticked("Replace the product"))
        self.assertTrue(ticked("Pay compensation"))
        self.assertFalse(ticked("Apology"))
        compensation = page.xpath(
            "//td[.//span[normalize-space()='Pay compensation']]/strong/text()"
        )
        self.assertIn("150.00", compensation[0])
        # a measure of no amount is ticked without "0.00" (as the proposal
        # and the letter show it)
        costs = self.env["complaint.remedy.type"].search(
            [("annex_measure", "=", "costs")], limit=1
        )
        self.env["complaint.remedy"].create(
            {
                "complaint_id": self.complaint_zh.id,
                "type_id": costs.id,
                "description": "Shipping waived",
                "amount": 0,
            }
        )
        boxes = {
            label: (ticked, amount)
            for _n, label, ticked, amount in self.complaint_zh._report_measure_boxes()
        }
        label = dict(costs._fields["annex_measure"]._description_selection(self.env))[
            "costs"
        ]
        self.assertEqual(boxes[label], (True, ""))
        # a channel the form does not name ticks Other with its name
        self.complaint_zh.channel_id = self.env["complaint.channel"].create(
            {"name": "Trade fair stand", "code": "fair"}
        )
        boxes = self.complaint_zh._report_channel_boxes()
        self.assertEqual(
            [(label, detail) for label, ticked, detail in boxes if ticked],
            [("Other", "Trade fair stand")],
        )

    def test_forms_speak_the_complainants_language(self):
        html = self._html(
            "complaint_reports.action_report_complaint_registration",
            self.complaint_zh | self.complaint_en,
        )
        # printed several at once, each in its complainant's language
        self.assertIn('data-oe-lang="zh_CN"', html)
        self.assertIn('data-oe-lang="en_US"', html)
        # the date in the printing user's time zone (near midnight UTC it is
        # already the next day east of Greenwich)
        local = {
            complaint: fields.Datetime.context_timestamp(
                self.env.user, complaint.date_received
            )
            for complaint in self.complaint_zh | self.complaint_en
        }
        self.assertIn(local[self.complaint_zh].strftime("%Y年%m月%d日"), html)
        self.assertIn(local[self.complaint_en].strftime("%m/%d/%Y"), html)
        self.assertIn("电热水壶底座漏电", html)
        self.assertIn("底座照片.jpg", html, "the attachments are listed")

    def test_tracking_form_fills_the_eight_steps_from_history(self):
        steps = self.complaint_zh._report_tracking_steps()
        self.assertEqual(len(steps), 8)
        by_name = {step["name"]: step for step in steps}
        for name in ("Acknowledgement", "Assessment", "Investigation", "Closure"):
            self.assertTrue(by_name[name]["date"], name)
            self.assertEqual(by_name[name]["person"], "Report Manager", name)
        # lists and notes are whole sentences of the printing language
        self.assertEqual(by_name["Correction"]["note"], "Replacement and Compensation")
        self.assertIn("Compensation: ", by_name["Solution"]["note"])
        self.assertIn("150.00", by_name["Solution"]["note"])
        self.assertEqual(
            by_name["Assessment"]["note"], "Severity: High; validity: Founded"
        )
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management", "complaint_reports"], ["zh_CN"], overwrite=True
        )
        # an internal form speaks the language of whoever prints it
        self.manager.lang = "zh_CN"
        html = (
            self.env(user=self.manager)["ir.actions.report"]
            ._render_qweb_html(
                "complaint_reports.action_report_complaint_tracking",
                self.complaint_zh.ids,
            )[0]
            .decode()
        )
        self.assertIn("纠正验证", html, "the steps are named in Chinese")
        self.assertIn("严重程度：高；是否成立：成立", html)
        self.assertIn("供应商绝缘材料批次缺陷", html)
        self.assertIn(self.complaint_zh.name, html, "numbered by tracking number")
        # moments without seconds, in either language's format
        self.assertRegex(html, r"\d+时\d+分")
        self.assertNotRegex(html, r"\d+秒")
        # control: an English-speaking user prints the Chinese customer's form
        # in English
        self.assertEqual(self.env.user.lang, "en_US")
        english = self._html(
            "complaint_reports.action_report_complaint_tracking", self.complaint_zh
        )
        self.assertIn("Correction verification", english)
        self.assertRegex(english, r"\d{2}:\d{2}")
        self.assertNotRegex(english, r"\d{2}:\d{2}:\d{2}")
        self.assertNotIn("纠正验证", english)

    def test_correction_rows_come_from_the_corrective_actions(self):
        verifier = new_test_user(
            self.env,
            login="rep_verifier",
            groups="complaint_management.complaint_management_group_officer",
            name="Vera Verifier",
        )
        action = self.env["complaint.corrective.action"].create(
            {
                "title": "Insulation supplier audit",
                "root_cause": "Seal shrinks in the cold",
                "action_plan": "<p>New seal</p>",
                "complaint_ids": [Command.set(self.complaint_zh.ids)],
                "user_id": self.manager.id,
                "verifier_id": verifier.id,
                "date_due": fields.Date.today(),
            }
        )
        action.with_user(self.manager).action_start()
        action.with_user(self.manager).action_done()
        action.with_user(verifier).verification_note = "No defect in 3 batches"
        action.with_user(verifier).action_verify_effective()
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        correction = steps["Correction"]
        self.assertEqual(correction["person"], "Report Manager")
        self.assertIn("Insulation supplier audit", correction["note"])
        self.assertEqual(correction["date"], action.date_done)
        verification = steps["Correction verification"]
        self.assertEqual(verification["person"], "Vera Verifier")
        self.assertEqual(verification["note"], "Effective: No defect in 3 batches")
        # the same form whoever may read the complaint prints it: a team member
        # who neither owns nor verifies the action reads it (not change it)
        member = new_test_user(
            self.env,
            login="rep_member",
            groups="complaint_management.complaint_management_group_user",
            name="Team Member",
        )
        self.team.member_ids |= member
        self.assertTrue(action.with_user(member).search([("id", "=", action.id)]))
        with self.assertRaises(AccessError):
            action.with_user(member).check_access("write")
        printed = {
            s["name"]: s
            for s in self.complaint_zh.with_user(member)._report_tracking_steps()
        }
        self.assertEqual(printed["Correction"]["note"], correction["note"])
        self.assertEqual(printed["Correction verification"], verification)
        # control: a user of another team reads neither the complaint nor the
        # corrective actions taken for it
        outsider = new_test_user(
            self.env,
            login="rep_outsider",
            groups="complaint_management.complaint_management_group_user",
        )
        self.assertFalse(action.with_user(outsider).search([("id", "=", action.id)]))
        # control: a complaint without corrective action is corrected by its
        # remedies and has no verification yet
        steps = {s["name"]: s for s in self.complaint_en._report_tracking_steps()}
        self.assertEqual(steps["Correction"]["note"], "Replacement and Compensation")
        self.assertFalse(steps["Correction verification"]["date"])

    def test_correction_row_is_what_was_carried_out_and_by_whom(self):
        owner, verifier = (
            new_test_user(
                self.env,
                login=login,
                groups="complaint_management.complaint_management_group_officer",
                name=name,
            )
            for login, name in (("rep_owner", "Owen Owner"), ("rep_vera", "Vera"))
        )
        action = self.env["complaint.corrective.action"].create(
            {
                "title": "Seal supplier change",
                "root_cause": "Seal shrinks in the cold",
                "action_plan": "<p>New seal</p>",
                "complaint_ids": [Command.set(self.complaint_zh.ids)],
                "user_id": owner.id,
                "verifier_id": verifier.id,
                "date_due": fields.Date.today(),
            }
        )
        action.with_user(owner).action_start()
        # carried out by a manager for the owner: the form names who did it
        action.with_user(self.manager).action_done()
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        self.assertEqual(steps["Correction"]["person"], "Report Manager")
        self.assertIn("Seal supplier change", steps["Correction"]["note"])
        # found not effective: it is no correction (the remedies are)
        action.with_user(verifier).verification_note = "Still leaks"
        action.with_user(verifier).action_verify_not_effective()
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        self.assertNotIn("Seal supplier change", steps["Correction"]["note"])

    def test_correction_row_names_who_carried_out_the_remedies(self):
        """Without corrective actions the remedies are the correction: the
        form names who carried them out, not who touched them last (an
        accountant's credit note, the de-identification)."""
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        self.assertEqual(steps["Correction"]["person"], "Report Manager")
        accountant = new_test_user(
            self.env, login="rep_accountant", groups="base.group_user", name="Li"
        )
        # as the credit note's button writes it (sudo keeps the user)
        self.complaint_zh.remedy_ids.with_user(accountant).sudo().write(
            {"credit_note_id": False}
        )
        self.assertEqual(self.complaint_zh.remedy_ids.write_uid, accountant)
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        self.assertEqual(steps["Correction"]["person"], "Report Manager")

    def test_decision_letter_gives_the_other_routes_when_refused(self):
        complaint = self._reopened_with_a_new_remedy(self.complaint_rejected)
        complaint.action_propose()
        complaint.action_reject_proposal("The amount is too small")
        report = "complaint_reports.action_report_complaint_decision"
        html = self._html(report, complaint)
        self.assertIn("12315", html)
        self.assertIn(
            f"quoting the tracking number {complaint.name};",
            html,
            "the review route names the tracking number",
        )
        self.assertNotIn("12315", self._html(report, self.complaint_en))
        steps = {step["name"]: step for step in complaint._report_tracking_steps()}
        self.assertEqual(
            steps["Notification"]["note"], "Rejected: The amount is too small"
        )
        self._pdf(report, complaint)

    def test_an_unfounded_closure_is_the_notification_step(self):
        """Closed as not founded, the complainant was told the reasons at the
        closing: the tracking form's notification step is dated then."""
        complaint = (
            self.env["complaint.complaint"]
            .with_user(self.manager)
            .create(
                {
                    "subject": "Kettle used dry",
                    "partner_id": self.partner_en.id,
                    "team_id": self.team.id,
                    "user_id": self.manager.id,
                }
            )
        )
        complaint.sudo()._workflow_write(
            {
                "state": "assessed",
                "validity": "unfounded",
                "resolution_summary": "<p>Used without water.</p>",
            }
        )
        steps = {s["name"]: s for s in complaint._report_tracking_steps()}
        self.assertFalse(steps["Notification"]["date"], "control: not told yet")
        complaint.action_close()
        steps = {s["name"]: s for s in complaint._report_tracking_steps()}
        self.assertEqual(steps["Notification"]["date"], complaint.date_outcome_told)
        self.assertTrue(complaint.date_outcome_told)
        self.assertEqual(steps["Notification"]["note"], "Not Founded")
        # closed before the closing told the outcome: no notification made up
        complaint.sudo().write({"date_outcome_told": False})
        steps = {s["name"]: s for s in complaint._report_tracking_steps()}
        self.assertFalse(steps["Notification"]["date"])
        # control: a proposal's notification is the proposal
        steps = {s["name"]: s for s in self.complaint_en._report_tracking_steps()}
        self.assertEqual(steps["Notification"]["date"], self.complaint_en.date_proposed)

    def test_decision_letter_sentences_translate_whole(self):
        """A sentence holding a value is one message with its punctuation, so
        the Chinese letter reads 尊敬的…： and not the English comma."""
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management", "complaint_reports"], ["zh_CN"], overwrite=True
        )
        complaint = self.complaint_zh
        html = self._html(
            "complaint_reports.action_report_complaint_decision", complaint
        )
        self.assertIn("尊敬的张伟：", html)
        # the place and date punctuated as Chinese does
        self.complaint_zh.company_id.sudo().city = "深圳市"
        html = self._html(
            "complaint_reports.action_report_complaint_decision", complaint
        )
        self.assertIn("深圳市，", html)
        self.assertNotIn("深圳市, ", html)
        self.assertIn(f"关于您的投诉（{complaint.name}）的处理决定", html)
        self.assertIn(f"您可凭投诉编号 {complaint.name} 查询投诉处理进度。", html)
        self.assertNotIn("Dear", html)
        english = self._html(
            "complaint_reports.action_report_complaint_decision", self.complaint_en
        )
        self.assertIn("Dear Jane Doe,", english)
        # a letter: reference, date, and room for the signature and the seal
        self.assertIn("Our reference:", english)
        self.assertIn(self.complaint_en.name, english)
        self.assertIn("Company seal", english)
        # a company is addressed in the address block, not as "Dear Company,"
        company = self.complaint_en.partner_id.parent_id or self.env[
            "res.partner"
        ].create({"name": "The Jackson Group", "is_company": True, "lang": "en_US"})
        self.complaint_en.sudo().write(
            {"partner_id": company.id, "contact_name": False}
        )
        letter = self._html(
            "complaint_reports.action_report_complaint_decision", self.complaint_en
        )
        self.assertIn("Dear Sir or Madam,", letter)
        self.assertNotIn(f"Dear {company.name}", letter)

    def test_decision_letter_after_reopening(self):
        """Once the complaint is reopened, the letter no longer tells the
        complainant they accepted the proposal: it is answered anew."""
        complaint = self.complaint_rejected
        report = "complaint_reports.action_report_complaint_decision"
        self.assertEqual(complaint.state, "closed")
        self.assertIn("You accepted our proposal", self._html(report, complaint))
        complaint.action_reopen()
        html = self._html(report, complaint)
        self.assertNotIn("You accepted our proposal", html)
        self.assertNotIn("You did not accept our proposal", html)
        self.assertIn("We reopened your complaint", html)
        # nor the outcome of the first closing: the summary is written anew,
        # and the old one is kept in the chatter for staff
        summary = "Replaced and compensated."
        self.assertNotIn(summary, html)
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: summary in str(m.body) and m.is_internal
            )
        )
        self._new_remedy_to_offer(complaint)
        complaint.action_propose()
        complaint.action_accept_proposal()
        complaint.remedy_ids.filtered(lambda r: r.state == "approved").action_done()
        with self.assertRaisesRegex(UserError, "resolution summary"):
            complaint.action_close()
        # control: with a summary of this resolution it closes
        complaint.resolution_summary = "<p>Replaced a second time.</p>"
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_no_decision_letter_while_the_proposal_is_revised(self):
        """A manager changing a proposal sent: the letter would print the
        remedies still approved as the whole decision."""
        complaint = self._reopened_with_a_new_remedy(self.complaint_rejected)
        complaint.action_propose()
        report = "complaint_reports.action_report_complaint_decision"
        self.assertIn("Remed", self._html(report, complaint))
        offered = complaint._remedies_offered()
        offered.with_user(self.manager).write({"amount": 9999})
        self.assertTrue(complaint._proposal_being_revised())
        with self.assertRaisesRegex(UserError, "being revised"):
            self._html(report, complaint)
        # control: the revised proposal approved, the letter prints it
        manager_two = new_test_user(
            self.env,
            login="rpt_revision_manager_two",
            groups="complaint_management.complaint_management_group_manager",
        )
        offered.with_user(manager_two).action_approve()
        self.assertIn("9,999", self._html(report, complaint))

    def test_no_decision_letter_for_a_de_identified_complaint(self):
        """Its complainant's data is gone: the letter would greet
        "De-identified" at no address."""
        complaint = self.complaint_rejected
        report = "complaint_reports.action_report_complaint_decision"
        # control: printed while the data is there
        self.assertIn("You accepted our proposal", self._html(report, complaint))
        complaint.sudo()._deidentify()
        with self.assertRaisesRegex(UserError, "de-identified"):
            self._html(report, complaint)

    def test_decision_letter_promises_only_approved_remedies(self):
        """A remedy awaiting approval (above the fast-track limit, or changed
        after approval), or approved but not yet proposed, is not in the
        letter, as it is not on the portal."""
        complaint = self.complaint_rejected
        complaint.action_reopen()
        compensation = self.env["complaint.remedy.type"].search(
            [("code", "=", "compensation")], limit=1
        )
        remedy = self.env["complaint.remedy"].create(
            {
                "complaint_id": complaint.id,
                "type_id": compensation.id,
                "description": "Goodwill payment for the wait",
                "amount": 9999.0,
            }
        )
        self.assertEqual(remedy.state, "proposed")
        report = "complaint_reports.action_report_complaint_decision"
        self.assertNotIn("Goodwill payment for the wait", self._html(report, complaint))
        self.assertNotIn(remedy, complaint.remedy_ids._promised())
        # approved, it is not offered before a proposal sends it (the portal
        # does not show it either)
        remedy.with_user(self.manager).action_approve()
        self.assertNotIn("Goodwill payment for the wait", self._html(report, complaint))
        # control: proposed, it is in the letter
        complaint.action_propose()
        self.assertIn("Goodwill payment for the wait", self._html(report, complaint))

    def test_related_complaints_leave_out_cancelled_ones(self):
        earlier = self.complaint_en
        duplicate = self.env["complaint.complaint"].create(
            {"subject": "The sofa again", "partner_id": self.partner_en.id}
        )
        duplicate.action_cancel()
        later = self.env["complaint.complaint"].create(
            {"subject": "Another late delivery", "partner_id": self.partner_en.id}
        )
        related = later._report_related_complaints()
        self.assertIn(earlier, related)
        self.assertNotIn(duplicate, related)
        # nor one cancelled after the detection found it an earlier complaint
        gone = self.env["complaint.complaint"].create(
            {"subject": "Sofa stained", "partner_id": self.partner_en.id}
        )
        later.sudo().repeat_of_ids |= gone
        self.assertIn(gone, later._report_related_complaints())
        gone.action_cancel()
        self.assertNotIn(gone, later._report_related_complaints())
        # a sister company's complaint of the same (shared) customer is not
        # this company's form to list
        sister = self.env["res.company"].create({"name": "Sister Ltd"})
        theirs = (
            self.env["complaint.complaint"]
            .with_company(sister)
            .create(
                {
                    "subject": "Their delivery",
                    "partner_id": self.partner_en.id,
                    "company_id": sister.id,
                }
            )
        )
        theirs.date_received = earlier.date_received
        self.assertNotIn(theirs, later._report_related_complaints())

    def test_form_names_the_order_whoever_prints_it(self):
        """A complaint manager without sales rights prints the registration
        form of a complaint about an order: the order and its line are named."""
        product = self.env["product.product"].create({"name": "Kettle K7"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_en.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "name": "Kettle K7, steel"}
                    )
                ],
            }
        )
        complaint = self.env["complaint.complaint"].create(
            {
                "subject": "The kettle of my order leaks",
                "partner_id": self.partner_en.id,
                "sale_order_id": order.id,
                "sale_line_id": order.order_line.id,
            }
        )
        self.assertFalse(self.manager.has_group("sales_team.group_sale_salesman"))
        with self.assertRaises(AccessError):
            order.with_user(self.manager).read(["name"])
        report = "complaint_reports.action_report_complaint_registration"
        html = self._html(report, complaint, user=self.manager)
        self.assertIn(order.name, html)
        self.assertIn("Kettle K7, steel", html)
        # the complainant put right: another customer's order is not printed
        # on their form
        complaint.partner_id = self.partner_zh
        html = self._html(report, complaint, user=self.manager)
        self.assertNotIn(order.name, html)
        self.assertNotIn("Kettle K7, steel", html)

    def test_visitor_copy_prints_the_day_of_the_complaints_time_zone(self):
        """Received at 01:30 in Shanghai (17:30 UTC the day before): the copy a
        visitor downloads from the portal prints the Shanghai day, as the
        portal page does, not the UTC one."""
        complaint = self.complaint_zh
        calendar = complaint._sla_calendar()
        calendar.sudo().tz = "Asia/Shanghai"
        received = fields.Datetime.to_datetime("2026-04-02 17:30:00")
        public = self.env.ref("base.public_user")
        as_visitor = complaint.with_user(public).sudo().with_context(lang="en_US")
        self.assertEqual(as_visitor._report_date(received), "04/03/2026")
        self.assertIn("04/03/2026", as_visitor._report_datetime(received))
        # a signed-in customer without a time zone too, whatever the request
        # guessed
        customer = new_test_user(
            self.env, login="report_tz_portal", groups="base.group_portal"
        )
        customer.tz = False
        as_customer = (
            complaint.with_user(customer).sudo().with_context(lang="en_US", tz="UTC")
        )
        self.assertEqual(as_customer._report_date(received), "04/03/2026")
        # control: staff read their own time zone
        staff = complaint.with_context(tz="UTC", lang="en_US")
        self.assertEqual(staff._report_date(received), "04/02/2026")

    def test_decision_letter_keeps_the_findings_to_staff(self):
        """The investigation's findings are staff's notes: the letter gives
        the resolution summary, what the complainant is told."""
        complaint = self.complaint_zh
        report = "complaint_reports.action_report_complaint_decision"
        html = self._html(report, complaint)
        self.assertNotIn("The base insulation is damaged.", html)
        # control: the summary for the complainant is printed; the tracking
        # form, for staff, keeps the investigation's root cause
        self.assertIn("Replaced and compensated.", html)
        tracking = self._html(
            "complaint_reports.action_report_complaint_tracking", complaint
        )
        self.assertIn("供应商绝缘材料批次缺陷", tracking)
