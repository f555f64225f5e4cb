from odoo.tests import TransactionCase, tagged

from .migration_loader import load_migration


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
