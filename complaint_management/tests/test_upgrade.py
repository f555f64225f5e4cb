from odoo.tests import TransactionCase, tagged

from .migration_loader import load_migration
from .test_remedy import RemedyCommon


def _migration(version):
    return load_migration(__file__, version)


@tagged("post_install", "-at_install")
class TestUpgrade(TransactionCase):
    def test_acknowledgement_chinese_text_follows_the_progress_interval(self):
        # an upgrade keeps a database's Chinese text: the shipped sentence
        # promising a fixed two working days is replaced by the new one
        migration = _migration("18.0.1.1.2")
        self.env["res.lang"]._activate_lang("zh_CN")
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement"
        ).with_context(lang="zh_CN")
        shipped = "<p>我们预计在<strong>7个工作日</strong>" + migration.OLD
        template.body_html = shipped
        migration.migrate(self.env.cr, "18.0.1.1.1")
        template.invalidate_recordset()
        self.assertIn(migration.NEW, template.body_html)
        self.assertNotIn("每两个工作日", template.body_html)
        # control: a Chinese text the company rewrote is left alone
        rewritten = "<p>我们会尽快处理，并每周通报进度。</p>"
        template.body_html = rewritten
        migration.migrate(self.env.cr, "18.0.1.1.1")
        template.invalidate_recordset()
        self.assertEqual(str(template.body_html), rewritten)

    def test_links_across_companies_are_undone_at_the_upgrade(self):
        """Teams escalated, and rules sent, to another company's team before
        the check existed: the upgrade undoes them (logged), the others stay."""
        migration = _migration("18.0.1.1.6")
        Team = self.env["complaint.team"]
        other = self.env["res.company"].create({"name": "Upgrade Other Ltd"})
        here, near = Team.create([{"name": "Here"}, {"name": "Near"}])
        there = Team.create({"name": "There", "company_id": other.id})
        rule = self.env["complaint.assignment.rule"].create(
            {"name": "Across", "team_id": here.id}
        )
        kept = self.env["complaint.assignment.rule"].create(
            {"name": "Within", "team_id": near.id}
        )
        here.escalation_team_id = near
        self.env.flush_all()
        # as an earlier version let them be written
        self.env.cr.execute(
            "UPDATE complaint_team SET escalation_team_id = %s WHERE id = %s",
            (there.id, near.id),
        )
        self.env.cr.execute(
            "UPDATE complaint_assignment_rule SET team_id = %s WHERE id = %s",
            (there.id, rule.id),
        )
        with self.assertLogs(migration.__name__, "WARNING"):
            migration.migrate(self.env.cr, "18.0.1.1.5")
        self.env.invalidate_all()
        self.assertFalse(near.escalation_team_id)
        self.assertFalse(rule.active)
        # control: links within the company stay
        self.assertEqual(here.escalation_team_id, near)
        self.assertTrue(kept.active)

    def test_remedies_carried_out_before_the_upgrade_keep_who_did_them(self):
        migration = _migration("18.0.1.1.17")
        complaint = self.env["complaint.complaint"].create(
            {"subject": "Leaking kettle", "partner_id": self.env.user.partner_id.id}
        )
        refund = self.env.ref("complaint_management.complaint_remedy_type_refund")
        done, open_ = self.env["complaint.remedy"].create(
            [
                {"complaint_id": complaint.id, "type_id": refund.id},
                {"complaint_id": complaint.id, "type_id": refund.id},
            ]
        )
        # as an earlier version left it: carried out, nobody recorded
        done._workflow_write({"state": "done", "done_by_id": False})
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.1.16")
        (done | open_).invalidate_recordset()
        self.assertEqual(done.done_by_id, done.write_uid)
        # control: a remedy not carried out has nobody
        self.assertFalse(open_.done_by_id)

    def test_ratings_before_a_reopening_and_escalation_rules_at_the_upgrade(self):
        """A rating given before a reopening that an older version did not
        mark leaves the figures; a running limit of a policy that does not
        escalate keeps its choice."""
        migration = _migration("18.0.1.1.28")
        complaint = self.env["complaint.complaint"].create(
            {"subject": "Rated, then reopened", "complainant_name": "Li Na"}
        )
        complaint.sudo()._workflow_write(
            {"state": "closed", "date_closed": "2026-03-01 09:00:00"}
        )
        token = complaint._rating_get_access_token()
        complaint.sudo().rating_apply(1, token=token, feedback="Slow")
        rating = complaint.rating_ids.filtered("consumed")
        self.assertEqual(complaint.rating_last_value, 1)
        complaint.sudo()._workflow_write(
            {"state": "investigating", "date_reopened": "2099-01-01 09:00:00"}
        )
        lines = complaint.sla_line_ids
        policy = lines.policy_id[:1]
        self.env.flush_all()
        # as an older version left them
        self.env.cr.execute(
            "UPDATE rating_rating SET complaint_outdated = FALSE WHERE id = %s",
            [rating.id],
        )
        self.env.cr.execute(
            "UPDATE complaint_sla_policy SET escalate_on_breach = FALSE WHERE id = %s",
            [policy.id],
        )
        self.env.invalidate_all()
        migration.migrate(self.env.cr, "18.0.1.1.27")
        self.env.invalidate_all()
        self.assertTrue(rating.complaint_outdated)
        self.assertFalse(complaint.rating_last_value)
        # the open ones: a limit reached read its rule already
        under_policy = lines.filtered(
            lambda line: line.policy_id == policy
            and line.state in ("running", "at_risk", "paused")
        )
        self.assertTrue(under_policy)
        self.assertFalse(any(under_policy.mapped("escalate_on_breach")))
        # control: the limits reached, or of another policy, are left
        self.assertTrue(all((lines - under_policy).mapped("escalate_on_breach")))

    def test_an_older_proposal_offers_the_remedies_to_offer(self):
        """A database whose proposal template (or its Chinese text, which an
        upgrade never rewrites) predated the promised remedies listed every
        remedy not cancelled: refused ones, those awaiting approval."""
        migration = _migration("18.0.1.1.30")
        self.env["res.lang"]._activate_lang("zh_CN")
        template = self.env.ref("complaint_management.mail_template_complaint_proposal")
        new = 't-foreach="object._remedies_to_offer()"'
        old = (
            "t-foreach=\"object.remedy_ids.filtered(lambda r: r.state != 'cancelled')\""
        )
        for lang in ("en_US", "zh_CN"):
            text = template.with_context(lang=lang)
            self.assertIn(new, str(text.body_html))
            text.body_html = str(text.body_html).replace(new, old)
        template.lang = "{{ object.partner_id.lang }}"
        rewritten = self.env.ref("complaint_management.mail_template_complaint_rating")
        rewritten.lang = "{{ object.user_id.lang }}"
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.1.1")
        self.env.invalidate_all()
        for lang in ("en_US", "zh_CN"):
            with self.subTest(lang=lang):
                body = str(template.with_context(lang=lang).body_html)
                self.assertIn(new, body)
                self.assertNotIn("remedy_ids.filtered", body)
        self.assertEqual(
            template.lang,
            "{{ object.partner_id.lang or object.company_id.partner_id.lang }}",
        )
        # control: a language expression an administrator wrote is left alone
        self.assertEqual(rewritten.lang, "{{ object.user_id.lang }}")

    def test_only_the_gateways_contacts_are_marked_made_at_intake(self):
        """Made at intake, a contact is emptied and archived with its
        complaints' data: one a colleague typed a moment before filing an
        emailed complaint by hand is a customer's contact, kept."""
        migration = _migration("18.0.1.1.18")
        email = self.env.ref("complaint_management.complaint_channel_email")
        Partner = self.env["res.partner"]
        cr = self.env.cr

        def filed(partner, transaction_time, incoming=True):
            complaint = self.env["complaint.complaint"].create(
                {"subject": "Kettle", "partner_id": partner.id, "channel_id": email.id}
            )
            if incoming:
                complaint.sudo().message_post(
                    body="The kettle leaks.", author_id=partner.id, message_type="email"
                )
            cr.execute(
                "UPDATE res_partner SET create_date = %s, complaint_intake_contact"
                " = FALSE WHERE id = %s",
                (transaction_time, partner.id),
            )
            cr.execute(
                "UPDATE complaint_complaint SET create_date = %s WHERE id = %s",
                ("2025-03-01 09:00:00", complaint.id),
            )

        gateway = Partner.create({"name": "Sender", "email": "sender@example.com"})
        typed = Partner.create({"name": "王芳", "email": "wang.fang@example.com"})
        filed(gateway, "2025-03-01 09:00:00")
        # typed on the form 20 seconds before, the complaint filed by hand
        filed(typed, "2025-03-01 08:59:40", incoming=False)
        self.env.invalidate_all()
        migration.migrate(cr, "18.0.1.1.17")
        self.env.invalidate_all()
        self.assertTrue(gateway.complaint_intake_contact)
        self.assertFalse(typed.complaint_intake_contact)

    def test_the_shipped_media_and_regulator_make_complaints_high_risk(self):
        media = self.env.ref("complaint_management.complaint_external_body_media")
        council = self.env.ref(
            "complaint_management.complaint_external_body_consumer_council"
        )
        # a company's own media body, which its cases are filed with
        own = media.copy({"name": "Media (ours)", "company_id": self.env.company.id})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE complaint_external_body SET makes_high_risk = FALSE"
        )
        self.env.invalidate_all()
        _migration("18.0.1.1.32").migrate(self.env.cr, "18.0.1.1.31")
        self.env.invalidate_all()
        self.assertTrue(media.makes_high_risk)
        self.assertTrue(own.makes_high_risk)
        self.assertFalse(council.makes_high_risk, "control: another body")

    def test_a_cancellation_is_dated_by_its_change_of_status(self):
        """The upgrade itself touches every complaint (a stored field added
        later is computed for all of them): dated by their last change, the
        cancelled complaints kept their data a whole period too long."""
        migration = _migration("18.0.1.1.5")
        Complaint = self.env["complaint.complaint"].with_context(tracking_disable=False)
        tracked, untracked = Complaint.create(
            [
                {"subject": "Cancelled in March", "is_anonymous": True},
                {"subject": "Cancelled untracked", "is_anonymous": True},
            ]
        )
        # the chatter's record of the cancellation, in March
        state = self.env["ir.model.fields"]._get(tracked._name, "state")
        step = self.env["mail.message"].create(
            {
                "model": tracked._name,
                "res_id": tracked.id,
                "message_type": "notification",
                "body": "",
                "tracking_value_ids": [
                    (
                        0,
                        0,
                        {
                            "field_id": state.id,
                            "old_value_char": "Investigating",
                            "new_value_char": "Cancelled",
                        },
                    )
                ],
            }
        )
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "UPDATE mail_message SET date = '2025-03-01 09:00:00' WHERE id = ANY(%s)",
            (step.ids,),
        )
        cr.execute(
            "UPDATE complaint_complaint SET state = 'cancelled', date_cancelled ="
            " NULL, write_date = '2026-06-30 12:00:00' WHERE id = ANY(%s)",
            ([tracked.id, untracked.id],),
        )
        self.env.invalidate_all()
        migration.migrate(cr, "18.0.1.1.4")
        self.env.invalidate_all()
        self.assertEqual(str(tracked.date_cancelled), "2025-03-01 09:00:00")
        # control: without a tracked change, its last change stands for it
        self.assertEqual(str(untracked.date_cancelled), "2026-06-30 12:00:00")


@tagged("post_install", "-at_install")
class TestUpgradeRemedies(RemedyCommon):
    def test_remedies_of_ended_complaints_are_withdrawn_in_the_companys_words(self):
        """The approver's request is done with the word the code writes, in
        the company's language, not in English on a Chinese database."""
        migration = _migration("18.0.1.1.19")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["zh_CN"], overwrite=True
        )
        self.company.partner_id.lang = "zh_CN"
        remedy = self._remedy(self.type_compensation, 5000)
        self.assertEqual(remedy.state, "proposed")
        waiting = self.complaint.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("complaint_management.mail_activity_type_remedy_approval")
        )
        self.assertTrue(waiting)
        self.complaint.sudo()._workflow_write({"state": "closed"})
        migration.migrate(self.env.cr, "18.0.1.1.18")
        self.assertEqual(remedy.state, "cancelled")
        self.assertFalse(waiting.exists().filtered("active"))
        bodies = " ".join(
            str(body) for body in self.complaint.message_ids.mapped("body")
        )
        self.assertIn("已撤回", bodies)
        self.assertNotIn("Withdrawn", bodies)
