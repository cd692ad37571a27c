# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The second demo company's ERP (``--dataset horizonte``): Horizonte Loteadora's one
development, block, two lots, two customers and their contracts, exactly as the addon's
demo (``company_horizonte_demo.xml``) has them, so ``make run`` serves both companies."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from .. import models

_EPOCH = datetime(2024, 1, 2, 3, 0, tzinfo=UTC)


def build():
    """``{entity: [records]}``, as ``DemoDataBuilder.build`` returns them."""
    ticks = iter(range(1000))

    def changed_at():
        return _EPOCH + timedelta(seconds=next(ticks))

    development = models.Development(
        code="HZN001", name="Loteamento Horizonte Verde", kind="development",
        city="Ribeirão Preto", state="SP", visible_on_portal=True, active=True,
        changed_at=changed_at(),
    )
    block = models.Block(
        code="HZN001-QA", name="QUADRA A", development_code="HZN001",
        visible_on_portal=True, changed_at=changed_at(),
    )
    lots = [
        models.Lot(code=f"HZN001-QA-L0{number}", name=f"LOTE 0{number}", block_code=block.code,
                   development_code="HZN001", area=Decimal(area), changed_at=changed_at())
        for number, area in ((1, "360.00"), (2, "420.00"))
    ]
    agents = [
        models.Agent(
            code="HZN0000001", person_type="F", name="Helena Horizonte Prado",
            cpf_cnpj="94580730224", email="helena.prado@example.com.br", mobile="16998123456",
            zip="14010000", street_type="Rua", street="Álvares Cabral", district="Centro",
            city="Ribeirão Preto", state="SP", nationality="Brasileira", changed_at=changed_at(),
        ),
        models.Agent(
            code="HZN0000002", person_type="F", name="Rafael Horizonte Lima",
            cpf_cnpj="15736819384", email="rafael.lima@example.com.br", mobile="16997345678",
            zip="14020000", street_type="Avenida", street="Presidente Vargas",
            district="Jardim América", city="Ribeirão Preto", state="SP",
            nationality="Brasileira", changed_at=changed_at(),
        ),
    ]
    contracts = [
        models.Contract(
            code=code, agent_code=agent.code, development_code="HZN001", block_code=block.code,
            lot_code=lot.code, status=status, signature_date=signed, visible_on_portal=True,
            changed_at=changed_at(),
        )
        for code, agent, lot, status, signed in (
            ("HZNCTR0001", agents[0], lots[0], "active", date(2024, 6, 10)),
            ("HZNCTR0002", agents[1], lots[1], "defaulting", date(2024, 8, 22)),
        )
    ]
    return {
        "developments": [development],
        "blocks": [block],
        "lots": lots,
        "contracts": contracts,
        "agents": agents,
    }
