import { registry } from "@web/core/registry";

function attachFile(name, content, type) {
    return {
        content: "Attach a file",
        trigger: "#complaint_attachments",
        run() {
            const transfer = new DataTransfer();
            transfer.items.add(new File([content], name, { type }));
            this.anchor.files = transfer.files;
            this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
        },
    };
}

registry.category("web_tour.tours").add("complaint_portal_visitor_submit", {
    url: "/complaint/new",
    steps: () => [
        { trigger: "#complaint_name", run: "edit Zhang San" },
        { trigger: "#complaint_email", run: "edit zhang.san@example.com" },
        { trigger: "#complaint_phone", run: "edit 13800000000" },
        { trigger: "#complaint_subject", run: "edit Parcel arrived crushed" },
        { trigger: "#complaint_description", run: "edit The box and the kettle inside were crushed." },
        { trigger: "#complaint_requested_remedy", run: "edit A new kettle" },
        attachFile("receipt.txt", "Receipt 42", "text/plain"),
        { trigger: "#complaint_privacy_consent", run: "click" },
        { trigger: ".o_complaint_submit", run: "click" },
        { content: "The tracking number is shown", trigger: ".o_complaint_number" },
        { trigger: "main:contains(private link)" },
    ],
});

registry.category("web_tour.tours").add("complaint_portal_customer_submit", {
    url: "/complaint/new",
    steps: () => [
        { trigger: "#complaint_sale_order_id", run: "selectByIndex 1" },
        { trigger: "#complaint_product_ids", run: "selectByIndex 0" },
        { trigger: "#complaint_subject", run: "edit Kettle stopped working" },
        { trigger: "#complaint_description", run: "edit It stopped after two days." },
        { trigger: "#complaint_privacy_consent", run: "click" },
        { trigger: ".o_complaint_submit", run: "click" },
        { trigger: "a:contains(See my complaint)", run: "click" },
        { content: "The detail page shows the order", trigger: "#complaint_about_title" },
        { trigger: ".o_complaint_status:contains(received)" },
    ],
});

registry.category("web_tour.tours").add("complaint_portal_reply_accept", {
    steps: () => [
        { trigger: "#complaint_proposal:contains(Refund of the kettle)" },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit When will I get the money?",
        },
        { trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled", run: "click" },
        { trigger: "#chatterRoot:shadow .o-mail-Message:contains(When will I get the money?)" },
        { trigger: ".o_complaint_accept", run: "click" },
        { trigger: ".alert-success:contains(we carry out the proposal now)" },
        { trigger: ".o_complaint_status:contains(You accepted our proposal)" },
        {
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(When will I get the money?)",
            run() {
                this.anchor.dispatchEvent(new MouseEvent("mouseenter", { bubbles: true }));
            },
        },
        {
            content: "The complainant's own message can be edited",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains(When will I get the money?) button[name=edit]",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(I accept the proposal.)",
            run() {
                this.anchor.dispatchEvent(new MouseEvent("mouseenter", { bubbles: true }));
            },
        },
        {
            content: "Their answer offers no edit (nor delete)",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains(I accept the proposal.) .o-mail-Message-actions button",
            run() {
                const message = this.anchor.closest(".o-mail-Message");
                if (message.querySelector("button[name=edit], button[name=delete]")) {
                    throw new Error("The complainant's answer can be edited.");
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("complaint_portal_rate", {
    steps: () => [
        { trigger: "#complaint_rating .o_complaint_rate_5", run: "click" },
        { trigger: "textarea[name=feedback]", run: "edit Fast and fair." },
        { trigger: "button[type=submit]:contains(Send Feedback)", run: "click" },
        { trigger: ".o_rating_page_thank_you:contains(Thank you)" },
    ],
});

function shownProducts() {
    const select = document.querySelector("#complaint_product_ids");
    return [...select.querySelectorAll("option")]
        .filter((option) => !option.disabled && !option.hidden)
        .map((option) => option.textContent.trim())
        .sort();
}

function expectProducts(expected) {
    return {
        content: `Products offered: ${expected.join(", ")}`,
        trigger: "#complaint_product_ids",
        run() {
            const shown = shownProducts().join(", ");
            if (shown !== expected.join(", ")) {
                throw new Error(`Expected products "${expected.join(", ")}", got "${shown}"`);
            }
        },
    };
}

function chooseOrderOf(productName) {
    return {
        content: `Choose the order of ${productName}`,
        trigger: "#complaint_sale_order_id",
        run() {
            const group = [...document.querySelectorAll("#complaint_product_ids optgroup")].find(
                (optgroup) => optgroup.textContent.includes(productName)
            );
            this.anchor.value = group.dataset.orderId;
            this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
        },
    };
}

registry.category("web_tour.tours").add("complaint_portal_customer_order_products", {
    url: "/complaint/new",
    steps: () => [
        expectProducts(["Kettle K1", "Lamp L3", "Toaster T2"]),
        chooseOrderOf("Lamp L3"),
        expectProducts(["Lamp L3"]),
        chooseOrderOf("Kettle K1"),
        expectProducts(["Kettle K1", "Toaster T2"]),
        { trigger: "#complaint_product_ids", run: "selectByLabel Toaster T2" },
        { trigger: "#complaint_subject", run: "edit Toaster burns the bread" },
        { trigger: "#complaint_description", run: "edit Every slice comes out black." },
        { trigger: "#complaint_privacy_consent", run: "click" },
        { trigger: ".o_complaint_submit", run: "click" },
        { trigger: ".o_complaint_number" },
    ],
});

registry.category("web_tour.tours").add("complaint_portal_errors_focus", {
    url: "/complaint/new",
    steps: () => [
        { trigger: "#complaint_subject", run: "edit Missing parts" },
        { trigger: ".o_complaint_submit", run: "click" },
        {
            content: "The error summary has the keyboard focus",
            trigger: "#complaint_form_errors:contains(was not sent)",
            run() {
                if (document.activeElement !== this.anchor) {
                    throw new Error(
                        `Focus is on ${document.activeElement.outerHTML.slice(0, 80)}`
                    );
                }
            },
        },
        { trigger: "#complaint_description.is-invalid" },
    ],
});

// A visitor gives only a phone number, notes the passcode shown once, and
// follows the complaint with its tracking number and that passcode (kept in
// sessionStorage: the tour's module is loaded again on every page).
const NOTED = "complaint_portal_tour_passcode";
registry.category("web_tour.tours").add("complaint_portal_phone_only_passcode", {
    url: "/complaint/new",
    steps: () => [
        { trigger: "#complaint_privacy_note" },
        { trigger: "#complaint_category_id", run: "selectByLabel Tour heaters" },
        {
            content: "The known answer of the category shows before sending",
            trigger: ".o_complaint_known_answer:not(.d-none):contains(Unplug the heater)",
        },
        { trigger: "#complaint_phone", run: "edit 139 0013 9000" },
        { trigger: "#complaint_subject", run: "edit Heater smells of burning" },
        { trigger: "#complaint_description", run: "edit A smell of burning after ten minutes." },
        { trigger: "#complaint_privacy_consent", run: "click" },
        { trigger: ".o_complaint_submit", run: "click" },
        {
            content: "Note the tracking number and the passcode shown once",
            trigger: ".o_complaint_passcode .o_complaint_passcode_value",
            run() {
                const number = document.querySelector(".o_complaint_passcode_number");
                sessionStorage.setItem(
                    NOTED,
                    JSON.stringify({
                        passcode: this.anchor.textContent.trim(),
                        number: number.textContent.trim(),
                    })
                );
            },
        },
        { trigger: ".o_complaint_passcode a[href='/complaint/status']", run: "click" },
        {
            trigger: "#complaint_status_number",
            run() {
                this.anchor.value = JSON.parse(sessionStorage.getItem(NOTED)).number;
            },
        },
        { trigger: "#complaint_status_passcode", run: "edit WRONG-123" },
        { trigger: ".o_complaint_status_form button[type=submit]", run: "click" },
        { content: "A wrong passcode is refused", trigger: ".alert-danger:contains(do not match)" },
        {
            trigger: "#complaint_status_number",
            run() {
                this.anchor.value = JSON.parse(sessionStorage.getItem(NOTED)).number;
            },
        },
        {
            trigger: "#complaint_status_passcode",
            run() {
                this.anchor.value = JSON.parse(sessionStorage.getItem(NOTED)).passcode;
            },
        },
        { trigger: ".o_complaint_status_form button[type=submit]", run: "click" },
        { content: "The complaint's page opens", trigger: "main:contains(Heater smells of burning)" },
        { trigger: ".o_complaint_status" },
    ],
});
