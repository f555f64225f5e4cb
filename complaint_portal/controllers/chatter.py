from odoo.http import request

from odoo.addons.portal.controllers import thread


class ComplaintThreadController(thread.ThreadController):
    """The portal chatter's posting route (``/mail/message/post``): what a
    complainant, a follower or a link holder writes on a complaint counts
    against the complaint portal's message limit (each message is emailed to
    the followers and staff). Internal users and the workflow's own messages
    (an answer to the proposal, a rating, the API channel) do not pass here.
    The route posts as superuser; a reader's own ``message_post`` over
    JSON-RPC is counted by the complaint."""

    def _prepare_post_data(self, post_data, thread, **kwargs):
        if thread._name == "complaint.complaint" and request.env.user.share:
            request.env["complaint.portal.rate.log"]._check_chatter(thread)
        return super()._prepare_post_data(post_data, thread, **kwargs)
