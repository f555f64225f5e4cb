import { registry } from "@web/core/registry";

/**
 * A frontline user takes a complaint received by phone to closed, pressing
 * only the buttons the form offers and reading the next-step banner.
 */
function statusIs(value) {
    return {
        content: `The status bar shows ${value}`,
        trigger: `.o_statusbar_status button.o_arrow_button_current[data-value='${value}']`,
    };
}

function nextStepSays(text) {
    return {
        content: `The next step names "${text}"`,
        trigger: `.o_complaint_next_step:contains('${text}')`,
    };
}

function openTab(name) {
    return {
        content: `Open the ${name} tab`,
        trigger: `.o_notebook a.nav-link:contains('${name}')`,
        run: "click",
    };
}

function sendComposer(subject) {
    return [
        {
            content: "The email opens for review, with the template's subject",
            trigger: `.modal .o_mail_composer_form_view input:value(${subject})`,
        },
        {
            content: "Send it",
            trigger: ".modal button.o_mail_send",
            run: "click",
        },
        {
            content: "The composer closes",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

registry.category("web_tour.tours").add("complaint_frontline_tour", {
    steps: () => [
        statusIs("new"),
        nextStepSays("Register"),
        {
            content: "Register the complaint",
            trigger: ".o_form_view button[name='action_register']",
            run: "click",
        },
        statusIs("registered"),
        {
            content: "Acknowledge: the acknowledgement opens in the composer",
            trigger: ".o_form_view button[name='action_send_acknowledgement']",
            run: "click",
        },
        ...sendComposer("We received your complaint"),
        statusIs("acknowledged"),
        nextStepSays("Level"),
        {
            content: "Set the level",
            trigger: ".o_field_widget[name='level_id'] input",
            run: "edit Normal",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Normal')",
            run: "click",
        },
        openTab("Assessment"),
        {
            content: "The complaint is founded",
            trigger: ".o_field_widget[name='validity'] select",
            run: 'select "founded"',
        },
        nextStepSays("Complete Assessment"),
        {
            content: "Complete the assessment",
            trigger: ".o_form_view button[name='action_assess']",
            run: "click",
        },
        statusIs("assessed"),
        {
            content: "Start the investigation",
            trigger: ".o_form_view button[name='action_investigate']",
            run: "click",
        },
        statusIs("investigating"),
        nextStepSays("Remedies"),
        openTab("Remedies"),
        {
            content: "Add a remedy",
            trigger: ".o_field_widget[name='remedy_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "A refund",
            trigger: ".o_field_widget[name='remedy_ids'] .o_selected_row .o_field_widget[name='type_id'] input",
            run: "edit Refund",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Refund')",
            run: "click",
        },
        {
            content: "Of 30, within the fast track",
            trigger: ".o_field_widget[name='remedy_ids'] .o_selected_row .o_field_widget[name='amount'] input",
            run: "edit 30",
        },
        {
            content: "Send the proposal: it opens in the composer",
            trigger: ".o_form_view button[name='action_send_proposal']",
            run: "click",
        },
        ...sendComposer("Our proposal"),
        statusIs("proposed"),
        nextStepSays("Customer Accepts"),
        {
            content: "The customer accepted on the phone",
            trigger: ".o_form_view button[name='action_accept_proposal']",
            run: "click",
        },
        statusIs("accepted"),
        nextStepSays("Carried Out"),
        openTab("Remedies"),
        {
            content: "The refund is carried out",
            trigger: ".o_field_widget[name='remedy_ids'] button[name='action_done']",
            run: "click",
        },
        nextStepSays("Resolution Summary"),
        openTab("Resolution"),
        {
            content: "Write the resolution summary",
            trigger: ".o_field_widget[name='resolution_summary'] .odoo-editor-editable",
            run: "editor Refunded 30 to the customer.",
        },
        nextStepSays("Close"),
        {
            content: "Close",
            trigger: ".o_form_view button[name='action_close']",
            run: "click",
        },
        statusIs("closed"),
        {
            content: "Nothing is left to do",
            trigger: ".o_form_view:not(:has(.o_complaint_next_step:visible))",
        },
    ],
});
