/* License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

/**
 * Checks shared by the portal tours, which also run at phone width (390 px).
 */

/** A tour step that fails when the page is wider than the window (sideways scroll). */
export function noSidewaysScrollStep(content) {
    return {
        content: `No sideways scroll: ${content}`,
        trigger: "body",
        run() {
            const overflow = document.documentElement.scrollWidth - window.innerWidth;
            if (overflow > 1) {
                throw new Error(
                    `${content}: the page is ${overflow} px wider than the window (${window.innerWidth} px)`
                );
            }
        },
    };
}

/** A tour step that fails unless the element is inside the window's width. */
export function visibleInWidthStep(content, selector) {
    return {
        content,
        trigger: selector,
        run() {
            const rect = this.anchor.getBoundingClientRect();
            if (rect.left < 0 || rect.right > window.innerWidth + 1) {
                throw new Error(`${content}: ${selector} is cut off (${rect.left}-${rect.right} px)`);
            }
        },
    };
}
