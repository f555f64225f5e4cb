import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("complaint_escalation_tour", {
    steps: () => [
        {
            content: "The complaint form is open",
            trigger: ".o_form_view .oe_title h1:contains('CMP/')",
        },
        {
            content: "Escalate it",
            trigger: ".o_form_view button[name='action_open_escalate_wizard']",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal div[name='reason'] textarea",
            run: "edit The customer announced a 12315 complaint",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_escalate']",
            run: "click",
        },
        {
            content: "The escalation counter appears",
            trigger: ".o_form_view button[name='action_view_escalations']:contains('1')",
        },
        {
            content: "Open the escalation tab",
            trigger: ".o_notebook a.nav-link:contains('Escalation')",
            run: "click",
        },
        {
            content: "The history shows the escalation and its reason",
            trigger: ".o_field_widget[name='escalation_ids'] .o_data_row:contains('12315')",
        },
    ],
});
