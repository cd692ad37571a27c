# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A few Brazilian cities with their area code (DDD) and a range of their CEPs, enough
for simulated customers whose city, UF, CEP and phones agree as a Brazilian expects."""

from typing import NamedTuple


class City(NamedTuple):
    name: str
    uf: str
    ddd: str
    cep_first: str
    cep_last: str


CITIES = (
    City("São Paulo", "SP", "11", "01000001", "05999999"),
    City("Jundiaí", "SP", "11", "13200001", "13219999"),
    City("São José dos Campos", "SP", "12", "12200001", "12248999"),
    City("Santos", "SP", "13", "11000001", "11249999"),
    City("Sorocaba", "SP", "15", "18000001", "18109999"),
    City("Ribeirão Preto", "SP", "16", "14000001", "14114999"),
    City("Campinas", "SP", "19", "13000001", "13139999"),
    City("Piracicaba", "SP", "19", "13400001", "13419999"),
    City("Rio de Janeiro", "RJ", "21", "20000001", "23799999"),
    City("Niterói", "RJ", "21", "24000001", "24399999"),
    City("Vitória", "ES", "27", "29000001", "29099999"),
    City("Belo Horizonte", "MG", "31", "30000001", "31999999"),
    City("Uberlândia", "MG", "34", "38400001", "38415999"),
    City("Curitiba", "PR", "41", "80000001", "82999999"),
    City("Londrina", "PR", "43", "86000001", "86099999"),
    City("Maringá", "PR", "44", "87000001", "87099999"),
    City("Joinville", "SC", "47", "89200001", "89239999"),
    City("Florianópolis", "SC", "48", "88000001", "88099999"),
    City("Porto Alegre", "RS", "51", "90000001", "91999999"),
    City("Brasília", "DF", "61", "70000001", "70999999"),
    City("Goiânia", "GO", "62", "74000001", "74899999"),
    City("Campo Grande", "MS", "67", "79000001", "79124999"),
    City("Salvador", "BA", "71", "40000001", "42599999"),
    City("Recife", "PE", "81", "50000001", "52999999"),
    City("Fortaleza", "CE", "85", "60000001", "61599999"),
)
