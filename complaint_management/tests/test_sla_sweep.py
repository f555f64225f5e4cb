from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .migration_loader import load_migration
from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaSweep(SlaCommon):
    """Activities, warning, breach and escalation.

    Policy: acknowledge within 2 working hours, resolve within 10 working
    hours, at risk from 80 %. A complaint received Monday 09:00 is at risk
    from Tuesday 09:00 (8 working hours) and breached at Tuesday 11:00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls._policy(
            name="Sweep rules",
            team_ids=[(6, 0, cls.team.ids)],
            acknowledge_time=2,
            acknowledge_unit="working_hours",
            resolution_time=10,
            resolution_unit="working_hours",
        )
        cls.sweep = cls.env["complaint.sla.line"]._cron_sla_sweep

    def _new(self, **values):
        with freeze_time(at(0, 9)):
            return self._create(at(0, 9), user_id=self.handler.id, **values)

    def _inbox_messages(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: m.notification_ids.filtered(
                lambda n: n.notification_type == "inbox"
            )
            and "at risk" in (m.body or "")
        )

    def test_activities_follow_milestones(self):
        complaint = self._new()
        ack = self._line(complaint, "acknowledge")
        resolution = self._line(complaint, "resolution")
        activities = self._sla_activities(complaint)
        self.assertEqual(len(activities), 1, "one activity: the next deadline")
        self.assertEqual(activities.user_id, self.handler)
        self.assertEqual(ack.activity_id, activities)
        self.assertEqual(activities.date_deadline, at(0, 11).date())
        self.assertFalse(resolution.activity_id)
        # reassigning moves it
        complaint.user_id = self.handler_other
        self.assertFalse(self._sla_activities(complaint, self.handler))
        self.assertEqual(len(self._sla_activities(complaint, self.handler_other)), 1)
        # reaching a milestone marks its activity done; the next one gets it
        with freeze_time(at(0, 10)):
            complaint.date_acknowledged = at(0, 10)
        self.assertEqual(ack.state, "met")
        self.assertFalse(ack.activity_id)
        self.assertEqual(
            self._sla_activities(complaint).mapped("summary"),
            ["Time limit: Resolution"],
        )
        self.assertEqual(resolution.activity_id.date_deadline, at(1, 11).date())
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: m.mail_activity_type_id == self.activity_type
            ),
            "the done activity is logged in the chatter",
        )

    def test_warning_and_breach_happen_once(self):
        complaint = self._new()
        with freeze_time(at(0, 10)):
            complaint.date_acknowledged = at(0, 10)
        resolution = self._line(complaint, "resolution")
        self.assertEqual(resolution.warning_date, at(1, 9))
        self.assertEqual(resolution.deadline, at(1, 11))

        with freeze_time(at(1, 8, 30)):
            self.assertEqual(self.sweep()["done"], 0, "not yet at risk")
        with freeze_time(at(1, 9, 30)):
            self.assertEqual(self.sweep()["done"], 1)
            self.assertEqual(resolution.state, "at_risk")
            self.assertEqual(complaint.sla_state, "at_risk")
            warnings = self._inbox_messages(complaint)
            self.assertEqual(len(warnings), 1)
            self.assertEqual(
                warnings.notification_ids.res_partner_id,
                self.handler.partner_id | self.leader.partner_id,
                "the handler and the team leader are warned",
            )
            self.assertEqual(self.sweep()["done"], 0, "a second sweep is a no-op")
            self.assertEqual(len(self._inbox_messages(complaint)), 1)

        with freeze_time(at(1, 11, 30)):
            self.assertEqual(self.sweep()["done"], 1)
            self.assertEqual(resolution.state, "breached")
            self.assertTrue(resolution.is_escalated)
            self.assertEqual(complaint.sla_state, "breached")
            # one tier up: the escalation team and its leader, priority raised
            self.assertEqual(complaint.team_id, self.team_expert)
            self.assertEqual(complaint.user_id, self.expert_leader)
            self.assertEqual(complaint.priority, "1")
            escalation = complaint.escalation_ids
            self.assertEqual(len(escalation), 1)
            self.assertEqual(escalation.trigger, "sla")
            self.assertIn("Resolution", escalation.reason)
            # exactly one activity, for the new owner, about the breach
            activities = self._sla_activities(complaint)
            self.assertEqual(activities.user_id, self.expert_leader)
            self.assertEqual(
                activities.mapped("summary"), ["Time limit breached: Resolution"]
            )
            messages = complaint.message_ids
            self.assertEqual(self.sweep()["done"], 0, "a second sweep is a no-op")
            self.assertEqual(complaint.message_ids, messages)
            self.assertEqual(len(complaint.escalation_ids), 1)
            self.assertEqual(len(self._inbox_messages(complaint)), 1, "warned once")

        with freeze_time(at(2, 10)):
            complaint.write({"state": "closed", "date_closed": at(2, 10)})
            self.assertEqual(resolution.state, "met_late")
            self.assertEqual(resolution.date_reached, at(2, 10))
            self.assertFalse(complaint.sla_met)
            self.assertEqual(complaint.sla_state, "met_late")
            self.assertFalse(self._sla_activities(complaint))

    def test_a_leader_who_may_no_longer_own_it_is_not_warned(self):
        """A team leader moved to another company keeps leading the team
        until someone names another: the at-risk warning goes to who may
        still own the complaint."""
        complaint = self._new()
        with freeze_time(at(0, 10)):
            complaint.date_acknowledged = at(0, 10)
        branch = self.env["res.company"].create({"name": "Branch"})
        self.leader.write({"company_ids": [(4, branch.id)], "company_id": branch.id})
        self.leader.write({"company_ids": [(6, 0, branch.ids)]})
        with freeze_time(at(1, 9, 30)):
            self.sweep()
        warning = self._inbox_messages(complaint)
        self.assertEqual(
            warning.notification_ids.res_partner_id, self.handler.partner_id
        )

    def test_sweep_writes_in_the_companys_language(self):
        """The sweep runs without a language: its warnings and escalation
        notes read in the company's language; each reminder in the language
        of whom it reminds, whoever moves it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.company.partner_id.lang = "zh_CN"
        self.handler.lang = "zh_CN"
        self.expert_leader.lang = "en_US"
        complaint = self._new()
        with freeze_time(at(0, 10)):
            complaint.date_acknowledged = at(0, 10)
        lines = self.env["complaint.sla.line"].with_context(lang="zh_CN")
        selection = lines._fields["milestone"]._description_selection(lines.env)
        self.assertEqual(
            self._sla_activities(complaint).mapped("summary"),
            ["时限：%s" % dict(selection)["resolution"]],
        )
        sweep = self.env["complaint.sla.line"].with_context(lang=None)._cron_sla_sweep
        with freeze_time(at(1, 9, 30)):
            sweep()
        self.assertIn("时限即将超时：", complaint.message_ids[0].body)
        with freeze_time(at(1, 11, 30)):
            sweep()
        self.assertEqual(complaint.user_id, self.expert_leader)
        self.assertIn("已超出时限：", complaint.escalation_ids.reason)
        # a company without a language: the installation's, not the job
        # user's company's
        other = self.env["res.company"].create({"name": "No language Ltd"})
        other.partner_id.lang = False
        self.assertEqual(other.with_context(lang=None)._complaint_lang(), "en_US")
        # the new owner reads English: their reminder is in English
        self.assertEqual(
            self._sla_activities(complaint).mapped("summary"),
            ["Time limit breached: Resolution"],
        )

    def test_met_late_without_sweep_and_met_on_time(self):
        late = self._new()
        on_time = self._new()
        with freeze_time(at(0, 15)):
            # acknowledged 3 working hours after receipt (2 allowed)
            late.date_acknowledged = at(0, 15)
            on_time.date_acknowledged = at(0, 10)
        self.assertEqual(self._line(late, "acknowledge").state, "met_late")
        self.assertEqual(self._line(on_time, "acknowledge").state, "met")
        self.assertAlmostEqual(self._line(late, "acknowledge").working_hours_used, 5.0)
        with freeze_time(at(1, 10)):
            on_time.write({"state": "closed", "date_closed": at(1, 10)})
        self.assertTrue(on_time.sla_met)
        self.assertEqual(on_time.sla_state, "met")

    def test_breach_of_team_without_escalation_target(self):
        self.policy.team_ids = [(6, 0, self.team_other.ids)]
        self.team_other.resource_calendar_id = self.calendar
        complaint = self._new(team_id=self.team_other.id)
        with freeze_time(at(1, 12)):
            self.sweep()
        # no escalation team, no leader: the lifecycle keeps the team and the
        # handler, the breach is still recorded and raised
        self.assertEqual(self._line(complaint, "resolution").state, "breached")
        self.assertEqual(complaint.escalation_ids.trigger, "sla")
        self.assertEqual(complaint.priority, "1")

    def test_breach_of_complaint_without_team(self):
        # a company without a team leaves its complaints without one: the
        # breach is recorded and raised, not a failure of the sweep
        self.policy.team_ids = [(5, 0, 0)]
        complaint = self._new()
        self.env["complaint.team"].search([]).active = False
        complaint.team_id = False
        with freeze_time(at(3, 12)):
            result = self.sweep()
        self.assertEqual(result["skipped"], 0)
        self.assertEqual(self._line(complaint, "resolution").state, "breached")
        self.assertEqual(complaint.escalation_ids.trigger, "sla")
        self.assertFalse(complaint.team_id)
        self.assertEqual(complaint.user_id, self.handler, "the handler keeps it")
        self.assertEqual(complaint.priority, "1")

    def test_staff_reply_reaches_response_and_progress(self):
        self.policy.write(
            {"response_time": 24, "response_unit": "hours", "progress_time": 1}
        )
        complaint = self._new()
        progress = self._line(complaint, "progress")
        # Monday does not count: Tuesday 17:00
        self.assertEqual(progress.deadline, at(1, 17))
        with freeze_time(at(0, 11)):
            complaint.with_user(self.handler).message_post(
                body="We are looking into it.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(self._line(complaint, "first_response").state, "met")
        self.assertEqual(progress.state, "met")
        next_progress = self._line(complaint, "progress")
        self.assertNotEqual(next_progress, progress)
        self.assertEqual(next_progress.date_start, at(0, 11))
        self.assertEqual(next_progress.state, "running")
        # one reminder, for the nearest deadline: still the acknowledgement
        self.assertEqual(
            self._sla_activities(complaint).mapped("summary"),
            ["Time limit: Acknowledgement"],
        )
        # an internal note is not news for the complainant
        with freeze_time(at(0, 12)):
            complaint.with_user(self.handler).message_post(
                body="internal", subtype_xmlid="mail.mt_note", message_type="comment"
            )
        self.assertEqual(next_progress.state, "running")

    def test_a_handlers_reply_by_email_is_a_response(self):
        """The handler answers from their mailbox (the gateway posts the
        email): the complainant was answered. Control: the complainant's own
        email, or a colleague's who does not handle it, is no response."""
        self.policy.write({"response_time": 24, "response_unit": "hours"})
        complaint = self._new()
        with freeze_time(at(0, 10)):
            complaint.message_post(
                body="Your new kettle ships today.",
                author_id=self.customer.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(self._line(complaint, "first_response").state, "running")
        # nor does the address of a colleague who does not handle it (a From
        # is easily forged)
        with freeze_time(at(0, 10, 30)):
            complaint.message_post(
                body="Case closed, stop the clock.",
                author_id=self.complaint_user_other.partner_id.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(self._line(complaint, "first_response").state, "running")
        with freeze_time(at(0, 11)):
            complaint.message_post(
                body="We are sending a new kettle.",
                author_id=self.handler.partner_id.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(self._line(complaint, "first_response").state, "met")
        self.assertEqual(
            self._line(complaint, "first_response").date_reached, at(0, 11)
        )

    def test_an_email_reply_reaches_a_limit_when_it_comes_in(self):
        """An email's date is its Date header, as the sender's clock (or
        hand) wrote it: a reply dated two days back met the first response
        before the complaint existed."""
        self.policy.write({"response_time": 2, "response_unit": "hours"})
        complaint = self._new()
        with freeze_time(at(1, 12)):  # past the 2 hours
            complaint.message_post(
                body="We are sending a new kettle.",
                author_id=self.handler.partner_id.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
                date=at(0, 9, 30),  # the header says: half an hour after
            )
        line = self._line(complaint, "first_response")
        self.assertEqual(line.date_reached, at(1, 12))
        self.assertEqual(line.state, "met_late")

    def test_acknowledgement_is_not_a_first_response(self):
        self.policy.write(
            {"response_time": 24, "response_unit": "hours", "progress_time": 2}
        )
        complaint = self._new(channel_id=self.channel_email.id)
        first_progress = self._line(complaint, "progress")
        with freeze_time(at(0, 9, 30)):
            complaint.action_register()
        self.assertEqual(complaint.state, "acknowledged", "auto-acknowledged")
        self.assertEqual(self._line(complaint, "acknowledge").state, "met")
        self.assertEqual(self._line(complaint, "first_response").state, "running")
        # but it is news for the complainant: the progress clock restarts
        self.assertEqual(first_progress.state, "met")
        self.assertEqual(self._line(complaint, "progress").date_start, at(0, 9, 30))

    def test_cancel_drops_open_milestones(self):
        complaint = self._new()
        complaint.action_cancel()
        self.assertFalse(complaint.sla_line_ids)
        self.assertFalse(self._sla_activities(complaint))

    def test_progress_update_template_reaches_progress(self):
        self.policy.write({"progress_time": 2})
        complaint = self._new()
        progress = self._line(complaint, "progress")
        action = complaint.with_user(self.handler).action_sla_progress_update()
        self.assertEqual(action["res_model"], "mail.compose.message")
        with freeze_time(at(1, 10)):
            composer = Form(
                self.env["mail.compose.message"]
                .with_user(self.handler)
                .with_context(**action["context"])
            )
            self.assertIn(complaint.name, composer.body)
            # the next update is promised 2 working days after this one: Thursday
            self.assertIn("3/5/26, 5:00 PM", composer.body)
            # the template's line in brackets reached the customer unwritten
            with self.assertRaisesRegex(UserError, "in place of the line"):
                composer.save().action_send_mail()
            self.assertEqual(progress.state, "running")
            composer.body = composer.body.replace(
                "[Describe what was done since the last message and what comes next.]",
                "The carrier collected the parcel.",
            )
            composer.save().action_send_mail()
        self.assertEqual(progress.state, "met")
        message = complaint.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
        )[:1]
        self.assertIn(self.customer, message.partner_ids)
        self.assertEqual(self._line(complaint, "progress").date_start, at(1, 10))

    def test_progress_update_unwritten_is_refused_minutes_later(self):
        """The address form compared the whole text with the draft rendered
        again when sent: its next date had moved (limits in working hours),
        and the line in brackets went out as it stood."""
        self.policy.write({"progress_time": 4, "progress_unit": "working_hours"})
        # a subject in brackets is the customer's, not a line to write
        complaint = self._new(
            partner_id=False,
            complainant_email="w@example.com",
            subject="[EXTERNAL] Parcel damaged",
        )
        with freeze_time(at(1, 10)):
            action = complaint.with_user(self.handler).action_sla_progress_update()
            wizard = Form(
                self.env["complaint.progress.wizard"]
                .with_user(self.handler)
                .with_context(**action["context"])
            ).save()
        with self.mock_mail_gateway(), freeze_time(at(1, 10, 30)):
            with self.assertRaisesRegex(UserError, "in place of the line"):
                wizard.action_send()
            self.assertFalse(self._new_mails)
            # control: written, it goes
            wizard.body = wizard.body.replace(
                "[Describe what was done since the last message and what comes next.]",
                "The carrier collected the parcel.",
            )
            wizard.action_send()
        self.assertIn("carrier collected", self._new_mails.body_html)

    def test_progress_update_to_an_address_makes_no_contact(self):
        """A complainant known by an address only: the composer made a
        contact of it (a later email reply, authored by that contact, was
        then not the complainant's). The handler writes the update in a form
        of its own (the template's draft, its line in brackets unwritten, is
        refused: it went out as it stood); it is emailed as the steps' emails
        are, and reaches the milestone."""
        self.policy.write({"progress_time": 2})
        complaint = self._new(partner_id=False, complainant_email="w@example.com")
        progress = self._line(complaint, "progress")
        with self.mock_mail_gateway(), freeze_time(at(1, 10)):
            action = complaint.with_user(self.handler).action_sla_progress_update()
            wizard = Form(
                self.env["complaint.progress.wizard"]
                .with_user(self.handler)
                .with_context(**action["context"])
            ).save()
            # the template's draft, its line in brackets unwritten, is refused
            self.assertIn("[", html2plaintext(wizard.body))
            with self.assertRaisesRegex(UserError, "in place of the line"):
                wizard.action_send()
            self.assertFalse(self._new_mails)
            self.assertEqual(progress.state, "running")
            wizard.body = wizard.body.replace(
                "[Describe what was done since the last message and what comes next.]",
                "The carrier collected the parcel; a refund follows on Friday.",
            )
            wizard.action_send()
        mail = self._new_mails.filtered(lambda m: "w@example.com" in (m.email_to or ""))
        self.assertIn("refund follows on Friday", mail.body_html)
        self.assertNotIn("[Describe", mail.body_html)
        self.assertIn(
            "refund follows on Friday",
            complaint.message_ids.filtered(lambda m: m.message_type == "comment")[
                :1
            ].body,
        )
        self.assertFalse(
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("email", "=ilike", "w@example.com")])
        )
        self.assertEqual(progress.state, "met")
        # sent once: the same form's call again emails nothing more
        sent = len(self._new_mails)
        with (
            self.mock_mail_gateway(),
            self.assertRaisesRegex(UserError, "sent already"),
        ):
            wizard.action_send()
        self.assertFalse(self._new_mails)
        self.assertEqual(sent, 1)
        # a complaint no longer handled has no progress to tell, whoever asks
        closed = self._new(partner_id=False, complainant_email="z@example.com")
        form = (
            self.env["complaint.progress.wizard"]
            .with_user(self.handler)
            .create(
                {"complaint_id": closed.id, "subject": "News", "body": "<p>Done</p>"}
            )
        )
        closed.sudo()._workflow_write({"state": "closed"})
        with self.mock_mail_gateway():
            with self.assertRaisesRegex(UserError, "no longer being handled"):
                form.action_send()
            with self.assertRaisesRegex(UserError, "no longer being handled"):
                closed.with_user(self.handler).action_sla_progress_update()
        self.assertFalse(self._new_mails)
        # a contact without an address, the address given on the complaint:
        # the form of its own writes to the address (the composer could not)
        by_phone = self.env["res.partner"].create({"name": "Phoned In"})
        typed = self._new(partner_id=by_phone.id, complainant_email="p@example.com")
        action = typed.with_user(self.handler).action_sla_progress_update()
        self.assertEqual(action["res_model"], "complaint.progress.wizard")
        # without any address there is nobody to write to
        silent = self._new(
            partner_id=False, complainant_email=False, complainant_phone="138"
        )
        with self.assertRaises(UserError):
            silent.with_user(self.handler).action_sla_progress_update()

    def test_share_time_left_and_cron(self):
        self.policy.warning_share = 50.0
        complaint = self._new()
        resolution = self._line(complaint, "resolution")
        # half of 10 working hours from Monday 09:00: 09-12 and 13-15
        self.assertEqual(resolution.warning_date, at(0, 15))
        with freeze_time(at(0, 10)):
            complaint.date_acknowledged = at(0, 10)
        model = self.env["complaint.complaint"]
        with freeze_time(at(1, 10)):
            # one hour left (deadline Tuesday 11:00)
            self.assertAlmostEqual(complaint.sla_time_left, 1.0)
            self.assertIn(complaint, model.search([("sla_time_left", "<", 2)]))
            self.assertNotIn(complaint, model.search([("sla_time_left", "<", 0)]))
            cron = self.env.ref("complaint_management.ir_cron_complaint_sla_sweep")
            cron.method_direct_trigger()
        self.assertEqual(resolution.state, "at_risk")

    def test_access_follows_the_complaint(self):
        complaint = self._new()
        lines = complaint.sla_line_ids
        self.assertEqual(len(lines.with_user(self.handler).read(["deadline"])), 2)
        self.assertFalse(
            self.env["complaint.sla.line"]
            .with_user(self.complaint_user_other)
            .search([("id", "in", lines.ids)]),
            "another team's handler sees nothing",
        )
        with self.assertRaises(AccessError):
            lines.with_user(self.handler).write({"deadline": at(9, 9)})

    def test_reopen_starts_new_resolution(self):
        self.policy.write({"progress_time": 2})
        complaint = self._new()
        with freeze_time(at(0, 15)):
            complaint.write({"state": "closed", "date_closed": at(0, 15)})
        self.assertTrue(complaint.sla_met)
        self.assertFalse(self._sla_activities(complaint))
        with freeze_time(at(7, 9)):  # reopened the next Monday
            complaint.action_reopen()
        resolution = self._line(complaint, "resolution")
        self.assertEqual(
            len(
                complaint.sla_line_ids.filtered(
                    lambda line: line.milestone == "resolution"
                )
            ),
            2,
        )
        self.assertEqual(resolution.state, "running")
        self.assertEqual(resolution.date_start, at(7, 9))
        # 10 working hours from Monday 09:00: Tuesday 11:00
        self.assertEqual(resolution.deadline, at(8, 11))
        self.assertEqual(self._line(complaint, "progress").date_start, at(7, 9))
        self.assertFalse(complaint.sla_met)
        self.assertEqual(len(self._sla_activities(complaint, self.handler)), 1)

    def test_resolved_late_stays_late_after_a_reopening(self):
        """A resolution reached late is a fact: the reopening's new limit,
        met in time, does not turn the complaint into one resolved in time
        (the timeliness rate and the public statistics read it)."""
        late, on_time = self._new(), self._new()
        for complaint, closed in ((late, at(2, 9)), (on_time, at(0, 15))):
            with freeze_time(closed):
                complaint.write({"state": "closed", "date_closed": closed})
        self.assertEqual(self._line(late, "resolution").state, "met_late")
        self.assertFalse(late.sla_met)
        for complaint in late | on_time:
            with freeze_time(at(7, 9)):
                complaint.action_reopen()
            with freeze_time(at(7, 10)):
                complaint.write({"state": "closed", "date_closed": at(7, 10)})
        self.assertEqual(
            late.sla_line_ids.filtered(
                lambda line: line.milestone == "resolution"
            ).mapped("state"),
            ["met_late", "met"],
        )
        self.assertFalse(late.sla_met)
        self.assertEqual(late.sla_state, "met_late")
        # a merged complaint's limit carried on as this one's promise: reached
        # late, it counts as this complaint's
        late.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution" and line.state == "met_late"
        ).merged_from_id = on_time
        late._compute_sla()
        self.assertFalse(late.sla_met)
        # control: resolved in time both times
        self.assertTrue(on_time.sla_met)

    def test_the_upgrade_counts_a_late_resolution_as_late(self):
        """Complaints stored as the earlier code computed them (resolved in
        time after a reopening) are computed again at the upgrade."""
        late, on_time = self._new(), self._new()
        for complaint, closed in ((late, at(2, 9)), (on_time, at(0, 15))):
            with freeze_time(closed):
                complaint.write({"state": "closed", "date_closed": closed})
            with freeze_time(at(7, 9)):
                complaint.action_reopen()
            with freeze_time(at(7, 10)):
                complaint.write({"state": "closed", "date_closed": at(7, 10)})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE complaint_complaint SET sla_met = TRUE WHERE id IN %s",
            [(late | on_time)._ids],
        )
        self.env.invalidate_all()
        load_migration(__file__, "18.0.1.1.31").migrate(self.env.cr, "18.0.1.1.30")
        self.env.invalidate_all()
        self.assertFalse(late.sla_met)
        self.assertTrue(on_time.sla_met)
