# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Realistic, deterministic ERP data: developments, blocks, lots, agents, contracts.

Faker (pt_BR) fills small pools of names and addresses once; records are then composed
from the pools with one seeded ``random.Random``, which keeps 50,000 agents fast to
build and identical for the same seed. Each agent's city, UF, CEP and phone area codes
agree (``cities``), and Faker draws their CPF/CNPJ, so every agent passes the
checks ``UpdateAgent`` applies — unless ``legacy_rate`` asks for a share of legacy
agents, dirty as decades-old registries are (``LEGACY_DEFECTS``).
"""

import dataclasses
import itertools
import random
import string
import unicodedata
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from faker import Faker

import brazil_rules as brazil
from mega_erp import models
from mega_erp.simulator.cities import CITIES

DEFAULT_AGENTS = 40
LOTS_PER_BLOCK = 12
_POOL_SIZE = 300
_EPOCH = datetime(2024, 1, 2, 3, 0, tzinfo=UTC)

# (name, kind, city, state, visible on portal, active)
DEVELOPMENTS = (
    ("Loteamento Jardim das Palmeiras", "development", "Campinas", "SP", True, True),
    ("Residencial Bosque Azul (bem de terceiro)", "third_party_asset", "Sorocaba", "SP",
     True, True),
    ("Loteamento Vale do Sol", "development", "Ribeirão Preto", "SP", False, True),
    ("Loteamento Morada do Lago", "development", "Londrina", "PR", False, False),
)  # fmt: skip
BLOCKS_PER_DEVELOPMENT = 4
EMAIL_DOMAINS = ("gmail.com", "hotmail.com", "yahoo.com.br", "uol.com.br", "outlook.com")
RG_ISSUERS = ("SSP/SP", "SSP/PR", "SSP/MG", "DETRAN/RJ", "SSP/SC")
COMPLEMENTS = ("Casa 2", "Apto 12", "Apto 304", "Bloco B", "Fundos", "Sala 5")

# The share of legacy agents of the demo (``make run`` and the addon's demo data agree).
DEMO_LEGACY_RATE = 0.1
# How legacy agents are dirty, in turn: what a real registry holds after decades of
# typing without checks. (name, changes of the agent)
LEGACY_DEFECTS = (
    ("landline_as_mobile", lambda agent: {"mobile": agent.phone}),
    ("repeated_cpf", lambda agent: {"cpf_cnpj": "11111111111"}),
    ("cep_of_another_uf", lambda agent: {"zip": "20040020", "state": "SP"}),
    ("email_misspelt", lambda agent: {"email": "fulano@gmial"}),
    ("email_double_at", lambda agent: {"email": "fulano@@hotmail.com"}),
    ("area_code_00", lambda agent: {"phone": "0032514000"}),
    ("street_too_long", lambda agent: {"street": ("Rua " + "Muito Comprida " * 20)[:300]}),
)


def legacy_defect(number, legacy_rate):
    """The ``LEGACY_DEFECTS`` entry of agent ``number`` (from 1), or None: exactly a
    share ``legacy_rate`` of the agents is dirty, spread evenly, the defects in turn."""
    if legacy_rate <= 0 or int(number * legacy_rate) == int((number - 1) * legacy_rate):
        return None
    return LEGACY_DEFECTS[(int(number * legacy_rate) - 1) % len(LEGACY_DEFECTS)]


# Codes are fixed-width so that their text order is their creation order.
CODE_FORMATS = {
    "developments": "EMP{:03d}",
    "blocks": "BLQ{:05d}",
    "lots": "LOT{:07d}",
    "contracts": "CTR{:07d}",
    "agents": "AGT{:07d}",
}


def make_code(entity, number):
    return CODE_FORMATS[entity].format(number)


def block_name(index):
    """0 -> 'QUADRA A', 25 -> 'QUADRA Z', 26 -> 'QUADRA AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return f"QUADRA {letters}"


def _ascii_slug(text):
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ".".join(plain.lower().split()[:2])


class _Pools:
    """Small lists of Faker values to draw from."""

    def __init__(self, seed):
        fake = Faker("pt_BR")
        fake.seed_instance(seed)
        size = range(_POOL_SIZE)
        self.first_names = [fake.first_name() for _ in size]
        self.last_names = [fake.last_name() for _ in size]
        self.companies = [fake.company() for _ in size]
        self.streets = [fake.name() for _ in size]
        self.districts = [fake.bairro() for _ in size]
        self.professions = [fake.job()[:60] for _ in range(60)]
        self.fake = fake


def _city_cum_weights():
    """Customers mostly live in the UFs of the developments they buy in."""
    near = {spec[3] for spec in DEVELOPMENTS}
    return list(itertools.accumulate(8 if city.uf in near else 1 for city in CITIES))


class DemoDataBuilder:
    """Builds every record; ``build()`` returns ``{entity: [records]}``."""

    def __init__(self, seed=1, agents=None, legacy_rate=0.0):
        self.rng = random.Random(seed)
        self.legacy_rate = legacy_rate
        self.pools = _Pools(seed)
        self.agent_count = DEFAULT_AGENTS if agents is None else agents
        self._ticks = itertools.count()
        self._lot_numbers = itertools.count(1)
        self._city_cum_weights = _city_cum_weights()

    def _changed_at(self):
        return _EPOCH + timedelta(seconds=next(self._ticks))

    def build(self):
        developments = [self._development(i, *spec) for i, spec in enumerate(DEVELOPMENTS, 1)]
        agents = [self._legacy(i, self._agent(i)) for i in range(1, self.agent_count + 1)]
        # Most customers have one contract, every fifth has two.
        contract_count = self.agent_count + self.agent_count // 5
        blocks_needed = max(
            BLOCKS_PER_DEVELOPMENT * len(developments), -(-contract_count // LOTS_PER_BLOCK)
        )
        blocks = [self._block(i, developments) for i in range(blocks_needed)]
        lots = [
            self._lot(block, number) for block in blocks for number in range(1, LOTS_PER_BLOCK + 1)
        ]
        owners = agents + [a for i, a in enumerate(agents) if i % 5 == 4]
        developments_by_code = {d.code: d for d in developments}
        contracts = [
            self._contract(i, agent, lot, developments_by_code[lot.development_code])
            for i, (agent, lot) in enumerate(zip(owners, lots, strict=False), 1)
        ]
        return {
            "developments": developments,
            "blocks": blocks,
            "lots": lots,
            "contracts": contracts,
            "agents": agents,
        }

    def _development(self, number, name, kind, city, state, visible, active):
        return models.Development(
            code=make_code("developments", number),
            name=name,
            kind=kind,
            city=city,
            state=state,
            visible_on_portal=visible,
            active=active,
            changed_at=self._changed_at(),
        )

    def _block(self, index, developments):
        development = developments[index % len(developments)]
        letter_index = index // len(developments)
        return models.Block(
            code=make_code("blocks", index + 1),
            name=block_name(letter_index),
            development_code=development.code,
            # The last default quadra of the first development is still unpublished.
            visible_on_portal=development.visible_on_portal
            and not (index == len(developments) * (BLOCKS_PER_DEVELOPMENT - 1)),
            changed_at=self._changed_at(),
        )

    def _lot(self, block, number):
        return models.Lot(
            code=make_code("lots", next(self._lot_numbers)),
            name=f"LOTE {number:02d}",
            block_code=block.code,
            development_code=block.development_code,
            area=Decimal(self.rng.randrange(25000, 60000)) / 100,
            changed_at=self._changed_at(),
        )

    def _contract(self, number, agent, lot, development):
        rng = self.rng
        statuses = models.CONTRACT_STATUSES
        # The first contracts take every status once; then mostly active ones.
        status = (
            statuses[number - 1]
            if number <= len(statuses)
            else rng.choices(statuses, weights=(70, 10, 8, 6, 3, 3))[0]
        )
        return models.Contract(
            code=make_code("contracts", number),
            agent_code=agent.code,
            development_code=lot.development_code,
            block_code=lot.block_code,
            lot_code=lot.code,
            status=status,
            signature_date=date(2015, 1, 1) + timedelta(days=rng.randrange(3650)),
            visible_on_portal=development.visible_on_portal and number % 10 != 7,
            changed_at=self._changed_at(),
        )

    def _legacy(self, number, agent):
        defect = legacy_defect(number, self.legacy_rate)
        return dataclasses.replace(agent, **defect[1](agent)) if defect else agent

    def _person_name(self):
        rng, pools = self.rng, self.pools
        surnames = rng.sample(pools.last_names, rng.choice((1, 2)))
        return " ".join([rng.choice(pools.first_names), *surnames])

    def _cpf(self):
        while True:  # Faker may draw one repeated digit, which no CPF has
            cpf = self.pools.fake.ssn()
            if len(set(cpf)) > 1:
                return cpf

    def _cnpj(self):
        return brazil.only_digits(self.pools.fake.cnpj())

    def _agent(self, number):
        rng, pools = self.rng, self.pools
        company = number % 10 == 3
        name = rng.choice(pools.companies) if company else self._person_name()
        city = rng.choices(CITIES, cum_weights=self._city_cum_weights)[0]
        marital = None if company else rng.choice(models.MARITAL_STATUSES)
        married = marital == "married"
        slug = _ascii_slug(name) or "cliente"
        return models.Agent(
            code=make_code("agents", number),
            person_type="J" if company else "F",
            name=name[:120],
            cpf_cnpj=self._cnpj() if company else self._cpf(),
            rg=None if company else str(rng.randrange(10**8, 10**9)),
            rg_issuer=None if company else rng.choice(RG_ISSUERS),
            birth_date=None
            if company
            else date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 52)),
            marital_status=marital,
            marriage_regime=rng.choice(models.MARRIAGE_REGIMES) if married else None,
            spouse_name=self._person_name() if married else None,
            spouse_cpf=self._cpf() if married else None,
            profession=None if company else rng.choice(pools.professions),
            nationality=None if company else "Brasileira",
            email=f"{slug}{number}@{rng.choice(EMAIL_DOMAINS)}",
            other_emails=f"{slug}.{number}@{rng.choice(EMAIL_DOMAINS)}"
            if number % 4 == 0
            else None,
            phone=f"{city.ddd}3{rng.randrange(10**6, 10**7)}",
            mobile=f"{city.ddd}9{rng.randrange(10**7, 10**8)}",
            zip=f"{rng.randint(int(city.cep_first), int(city.cep_last)):08d}",
            street_type=rng.choice(models.STREET_TYPES[:7]),
            street=rng.choice(pools.streets),
            number=str(rng.randrange(1, 3000)),
            complement=rng.choice(COMPLEMENTS) if number % 3 == 0 else None,
            district=rng.choice(pools.districts),
            city=city.name,
            state=city.uf,
            changed_at=self._changed_at(),
        )
