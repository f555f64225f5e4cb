from odoo.tests import TransactionCase, tagged

from odoo.addons.complaint_management.tests.migration_loader import load_migration


def _migration(version):
    return load_migration(__file__, version)


@tagged("post_install", "-at_install")
class TestPortalUpgrade(TransactionCase):
    def _check_link_migration(self, version, template_xmlid, previous):
        """The shipped link is replaced at the upgrade from ``previous``; a
        link the company rewrote is left alone."""
        migration = _migration(version)
        template = self.env.ref(template_xmlid)
        shipped = f'<p><a t-att-href="{migration.OLD}">Follow my complaint</a></p>'
        template.body_html = shipped
        self.env.flush_all()
        migration.migrate(self.env.cr, previous)
        template.invalidate_recordset()
        self.assertIn(migration.NEW, template.body_html)
        self.assertNotIn("get_portal_url", template.body_html)
        # control: a link the company rewrote is left alone
        rewritten = '<p><a t-att-href="object.access_url">Our page</a></p>'
        template.body_html = rewritten
        self.env.flush_all()
        migration.migrate(self.env.cr, previous)
        template.invalidate_recordset()
        self.assertEqual(str(template.body_html), rewritten)

    def test_the_receipt_of_an_upgraded_database_keeps_the_link_private(self):
        self._check_link_migration(
            "18.0.1.0.4",
            "complaint_portal.mail_template_complaint_portal_receipt",
            "18.0.1.0.3",
        )

    def test_the_new_link_email_of_an_upgraded_database_builds_it_as_the_receipt(
        self,
    ):
        self._check_link_migration(
            "18.0.1.0.5",
            "complaint_portal.mail_template_complaint_portal_access",
            "18.0.1.0.4",
        )

    def test_the_apis_old_message_ids_are_signed_at_the_upgrade(self):
        """A Message-Id made of the channel's own reference routed emails
        naming it into the complaint: signed, as the API signs them now, the
        channel still finds its message by its reference."""
        migration = _migration("18.0.1.0.10")
        channel = self.env.ref("base.user_admin")
        complaint = self.env["complaint.complaint"].create(
            {"subject": "Kettle", "partner_id": self.env.user.partner_id.id}
        )
        legacy = f"<CC-7.1.{channel.id}.{complaint.id}@complaint-api>"
        old, signed, other = self.env["mail.message"].create(
            [
                {
                    "model": "complaint.complaint",
                    "res_id": complaint.id,
                    "body": body,
                    "message_id": message_id,
                }
                for body, message_id in (
                    ("Old", legacy),
                    (
                        "New",
                        "<" + "a" * 32 + f".{channel.id}.{complaint.id}@complaint-api>",
                    ),
                    ("Email", "<reply-1@example.com>"),
                )
            ]
        )
        kept = {signed.id: signed.message_id, other.id: other.message_id}
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.0.9")
        (old | signed | other).invalidate_recordset()
        expected = complaint.with_user(channel)._api_message_id("CC-7.1")
        self.assertEqual(old.message_id, expected)
        self.assertNotIn("CC-7", old.message_id)
        self.assertEqual(
            complaint.with_user(channel)._api_message_by_ref("CC-7.1"), old
        )
        # control: a signed Message-Id and an email's are left alone
        self.assertEqual(signed.message_id, kept[signed.id])
        self.assertEqual(other.message_id, kept[other.id])

    def test_only_the_channels_contacts_are_marked_made_at_intake(self):
        """Made at intake, a contact is emptied and archived with its
        complaints' data: a visitor's contact made with its complaint is; a
        contact made before and apart from its complaint is a customer's."""
        migration = _migration("18.0.1.0.11")
        public = self.env.ref("base.public_user")
        Partner = self.env["res.partner"].with_user(public).sudo()
        cr = self.env.cr

        def filed(partner, contact_time):
            complaint = self.env["complaint.complaint"].create(
                {"subject": "Kettle", "partner_id": partner.id}
            )
            cr.execute(
                "UPDATE res_partner SET create_date = %s, complaint_intake_contact"
                " = FALSE WHERE id = %s",
                (contact_time, partner.id),
            )
            cr.execute(
                "UPDATE complaint_complaint SET create_date = %s WHERE id = %s",
                ("2025-03-01 09:00:00", complaint.id),
            )

        visitor = Partner.create({"name": "Visitor", "email": "v@example.com"})
        guest = Partner.create({"name": "Guest checkout", "email": "g@example.com"})
        filed(visitor, "2025-03-01 09:00:00")
        # a guest's checkout contact, a complaint filed about it weeks later
        filed(guest, "2025-02-01 10:00:00")
        self.env.invalidate_all()
        migration.migrate(cr, "18.0.1.0.10")
        self.env.invalidate_all()
        self.assertTrue(visitor.complaint_intake_contact)
        self.assertFalse(guest.complaint_intake_contact)
