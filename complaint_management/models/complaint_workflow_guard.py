from odoo import api, models
from odoo.exceptions import UserError

from ..tools.context_defaults import DEFAULT_PREFIX
from ..tools.formats import field_labels

# context keys a request may send that stop Odoo from recording a change: the
# trail of who changed what (each step's status change among them) is not the
# caller's to switch off; the engine's own batch writes run in superuser mode
TRAIL_KEYS = ("tracking_disable", "mail_notrack")


class ComplaintWorkflowGuard(models.AbstractModel):
    """Fields that only the model's own workflow methods may write.

    A logged-in user reaches ``create`` and ``write`` over JSON-RPC as easily as
    the buttons, so the status, the dates of the steps, approvals and the like
    are refused there, whoever calls. The workflow methods check their own
    guard (``can_*``), then write those fields through :meth:`_workflow_write`:
    with the caller's write access checked, in superuser mode, which keeps the
    user as the author of the change (``sudo()`` keeps ``env.uid``). Requests
    never run in superuser mode, so no caller can pass the guard by a context
    key. Models list the fields in ``_workflow_fields``.
    """

    _name = "complaint.workflow.guard"
    _description = "Complaint workflow-owned fields"

    _workflow_fields = ()
    # other fields the model's ``create`` checks in the values it is given
    # (who may set them), which context defaults must not bring either
    _create_checked_fields = ()
    # also refuse the computed and related fields the model does not let users
    # edit: Odoo stores a value written to a stored one as if computed (a
    # remedy's company would then choose another company's approval limit)
    _workflow_guard_computed = True

    def _check_workflow_fields(self, field_names):
        if self.env.su:
            return
        self._check_computed_fields(field_names)
        owned = [name for name in field_names if name in self._workflow_fields]
        if owned:
            raise UserError(
                self.env._(
                    "%(fields)s of a %(model)s change only through its workflow "
                    "buttons (they record who did the step and when), not by "
                    "editing the record.",
                    fields=field_labels(self.env, [self._fields[n] for n in owned]),
                    model=self._guard_model_name(),
                )
            )

    def _guard_model_name(self):
        # sudo: the model's name in the reader's language, whoever reads it
        return self.env["ir.model"].sudo()._get(self._name).name

    def _check_computed_fields(self, field_names):
        """Refuse computed (and related) fields without an inverse, unless
        declared editable (``readonly=False``): figures, statuses and dates
        that statistics, dashboards and retention read."""
        if not self._workflow_guard_computed:
            return
        computed = [
            self._fields[name]
            for name in field_names
            if name in self._fields
            and self._fields[name].compute
            and not self._fields[name].inverse
            and self._fields[name].readonly
        ]
        if computed:
            raise UserError(
                self.env._(
                    "%(fields)s of a %(model)s is computed from its other data; it "
                    "cannot be set by hand.",
                    fields=field_labels(self.env, computed),
                    model=self._guard_model_name(),
                )
            )

    def _create_guarded_fields(self):
        """The fields a caller may not set freely on a new record: workflow
        fields, computed ones (as :meth:`_check_computed_fields` refuses them),
        those ``create`` checks and those kept to groups the caller is not in."""
        guarded = set(self._workflow_fields) | set(self._create_checked_fields)
        guarded.update(
            name
            for name, field in self._fields.items()
            if not field.is_accessible(self.env)
        )
        if self._workflow_guard_computed:
            guarded.update(
                name
                for name, field in self._fields.items()
                if field.compute and not field.inverse and field.readonly
            )
        return guarded

    @api.model
    def default_get(self, fields_list):
        """Context defaults (``default_<field>``) are the caller's values as
        much as those given to ``create``: over JSON-RPC, anyone's. Outside
        superuser mode, the guarded fields (:meth:`_create_guarded_fields`)
        are not taken from them: a context key leaked from a screen is
        ignored, one forged to pass the guards sets nothing (a remedy
        created approved, a script created approved)."""
        context = self.env.context
        if not self.env.su and any(key.startswith(DEFAULT_PREFIX) for key in context):
            guarded = {DEFAULT_PREFIX + name for name in self._create_guarded_fields()}
            if not guarded.isdisjoint(context):
                # an environment without them (with_context would keep them)
                kept = {
                    key: value for key, value in context.items() if key not in guarded
                }
                return super(
                    ComplaintWorkflowGuard, self.with_env(self.env(context=kept))
                ).default_get(fields_list)
        return super().default_get(fields_list)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # an empty cell of an import sets nothing: the workflow's default
            for name in [n for n in self._workflow_fields if n in vals]:
                if not vals[name]:
                    del vals[name]
            self._check_workflow_fields(vals)
        # core checks the fields' groups when writing, not when creating: a
        # field kept to some groups is theirs to set on a new record too
        self.check_field_access_rights(
            "write", list({name for vals in vals_list for name in vals})
        )
        # a creation is recorded by its author and date whatever the context
        # (imports create without tracking, as Odoo's import does)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        return super(ComplaintWorkflowGuard, self._with_trail()).write(vals)

    def _workflow_write(self, vals):
        """Write workflow-owned fields, after the caller checked the step."""
        self.check_access("write")
        # sudo: the workflow fields are refused to direct writes (see the class)
        return self._with_trail().sudo().write(vals)

    def _with_trail(self):
        """``self`` recording its changes, whatever the request's context."""
        context = self.env.context
        if self.env.su or not any(context.get(key) for key in TRAIL_KEYS):
            return self
        return self.with_context(**dict.fromkeys(TRAIL_KEYS, False))
