// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Evaluated after axe.min.js in a page, by server_tests/test_portal_accessibility.py and
// scripts/axe_report.py: portalOperationsAxe(tags) resolves to the page's violations of
// those axe-core tags, once the page has rendered: the web client's view, and Odoo's
// portal chatter, which draws its thread later, in a shadow root (#chatterRoot) that
// axe-core reads too.
window.portalOperationsAxe = async (tags) => {
    await new Promise((resolve) => {
        const rendered = () => (!document.querySelector(".o_web_client")
                || document.querySelector(".o_view_controller .o_content > *"))
            && (!document.querySelector(".o_portal_chatter")
                || document.querySelector("#chatterRoot")?.shadowRoot
                    ?.querySelector(".o-mail-Message-avatar"));
        const started = Date.now();
        const poll = setInterval(() => {
            // a thread without messages: its composer, given time to load
            const empty = document.querySelector("#chatterRoot")?.shadowRoot
                ?.querySelector(".o-mail-Composer") && Date.now() - started > 5000;
            if (rendered() || empty || Date.now() - started > 30000) {
                clearInterval(poll);
                setTimeout(resolve, 1000);  // images and the last paint
            }
        }, 200);
    });
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    const describe = (node) => [node.target.join(" "), node.html.slice(0, 160),
        node.any.length ? node.any[0].message : ""].join(" ");
    return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        targets: violation.nodes.slice(0, 5).map(describe),
    }));
};
