/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { Message } from "@mail/core/common/message";
import { patch } from "@web/core/utils/patch";

/**
 * The portal's chatter shows authors the customer may not read (the company, staff):
 * their avatar never knows it is a company's, so a company logo was cropped to its
 * middle. On the portal, every avatar is shown whole (letter avatars are square anyway).
 */
patch(Message.prototype, {
    get authorAvatarAttClass() {
        return { "object-fit-contain": true };
    },
});
