from odoo.tests import Form

from .common import ComplaintCommon


class CorrectiveActionCommon(ComplaintCommon):
    """Three complaints and the corrective actions made from them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_batch_count = 1000
        cls.complaints = cls.env["complaint.complaint"].create(
            [cls._complaint_vals(subject=f"Kettle base leaks {n}") for n in range(3)]
        )
        cls.Action = cls.env["complaint.corrective.action"]

    def _new_action(self, user=None, **values):
        """A corrective action made from the three complaints, as the complaint
        list's action makes it."""
        env = self.env(user=user or self.complaint_manager)
        action = self.complaints.with_env(env).action_new_corrective_action()
        form = Form(env[action["res_model"]].with_context(**action["context"]))
        form.title = "Insulation of the kettle base"
        # what an action marked done needs (the cause found, what was done)
        values.setdefault("root_cause", "The base's seal shrinks when cold")
        values.setdefault("action_plan", "<p>A seal of another rubber</p>")
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()
