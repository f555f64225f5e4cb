/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * The complaint form (/complaint/new).
 *
 * - After a refused submission, keyboard and screen-reader users land on the
 *   error summary instead of the top of the page.
 * - A logged-in customer who picks an order sees only the products of that
 *   order (the server refuses other products anyway).
 * - Picking a category shows the company's known answers for it, before the
 *   complaint is sent.
 */
publicWidget.registry.ComplaintPortalForm = publicWidget.Widget.extend({
    selector: ".o_complaint_new",
    events: {
        "change #complaint_sale_order_id": "_onOrderChange",
        "change #complaint_category_id": "_showKnownAnswers",
    },

    start() {
        const errors = this.el.querySelector("#complaint_form_errors");
        if (errors) {
            errors.focus();
        }
        this._filterProducts();
        this._showKnownAnswers();
        return this._super(...arguments);
    },

    _showKnownAnswers() {
        const select = this.el.querySelector("#complaint_category_id");
        if (!select) {
            return;
        }
        let shown = 0;
        for (const answer of this.el.querySelectorAll(".o_complaint_known_answer")) {
            const match =
                select.value && answer.dataset.categoryIds.split(",").includes(select.value);
            answer.classList.toggle("d-none", !match);
            shown += match ? 1 : 0;
        }
        const title = this.el.querySelector(".o_complaint_known_answers_title");
        title.classList.toggle("d-none", !shown);
    },

    _onOrderChange() {
        this._filterProducts();
    },

    _filterProducts() {
        const orderSelect = this.el.querySelector("#complaint_sale_order_id");
        const productSelect = this.el.querySelector("#complaint_product_ids");
        if (!orderSelect || !productSelect) {
            return;
        }
        const orderId = orderSelect.value;
        for (const group of productSelect.querySelectorAll("optgroup")) {
            // no order chosen: every product of the customer's orders is allowed
            const shown = !orderId || group.dataset.orderId === orderId;
            group.hidden = !shown;
            group.disabled = !shown;
            for (const option of group.querySelectorAll("option")) {
                option.hidden = !shown;
                if (!shown) {
                    option.selected = false;
                }
            }
        }
    },
});
