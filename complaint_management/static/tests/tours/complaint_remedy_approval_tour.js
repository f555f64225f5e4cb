import { registry } from "@web/core/registry";

/**
 * A complaint manager approves one remedy above the fast-track limit and
 * refuses another with a reason, from the complaint form.
 */
registry.category("web_tour.tours").add("complaint_remedy_approval_tour", {
    steps: () => [
        {
            content: "The complaint form is open",
            trigger: ".o_form_view .oe_title h1:contains('CMP/')",
        },
        {
            content: "The next step says the remedies wait for approval",
            trigger: ".o_complaint_next_step:contains('approv')",
        },
        {
            content: "Open the Remedies tab",
            trigger: ".o_notebook a.nav-link:contains('Remedies')",
            run: "click",
        },
        {
            content: "Approve the replacement",
            trigger: ".o_field_widget[name='remedy_ids'] .o_data_row:contains('Replacement') button[name='action_approve']",
            run: "click",
        },
        {
            content: "It is approved",
            trigger: ".o_field_widget[name='remedy_ids'] .o_data_row:contains('Replacement') .o_field_widget[name='state']:contains('Approved')",
        },
        {
            content: "Refuse the compensation",
            trigger: ".o_field_widget[name='remedy_ids'] .o_data_row:contains('Compensation') button[name='action_open_refuse_wizard']",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Out of proportion to the damage",
        },
        {
            content: "Confirm the refusal",
            trigger: ".modal button[name='action_refuse']",
            run: "click",
        },
        {
            content: "It is refused",
            trigger: ".o_field_widget[name='remedy_ids'] .o_data_row:contains('Compensation') .o_field_widget[name='state']:contains('Refused')",
        },
        {
            content: "The proposal can go out now",
            trigger: ".o_form_view button[name='action_send_proposal']",
        },
    ],
});
