from odoo import api, models
from odoo.exceptions import UserError

from ..tools.html_terms import sanitize_translations


class ComplaintCompanyGuard(models.AbstractModel):
    """A setup record of one company, or shared by every company.

    Record rules are checked before a write, not after: a record moved into
    another company (its ``_company_move_fields`` changed) is checked again,
    so it lands only where its writer may still change it. A record shared by
    every company (no company) applies to all of them: it is created, changed
    or deleted by someone who works for all of them, not by the manager of
    one (who makes their company's own instead)."""

    _name = "complaint.company.guard"
    _description = "Complaint Setup Record of a Company"

    # the fields whose change moves a record to another company
    _company_move_fields = ("company_id",)
    # whether making a shared record is guarded too (a new tag changes
    # nothing another company already uses: anyone who tags makes one)
    _company_guard_create = True

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self.env.su and self._company_guard_create:
            records._check_shared_by_all()
        return records

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        # the rights first: who may not change it at all is told so
        self.check_access("write")
        self._check_shared_by_all()
        res = super().write(vals)
        if set(self._company_move_fields) & vals.keys():
            self.check_access("write")
            self._check_shared_by_all()
        return res

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=None
    ):
        """Core writes a translation by SQL, without ``write``: a name in
        another language is a change like any other, and an Html text's
        terms are sanitized as the text is."""
        if not self.env.su:
            self.check_access("write")
            self._check_shared_by_all()
        translations = sanitize_translations(self._fields[field_name], translations)
        return super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )

    def unlink(self):
        if not self.env.su:
            self.check_access("unlink")
            self._check_shared_by_all()
        return super().unlink()

    def _check_shared_by_all(self):
        """Refused to a user who does not work for every company a record of
        ``self`` applies to (:meth:`_guard_companies`)."""
        # sudo: every company of the database, whoever asks
        everyone = self.env["res.company"].sudo().search([])
        mine = self.env.user.company_ids
        shared = self.filtered(lambda record: record._guard_companies(everyone) - mine)
        if not shared:
            return
        if "company_id" in self._fields:
            raise UserError(
                self.env._(
                    "%(name)s is shared by every company: only someone working "
                    "for all of them changes it. Make one for your company "
                    "instead.",
                    name=shared[0].display_name,
                )
            )
        raise UserError(
            self.env._(
                "%(name)s applies to companies you do not work for: only "
                "someone working for all of them changes it.",
                name=shared[0].display_name,
            )
        )

    def _guard_companies(self, everyone):
        """The companies the record applies to: its company, or ``everyone``
        (every company of the database) when it has none, as a record of a
        model without companies (a stage, a channel, a category) does."""
        self.ensure_one()
        if "company_id" in self._fields and self.company_id:
            # its own company's: the record rules decide who changes it
            return everyone.browse()
        return everyone
