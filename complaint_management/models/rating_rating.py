from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.context_defaults import given_values
from .mail_message import COMPLAINT_MODEL

# what a staff member may add to a complainant's rating: a public reply
PUBLISHER_FIELDS = {"publisher_comment", "publisher_id", "publisher_datetime"}


class RatingRating(models.Model):
    """The ratings of complaints are the complainants' word: the satisfaction
    figures and the callback after a low rating read them.

    Core gives every internal user create, write and delete on ratings, with
    no record rule; the ratings of complaints are created and applied by
    core's rating mechanism in superuser mode (the invitation's token, the
    rating routes), so a user request that changes one is refused.
    """

    _inherit = "rating.rating"

    # the complaint rated: staff read the ratings of the complaints they may
    # read (record rules), not those of every team and company
    complaint_id = fields.Many2one(
        "complaint.complaint",
        compute="_compute_complaint_id",
        store=True,
        index="btree_not_null",
        ondelete="cascade",
    )

    complaint_outdated = fields.Boolean(
        string="Outdated by a Reopening",
        readonly=True,
        copy=False,
        help="Given before the complaint was reopened: it rated a handling "
        "since undone, and no longer counts as the complaint's rating.",
    )

    @api.depends("res_model", "res_id")
    def _compute_complaint_id(self):
        # sudo: which complaints exist, whatever the access
        Complaint = self.env[COMPLAINT_MODEL].sudo()
        ids = {rating.res_id for rating in self if rating.res_model == COMPLAINT_MODEL}
        existing = set(Complaint.browse(ids).exists().ids)
        for rating in self:
            rating.complaint_id = (
                rating.res_id
                if rating.res_model == COMPLAINT_MODEL and rating.res_id in existing
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        # the context's defaults too: a rating "of" a complaint by
        # ``default_res_model_id`` is one
        if not self.env.su and any(
            self._complaint_targeted(given_values(self, vals)) for vals in vals_list
        ):
            self._complaint_refuse()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - PUBLISHER_FIELDS:
            self._complaint_check_not_complaint()
            # nor moved onto a complaint from another document
            if self._complaint_targeted(vals):
                self._complaint_refuse()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._complaint_check_not_complaint()
        return super().unlink()

    def _read_format(self, fnames, load="_classic_read"):
        """The token of a complaint's rating rates as the complainant on
        core's public rating page: nobody reads it, not even staff (who
        could otherwise replace a rating given)."""
        vals_list = super()._read_format(fnames, load=load)
        if "access_token" in fnames and not self.env.su:
            # sudo: which document the ratings are of, whatever the access
            complaint_ids = {
                rating.id
                for rating in self.sudo()
                if rating.res_model == COMPLAINT_MODEL
            }
            for vals in vals_list:
                if vals["id"] in complaint_ids:
                    vals["access_token"] = False
        return vals_list

    def _condition_to_sql(self, alias, fname, operator, value, query):
        # a rating's token is a secret to hold, not to look for: searched by
        # a user, it would be guessed one character at a time (``=like``,
        # ``<``); the whole token, as core's ``rating_apply`` looks for it,
        # tells nothing to who does not hold it already
        if operator not in ("=", "in"):
            self._complaint_guard_token(fname)
        return super()._condition_to_sql(alias, fname, operator, value, query)

    def _read_group_groupby(self, groupby_spec, query):
        # grouped by, the tokens would be listed
        self._complaint_guard_token(groupby_spec.split(":")[0])
        return super()._read_group_groupby(groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        # aggregated (``access_token:max``), a token would be read
        self._complaint_guard_token(aggregate_spec.split(":")[0])
        return super()._read_group_select(aggregate_spec, query)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        # sorted by it beside ratings of one's own, a token would be found by
        # halving
        self._complaint_guard_token(field_name)
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def export_data(self, fields_to_export):
        for path in fields_to_export:
            self._complaint_guard_token(path.split("/")[0])
        return super().export_data(fields_to_export)

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        # reached from another record's export too (a complaint's ratings,
        # its messages'), which reads the fields without _read_format
        for path in fields:
            if path:
                self._complaint_guard_token(path[0])
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

    def _complaint_guard_token(self, fname):
        """Refuse a request on the rating's token outside superuser mode."""
        if fname == "access_token" and not self.env.su:
            raise AccessError(
                self.env._(
                    "A rating's security token rates as the customer on the "
                    "public rating page: it cannot be searched, grouped or "
                    "exported."
                )
            )

    def _complaint_targeted(self, vals):
        """Whether ``vals`` put a rating on a complaint."""
        return vals.get("res_model") == COMPLAINT_MODEL or vals.get(
            "res_model_id"
        ) == self.env["ir.model"]._get_id(COMPLAINT_MODEL)

    def _complaint_check_not_complaint(self):
        # sudo: which document the ratings are of, whatever the access
        if self.sudo().filtered(lambda rating: rating.res_model == COMPLAINT_MODEL):
            self._complaint_refuse()

    def _complaint_refuse(self):
        raise AccessError(
            self.env._(
                "The rating of a complaint is the complainant's: it cannot be "
                "created or changed by hand."
            )
        )

    def _complaint_forget_rater(self):
        """A de-identification or an erasure: the rating keeps its value for
        the statistics, not who gave it, their words nor staff's public
        answer (portal_rating), and leaves its message (deleting a message
        deletes its ratings)."""
        vals = {"partner_id": False, "feedback": False, "message_id": False}
        if "publisher_comment" in self._fields:
            vals["publisher_comment"] = False
        # sudo: the engine's own writes (user writes are refused above)
        self.sudo().write(vals)
