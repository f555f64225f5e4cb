from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Contacts merged by staff: the contact kept is one the intake made
    (emptied with its complaints' personal data) only when all of them were;
    merged with a known one (a customer who wrote from an unknown address),
    it is the known customer. Core moves the complaints by SQL, past the
    ORM: what they read of their complainant is computed again here, and the
    merged contacts' followings are kept."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # sudo: the complaints of the contacts merged, whoever merges them
        Complaint = (
            self.env["complaint.complaint"].sudo().with_context(active_test=False)
        )
        # those that stood with a merged contact itself (an individual, one
        # the intake made): core points them at the kept contact, which may
        # be a company's employee; those that stood with a company keep it
        # (an earlier employer's complaints do not go to the kept contact's)
        alone = Complaint.search([("partner_id", "in", list(partner_ids))]).filtered(
            lambda c: c.commercial_partner_id == c.partner_id
        )
        named = {complaint: complaint.partner_id for complaint in alone}
        res = super()._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )
        # those of the contacts merged away (one query for them all)
        kept = alone.partner_id.exists()
        moved = Complaint.browse(
            [c.id for c, partner in named.items() if partner not in kept]
        ).exists()
        # only the company (and what reads it: the outside cases), with the
        # kept contact's values core gave it last: the name and address
        # typed on the complaints stay
        company = Complaint._fields["commercial_partner_id"]
        typed = [f for f in Complaint._named_with_complainant() if f != company]
        moved.invalidate_recordset(["partner_id", "commercial_partner_id"])
        with self.env.protecting(typed, moved):
            moved.modified(["partner_id"])
            moved.flush_recordset()
        return res

    def _update_foreign_keys(self, src_partners, dst_partner):
        self._keep_followings(src_partners, dst_partner)
        res = super()._update_foreign_keys(src_partners, dst_partner)
        # the teams' followers, kept per process, were moved past the ORM
        self.env.registry.clear_cache()
        return res

    def _keep_followings(self, src_partners, dst_partner):
        """Core moves the followers with one UPDATE and, when a record was
        followed by two of the contacts (the kept one and a merged one, or two
        merged ones: ordinary after a complaint merge or a copy line), deletes
        every following of the merged contacts, on every record. The doubles
        go first, so that the UPDATE moves the rest."""
        self.env["mail.followers"].flush_model()
        self.env.cr.execute(
            """
            DELETE FROM mail_followers f
             WHERE f.partner_id IN %(src)s
               AND EXISTS (
                    SELECT 1
                      FROM mail_followers o
                     WHERE o.res_model = f.res_model
                       AND o.res_id = f.res_id
                       AND (o.partner_id = %(dst)s
                            OR (o.partner_id IN %(src)s AND o.id < f.id))
               )
            """,
            {"src": tuple(src_partners.ids), "dst": dst_partner.id},
        )
        self.env["mail.followers"].invalidate_model()

    def _update_values(self, src_partners, dst_partner):
        everyone = src_partners | dst_partner
        if not all(everyone.mapped("complaint_intake_contact")):
            # sudo: the intake's own mark, which core would carry over from
            # any contact merged (the mark is refused to users' writes)
            everyone.sudo().filtered("complaint_intake_contact").write(
                {"complaint_intake_contact": False}
            )
        return super()._update_values(src_partners, dst_partner)
