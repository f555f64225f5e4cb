import { registry } from "@web/core/registry";

/**
 * A complaint manager opens a corrective action from a complaint, fills in
 * the title, due date, verifier, root cause and action, starts it and marks
 * it done.
 */
registry.category("web_tour.tours").add("complaint_corrective_action_tour", {
    steps: () => [
        {
            content: "The complaint form is open",
            trigger: ".o_form_view .oe_title h1:contains('CMP/')",
        },
        {
            content: "Open its corrective actions",
            trigger: "button[name='action_view_corrective_actions']",
            run: "click",
        },
        {
            content: "Make a new one",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name the action",
            trigger: ".o_field_widget[name='title'] input",
            run: "edit Check the seal of every kettle base",
        },
        {
            content: "Give it a due date",
            trigger: ".o_field_widget[name='date_due'] input",
            run: "edit 12/31/2099",
        },
        {
            content: "Choose who verifies it",
            trigger: ".o_field_widget[name='verifier_id'] input",
            run: "edit Vera",
        },
        {
            content: "Pick the verifier",
            trigger: ".o-autocomplete--dropdown-item:contains('Vera Verifier')",
            run: "click",
        },
        {
            content: "Write the root cause found",
            trigger: ".o_field_widget[name='root_cause'] textarea",
            run: "edit The seal shrinks in the cold",
        },
        {
            content: "Open the action's tab",
            trigger: ".o_notebook .nav-link:contains('Action')",
            run: "click",
        },
        {
            content: "Write what is done",
            trigger: ".o_field_widget[name='action_plan'] .odoo-editor-editable",
            run: "editor A seal of another rubber on every kettle base",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Start it",
            trigger: ".o_form_saved button[name='action_start']",
            run: "click",
        },
        {
            content: "It is in progress",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('In Progress')",
        },
        {
            content: "Mark it done",
            trigger: "button[name='action_done']",
            run: "click",
        },
        {
            content: "It waits for its verification",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Awaiting Verification')",
        },
    ],
});
