from odoo import api, models
from odoo.exceptions import UserError

from ..tools.references import first_referrer, name_for


class ComplaintCriterionGuard(models.AbstractModel):
    """A setup record that rules choose complaints by (a category, channel,
    level or team in the time-limit policies, the assignment rules, the
    reply scripts, the stages) is archived, not deleted, while a rule names
    it: Odoo drops a deleted record from their conditions without a check,
    and a rule left without a condition applies to every complaint (a policy
    of one category would set every complaint's limits, a stage of one team
    would be every team's)."""

    _name = "complaint.criterion.guard"
    _description = "Complaint Rule Condition"

    # the rules whose conditions (many2many fields) name such records
    _complaint_rule_models = (
        "complaint.sla.policy",
        "complaint.assignment.rule",
        "complaint.reply.script",
        "complaint.stage",
    )

    # the records whose facts name such records (a complaint's category,
    # channel or products): set by the models whose deletion would empty them
    _complaint_fact_models = ()

    def _complaint_criteria_deleted(self):
        """The records a deletion of ``self`` removes."""
        return self

    @api.ondelete(at_uninstall=False)
    def _unlink_except_a_rule_condition(self):
        deleted = self._complaint_criteria_deleted()
        rule, field = first_referrer(deleted, self._complaint_criterion_fields())
        if rule:
            raise UserError(
                self.env._(
                    "%(record)s is a condition of %(rule)s (%(kind)s): "
                    "archive it instead of deleting it. Deleted, it would "
                    "leave that rule applying to every complaint.",
                    record=(rule[field] & deleted)[:1].display_name,
                    rule=rule.display_name,
                    kind=self.env["ir.model"]._get(rule._name).name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_a_recorded_fact(self):
        deleted = self._complaint_criteria_deleted()
        references = [
            (model, name)
            for model in self._complaint_fact_models
            for name, field in self.env[model]._fields.items()
            if field.comodel_name == self._name
            and field.type in ("many2one", "many2many")
        ]
        document, name = first_referrer(deleted, references)
        if document:
            raise UserError(
                self.env._(
                    "%(record)s is recorded on %(document)s (%(kind)s): "
                    "archive it instead of deleting it. Deleted, it would "
                    "vanish from that record and its printed forms.",
                    record=(document[name] & deleted)[:1].display_name,
                    document=name_for(document, self.env),
                    kind=self.env["ir.model"]._get(document._name).name,
                )
            )

    def _complaint_criterion_fields(self):
        """(model, field) of the many2many fields naming ``self``'s model."""
        for model in self._complaint_rule_models:
            for name, field in self.env[model]._fields.items():
                if field.type == "many2many" and field.comodel_name == self._name:
                    yield model, name
