import { Message } from "@mail/core/common/message_model";
import { patch } from "@web/core/utils/patch";

patch(Message.prototype, {
    /**
     * The complainant's answer to a proposal ("I accept the proposal.") is the
     * record of their answer: no edit or delete action, in the portal or the
     * back office (the server refuses it, see mail.message in complaint_portal).
     */
    get editable() {
        if (this.complaint_is_answer) {
            return false;
        }
        return super.editable;
    },
});
