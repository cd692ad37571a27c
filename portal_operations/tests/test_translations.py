# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\{.*?\}\}")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Users are Brazilian: every string the addon shows has its pt_BR translation."""

    def test_pt_br_is_complete(self):
        catalog = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(file_path("portal_operations/i18n/pt_BR.po"))
        }
        terms = {source for __, __, __, __, source, __, __ in TranslationModuleReader(
            self.env.cr, modules=["portal_operations"],
        ) if source}
        missing = sorted(term for term in terms if not catalog.get(term))
        self.assertFalse(missing, f"{len(missing)} strings without pt_BR translation: {missing[:20]}")

    def test_placeholders_are_kept(self):
        for entry in polib.pofile(file_path("portal_operations/i18n/pt_BR.po")):
            with self.subTest(msgid=entry.msgid[:60]):
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgid)), sorted(PLACEHOLDER.findall(entry.msgstr)),
                )
