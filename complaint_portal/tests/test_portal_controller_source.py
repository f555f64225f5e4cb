import ast
import inspect

from odoo.tests import BaseCase, tagged

from odoo.addons.complaint_portal.controllers import answer, portal

# Records the controller may raise to superuser: the one _document_check_access
# returned, the result of a search under the user's record rules, and the
# complaint the same request has just created.
SUDO_RECEIVERS = {"complaints", "complaint"}


@tagged("post_install", "-at_install")
class TestControllerSource(BaseCase):
    def test_no_sudo_on_request_records_before_access_check(self):
        calls = self._check_sudo_calls(portal)
        self.assertTrue(calls, "the controller reads checked records as sudo")
        # the answers to a proposal use the record the access check returned
        self._check_sudo_calls(answer)
        # every page taking an id from the URL goes through the access check
        for name in (
            "portal_my_complaint",
            "portal_complaint_accept",
            "portal_complaint_reject",
        ):
            body = inspect.getsource(getattr(answer.ComplaintAnswerPortal, name))
            self.assertIn("self._complaint_check_access(", body, name)
            self.assertNotIn(".browse(", body, name)

    def _check_sudo_calls(self, module):
        source = inspect.getsource(module)
        lines = source.splitlines()
        calls = [
            node
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "sudo"
        ]
        for call in calls:
            receiver = call.func.value
            self.assertIsInstance(receiver, ast.Name, ast.unparse(call))
            self.assertIn(receiver.id, SUDO_RECEIVERS, ast.unparse(call))
            before = "\n".join(lines[max(0, call.lineno - 3) : call.lineno])
            self.assertIn("# sudo:", before, f"line {call.lineno} has no reason")
        return calls
